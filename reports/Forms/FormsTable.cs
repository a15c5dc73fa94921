using DiSu.Analytics.Reports.Layout;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// One summary as the form lays it out: STT | unit | resident households (of which DTTS) | at the
/// start (count, rate, DTTS, rate) | changes in the year (escaped, re-, newly, each count and rate)
/// | at the end (count, rate, DTTS, rate), columns numbered A, B, (1)–(16); the sections I and II
/// with their rows and subtotals, then the total.
/// </summary>
public static class FormsTable
{
    /// <summary>The row of column numbers under the header: A, B, (1) … (16).</summary>
    public static IReadOnlyList<string> ColumnNumbers { get; } =
        ["A", "B", .. Enumerable.Range(1, 16).Select(i => $"({i})")];

    public static Table Compose(FormsModel model, FormTable table)
    {
        var words = FormWords.Of(table.Class);
        static TableColumn Number(string header, float weight = 0.78f) => new(header, weight, TextAlign.Right);
        var columns = new[]
        {
            new TableColumn("STT", 0.5f, TextAlign.Center),
            new TableColumn(FormWords.UnitHeader(model.Level), 1.9f),
            Number("Số hộ", 0.85f), Number("Trong đó hộ DTTS"),
            Number("Số hộ"), Number("Tỷ lệ %", 0.66f), Number("Số hộ DTTS"), Number("Tỷ lệ %", 0.66f),
            Number("Số hộ"), Number("Tỷ lệ %", 0.66f), Number("Số hộ"), Number("Tỷ lệ %", 0.66f), Number("Số hộ"), Number("Tỷ lệ %", 0.66f),
            Number("Số hộ"), Number("Tỷ lệ %", 0.66f), Number("Số hộ DTTS"), Number("Tỷ lệ %", 0.66f),
        };
        var title = words.HouseholdsTitle;
        IReadOnlyList<IReadOnlyList<HeaderCell>> bands =
        [
            [new(null), new(null), new("Tổng số hộ dân cư", 2), new($"{title} đầu năm (theo Quyết định phê duyệt)", 4), new("Diễn biến trong năm", 6), new($"{title} cuối năm", 4)],
            [new(null), new(null), new(null, 2), new(null, 4), new($"Số hộ {words.Escaped}", 2), new($"Số hộ {words.Returned}", 2), new($"Số hộ {words.Newly}", 2), new(null, 4)],
        ];
        var rows = new List<TableRow>();
        foreach (var section in table.Sections)
        {
            rows.Add(new TableRow([section.Number, section.Title, .. Enumerable.Repeat("", 16)], RowKind.Section));
            rows.AddRange(section.Rows.Select((r, i) => new TableRow(Cells((i + 1).ToString(N.Culture), r.UnitName, r))));
            rows.Add(new TableRow(Cells("", SubtotalName(section), section.Subtotal), RowKind.Total));
        }
        rows.Add(new TableRow(Cells("", "Tổng cộng", table.Total), RowKind.Total));
        return new Table(columns, rows) { Style = new TextStyle(8.5f), Padding = 2f, HeaderBands = bands, ColumnNumbers = ColumnNumbers };
    }

    /// <summary>"Cộng thành thị (I)": the section's subtotal row.</summary>
    public static string SubtotalName(FormSection section) =>
        $"Cộng {section.Title.Replace("Khu vực ", "", StringComparison.Ordinal)} ({section.Number})";

    /// <summary>The 16 numbers of a row as printed: counts "3.452", rates "0,44", a rate over no households "–".</summary>
    public static string[] Numbers(FormRow r) =>
    [
        N.Count(r.Households), N.Count(r.HouseholdsDtts),
        N.Count(r.StartHouseholds), FormWords.Rate(r.StartRate), N.Count(r.StartDtts), FormWords.Rate(r.StartDttsRate),
        N.Count(r.Escaped), FormWords.Rate(r.EscapedRate), N.Count(r.Returned), FormWords.Rate(r.ReturnedRate), N.Count(r.Newly), FormWords.Rate(r.NewlyRate),
        N.Count(r.EndHouseholds), FormWords.Rate(r.EndRate), N.Count(r.EndDtts), FormWords.Rate(r.EndDttsRate),
    ];

    private static string[] Cells(string number, string name, FormRow row) => [number, name, .. Numbers(row)];
}
