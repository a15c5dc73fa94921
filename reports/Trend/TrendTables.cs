using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>
/// The year-by-year tables of the PDF and the sheets that carry the same numbers unformatted.
/// Both are built from one column list so they cannot drift apart.
/// </summary>
public static class TrendTables
{
    private static readonly IReadOnlyList<(string Pdf, string Sheet, float Weight)> YearColumns =
    [
        ("Năm", "Năm", 0.75f),
        ("Tổng số hộ", "Tổng số hộ", 1.0f),
        ("Hộ nghèo", "Hộ nghèo", 0.95f),
        ("Tỷ lệ (%)", "Tỷ lệ hộ nghèo (%)", 0.9f),
        ("Hộ cận nghèo", "Hộ cận nghèo", 0.95f),
        ("Tỷ lệ (%)", "Tỷ lệ hộ cận nghèo (%)", 0.9f),
        ("Thoát nghèo", "Thoát nghèo", 0.95f),
        ("Phát sinh mới", "Phát sinh mới", 0.95f),
        ("Cận nghèo thành nghèo", "Cận nghèo thành hộ nghèo", 1.3f),
        ("Tái nghèo", "Tái nghèo", 0.9f),
        ("Mục tiêu (%)", "Mục tiêu tỷ lệ hộ nghèo (%)", 0.95f),
    ];

    public static Table ByYear(IReadOnlyList<TrendYear> years, bool markSmallCells)
    {
        var columns = YearColumns.Select((c, i) => new TableColumn(c.Pdf, c.Weight, i == 0 ? TextAlign.Center : TextAlign.Right)).ToList();
        var rows = years.Select(y => new TableRow(
        [
            TrendCharts.Year(y.Year),
            VietnameseNumbers.Count(y.Households) + (markSmallCells && y.SmallCell ? " (*)" : ""),
            VietnameseNumbers.Count(y.Poor),
            TrendText.Rate(y.PoorRate),
            VietnameseNumbers.Count(y.NearPoor),
            TrendText.Rate(y.NearPoorRate),
            TrendText.Count(y.Escaped),
            TrendText.Count(y.NewlyPoor),
            TrendText.Count(y.NearPoorToPoor),
            TrendText.Count(y.RePoor),
            TrendText.Rate(y.TargetPoorRate),
        ])).ToList();
        return new Table(columns, rows) { Style = new TextStyle(9.5f) };
    }

    public static IReadOnlyList<DataSheet> Sheets(TrendModel model)
    {
        var ward = new DataSheet(model.Urban ? "Phường" : "Xã",
            YearColumns.Select(c => c.Sheet).ToList(),
            model.WardYears.Select(Values).ToList());
        var groups = new DataSheet(model.Urban ? "Tổ dân phố" : "Thôn",
            new[] { "Mã " + model.GroupNoun, "Tên " + model.GroupNoun }.Concat(YearColumns.Select(c => c.Sheet)).Append("Nhóm nhỏ").ToList(),
            model.Groups.SelectMany(g => g.Years.Select(y =>
                (IReadOnlyList<object?>)new object?[] { g.Code, g.Name }.Concat(Values(y)).Append(y.SmallCell).ToList())).ToList());
        return [ward, groups, Deprivations(model)];
    }

    private static IReadOnlyList<object?> Values(TrendYear y) =>
    [
        (long)y.Year, y.Households, y.Poor, y.PoorRate, y.NearPoor, y.NearPoorRate,
        y.Escaped, y.NewlyPoor, y.NearPoorToPoor, y.RePoor, y.TargetPoorRate,
    ];

    private static DataSheet Deprivations(TrendModel model)
    {
        var matrix = model.Deprivations;
        var names = model.Groups.ToDictionary(g => g.Code, g => g.Name, StringComparer.Ordinal);
        var indicators = matrix.Indicators.ToDictionary(i => i.Code, StringComparer.Ordinal);
        var whole = "Toàn " + TrendText.UnitNoun(model.Ward);
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
            "Năm", "Mã " + model.GroupNoun, "Tên " + model.GroupNoun, "Mã chỉ số", "Chỉ số thiếu hụt", "Chiều thiếu hụt",
            "Tổng số hộ", "Số hộ thiếu hụt", "Tỷ lệ hộ thiếu hụt (%)", "Hộ nghèo thiếu hụt", "Tỷ lệ hộ nghèo thiếu hụt (%)",
        ], rows);
    }
}
