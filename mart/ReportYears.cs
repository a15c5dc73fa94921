using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// Which years a ward's documents may be asked for: the one rule that the CLI, the report models
/// and the API apply. Two kinds of year, never mixed:
/// <list type="bullet">
/// <item>A <b>review year</b> (năm rà soát) is a round of the household review loaded for the
/// ward. A document about a review year — the groups of a year, the trend's last year — needs
/// that round.</item>
/// <item>A <b>plan year</b> (năm kế hoạch) is the year a plan, an appendix, a briefing, a forecast
/// or a priority list is for. It is built on the latest round before it (its base year), so it
/// is at most the latest review year + 1: a "2030 plan" from 2025 data would be the 2026 plan
/// under another year's name.</item>
/// </list>
/// The messages name the latest review year and what to run instead (the caller says how its
/// command or request is written for another year).
/// </summary>
/// <param name="WardCode">The ward, or null for the whole mart (an answer over every ward).</param>
/// <param name="WardName">The ward as named in its latest round ("Phường Dị Sử"); null for the whole mart.</param>
/// <param name="ReviewYears">The review years loaded (a current snapshot), ascending.</param>
public sealed record ReportYears(string? WardCode, string? WardName, IReadOnlyList<int> ReviewYears)
{
    public int? LatestReviewYear => ReviewYears.Count == 0 ? null : ReviewYears[^1];

    /// <summary>The latest plan year allowed: the latest review year + 1.</summary>
    public int? LatestPlanYear => LatestReviewYear + 1;

    /// <summary>The earliest plan year allowed: the first review year + 1 (it needs a round before it).</summary>
    public int? FirstPlanYear => ReviewYears.Count == 0 ? null : ReviewYears[0] + 1;

    /// <summary>The plan years allowed, ascending: every year from the first review year + 1 to the latest + 1.</summary>
    public IReadOnlyList<int> PlanYears => ReviewYears.Count == 0 ? [] : Enumerable.Range(FirstPlanYear!.Value, LatestPlanYear!.Value - FirstPlanYear.Value + 1).ToList();

    /// <summary>The base year of plan year <paramref name="planYear"/>: the latest review round before it; null when there is none.</summary>
    public ReviewYear? BaseYearOf(PlanYear planYear) => ReviewYears.Where(y => y < planYear.Value).Select(y => (ReviewYear?)y).LastOrDefault();

    /// <summary>
    /// The review years of one ward, named as in its latest round. <paramref name="wardCode"/> is the
    /// mart's spelling, as <see cref="Wards.Find(DuckDBConnection, string?)"/> gives it: callers have resolved the ward once already.
    /// </summary>
    public static ReportYears Read(DuckDBConnection connection, string wardCode)
    {
        ArgumentNullException.ThrowIfNull(connection);
        // geo_year holds one current row per group of each ward-year snapshot loaded: small, and
        // exactly the rounds the views have households for.
        var rounds = connection.Read<Round>("""
            SELECT review_year, any_value(ward_name) AS ward_name FROM geo_year
            WHERE is_current AND ward_code = ? GROUP BY review_year ORDER BY review_year
            """, wardCode);
        return new ReportYears(wardCode, rounds.Count == 0 ? null : rounds[^1].WardName, rounds.Select(r => r.ReviewYear).ToList());
    }

    /// <summary>The review years of any ward in the mart, for answers over every ward.</summary>
    public static ReportYears ReadAll(DuckDBConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var rounds = connection.Read<Round>("SELECT DISTINCT review_year, NULL AS ward_name FROM geo_year WHERE is_current ORDER BY review_year");
        return new ReportYears(null, null, rounds.Select(r => r.ReviewYear).ToList());
    }

    /// <summary>A review round of geo_year, with the ward's name in it (null over every ward).</summary>
    private sealed record Round
    {
        public int ReviewYear { get; init; }
        public string? WardName { get; init; }
    }

    /// <summary>
    /// Null when <paramref name="planYear"/> may be planned; otherwise why not, naming the latest
    /// review year and, through <paramref name="instead"/>, what to run for an allowed year.
    /// </summary>
    public Message? PlanYearProblem(PlanYear planYear, Func<int, string> instead)
    {
        ArgumentNullException.ThrowIfNull(instead);
        if (LatestReviewYear is not { } latest)
            return NothingLoaded();
        if (planYear.Value > latest + 1)
            return new Message(
                $"Năm kế hoạch {planYear} vượt quá số liệu: năm rà soát mới nhất của {WhoVi} là {latest}, mà năm kế hoạch được lập trên vòng rà soát " +
                $"trước nó, nên tối đa là {latest + 1}. Hãy chạy: {instead(latest + 1)} (hoặc nạp kết quả rà soát năm {planYear.RoundBefore} trước).",
                $"Plan year {planYear} is beyond the data: the latest review year of {WhoEn} is {latest}, and a plan year is built on the review round " +
                $"before it, so it can be at most {latest + 1}. Run instead: {instead(latest + 1)} (or load the {planYear.RoundBefore} review first).");
        if (BaseYearOf(planYear) is null)
            return new Message(
                $"Năm kế hoạch {planYear} được lập trên vòng rà soát trước nó, nhưng {WhoVi} chưa có vòng nào trước năm {planYear} " +
                $"(đã nạp: {YearList(ReviewYears)}; mới nhất: {latest}). Năm kế hoạch cho phép: {Allowed}. Hãy chạy: {instead(latest + 1)}.",
                $"Plan year {planYear} is built on the review round before it, but {WhoEn} has no round before {planYear} " +
                $"(loaded: {YearList(ReviewYears)}; latest: {latest}). Plan years allowed: {Allowed}. Run instead: {instead(latest + 1)}.");
        return null;
    }

