using System.Globalization;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>What <c>disu report trend --from Y1 --to Y2 [--ward CODE]</c> asks for.</summary>
public sealed record TrendRequest(int FromYear, int ToYear, string? WardCode);

/// <summary>
/// One ward or group in one review year. Flows are null in the ward's first loaded round (there
/// is nothing to compare with); rates are null for a group that has no households left. The flows
/// are those of <see cref="FlowWords"/>: <see cref="PoorStart"/> − <see cref="Escaped"/> +
/// <see cref="NewPoor"/> + <see cref="RePoor"/> + <see cref="Entered"/> − <see cref="Left"/> = <see cref="Poor"/>.
/// </summary>
public sealed record TrendYear(
    int Year,
    long Households,
    long Poor,
    double? PoorRate,
    long NearPoor,
    double? NearPoorRate,
    long? PoorStart,
    long? Escaped,
    long? NewlyPoor,
    long? NearPoorToPoor,
    long? RePoor,
    long? Entered,
    long? Left,
    double? TargetPoorRate,
    bool SmallCell)
{
    public bool HasFlows => PoorStart.HasValue;

    /// <summary>Phát sinh mới: poor now and never before, from near-poor or not (newly_poor + near_poor_to_poor).</summary>
    public long? NewPoor => HasFlows ? (NewlyPoor ?? 0) + (NearPoorToPoor ?? 0) : null;

    /// <summary>Households added to the poor in the year: phát sinh mới, tái nghèo and chuyển đến.</summary>
    public long Increases => (NewPoor ?? 0) + (RePoor ?? 0) + (Entered ?? 0);

    /// <summary>Households taken off the poor in the year: thoát nghèo and chuyển đi.</summary>
    public long Decreases => (Escaped ?? 0) + (Left ?? 0);
}

/// <summary>A residential group over the years, named as in its latest year in the range.</summary>
public sealed record GroupTrend(string Code, string Name, IReadOnlyList<TrendYear> Years)
{
    public bool AnySmallCell => Years.Any(y => y.SmallCell);

    public TrendYear? Last => Years.Count > 0 ? Years[^1] : null;
}

/// <summary>An indicator of the standard in force in the heat map's year.</summary>
public sealed record Indicator(string Code, string Label, string Dimension, int Ordinal);

/// <summary>Uncensored (all households) and censored (poor and deprived) headcounts of one group and indicator.</summary>
public sealed record DeprivationCell(string GroupCode, string IndicatorCode, long Households, long Deprived, double? UncensoredRate, long DeprivedPoor, double? CensoredRate);

/// <summary>Deprivations of the last year in the range: group × indicator, plus the ward as a whole.</summary>
public sealed record DeprivationMatrix(int Year, IReadOnlyList<Indicator> Indicators, IReadOnlyList<DeprivationCell> Cells, IReadOnlyList<DeprivationCell> Ward)
{
    public DeprivationCell? Cell(string groupCode, string indicatorCode) =>
        Cells.FirstOrDefault(c => c.GroupCode == groupCode && c.IndicatorCode == indicatorCode);

    public DeprivationCell? WardCell(string indicatorCode) => Ward.FirstOrDefault(c => c.IndicatorCode == indicatorCode);
}

