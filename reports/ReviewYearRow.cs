namespace DiSu.Analytics.Reports;

/// <summary>One review year of a list of them (SELECT DISTINCT review_year …).</summary>
internal sealed record ReviewYearRow
{
    public int ReviewYear { get; init; }
}
