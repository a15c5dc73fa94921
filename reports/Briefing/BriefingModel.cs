using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Charts;

namespace DiSu.Analytics.Reports.Briefing;

/// <summary>What a leadership briefing is asked for: the plan year N and, when the mart holds several wards, the ward.</summary>
/// <param name="Geography">Which units the ward's series are read in (default as is: plans are made in today's units).</param>
public sealed record BriefingRequest(PlanYear Year, string? WardCode, Geography Geography = Geography.AsIs);

/// <summary>A ward's counts at the end of one review round.</summary>
public sealed record WardRate(int Year, long Households, long Poor, double PoorRate, long NearPoor, double NearPoorRate);

/// <summary>
/// The ward row of the forecast for the plan year (base year → target year), as
/// <c>v_group_forecast</c> holds it: the plan appendix prints the same row.
/// <see cref="Caveat"/> is the model's own warning, printed word for word (null when the forecast is sound).
/// </summary>
public sealed record WardForecast(
    int BaseYear, int TargetYear, long Households, double ExpectedPoor, double ExpectedRate,
    long Low80, long High80, double Low80Rate, double High80Rate, double? PTargetMet, string ModelId, double ExpectedRePoor, string? Caveat);

/// <summary>A feature on which a group's households differ from the scope's, in standard deviations.</summary>
public sealed record RiskDriver(string Feature, double Sd);

/// <summary>
/// A group among the most at risk: ranked by forecast rate when there is a forecast, else by the
/// current rate. <see cref="MainDeprivation"/> is the indicator most of its poor households lack.
/// </summary>
public sealed record RiskGroup(
    string GroupCode, string GroupName, long Households, long PoorNow, double PoorRateNow,
    double? ExpectedPoor, double? ExpectedRate, IReadOnlyList<RiskDriver> Drivers, string? RawDrivers,
    bool SmallCell, string? MainDeprivation);

/// <summary>
/// Re-poverty risk of one group's formerly poor households: how many there are and how many are
/// above the threshold (<c>v_household_risk</c>), and the group's expected re-poor households
/// (<c>v_group_forecast.expected_re_poor</c>, the appendix's figure).
/// </summary>
public sealed record RePovertyGroup(string GroupCode, string GroupName, long Households, long AboveThreshold, double ExpectedRePoor);

/// <summary>
/// Households poor in an earlier round and not poor at the base year, with their forecast chance
/// of being poor again: aggregates only, never a household. <see cref="ExpectedRePoor"/> is the
/// ward row's <c>expected_re_poor</c> of the forecast, so that the briefing and the appendix give
/// one re-poor figure.
/// </summary>
public sealed record RePovertyRisk(IReadOnlyList<RePovertyGroup> Groups, double ExpectedRePoor)
{
    /// <summary>The line the officers' guidance draws for "high risk of falling back".</summary>
    public const double Threshold = 0.20;

    public long Households => Groups.Sum(g => g.Households);

    public long AboveThreshold => Groups.Sum(g => g.AboveThreshold);

    public double MeanRisk => Households == 0 ? 0 : ExpectedRePoor / Households;
}

/// <summary>One program's reach in the support year; <see cref="AmountVnd"/> is null when all of it was in kind.</summary>
public sealed record SupportProgram(string Code, string Label, int ContentArea, long Households, long Poor, long NearPoor, long? AmountVnd);

/// <summary>
/// Support records of one year: per program, and the distinct households over all programs.
/// <see cref="StatusYear"/> is the review round whose status classifies them (null if none is loaded yet).
/// </summary>
public sealed record SupportSummary(
    int Year, int? StatusYear, IReadOnlyList<SupportProgram> Programs, long Households, long Poor, long NearPoor, long AmountVnd,
    long PoorAtBase, long PoorAtBaseWithoutSupport);

/// <summary>
/// Everything the briefing for plan year <see cref="Year"/> says, read once from the mart.
/// <see cref="Now"/> is the latest round before the plan year (the base year).
/// </summary>
public sealed partial record BriefingModel(
    Ward Ward,
    int Year,
    IReadOnlyList<int> LoadedYears,
    WardRate Now,
    WardRate? Previous,
    WardRate? Actual,
    double? Target,
    IReadOnlyList<RatePoint> Trend,
    WardForecast? Forecast,
    IReadOnlyList<RiskGroup> RiskGroups,
    long NewlyEscaped,
    int NewlyEscapedYears,
    RePovertyRisk? RePoverty,
    SupportSummary? Support,
    UnitReading? Units = null,
    IReadOnlyList<SeriesBreak>? Breaks = null)
{
    public int BaseYear => Now.Year;

    /// <summary>The most poor households the target allows with today's households (the forecast's own rule).</summary>
    public long? AllowedPoor => Target is { } t ? (long)Math.Floor((t * Now.Households / 100.0) + 1e-9) : null;

    /// <summary>How many fewer poor households the target needs; zero or less when it is already met.</summary>
    public long? GapHouseholds => AllowedPoor is { } allowed ? Now.Poor - allowed : null;

    /// <summary>Current rate minus target, in percentage points.</summary>
    public double? GapPoints => Target is { } t ? Now.PoorRate - t : null;

    /// <summary>What the target chart draws: the rates up to the plan year, its target and its forecast.</summary>
    public TargetChartData Chart => new(
        Year,
        Trend.Where(p => p.PoorRate.HasValue).Select(p => (p.Year, p.PoorRate!.Value)).ToList(),
        Target,
        Forecast is { } f ? new ForecastMark(f.ExpectedRate, f.Low80Rate, f.High80Rate) : null);
}
