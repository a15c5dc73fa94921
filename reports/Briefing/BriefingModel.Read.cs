using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports.Charts;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Briefing;

public sealed partial record BriefingModel
{
    /// <summary>Reads the briefing's numbers; a <see cref="ReportException"/> says what to load when they cannot be had.</summary>
    public static BriefingModel Read(DuckDBConnection connection, BriefingRequest request)
    {
        var ward = Ward.Resolve(connection, request.WardCode, request.Year);
        // The briefing is for a plan year, as the outbox writes it (latest round + 1): the rule of a plan year, not of a review year.
        var units = UnitReading.Resolve(connection, ward.Code, request.Geography);
        YearGuard.RequirePlanYear(units.Years(connection), request.Year, y => $"disu report briefing --year {y} --ward {ward.Code}");
        var rounds = connection.Read<RoundRow>($"""
            SELECT review_year, households, poor, coalesce(poor_rate, 0) AS poor_rate, near_poor, coalesce(near_poor_rate, 0) AS near_poor_rate
            FROM {units.WardYear} WHERE ward_code = ? ORDER BY review_year
            """, ward.Code).Select(r => new WardRate(r.ReviewYear, r.Households, r.Poor, r.PoorRate, r.NearPoor, r.NearPoorRate)).ToList();
        var loaded = rounds.Select(r => r.Year).ToList();
        var before = rounds.Where(r => r.Year < request.Year).ToList();
        if (before.Count == 0)
            throw new ReportException(
                $"Báo cáo tóm tắt năm {request.Year} so sánh kế hoạch với kỳ rà soát gần nhất trước đó ({request.Year.RoundBefore}, hoặc kỳ sớm hơn), " +
                $"nhưng {ward.Code} chưa có kỳ nào trước {request.Year}; các năm đã nạp: {(loaded.Count == 0 ? "chưa có" : string.Join(", ", loaded))}.",
                $"The briefing for {request.Year} compares the plan with the latest review round before it ({request.Year.RoundBefore}, or the latest earlier one), " +
                $"but ward {ward.Code} has no round before {request.Year}; loaded years: {(loaded.Count == 0 ? "none" : string.Join(", ", loaded))}.");
        var now = before[^1];
        var previous = before.Count > 1 ? before[^2] : null;
        var actual = rounds.FirstOrDefault(r => r.Year == request.Year.Value);
        var targets = connection.Read<TargetRow>("""
            SELECT year, target_poor_rate FROM fact_target
            WHERE is_current AND ward_code = ? AND group_code IS NULL AND year <= ? ORDER BY year
            """, ward.Code, request.Year).ToDictionary(r => r.Year, r => r.TargetPoorRate);
        var trend = rounds.Where(r => r.Year <= request.Year.Value)
            .Select(r => new RatePoint(r.Year, r.PoorRate, r.NearPoorRate, targets.TryGetValue(r.Year, out var t) ? t : null))
            .ToList();
        if (actual is null && targets.TryGetValue(request.Year.Value, out var planned))
            trend.Add(new RatePoint(request.Year.Value, null, null, planned));
        var forecast = ReadForecast(connection, ward.Code, now.Year, request.Year.Value);
        var escapedWindow = connection.Scalar<int?>("SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years'") ?? 3;
        return new BriefingModel(
            ward, request.Year.Value, loaded, now, previous, actual,
            targets.TryGetValue(request.Year.Value, out var target) ? target : null,
            trend, forecast,
            forecast is null ? ReadGroupsByRate(connection, units, now.Year) : ReadGroupsByForecast(connection, ward.Code, now.Year, request.Year.Value),
            connection.Scalar<long>("SELECT count(*) FROM v_household_year WHERE ward_code = ? AND review_year = ? AND newly_escaped", ward.Code, now.Year),
            escapedWindow,
            ReadRePoverty(connection, ward.Code, forecast),
            ReadSupport(connection, ward.Code, now.Year),
            units.Within(trend.Where(p => p.PoorRate.HasValue).Select(p => p.Year)),
            SeriesBreaks.Read(connection, units, trend.Where(p => p.PoorRate.HasValue).Select(p => p.Year).ToList()));
    }

    private static WardForecast? ReadForecast(DuckDBConnection connection, string ward, int baseYear, int year)
    {
        var r = connection.ReadSingleOrDefault<ForecastRow>("""
            SELECT base_year, target_year, households, expected_poor, expected_rate, low80, high80,
                   low80_rate, high80_rate, p_target_met, model_id, expected_re_poor, forecast_caveat
            FROM v_group_forecast
            WHERE ward_code = ? AND base_year = ? AND target_year = ? AND group_code IS NULL
            """, ward, baseYear, year);
        return r is null ? null : new WardForecast(r.BaseYear, r.TargetYear, r.Households, r.ExpectedPoor, r.ExpectedRate, r.Low80, r.High80,
            r.Low80Rate, r.High80Rate, r.PTargetMet, r.ModelId, r.ExpectedRePoor, r.ForecastCaveat);
    }

