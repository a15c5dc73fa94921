using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>What <c>disu report trend --from Y1 --to Y2 [--ward CODE] [--geography as_is|as_was]</c> asks for.</summary>
public sealed record TrendRequest(ReviewYear FromYear, ReviewYear ToYear, string? WardCode, Geography Geography = Geography.AsIs);

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
    long SmallCellHouseholds,
    UnitReading Units,
    IReadOnlyList<SeriesBreak> Breaks)
{
    public int FirstYear => Years[0];

    public int LastYear => Years[^1];

    /// <summary>Years in the requested range for which the ward has no loaded review.</summary>
    public IReadOnlyList<int> MissingYears =>
        Enumerable.Range(Request.FromYear.Value, Request.ToYear.Value - Request.FromYear.Value + 1).Where(y => !Years.Contains(y)).ToList();

    public static TrendModel Read(DuckDBConnection connection, TrendRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var ward = Ward.Resolve(connection, request.WardCode, request.ToYear);
        var units = UnitReading.Resolve(connection, ward.Code, request.Geography);
        YearGuard.RequireReviewYear(units.Years(connection), request.ToYear,
            y => $"disu report trend --from {Math.Min(request.FromYear.Value, y)} --to {y} --ward {ward.Code}");
        var loaded = connection.Read<ReviewYearRow>($"SELECT DISTINCT review_year FROM {units.WardYear} WHERE ward_code = ? ORDER BY 1", ward.Code)
            .Select(r => r.ReviewYear).ToList();
        Validate(request, ward, loaded);
        var years = loaded.Where(y => y >= request.FromYear && y <= request.ToYear).ToList();

        var wardYears = connection.Read<WardYearRow>($"""
            SELECT {YearColumns}, false AS small_cell
            FROM {units.WardYear} WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY review_year
            """, ward.Code, request.FromYear, request.ToYear).Select(r => r.ToYear()).ToList();

        var groupRows = connection.Read<GroupYearRow>($"""
            SELECT group_code,
                   last(group_name ORDER BY review_year) OVER (PARTITION BY group_code ORDER BY review_year
                       ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS latest_name,
                   {YearColumns}, small_cell
            FROM {units.GroupYear} WHERE ward_code = ? AND review_year BETWEEN ? AND ?
            ORDER BY group_code, review_year
            """, ward.Code, request.FromYear, request.ToYear);
        var groups = groupRows
            .GroupBy(r => (Code: r.GroupCode, Name: r.LatestName))
            .Select(g => new GroupTrend(g.Key.Code, g.Key.Name, g.Select(r => r.ToYear()).ToList()))
            .ToList();

        var threshold = connection.Scalar<long?>(
            "SELECT TRY_CAST(value AS BIGINT) FROM mart_setting WHERE key = 'small_cell_households'") ?? 10;
        return new TrendModel(request, ward, loaded, years, wardYears, groups, ReadDeprivations(connection, ward.Code, years[^1]), threshold,
            units.Within(years), SeriesBreaks.Read(connection, units, years));
    }

    /// <summary>One group's rounds up to <paramref name="throughYear"/>, read as the report's group tables read them.</summary>
    public static IReadOnlyList<TrendYear> ReadGroupYears(DuckDBConnection connection, string wardCode, string groupCode, int throughYear) =>
        connection.Read<OneGroupYearRow>($"""
            SELECT {YearColumns}, small_cell
            FROM v_group_year WHERE ward_code = ? AND group_code = ? AND review_year <= ?
            ORDER BY review_year
            """, wardCode, groupCode, throughYear).Select(r => r.ToYear()).ToList();

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
        var rows = connection.Read<DeprivationRow>("""
            SELECT group_code, indicator_code, label_vi, dimension_vi, ordinal,
                   households, deprived, uncensored_rate, deprived_poor, censored_rate
            FROM v_deprivation_by_group WHERE ward_code = ? AND review_year = ?
            ORDER BY ordinal, group_code
            """, wardCode, year);
        var indicators = rows
            .Select(r => new Indicator(r.IndicatorCode, r.LabelVi, r.DimensionVi, r.Ordinal))
            .DistinctBy(i => i.Code).OrderBy(i => i.Ordinal).ToList();
        var cells = rows.Select(r => new DeprivationCell(
            r.GroupCode, r.IndicatorCode, r.Households, r.Deprived, r.UncensoredRate, r.DeprivedPoor, r.CensoredRate)).ToList();
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

    /// <summary>A row of v_ward_year or v_group_year as <see cref="YearColumns"/> and small_cell select it.</summary>
    private abstract record YearRow
    {
        public int ReviewYear { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double? PoorRate { get; init; }
        public long NearPoor { get; init; }
        public double? NearPoorRate { get; init; }
        public long? PoorStart { get; init; }
        public long? Escaped { get; init; }
        public long? NewlyPoor { get; init; }
        public long? NearPoorToPoor { get; init; }
        public long? RePoor { get; init; }
        public long? EnteredPoor { get; init; }
        public long? LeftPoor { get; init; }
        public double? TargetPoorRate { get; init; }

        /// <summary>Null when the small-cell setting is missing: not marked, as before.</summary>
        public bool? SmallCell { get; init; }

        public TrendYear ToYear() => new(ReviewYear, Households, Poor, PoorRate, NearPoor, NearPoorRate, PoorStart, Escaped, NewlyPoor,
            NearPoorToPoor, RePoor, EnteredPoor, LeftPoor, TargetPoorRate, SmallCell == true);
    }

    private sealed record WardYearRow : YearRow;

    private sealed record OneGroupYearRow : YearRow;

    private sealed record GroupYearRow : YearRow
    {
        public required string GroupCode { get; init; }
        public required string LatestName { get; init; }
    }

    private sealed record DeprivationRow
    {
        public required string GroupCode { get; init; }
        public required string IndicatorCode { get; init; }
        public required string LabelVi { get; init; }
        public required string DimensionVi { get; init; }
        public int Ordinal { get; init; }
        public long Households { get; init; }
        public long Deprived { get; init; }
        public double? UncensoredRate { get; init; }
        public long DeprivedPoor { get; init; }
        public double? CensoredRate { get; init; }
    }
}