/// <summary>Everything the trend report shows, read once from the mart's public views.</summary>
public sealed record TrendModel(
    TrendRequest Request,
    Ward Ward,
    IReadOnlyList<int> LoadedYears,
    IReadOnlyList<int> Years,
    IReadOnlyList<TrendYear> WardYears,
    IReadOnlyList<GroupTrend> Groups,
    DeprivationMatrix Deprivations,
    long SmallCellHouseholds)
{
    public int FirstYear => Years[0];

    public int LastYear => Years[^1];

    /// <summary>Years in the requested range for which the ward has no loaded review.</summary>
    public IReadOnlyList<int> MissingYears =>
        Enumerable.Range(Request.FromYear, Request.ToYear - Request.FromYear + 1).Where(y => !Years.Contains(y)).ToList();

    public static TrendModel Read(DuckDBConnection connection, TrendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ward = Ward.Resolve(connection, request.WardCode, request.ToYear);
        YearGuard.RequireReviewYear(connection, ward.Code, request.ToYear,
            y => $"disu report trend --from {Math.Min(request.FromYear, y)} --to {y} --ward {ward.Code}");
        var loaded = connection.Rows("SELECT DISTINCT review_year FROM v_ward_year WHERE ward_code = ? ORDER BY 1", ward.Code)
            .Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture)).ToList();
        Validate(request, ward, loaded);
        var years = loaded.Where(y => y >= request.FromYear && y <= request.ToYear).ToList();

        var wardYears = NamedRows(connection, $"""
            SELECT {YearColumns}, false AS small_cell
            FROM v_ward_year WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY review_year
            """, ward.Code, request.FromYear, request.ToYear).Select(ReadYear).ToList();

        var groupRows = NamedRows(connection, $"""
            SELECT group_code,
                   last(group_name ORDER BY review_year) OVER (PARTITION BY group_code ORDER BY review_year
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_name,
                   {YearColumns}, small_cell
            FROM v_group_year WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY group_code, review_year
            """, ward.Code, request.FromYear, request.ToYear);
        var groups = groupRows
            .GroupBy(r => (Code: (string)r["group_code"]!, Name: (string)r["latest_name"]!))
            .Select(g => new GroupTrend(g.Key.Code, g.Key.Name, g.Select(ReadYear).ToList()))
            .ToList();

        var threshold = connection.Scalar<long?>(
            "SELECT TRY_CAST(value AS BIGINT) FROM mart_setting WHERE key = 'small_cell_households'") ?? 10;
        return new TrendModel(request, ward, loaded, years, wardYears, groups, ReadDeprivations(connection, ward.Code, years[^1]), threshold);
    }

    private static void Validate(TrendRequest request, Ward ward, IReadOnlyList<int> loaded)
    {
        var list = string.Join(", ", loaded);
        var (listVi, listEn) = loaded.Count == 0 ? ("chưa có", "none") : (list, list);
        if (request.FromYear > request.ToYear)
            throw new ReportException(
                $"--from ({request.FromYear}) không được sau --to ({request.ToYear}); các năm đã nạp của {ward.Code}: {listVi}.",
                $"--from ({request.FromYear}) must not be after --to ({request.ToYear}); years loaded for {ward.Code}: {listEn}.");
        if (!loaded.Any(y => y >= request.FromYear && y <= request.ToYear))
            throw new ReportException(
                $"Báo cáo diễn biến cần ít nhất một năm rà soát đã nạp trong khoảng {request.FromYear}–{request.ToYear}; các năm đã nạp của {ward.Code}: {listVi}.",
                $"The trend report needs at least one loaded review year between {request.FromYear} and {request.ToYear}; years loaded for {ward.Code}: {listEn}.");
    }

    private static DeprivationMatrix ReadDeprivations(DuckDBConnection connection, string wardCode, int year)
    {
        var rows = connection.Rows("""
            SELECT group_code, indicator_code, label_vi, dimension_vi, ordinal,
                   households, deprived, uncensored_rate, deprived_poor, censored_rate
            FROM v_deprivation_by_group WHERE ward_code = ? AND review_year = ?
            ORDER BY ordinal, group_code
            """, wardCode, year);
        var indicators = rows
            .Select(r => new Indicator((string)r[1]!, (string)r[2]!, (string)r[3]!, Convert.ToInt32(r[4], CultureInfo.InvariantCulture)))
            .DistinctBy(i => i.Code).OrderBy(i => i.Ordinal).ToList();
        var cells = rows.Select(r => new DeprivationCell(
            (string)r[0]!, (string)r[1]!, Long(r[5]), Long(r[6]), Double(r[7]), Long(r[8]), Double(r[9]))).ToList();
        // The ward's own headcount is households-weighted, not the mean of the groups' rates.
        var ward = cells.GroupBy(c => c.IndicatorCode).Select(g =>
        {
            var households = g.Sum(c => c.Households);
            var deprived = g.Sum(c => c.Deprived);
            var deprivedPoor = g.Sum(c => c.DeprivedPoor);
            return new DeprivationCell("", g.Key, households, deprived,
                households == 0 ? null : 100.0 * deprived / households, deprivedPoor,
                households == 0 ? null : 100.0 * deprivedPoor / households);
        }).ToList();
        return new DeprivationMatrix(year, indicators, cells, ward);
    }

    /// <summary>The columns of v_ward_year and v_group_year a <see cref="TrendYear"/> is read from.</summary>
    private const string YearColumns = """
        review_year, households, poor, poor_rate, near_poor, near_poor_rate,
        poor_start, escaped, newly_poor, near_poor_to_poor, re_poor, entered_poor, left_poor, target_poor_rate
        """;

    private static TrendYear ReadYear(IReadOnlyDictionary<string, object?> r) => new(
        Convert.ToInt32(r["review_year"], CultureInfo.InvariantCulture),
        Long(r["households"]), Long(r["poor"]), Double(r["poor_rate"]), Long(r["near_poor"]), Double(r["near_poor_rate"]),
        NullableLong(r["poor_start"]), NullableLong(r["escaped"]), NullableLong(r["newly_poor"]), NullableLong(r["near_poor_to_poor"]),
        NullableLong(r["re_poor"]), NullableLong(r["entered_poor"]), NullableLong(r["left_poor"]),
        Double(r["target_poor_rate"]), r["small_cell"] is true);

    /// <summary>Rows as column name → value, so a read does not depend on the order of the select list.</summary>
    private static List<Dictionary<string, object?>> NamedRows(DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i), StringComparer.Ordinal));
        return rows;
    }

    private static long Long(object? value) => NullableLong(value) ?? 0;

    private static long? NullableLong(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? Double(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
