using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Forecasts;

/// <summary>
/// A residential group (or, <see cref="GroupCode"/> null, the whole ward) of <c>v_group_forecast</c>
/// for one plan year, from the latest round forecasting it; the expected counts are rounded to tenths
/// so that the groups add up to the ward row, as the appendix prints them.
/// </summary>
public sealed record ForecastLine
{
    public required string WardCode { get; init; }
    public string? WardName { get; init; }
    public string? GroupCode { get; init; }
    public required string GroupName { get; init; }
    public long Households { get; init; }
    public long PoorNow { get; init; }
    public double PoorRateNow { get; init; }
    public double ExpectedPoor { get; init; }
    public double ExpectedRate { get; init; }
    public double Low80Rate { get; init; }
    public double High80Rate { get; init; }
    public double Low95Rate { get; init; }
    public double High95Rate { get; init; }
    public double? TargetPoorRate { get; init; }
    public double? PTargetMet { get; init; }
    public int BaseYear { get; init; }
    public required string ModelId { get; init; }
    public double ExpectedRePoor { get; init; }
    public string? ForecastCaveat { get; init; }
}

/// <summary>The forecast of a plan year per ward and group, as <c>disu forecast show</c> and the Dự báo page show it.</summary>
public static class ForecastTable
{
    /// <summary>Rows of every ward (<paramref name="ward"/> null) or one, in ward and group-code order with each ward's whole-ward row last.</summary>
    public static IReadOnlyList<ForecastLine> Read(DuckDBConnection connection, PlanYear year, string? ward)
    {
        var rows = connection.Read<ForecastLine>("""
            SELECT ward_code, ward_name, group_code, group_name, households, poor_now, poor_rate_now, expected_poor, expected_rate,
                   low80_rate, high80_rate, low95_rate, high95_rate, target_poor_rate, p_target_met, base_year, model_id,
                   expected_re_poor, forecast_caveat
            FROM v_group_forecast WHERE target_year = ? AND (? IS NULL OR ward_code = ?)
            -- the latest base year forecasting this year, per ward
            QUALIFY base_year = max(base_year) OVER (PARTITION BY ward_code)
            ORDER BY ward_code, group_code NULLS LAST
            """, year, ward, ward);
        return rows.GroupBy(r => r.WardCode).SelectMany(w =>
        {
            var lines = w.ToList();
            var poor = Tenths(lines, r => r.ExpectedPoor);
            var rePoor = Tenths(lines, r => r.ExpectedRePoor);
            return lines.Select((r, i) => r with { ExpectedPoor = poor[i], ExpectedRePoor = rePoor[i] });
        }).ToList();
    }

    /// <summary>
    /// A column of expected counts to tenths as the plan appendix rounds them: the groups add up to
    /// the ward row (<see cref="LargestRemainder"/>).
    /// </summary>
    private static IReadOnlyList<double> Tenths(IReadOnlyList<ForecastLine> ward, Func<ForecastLine, double> column)
    {
        var groups = LargestRemainder.Round(ward.Select(r => r.GroupCode is null ? 0 : column(r)).ToList(), 1);
        return ward.Select((r, i) => r.GroupCode is null ? Math.Round(groups.Sum(), 1) : groups[i]).ToList();
    }
}