    /// <summary>
    /// Null when <paramref name="reviewYear"/> is a round loaded; otherwise why not, naming the
    /// latest review year and, through <paramref name="instead"/>, what to run for a loaded year.
    /// </summary>
    public Message? ReviewYearProblem(ReviewYear reviewYear, Func<int, string> instead)
    {
        ArgumentNullException.ThrowIfNull(instead);
        if (LatestReviewYear is not { } latest)
            return NothingLoaded();
        if (ReviewYears.Contains(reviewYear.Value))
            return null;
        // The nearest round that is there: the latest before the year asked, else the first.
        var nearest = ReviewYears.Where(y => y < reviewYear.Value).DefaultIfEmpty(ReviewYears[0]).Max();
        var load = reviewYear.Value > latest ? $" (hoặc nạp kết quả rà soát năm {reviewYear} trước)" : "";
        var loadEn = reviewYear.Value > latest ? $" (or load the {reviewYear} review first)" : "";
        return new Message(
            $"{Capital(WhoVi)} không có số liệu rà soát năm {reviewYear}: đã nạp {YearList(ReviewYears)}, năm rà soát mới nhất là {latest}. " +
            $"Hãy chạy: {instead(nearest)}{load}.",
            $"{Capital(WhoEn)} has no review data for {reviewYear}: loaded {YearList(ReviewYears)}, the latest review year is {latest}. " +
            $"Run instead: {instead(nearest)}{loadEn}.");
    }

    /// <summary>The plan-year rule with this ward's numbers, for a request that left the year out.</summary>
    public Message PlanYearRule(Func<int, string> example)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (LatestReviewYear is not { } latest)
            return NothingLoaded();
        return new Message(
            $"Năm kế hoạch N được lập trên vòng rà soát gần nhất trước N, nên N tối đa là năm rà soát mới nhất + 1: " +
            $"năm rà soát mới nhất của {WhoVi} là {latest}, năm kế hoạch cho phép {Allowed}. Ví dụ: {example(latest + 1)}.",
            $"A plan year N is built on the latest review round before N, so N is at most the latest review year + 1: " +
            $"the latest review year of {WhoEn} is {latest}, plan years allowed {Allowed}. For example: {example(latest + 1)}.");
    }

    /// <summary>The review-year rule with this ward's numbers, for a request that left the year out.</summary>
    public Message ReviewYearRule(Func<int, string> example)
    {
        ArgumentNullException.ThrowIfNull(example);
        if (LatestReviewYear is not { } latest)
            return NothingLoaded();
        return new Message(
            $"Năm rà soát phải là một năm đã nạp số liệu: {WhoVi} có {YearList(ReviewYears)}, mới nhất là {latest}. Ví dụ: {example(latest)}.",
            $"A review year must be a year whose review is loaded: {WhoEn} has {YearList(ReviewYears)}, the latest is {latest}. For example: {example(latest)}.");
    }

    private Message NothingLoaded() => new(
        $"{Capital(WhoVi)} chưa có vòng rà soát nào được nạp. Hãy nạp kết quả rà soát trước: disu etl load TỆP.",
        $"{Capital(WhoEn)} has no review round loaded yet. Load the review files first: disu etl load FILE.");

    private string Allowed => FirstPlanYear == LatestPlanYear ? $"{LatestPlanYear}" : $"{FirstPlanYear}–{LatestPlanYear}";

    private string WhoVi => WardCode is null ? "kho dữ liệu" : $"{InSentence(WardName) ?? "đơn vị"} ({WardCode})";

    private string WhoEn => WardCode is null ? "the mart" : $"{WardName ?? "ward"} ({WardCode})";

    private static string? InSentence(string? name) =>
        string.IsNullOrEmpty(name) ? null : char.ToLower(name[0], CultureInfo.GetCultureInfo("vi-VN")) + name[1..];

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.GetCultureInfo("vi-VN")) + text[1..];

    /// <summary>"2021, 2022, 2023": the years as a list people read (no digit grouping: years are not amounts).</summary>
    public static string YearList(IReadOnlyList<int> years)
    {
        ArgumentNullException.ThrowIfNull(years);
        return years.Count == 0 ? "—" : string.Join(", ", years.Select(Year));
    }

    private static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
