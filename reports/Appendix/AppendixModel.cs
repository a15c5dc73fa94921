using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Appendix;

/// <param name="Geography">Which units the base round is read in (default as is: plans are made in today's units).</param>
public sealed record AppendixRequest(PlanYear Year, string? WardCode, Geography Geography = Geography.AsIs);

/// <summary>
/// The plan's figures of a row in whole households, as <c>v_group_plan</c> holds them: poor at the
/// end of the base year − <see cref="Escapes"/> + <see cref="NewPoor"/> + <see cref="RePoor"/> =
/// <see cref="Poor"/>, the rate computed from <see cref="Poor"/> and the row's households.
/// </summary>
public sealed record AppendixPlan(long Escapes, long NewPoor, long RePoor, long Poor, double Rate);

/// <summary>
/// The statistical expectation for the end of the plan year from the current forecast whose base is
/// the round before the plan year: expected poor households rounded to tenths so that the rows add
/// up to the ward row (<see cref="LargestRemainder"/>), the forecast's own rate to hundredths, the
/// 80% interval in households and, where a target exists, the chance of meeting it. A forecast,
/// not the plan.
/// </summary>
public sealed record AppendixForecast(double Poor, double Rate, int Low80, int High80, double? PTargetMet);

/// <summary>One row of the appendix: a residential group, or the ward (<see cref="GroupCode"/> null).</summary>
/// <param name="Poor">Poor households at the end of the base year.</param>
public sealed record AppendixRow(
    string? GroupCode,
    string Name,
    long Households,
    long Poor,
    double? PoorRate,
    bool SmallCell,
    AppendixPlan? Plan,
    AppendixForecast? Expected,
    double? TargetRate,
    string Note);

/// <summary>Who made the plan the appendix prints, and how it stands against the ward's target.</summary>
/// <param name="TargetHouseholds">The most poor households that meet the ward's target rate; null without a target.</param>
/// <param name="Shortfall">Planned poor households above that; null without a target.</param>
public sealed record AppendixPlanInfo(int Version, string Method, string? Author, DateTimeOffset? CreatedAt, long? TargetHouseholds, long? Shortfall);

