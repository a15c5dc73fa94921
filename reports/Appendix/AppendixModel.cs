using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Appendix;

public sealed record AppendixRequest(int Year, string? WardCode);

/// <summary>
/// Expected flows and poor count at the end of the plan year, per group, from the current
/// forecast whose base is the round before the plan year. Expected counts are rounded to tenths
/// so that the rows add up to the ward row exactly (<see cref="LargestRemainder"/>); the expected
/// rate is the forecast's own, rounded to hundredths as every other document prints it.
/// </summary>
public sealed record AppendixForecast(double Escapes, double NewPoor, double RePoor, double Poor, double Rate, int Low80, int High80);

/// <summary>One row of the appendix: a residential group, or the ward (<see cref="GroupCode"/> null).</summary>
public sealed record AppendixRow(
    string? GroupCode,
    string Name,
    long Households,
    long Poor,
    double? PoorRate,
    bool SmallCell,
    AppendixForecast? Expected,
    double? TargetRate,
    string Note);

/// <param name="ForecastCaveat">The forecast's caveat (<c>v_group_forecast.forecast_caveat</c>), printed word for word under the table; null when the forecast is sound.</param>
public sealed record AppendixModel(
    Ward Ward,
    int Year,
    int BaseYear,
    IReadOnlyList<AppendixRow> Groups,
    AppendixRow Total,
    string? ModelId,
    double? PTargetMet,
    long SmallCellHouseholds,
    string? ForecastCaveat)
{
    public bool HasForecast => Total.Expected is not null;

    /// <summary>Poor households the ward may have at most at the end of the year to meet its target.</summary>
    public long? TargetPoorHouseholds => Total.TargetRate is { } target ? (long)Math.Floor(target / 100 * Total.Households) : null;

    public static AppendixModel Read(DuckDBConnection connection, AppendixRequest request)
    {
        var ward = Ward.Resolve(connection, request.WardCode, request.Year - 1);
        var rounds = connection.Rows("SELECT DISTINCT review_year FROM v_ward_year WHERE ward_code = ? ORDER BY 1", ward.Code)
            .Select(r => Convert.ToInt32(r[0], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        var baseYear = rounds.Where(y => y < request.Year).DefaultIfEmpty(0).Max();
        if (baseYear == 0)
            throw new ReportException(
                $"Phụ lục năm {request.Year} tính từ kỳ rà soát trước đó, nhưng {ward.Name} chưa có kỳ nào trước {request.Year} (đã nạp: {string.Join(", ", rounds)}).",
                $"The appendix for {request.Year} starts from the review round before it, and {ward.Name} has none before {request.Year} (loaded: {string.Join(", ", rounds)}).");
        var smallCell = connection.Scalar<long>("SELECT value::BIGINT FROM mart_setting WHERE key = 'small_cell_households'");

        var rows = connection.Rows(RowsSql, ward.Code, baseYear, request.Year);
        var forecasts = rows.Select(r => r[6] is null ? null : new[] { D(r[6]), D(r[7]), D(r[8]), D(r[9]) }).ToList();
        var wardRow = rows.Single(r => r[0] is null);
        // A forecast covers every group of its base round or none: partial columns would not add up.
        var rounded = forecasts.All(f => f is not null)
            ? Enumerable.Range(0, 4).Select(c => LargestRemainder.Round(rows.Select((r, i) => r[0] is null ? 0 : forecasts[i]![c]).ToList(), 1)).ToList()
            : null;

        AppendixRow Row(object?[] r, int index)
        {
            var households = L(r[2]);
            AppendixForecast? expected = null;
            if (rounded is not null)
            {
                var isWard = r[0] is null;
                double Pick(int c) => isWard ? rounded[c].Sum() : rounded[c][index];
                var poor = Math.Round(Pick(3), 1);
                expected = new AppendixForecast(Math.Round(Pick(0), 1), Math.Round(Pick(1), 1), Math.Round(Pick(2), 1), poor,
                    Math.Round(D(r[15]), 2), (int)L(r[10]), (int)L(r[11]));
            }
            var small = (bool)r[5]!;
            var target = r[12] is null ? (double?)null : D(r[12]);
            return new AppendixRow((string?)r[0], (string)r[1]!, households, L(r[3]), r[4] is null ? null : Math.Round(D(r[4]), 2),
                small, expected, target, Note(small, smallCell, expected, target, households));
        }

        var all = rows.Select(Row).ToList();
        return new AppendixModel(ward, request.Year, baseYear, all.Where(r => r.GroupCode is not null).ToList(), all.Single(r => r.GroupCode is null),
            (string?)wardRow[13], wardRow[14] is null ? null : D(wardRow[14]), smallCell, wardRow[16] as string);
    }

    private static string Note(bool small, long smallCell, AppendixForecast? expected, double? target, long households)
    {
        var notes = new List<string>();
        if (small)
            notes.Add($"Nhóm nhỏ (dưới {VietnameseNumbers.Count(smallCell)} hộ)");
        if (expected is not null)
            notes.Add(expected.Low80 == expected.High80
                ? $"Khoảng 80%: {VietnameseNumbers.Count(expected.Low80)} hộ"
                : $"Khoảng 80%: {VietnameseNumbers.Count(expected.Low80)}–{VietnameseNumbers.Count(expected.High80)} hộ");
        if (target is { } t && expected is not null)
            notes.Add(expected.Poor <= Math.Floor(t / 100 * households) ? "đạt mục tiêu" : "chưa đạt mục tiêu");
        return string.Join("; ", notes);
    }

    private static double D(object? value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);

    private static long L(object? value) => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture);

    // Groups of the base round (with households) and the ward row (group_code NULL) first-class in
    // one result, so that both come from the same snapshot and the same forecast.
    private const string RowsSql = """
        WITH p AS (SELECT ?::VARCHAR AS ward, ?::INTEGER AS base_year, ?::INTEGER AS plan_year),
        base AS (
            SELECT g.group_code, g.group_name, g.households, g.poor, g.poor_rate, g.small_cell
            FROM v_group_year g, p WHERE g.ward_code = p.ward AND g.review_year = p.base_year AND g.households > 0
            UNION ALL
            SELECT NULL, w.ward_name, w.households, w.poor, w.poor_rate, false
            FROM v_ward_year w, p WHERE w.ward_code = p.ward AND w.review_year = p.base_year
        ),
        forecast AS (
            SELECT f.* FROM v_group_forecast f, p WHERE f.ward_code = p.ward AND f.base_year = p.base_year AND f.target_year = p.plan_year
        ),
        target AS (
            SELECT t.group_code, t.target_poor_rate FROM fact_target t, p WHERE t.is_current AND t.ward_code = p.ward AND t.year = p.plan_year
        )
        SELECT b.group_code, b.group_name, b.households::BIGINT, b.poor::BIGINT, b.poor_rate, b.small_cell,
               f.expected_escapes, f.expected_new_poor, f.expected_re_poor, f.expected_poor, f.low80, f.high80,
               t.target_poor_rate, f.model_id, f.p_target_met, f.expected_rate, f.forecast_caveat
        FROM base b
        LEFT JOIN forecast f ON f.group_code IS NOT DISTINCT FROM b.group_code
        LEFT JOIN target t ON t.group_code IS NOT DISTINCT FROM b.group_code
        ORDER BY b.group_code IS NULL, b.group_code
        """;
}
