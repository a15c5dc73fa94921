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
    public static ReportYears RequirePlanYear(DuckDBConnection connection, string wardCode, PlanYear planYear, Func<int, string> instead)
    {
        var years = ReportYears.Read(connection, wardCode);
        if (years.PlanYearProblem(planYear, instead) is { } problem)
            throw new ReportException(problem);
        return years;
    }

    /// <summary>The ward's years, when <paramref name="reviewYear"/> is a round loaded for it.</summary>
    public static ReportYears RequireReviewYear(DuckDBConnection connection, string wardCode, ReviewYear reviewYear, Func<int, string> instead)
    {
        var years = ReportYears.Read(connection, wardCode);
        if (years.ReviewYearProblem(reviewYear, instead) is { } problem)
            throw new ReportException(problem);
        return years;
    }
}
