using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>
/// The year rule (<see cref="ReportYears"/>) as documents and commands apply it: a
/// <see cref="ReportException"/> that names the latest review year and what to run instead.
/// </summary>
public static class YearGuard
{
    /// <summary>The ward's years, when <paramref name="planYear"/> is at most its latest review year + 1 and has a round before it.</summary>
    public static ReportYears RequirePlanYear(DuckDBConnection connection, string wardCode, PlanYear planYear, Func<int, string> instead) =>
        RequirePlanYear(ReportYears.Read(connection, wardCode), planYear, instead);

    /// <summary>The years given (say, a ward's as is: <see cref="UnitReading.Years"/>), when <paramref name="planYear"/> is allowed by them.</summary>
    public static ReportYears RequirePlanYear(ReportYears years, PlanYear planYear, Func<int, string> instead)
    {
        if (years.PlanYearProblem(planYear, instead) is { } problem)
            throw new ReportException(problem);
        return years;
    }

    /// <summary>The ward's years, when <paramref name="reviewYear"/> is a round loaded for it.</summary>
    public static ReportYears RequireReviewYear(DuckDBConnection connection, string wardCode, ReviewYear reviewYear, Func<int, string> instead) =>
        RequireReviewYear(ReportYears.Read(connection, wardCode), reviewYear, instead);

    /// <summary>The years given (say, a ward's as is), when <paramref name="reviewYear"/> is one of them.</summary>
    public static ReportYears RequireReviewYear(ReportYears years, ReviewYear reviewYear, Func<int, string> instead)
    {
        if (years.ReviewYearProblem(reviewYear, instead) is { } problem)
            throw new ReportException(problem);
        return years;
    }
}
