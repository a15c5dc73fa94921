using System.Globalization;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>What <c>disu report trend --from Y1 --to Y2 [--ward CODE]</c> asks for.</summary>
public sealed record TrendRequest(int FromYear, int ToYear, string? WardCode);

/// <summary>
/// One ward or group in one review year. Flows are null in the ward's first loaded round (there
/// is nothing to compare with); rates are null for a group that has no households left.
/// </summary>
public sealed record TrendYear(
    int Year,
    long Households,
    long Poor,
    double? PoorRate,
    long NearPoor,
    double? NearPoorRate,
    long? Escaped,
    long? NewlyPoor,
    long? RePoor,
    long? NearPoorToPoor,
    double? TargetPoorRate,
    bool SmallCell)
{
    public bool HasFlows => Escaped.HasValue;

    /// <summary>Households that became poor while in the ward (entrants excluded, as the flows chart shows them).</summary>
    public long Inflow => (NewlyPoor ?? 0) + (RePoor ?? 0) + (NearPoorToPoor ?? 0);
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
    bool Urban,
    IReadOnlyList<int> LoadedYears,
    IReadOnlyList<int> Years,
    IReadOnlyList<TrendYear> WardYears,
    IReadOnlyList<GroupTrend> Groups,
    DeprivationMatrix Deprivations,
    long SmallCellHouseholds)
{
    public int FirstYear => Years[0];

    public int LastYear => Years[^1];

    /// <summary>"tổ dân phố" in a ward (urban), "thôn" in a commune (rural).</summary>
    public string GroupNoun => Urban ? "tổ dân phố" : "thôn";

    /// <summary>Years in the requested range for which the ward has no loaded review.</summary>
    public IReadOnlyList<int> MissingYears =>
        Enumerable.Range(Request.FromYear, Request.ToYear - Request.FromYear + 1).Where(y => !Years.Contains(y)).ToList();

    public static TrendModel Read(DuckDBConnection connection, TrendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ward = Ward.Resolve(connection, request.WardCode, request.ToYear);
        var loaded = connection.Rows("SELECT DISTINCT review_year FROM v_ward_year WHERE ward_code = ? ORDER BY 1", ward.Code)
            .Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture)).ToList();
        Validate(request, ward, loaded);
        var years = loaded.Where(y => y >= request.FromYear && y <= request.ToYear).ToList();

        var wardYears = connection.Rows("""
            SELECT review_year, households, poor, poor_rate, near_poor, near_poor_rate,
                   escaped, newly_poor, re_poor, near_poor_to_poor, target_poor_rate, false
            FROM v_ward_year WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY review_year
            """, ward.Code, request.FromYear, request.ToYear).Select(ReadYear).ToList();

        var groupRows = connection.Rows("""
            SELECT group_code,
                   last(group_name ORDER BY review_year) OVER (PARTITION BY group_code ORDER BY review_year
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_name,
                   review_year, households, poor, poor_rate, near_poor, near_poor_rate,
                   escaped, newly_poor, re_poor, near_poor_to_poor, target_poor_rate, small_cell
            FROM v_group_year WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY group_code, review_year
            """, ward.Code, request.FromYear, request.ToYear);
        var groups = groupRows
            .GroupBy(r => (Code: (string)r[0]!, Name: (string)r[1]!))
            .Select(g => new GroupTrend(g.Key.Code, g.Key.Name, g.Select(r => ReadYear(r[2..])).ToList()))
            .ToList();

        var urban = connection.Scalar<string>(
            "SELECT area FROM v_ward_year WHERE ward_code = ? AND review_year = ?", ward.Code, years[^1]) == "urban";
        var threshold = connection.Scalar<long?>(
            "SELECT TRY_CAST(value AS BIGINT) FROM mart_setting WHERE key = 'small_cell_households'") ?? 10;
        return new TrendModel(request, ward, urban, loaded, years, wardYears, groups, ReadDeprivations(connection, ward.Code, years[^1]), threshold);
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

    private static TrendYear ReadYear(object?[] r) => new(
        Convert.ToInt32(r[0], CultureInfo.InvariantCulture),
        Long(r[1]), Long(r[2]), Double(r[3]), Long(r[4]), Double(r[5]),
        NullableLong(r[6]), NullableLong(r[7]), NullableLong(r[8]), NullableLong(r[9]), Double(r[10]),
        r[11] is true);

    private static long Long(object? value) => NullableLong(value) ?? 0;

    private static long? NullableLong(object? value) => value is null ? null : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static double? Double(object? value) => value is null ? null : Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