    private static List<RiskGroup> ReadGroupsByForecast(DuckDBConnection connection, string ward, int baseYear, int year) =>
        connection.Read<ForecastGroupRow>("""
            SELECT f.group_code, f.group_name, f.households, f.poor_now, coalesce(f.poor_rate_now, 0) AS poor_rate_now, f.expected_poor, f.expected_rate,
                   f.top_drivers, coalesce(g.small_cell, false) AS small_cell
            FROM v_group_forecast f
            LEFT JOIN v_group_year g ON g.ward_code = f.ward_code AND g.group_code = f.group_code AND g.review_year = f.base_year
            WHERE f.ward_code = ? AND f.base_year = ? AND f.target_year = ? AND f.group_code IS NOT NULL AND f.households > 0
            ORDER BY f.expected_rate DESC, f.expected_poor DESC, f.group_code
            LIMIT 3
            """, ward, baseYear, year)
            .Select(r => new RiskGroup(r.GroupCode, r.GroupName, r.Households, r.PoorNow, r.PoorRateNow, r.ExpectedPoor, r.ExpectedRate,
                RiskDrivers.Parse(r.TopDrivers), r.TopDrivers, r.SmallCell, MainDeprivation(connection, ward, r.GroupCode, baseYear)))
            .ToList();

    /// <summary>Without a forecast the groups are ranked by today's rate; a group without poor households is not "at risk" by that measure.</summary>
    private static List<RiskGroup> ReadGroupsByRate(DuckDBConnection connection, UnitReading units, int baseYear) =>
        connection.Read<RateGroupRow>($"""
            SELECT group_code, group_name, households, poor, poor_rate, small_cell
            FROM {units.GroupYear}
            WHERE ward_code = ? AND review_year = ? AND households > 0 AND poor > 0
            ORDER BY poor_rate DESC, poor DESC, group_code
            LIMIT 3
            """, units.WardCode, baseYear)
            .Select(r => new RiskGroup(r.GroupCode, r.GroupName, r.Households, r.Poor, r.PoorRate, null, null, [], null,
                r.SmallCell == true, MainDeprivation(connection, units.WardCode, r.GroupCode, baseYear)))
            .ToList();

    /// <summary>The indicator most of the group's poor households lack (or, with none poor, most households lack).</summary>
    private static string? MainDeprivation(DuckDBConnection connection, string ward, string group, int year) =>
        connection.ReadSingleOrDefault<LabelRow>("""
            SELECT label_vi FROM v_deprivation_by_group
            WHERE ward_code = ? AND group_code = ? AND review_year = ? AND deprived > 0
            ORDER BY deprived_poor DESC, deprived DESC, ordinal
            LIMIT 1
            """, ward, group, year)?.LabelVi;

    /// <summary>
    /// Null without the plan year's forecast; no groups when it has no formerly poor households.
    /// Who is formerly poor and above the threshold is counted on the households of that forecast;
    /// the expected re-poor households are its group and ward rows, as the appendix prints them.
    /// </summary>
    private static RePovertyRisk? ReadRePoverty(DuckDBConnection connection, string ward, WardForecast? forecast)
    {
        if (forecast is null)
            return null;
        var groups = connection.Read<RePovertyRow>("""
            SELECT r.group_code, coalesce(any_value(g.group_name), r.group_code) AS group_name, count(*) AS households,
                   count(*) FILTER (WHERE r.p_re_poor_next > ?) AS above_threshold, coalesce(any_value(f.expected_re_poor), 0) AS expected_re_poor
            FROM v_household_risk r
            LEFT JOIN v_group_year g ON g.ward_code = r.ward_code AND g.group_code = r.group_code AND g.review_year = r.base_year
            LEFT JOIN v_group_forecast f ON f.ward_code = r.ward_code AND f.group_code = r.group_code
                 AND f.base_year = r.base_year AND f.target_year = r.target_year
            WHERE r.ward_code = ? AND r.base_year = ? AND r.target_year = ? AND r.p_re_poor_next IS NOT NULL
            GROUP BY r.group_code
            ORDER BY 4 DESC, 5 DESC, 1
            """, RePovertyRisk.Threshold, ward, forecast.BaseYear, forecast.TargetYear)
            .Select(r => new RePovertyGroup(r.GroupCode, r.GroupName, r.Households, r.AboveThreshold, r.ExpectedRePoor))
            .ToList();
        return new RePovertyRisk(groups, forecast.ExpectedRePoor);
    }

