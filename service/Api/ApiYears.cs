using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// The year rule (<see cref="ReportYears"/>) as the API answers it. Where a year decides the
/// answer it is required: a request without it, or with a year the rule does not allow, gets 400
/// whose <c>detail</c> states the rule with the ward's numbers (Vietnamese; <c>detail_en</c> the
/// English), and <c>year_kind</c>, <c>latest_review_year</c> and <c>allowed_years</c> for tools.
/// </summary>
public static class ApiYears
{
    /// <summary>Null when <paramref name="year"/> is a plan year the ward (or, without a ward, some ward) allows; otherwise the 400.</summary>
    public static IResult? Plan(ReportYears years, PlanYear? year, Func<int, string> example)
    {
        ArgumentNullException.ThrowIfNull(years);
        var problem = year is null ? Missing(years.PlanYearRule(example)) : years.PlanYearProblem(year.Value, example);
        return problem is null ? null : BadRequest(problem, "plan", years, years.PlanYears);
    }

    /// <summary>Null when <paramref name="year"/> is a review year loaded for the ward (or, without a ward, for some ward); otherwise the 400.</summary>
    public static IResult? Review(ReportYears years, ReviewYear? year, Func<int, string> example)
    {
        ArgumentNullException.ThrowIfNull(years);
        var problem = year is null ? Missing(years.ReviewYearRule(example)) : years.ReviewYearProblem(year.Value, example);
        return problem is null ? null : BadRequest(problem, "review", years, years.ReviewYears);
    }

    private static Message Missing(Message rule) => new("Thiếu tham số year. " + rule.Vi, "The 'year' parameter is required. " + rule.En);

    private static IResult BadRequest(Message problem, string kind, ReportYears years, IReadOnlyList<int> allowed) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Bad request", detail: problem.Vi,
            extensions: new Dictionary<string, object?>
            {
                ["detail_en"] = problem.En,
                ["year_kind"] = kind,
                ["latest_review_year"] = years.LatestReviewYear,
                ["allowed_years"] = allowed,
            });
}