/// <param name="ForecastCaveat">The forecast's caveat (<c>v_group_forecast.forecast_caveat</c>), printed word for word under the forecast; null when the forecast is sound.</param>
/// <param name="Plan">The plan printed; null when the ward has no current plan for the year from this base year.</param>
/// <param name="StalePlanBaseYear">The base year of a stored plan that is not printed: made from an earlier round, or for other groups.</param>
/// <param name="PlanBaseChanged">The base round was reloaded with other counts after the plan was made; the rows print the plan's.</param>
public sealed record AppendixModel(
    Ward Ward,
    int Year,
    int BaseYear,
    IReadOnlyList<AppendixRow> Groups,
    AppendixRow Total,
    string? ModelId,
    double? PTargetMet,
    long SmallCellHouseholds,
    string? ForecastCaveat,
    AppendixPlanInfo? Plan = null,
    int? StalePlanBaseYear = null,
    bool PlanBaseChanged = false,
    UnitReading? Units = null)
{
    public bool HasForecast => Total.Expected is not null;

    public bool HasPlan => Plan is not null;

    /// <summary>Poor households the ward may have at most at the end of the year to meet its target.</summary>
    public long? TargetPoorHouseholds => Total.TargetRate is { } target ? DiSu.Analytics.Mart.Planning.PlanBase.TargetOf(target, Total.Households) : null;

    public static AppendixModel Read(DuckDBConnection connection, AppendixRequest request)
    {
        var ward = Ward.Resolve(connection, request.WardCode, request.Year);
        var units = UnitReading.Resolve(connection, ward.Code, request.Geography);
        YearGuard.RequirePlanYear(units.Years(connection), request.Year, y => $"disu report appendix --year {y} --ward {ward.Code}");
        var rounds = connection.Read<ReviewYearRow>($"SELECT DISTINCT review_year FROM {units.WardYear} WHERE ward_code = ? ORDER BY 1", ward.Code)
            .Select(r => r.ReviewYear).ToList();
        var baseYear = rounds.Where(y => y < request.Year).DefaultIfEmpty(0).Max();
        if (baseYear == 0)
            throw new ReportException(
                $"Phụ lục năm {request.Year} tính từ kỳ rà soát trước đó, nhưng {ward.Name} chưa có kỳ nào trước {request.Year} (đã nạp: {string.Join(", ", rounds)}).",
                $"The appendix for {request.Year} starts from the review round before it, and {ward.Name} has none before {request.Year} (loaded: {string.Join(", ", rounds)}).");
        var smallCell = connection.Scalar<long>("SELECT value::BIGINT FROM mart_setting WHERE key = 'small_cell_households'");

        var rows = connection.Read<BaseRow>(RowsSql.Replace("{group_year}", units.GroupYear, StringComparison.Ordinal)
            .Replace("{ward_year}", units.WardYear, StringComparison.Ordinal), ward.Code, baseYear, request.Year);
        var wardRow = rows.Single(r => r.GroupCode is null);
        // A forecast covers every group of its base round or none: partial columns would not add up.
        var forecast = rows.All(r => r.ExpectedPoor is not null);
        var tenths = forecast ? LargestRemainder.Round(rows.Select(r => r.GroupCode is null ? 0 : r.ExpectedPoor!.Value).ToList(), 1) : null;

        var stored = GroupPlan.Read(connection, ward.Code, request.Year);
        // A plan made from an earlier round, or for other groups than the round now has, is not the
        // plan for this base: printing it beside today's rows would not add up.
        var plan = stored is not null && stored.BaseYear == baseYear
                   && stored.Groups.Select(g => g.GroupCode).SequenceEqual(rows.Where(r => r.GroupCode is not null).Select(r => r.GroupCode))
            ? stored : null;
        var changed = plan is not null && rows.Any(r => PlanRow(plan, r.GroupCode) is { } p && (p.Households != r.Households || p.PoorStart != r.Poor));
        GroupPlanRow? PlanOf(string? group) => plan is null ? null : PlanRow(plan, group);

        AppendixRow Row(BaseRow r, int index)
        {
            var code = r.GroupCode;
            var p = PlanOf(code);
            AppendixForecast? expected = null;
            // With a forecast every row has one (fact_group_forecast's columns are NOT NULL).
            if (tenths is not null)
                expected = new AppendixForecast(Math.Round(code is null ? tenths.Sum() : tenths[index], 1), Math.Round(r.ExpectedRate!.Value, 2),
                    r.Low80!.Value, r.High80!.Value, r.PTargetMet);
            var small = r.SmallCell == true;
            // With a plan, every count of the row is the plan's (v_group_plan), so the printed row adds up
            // even if the base round was reloaded since; without one, the base round as loaded.
            var households = p?.Households ?? r.Households;
            var poor = p?.PoorStart ?? r.Poor;
            double? poorRate = p is not null ? Math.Round(p.PoorStartRate, 2) : r.PoorRate is { } rate ? Math.Round(rate, 2) : null;
            var target = p is not null ? p.TargetRate : r.TargetPoorRate;
            var figures = p is null ? null : new AppendixPlan(p.PlannedEscapes, p.ExpectedNewPoor, p.ExpectedRePoor, p.PlannedPoor, Math.Round(p.PlannedRate, 2));
            return new AppendixRow(code, r.GroupName, households, poor, poorRate, small, figures, expected, target,
                Note(small, smallCell, code is null ? plan?.Total : null));
        }

        var all = rows.Select(Row).ToList();
        var info = plan is null ? null
            : new AppendixPlanInfo(plan.Total.Version, plan.Total.Method, plan.Total.Author, plan.Total.CreatedAt, plan.Total.TargetHouseholds, plan.Total.Shortfall);
        return new AppendixModel(ward, request.Year.Value, baseYear, all.Where(r => r.GroupCode is not null).ToList(), all.Single(r => r.GroupCode is null),
            wardRow.ModelId, wardRow.PTargetMet, smallCell, wardRow.ForecastCaveat, info,
            stored is not null && plan is null ? stored.BaseYear : null, changed, units.Within([baseYear]));
    }

    private static GroupPlanRow? PlanRow(GroupPlan plan, string? group) => group is null ? plan.Total : plan.Groups.SingleOrDefault(g => g.GroupCode == group);

    private static string Note(bool small, long smallCell, GroupPlanRow? wardPlan)
    {
        var notes = new List<string>();
        if (small)
            notes.Add($"Nhóm nhỏ (dưới {VietnameseNumbers.Count(smallCell)} hộ)");
        if (wardPlan is { TargetHouseholds: not null, Shortfall: { } shortfall })
            notes.Add(shortfall > 0 ? $"Thiếu {VietnameseNumbers.Count(shortfall)} hộ so với mục tiêu" : "Đạt mục tiêu");
        return string.Join("; ", notes);
    }

    // Groups of the base round (with households) and the ward row (group_code NULL) in one result,
    // so that both come from the same snapshot and the same forecast; {group_year} and {ward_year}
    // are the views of the reading's units (UnitReading), never caller text.
    private const string RowsSql = """
        WITH p AS (SELECT ?::VARCHAR AS ward, ?::INTEGER AS base_year, ?::INTEGER AS plan_year),
        base AS (
            SELECT g.group_code, g.group_name, g.households, g.poor, g.poor_rate, g.small_cell
            FROM {group_year} g, p WHERE g.ward_code = p.ward AND g.review_year = p.base_year AND g.households > 0
            UNION ALL
            SELECT NULL, w.ward_name, w.households, w.poor, w.poor_rate, false
            FROM {ward_year} w, p WHERE w.ward_code = p.ward AND w.review_year = p.base_year
        ),
        forecast AS (
            SELECT f.* FROM v_group_forecast f, p WHERE f.ward_code = p.ward AND f.base_year = p.base_year AND f.target_year = p.plan_year
        ),
        target AS (
            SELECT t.group_code, t.target_poor_rate FROM fact_target t, p WHERE t.is_current AND t.ward_code = p.ward AND t.year = p.plan_year
        )
        SELECT b.group_code, b.group_name, b.households::BIGINT AS households, b.poor::BIGINT AS poor, b.poor_rate, b.small_cell,
               f.expected_poor, f.low80, f.high80, t.target_poor_rate, f.model_id, f.p_target_met, f.expected_rate, f.forecast_caveat
        FROM base b
        LEFT JOIN forecast f ON f.group_code IS NOT DISTINCT FROM b.group_code
        LEFT JOIN target t ON t.group_code IS NOT DISTINCT FROM b.group_code
        ORDER BY b.group_code IS NULL, b.group_code
        """;

    /// <summary>A row of <see cref="RowsSql"/>: a group of the base round or the ward (<see cref="GroupCode"/> null), with its forecast and target when there are.</summary>
    private sealed record BaseRow
    {
        public string? GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double? PoorRate { get; init; }

        /// <summary>Null when the small-cell setting is missing: not marked.</summary>
        public bool? SmallCell { get; init; }

        public double? ExpectedPoor { get; init; }
        public int? Low80 { get; init; }
        public int? High80 { get; init; }
        public double? TargetPoorRate { get; init; }
        public string? ModelId { get; init; }
        public double? PTargetMet { get; init; }
        public double? ExpectedRate { get; init; }
        public string? ForecastCaveat { get; init; }
    }
}
