using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>
/// The year-by-year tables of the PDF and the sheets that carry the same numbers unformatted.
/// Both are built from one column list so they cannot drift apart.
/// </summary>
public static class TrendTables
{
    /// <summary>A column of the year-by-year tables: its PDF header, its sheet header, its width, its cell.</summary>
    private sealed record YearColumn(string Pdf, string Sheet, float Weight, Func<TrendYear, string> Cell, Func<TrendYear, object?> Value, bool Target = false);

    // The flows in the order of the identity, so that a row reads from left to right:
    // đầu kỳ − thoát nghèo + phát sinh mới + tái nghèo + chuyển đến − chuyển đi = cuối kỳ.
    private static readonly IReadOnlyList<YearColumn> YearColumns =
    [
        new("Năm", "Năm", 0.6f, y => TrendCharts.Year(y.Year), y => (long)y.Year),
        new("Tổng số hộ", "Tổng số hộ", 0.8f, y => VietnameseNumbers.Count(y.Households), y => y.Households),
        new(FlowWords.PoorStart, FlowWords.PoorStart, 0.8f, y => TrendText.Count(y.PoorStart), y => y.PoorStart),
        new(FlowWords.Escaped, FlowWords.Escaped, 0.8f, y => TrendText.Count(y.Escaped), y => y.Escaped),
        new(FlowWords.NewPoor, FlowWords.NewPoor, 0.8f, y => TrendText.Count(y.NewPoor), y => y.NewPoor),
        new(FlowWords.RePoor, FlowWords.RePoor, 0.8f, y => TrendText.Count(y.RePoor), y => y.RePoor),
        new(FlowWords.Entered, FlowWords.Entered, 0.85f, y => TrendText.Count(y.Entered), y => y.Entered),
        new(FlowWords.Left, FlowWords.Left, 0.85f, y => TrendText.Count(y.Left), y => y.Left),
        new(FlowWords.PoorEnd, FlowWords.PoorEnd, 0.8f, y => VietnameseNumbers.Count(y.Poor), y => y.Poor),
        new("Tỷ lệ (%)", "Tỷ lệ hộ nghèo (%)", 0.7f, y => TrendText.Rate(y.PoorRate), y => y.PoorRate),
        new("Mục tiêu (%)", "Mục tiêu tỷ lệ hộ nghèo (%)", 0.75f, y => TrendText.Rate(y.TargetPoorRate), y => y.TargetPoorRate, Target: true),
        new("Hộ cận nghèo", "Hộ cận nghèo", 0.8f, y => VietnameseNumbers.Count(y.NearPoor), y => y.NearPoor),
        new("Tỷ lệ (%)", "Tỷ lệ hộ cận nghèo (%)", 0.7f, y => TrendText.Rate(y.NearPoorRate), y => y.NearPoorRate),
    ];

    /// <summary>
    /// A ward's or group's years as a table. <paramref name="withTarget"/> false leaves the target
    /// column out (no target loaded for any row it would show; the report says so instead).
    /// </summary>
    /// <remarks>A year the series breaks at (<paramref name="breaks"/>) is marked "2027†"; the note under the table says why.</remarks>
    public static Table ByYear(IReadOnlyList<TrendYear> years, bool markSmallCells, bool withTarget, IReadOnlyList<SeriesBreak>? breaks = null)
    {
        var shown = YearColumns.Where(c => withTarget || !c.Target).ToList();
        var columns = shown.Select((c, i) => new TableColumn(c.Pdf, c.Weight, i == 0 ? TextAlign.Center : TextAlign.Right)).ToList();
        var marked = (breaks ?? []).Select(b => b.Year).ToHashSet();
        var rows = years.Select(y => new TableRow(shown.Select((c, i) =>
            c.Cell(y) + (i == 0 && marked.Contains(y.Year) ? GeographyText.Marker : "")
                      + (i == 1 && markSmallCells && y.SmallCell ? " (*)" : "")).ToList())).ToList();
        return new Table(columns, rows) { Style = new TextStyle(9f) };
    }

    /// <summary>Whether any of these years has a plan target, i.e. whether the target column says anything.</summary>
    public static bool AnyTarget(IEnumerable<TrendYear> years) => years.Any(y => y.TargetPoorRate.HasValue);

    /// <summary>The sheets carry every column, and the near-poor part of "phát sinh mới" beside it for tools.</summary>
    private static readonly IReadOnlyList<string> SheetHeaders =
        [.. YearColumns.Select(c => c.Sheet), $"{FlowWords.NewPoor}: trong đó cận nghèo chuyển thành hộ nghèo"];

    public static IReadOnlyList<DataSheet> Sheets(TrendModel model)
    {
        var unit = model.Ward;
        var ward = new DataSheet(unit.Urban ? "Phường" : "Xã", SheetHeaders, model.WardYears.Select(Values).ToList());
        var groups = new DataSheet(unit.Urban ? "Tổ dân phố" : "Thôn",
            new[] { "Mã " + unit.GroupNoun, "Tên " + unit.GroupNoun }.Concat(SheetHeaders).Append("Nhóm nhỏ").ToList(),
            model.Groups.SelectMany(g => g.Years.Select(y =>
                (IReadOnlyList<object?>)new object?[] { g.Code, g.Name }.Concat(Values(y)).Append(y.SmallCell).ToList())).ToList());
        return [ward, groups, Deprivations(model)];
    }

    private static IReadOnlyList<object?> Values(TrendYear y) => [.. YearColumns.Select(c => c.Value(y)), y.NearPoorToPoor];

    private static DataSheet Deprivations(TrendModel model)
    {
        var matrix = model.Deprivations;
        var names = model.Groups.ToDictionary(g => g.Code, g => g.Name, StringComparer.Ordinal);
        var indicators = matrix.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var whole = TrendText.Capitalise(model.Ward.WholeUnit);
        var rows = matrix.Cells.Concat(matrix.Ward)
            .OrderBy(c => indicators[c.IndicatorCode].Ordinal)
            .ThenBy(c => c.GroupCode.Length == 0)
            .ThenBy(c => c.GroupCode, StringComparer.Ordinal)
            .Select(c => (IReadOnlyList<object?>)
            [
                (long)matrix.Year,
                c.GroupCode.Length == 0 ? null : c.GroupCode,
                c.GroupCode.Length == 0 ? whole : names.GetValueOrDefault(c.GroupCode, c.GroupCode),
                c.IndicatorCode,
                indicators[c.IndicatorCode].Label,
                indicators[c.IndicatorCode].Dimension,
                c.Households,
                c.Deprived,
                c.UncensoredRate,
                c.DeprivedPoor,
                c.CensoredRate,
            ]).ToList();
        return new DataSheet("Thiếu hụt",
        [
            "Năm", "Mã " + model.Ward.GroupNoun, "Tên " + model.Ward.GroupNoun, "Mã chỉ số", "Chỉ số thiếu hụt", "Chiều thiếu hụt",
            "Tổng số hộ", "Số hộ thiếu hụt", "Tỷ lệ hộ thiếu hụt (%)", "Hộ nghèo thiếu hụt", "Tỷ lệ hộ nghèo thiếu hụt (%)",
        ], rows);
    }
}