    /// <summary>The latest support year up to the base year; statuses from the latest round up to that year.</summary>
    private static SupportSummary? ReadSupport(DuckDBConnection connection, string ward, int baseYear)
    {
        var year = connection.Scalar<int?>("SELECT max(year) FROM fact_support WHERE is_current AND ward_code = ? AND year <= ?", ward, baseYear);
        if (year is not { } supportYear)
            return null;
        var statusYear = connection.Scalar<int?>("SELECT max(review_year) FROM v_ward_year WHERE ward_code = ? AND review_year <= ?", ward, supportYear);
        const string Supported = """
            WITH s AS (
                SELECT s.household_id, s.program_code, s.amount_vnd, h.status
                FROM fact_support s
                LEFT JOIN v_household_year h ON h.household_id = s.household_id AND h.ward_code = s.ward_code AND h.review_year = ?
                WHERE s.is_current AND s.ward_code = ? AND s.year = ?)
            """;
        var programs = connection.Read<ProgramRow>(Supported + """
            SELECT s.program_code, coalesce(p.label_vi, s.program_code) AS label, coalesce(p.content_area, 99) AS content_area,
                   count(DISTINCT s.household_id) AS households,
                   count(DISTINCT s.household_id) FILTER (WHERE s.status = 'poor') AS poor,
                   count(DISTINCT s.household_id) FILTER (WHERE s.status = 'near_poor') AS near_poor,
                   sum(s.amount_vnd)::BIGINT AS amount_vnd
            FROM s LEFT JOIN dim_program p ON p.program_code = s.program_code
            GROUP BY ALL ORDER BY 3, 1
            """, statusYear, ward, supportYear)
            .Select(r => new SupportProgram(r.ProgramCode, r.Label, r.ContentArea, r.Households, r.Poor, r.NearPoor, r.AmountVnd))
            .ToList();
        var total = connection.ReadSingle<SupportTotalRow>(Supported + """
            SELECT count(DISTINCT household_id) AS households, count(DISTINCT household_id) FILTER (WHERE status = 'poor') AS poor,
                   count(DISTINCT household_id) FILTER (WHERE status = 'near_poor') AS near_poor, coalesce(sum(amount_vnd), 0)::BIGINT AS amount_vnd
            FROM s
            """, statusYear, ward, supportYear);
        var poor = connection.ReadSingle<PoorAtBaseRow>("""
            SELECT count(*) AS poor_at_base, count(*) FILTER (WHERE NOT EXISTS (
                SELECT 1 FROM fact_support s WHERE s.is_current AND s.ward_code = h.ward_code AND s.household_id = h.household_id AND s.year = ?)) AS without_support
            FROM v_household_year h WHERE h.ward_code = ? AND h.review_year = ? AND h.status = 'poor'
            """, supportYear, ward, baseYear);
        return new SupportSummary(supportYear, statusYear, programs, total.Households, total.Poor, total.NearPoor, total.AmountVnd,
            poor.PoorAtBase, poor.WithoutSupport);
    }

    private sealed record RoundRow
    {
        public int ReviewYear { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double PoorRate { get; init; }
        public long NearPoor { get; init; }
        public double NearPoorRate { get; init; }
    }

    private sealed record TargetRow
    {
        public int Year { get; init; }
        public double TargetPoorRate { get; init; }
    }

    private sealed record ForecastRow
    {
        public int BaseYear { get; init; }
        public int TargetYear { get; init; }
        public long Households { get; init; }
        public double ExpectedPoor { get; init; }
        public double ExpectedRate { get; init; }
        public long Low80 { get; init; }
        public long High80 { get; init; }
        public double Low80Rate { get; init; }
        public double High80Rate { get; init; }
        public double? PTargetMet { get; init; }
        public required string ModelId { get; init; }
        public double ExpectedRePoor { get; init; }
        public string? ForecastCaveat { get; init; }
    }

    private sealed record ForecastGroupRow
    {
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Households { get; init; }
        public long PoorNow { get; init; }
        public double PoorRateNow { get; init; }
        public double ExpectedPoor { get; init; }
        public double ExpectedRate { get; init; }
        public string? TopDrivers { get; init; }
        public bool SmallCell { get; init; }
    }

    private sealed record RateGroupRow
    {
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double PoorRate { get; init; }

        /// <summary>Null when the small-cell setting is missing: not marked.</summary>
        public bool? SmallCell { get; init; }
    }

    private sealed record LabelRow
    {
        public required string LabelVi { get; init; }
    }

    private sealed record RePovertyRow
    {
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Households { get; init; }
        public long AboveThreshold { get; init; }
        public double ExpectedRePoor { get; init; }
    }

    private sealed record ProgramRow
    {
        public required string ProgramCode { get; init; }
        public required string Label { get; init; }
        public int ContentArea { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public long NearPoor { get; init; }

        /// <summary>Null when all of the program's support was in kind.</summary>
        public long? AmountVnd { get; init; }
    }

    private sealed record SupportTotalRow
    {
        public long Households { get; init; }
        public long Poor { get; init; }
        public long NearPoor { get; init; }
        public long AmountVnd { get; init; }
    }

    private sealed record PoorAtBaseRow
    {
        public long PoorAtBase { get; init; }
        public long WithoutSupport { get; init; }
    }
}
