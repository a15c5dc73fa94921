using DiSu.Analytics.Mart.Export;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The forms as an XLSX an officer can edit and forward: one sheet per table laid out as the form
/// of Circular 07/2021 (the line citing the decision, the title with year and level, the header of
/// three levels with merged cells, the row of column numbers, sections I and II with their
/// subtotals, Tổng cộng), the note under the table, the signature blocks, and the provenance on a
/// sheet of its own. Values only, no formulas: an edited cell does not silently change a total that
/// was filed. Every number is the <see cref="FormsModel"/>'s; a rate is stored as the fraction under
/// the percentage format (Excel shows 12,34% in vi-VN, the same rate unit as every other workbook
/// of the product), and is an empty cell where the unit has no households. A4 landscape, one page
/// wide, the header rows repeated on every page, the print area set.
/// </summary>
public static class FormsWorkbook
{
    /// <summary>Column of STT, of the unit's name, and of form column (1); form column k is at <see cref="FirstNumber"/> + k − 1.</summary>
    public const int SttColumn = 1, UnitColumn = 2, FirstNumber = 3;

    /// <summary>The form's sixteen numbered columns.</summary>
    public const int NumberedColumns = 16;

    public const int LastColumn = FirstNumber + NumberedColumns - 1;

    /// <summary>The header's rows: three levels, then the column numbers; repeated on every printed page.</summary>
    public const int HeaderFirstRow = 5, HeaderLastRow = 8;

    public const string Font = "Times New Roman";

    private static readonly XlsxStyle Text = new() { Font = Font, Size = 11 };
    private static readonly XlsxStyle Cited = Text with { Italic = true, Horizontal = XlsxAlign.Center };
    private static readonly XlsxStyle Title = Text with { Size = 13, Bold = true, Horizontal = XlsxAlign.Center, Middle = true };
    private static readonly XlsxStyle Level = Text with { Italic = true, Horizontal = XlsxAlign.Center };
    private static readonly XlsxStyle Header = Text with { Bold = true, Horizontal = XlsxAlign.Center, Middle = true, Wrap = true, Border = true };
    private static readonly XlsxStyle ColumnNumber = Text with { Italic = true, Horizontal = XlsxAlign.Center, Middle = true, Border = true };
    private static readonly XlsxStyle Cell = Text with { Middle = true, Border = true };
    private static readonly XlsxStyle Name = Cell with { Wrap = true };
    private static readonly XlsxStyle Stt = Cell with { Horizontal = XlsxAlign.Center, Format = XlsxFormats.Integer };
    private static readonly XlsxStyle Count = Cell with { Format = XlsxFormats.Count };
    private static readonly XlsxStyle Rate = Cell with { Format = XlsxFormats.Percent };
    private static readonly XlsxStyle NoteHead = Text with { Bold = true, Italic = true };
    private static readonly XlsxStyle Note = Text with { Wrap = true, Horizontal = XlsxAlign.Left, Middle = true };
    private static readonly XlsxStyle Signer = Text with { Bold = true, Horizontal = XlsxAlign.Center };
    private static readonly XlsxStyle SignHint = Text with { Italic = true, Horizontal = XlsxAlign.Center };

    /// <summary>Writes the workbook of <paramref name="model"/>: "Hộ nghèo", "Hộ cận nghèo", then <see cref="ReportFiles.ProvenanceSheet"/>.</summary>
    public static void Write(FormsModel model, Provenance provenance, Stream output)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(provenance);
        ArgumentNullException.ThrowIfNull(output);
        using var book = new XlsxWorkbook(output);
        foreach (var table in model.Tables)
            book.AddSheet(Sheet(model, table));
        book.AddSheet(ReportFiles.ProvenanceSheet, ["Mục", "Giá trị"], ProvenanceFields(model, provenance)
            .Select(f => (IReadOnlyList<XlsxCell>)[new XlsxCell(f.Key), new XlsxCell(f.Value)]));
    }

    /// <summary>"Hộ nghèo" or "Hộ cận nghèo": the sheet of a table, as the CSV names it.</summary>
    public static string SheetName(FormClass kind) => FormsSheet.Name(kind);

    private static XlsxLayoutSheet Sheet(FormsModel model, FormTable table)
    {
        var words = FormWords.Of(table.Class);
        var sheet = new XlsxLayoutSheet(SheetName(table.Class)) { Landscape = true, PrintTitleRows = (HeaderFirstRow, HeaderLastRow) };
        sheet.Width(SttColumn, 5.5);
        sheet.Width(UnitColumn, 24);
        for (var k = 1; k <= NumberedColumns; k++)
            sheet.Width(FirstNumber + k - 1, IsRateColumn(k) ? 8 : 9.5);

        sheet.Merge(new(1, 1, 1, LastColumn), "(Kèm theo Công văn/Quyết định số …… ngày …… của ……)", Cited);
        sheet.Merge(new(2, 1, 2, LastColumn), FormsReport.Title(model, table.Class), Title);
        sheet.Height(2, 22);
        sheet.Merge(new(3, 1, 3, LastColumn), FormsReport.LevelLine(model), Level);
        sheet.Height(4, 8);

        // The header: STT | Đơn vị | (1)–(2) | (3)–(6) | Diễn biến (7)–(12) | (13)–(16).
        const int Top = HeaderFirstRow, Middle = HeaderFirstRow + 1, Bottom = HeaderFirstRow + 2;
        sheet.Merge(new(Top, SttColumn, Bottom, SttColumn), "STT", Header);
        sheet.Merge(new(Top, UnitColumn, Bottom, UnitColumn), "Đơn vị", Header);
        sheet.Merge(new(Top, At(1), Middle, At(2)), "Tổng số hộ dân cư", Header);
        sheet.Set(Bottom, At(1), "Số hộ", Header);
        sheet.Set(Bottom, At(2), "Trong đó hộ DTTS", Header);
        sheet.Merge(new(Top, At(3), Middle, At(6)), $"{words.HouseholdsTitle} đầu năm theo Quyết định phê duyệt", Header);
        sheet.Merge(new(Top, At(7), Top, At(12)), "Diễn biến trong năm", Header);
        sheet.Merge(new(Middle, At(7), Middle, At(8)), $"Số hộ {words.Escaped}", Header);
        sheet.Merge(new(Middle, At(9), Middle, At(10)), $"Số hộ {words.Returned}", Header);
        sheet.Merge(new(Middle, At(11), Middle, At(12)), $"Số hộ {words.Newly}", Header);
        sheet.Merge(new(Top, At(13), Middle, At(16)), $"{words.HouseholdsTitle} cuối năm", Header);
        foreach (var first in new[] { 3, 13 })
        {
            sheet.Set(Bottom, At(first), "Số hộ", Header);
            sheet.Set(Bottom, At(first + 1), "Tỷ lệ %", Header);
            sheet.Set(Bottom, At(first + 2), "Số hộ DTTS", Header);
            sheet.Set(Bottom, At(first + 3), "Tỷ lệ %", Header);
        }
        foreach (var first in new[] { 7, 9, 11 })
        {
            sheet.Set(Bottom, At(first), "Số hộ", Header);
            sheet.Set(Bottom, At(first + 1), "Tỷ lệ %", Header);
        }
        sheet.Height(Top, 22);
        sheet.Height(Middle, 36);
        sheet.Height(Bottom, 32);
        sheet.Set(HeaderLastRow, SttColumn, "A", ColumnNumber);
        sheet.Set(HeaderLastRow, UnitColumn, "B", ColumnNumber);
        for (var k = 1; k <= NumberedColumns; k++)
            sheet.Set(HeaderLastRow, At(k), $"({k})", ColumnNumber);

        var row = HeaderLastRow;
        foreach (var section in table.Sections)
        {
            row++;
            sheet.Set(row, SttColumn, section.Number, Header with { Wrap = false });
            sheet.Set(row, UnitColumn, section.Title, Name with { Bold = true });
            for (var k = 1; k <= NumberedColumns; k++)
                sheet.Set(row, At(k), null, Cell);
            var stt = 0;
            foreach (var unit in section.Rows)
                Figures(sheet, ++row, ++stt, unit.UnitName, unit, bold: false);
            Figures(sheet, ++row, null, $"Cộng {section.Title.ToLower(VietnameseNumbers.Culture)}", section.Subtotal, bold: true);
        }
        Figures(sheet, ++row, null, "Tổng cộng", table.Total, bold: true);

        row++;
        sheet.Set(++row, SttColumn, "Ghi chú:", NoteHead);
        // Numbered, not "- …": a text cell starting with '-' would get the formula guard's apostrophe.
        var number = 0;
        foreach (var line in FormNotes.For(model, table))
        {
            var text = $"{++number}. {line}";
            sheet.Merge(new(++row, SttColumn, row, LastColumn), text, Note);
            sheet.Height(row, NoteHeight(text));
        }

        // Signatures: the preparer on the left, the chair for the committee on the right.
        row += 2;
        var left = (First: SttColumn, Last: At(4));
        var right = (First: At(10), Last: LastColumn);
        sheet.Merge(new(row, right.First, row, right.Last), "……, ngày …… tháng …… năm ……", SignHint);
        row++;
        sheet.Merge(new(row, left.First, row, left.Last), "NGƯỜI LẬP BIỂU", Signer);
        sheet.Merge(new(row, right.First, row, right.Last), "TM. ỦY BAN NHÂN DÂN", Signer);
        row++;
        sheet.Merge(new(row, left.First, row, left.Last), "(Ký, ghi rõ họ tên)", SignHint);
        sheet.Merge(new(row, right.First, row, right.Last), "CHỦ TỊCH", Signer);
        row++;
        sheet.Merge(new(row, right.First, row, right.Last), "(Ký, ghi rõ họ tên, đóng dấu)", SignHint);
        // Room to sign.
        for (var i = 1; i <= 4; i++)
            sheet.Height(row + i, 18);
        row += 4;
        sheet.PrintArea = new XlsxRange(1, SttColumn, row, LastColumn);
        return sheet;
    }

    /// <summary>The form columns (1)–(16) of one printed row; rates as fractions, empty over no households.</summary>
    private static void Figures(XlsxLayoutSheet sheet, int row, int? stt, string name, FormRow figures, bool bold)
    {
        sheet.Set(row, SttColumn, stt is { } n ? (long)n : null, Stt with { Bold = bold });
        sheet.Set(row, UnitColumn, name, Name with { Bold = bold });
        var values = Columns(figures);
        for (var k = 1; k <= NumberedColumns; k++)
        {
            var (count, rate) = values[k - 1];
            if (IsRateColumn(k))
                sheet.Set(row, At(k), rate is { } percent ? percent / 100 : null, Rate with { Bold = bold });
            else
                sheet.Set(row, At(k), count, Count with { Bold = bold });
        }
    }

    /// <summary>Form columns (1)–(16) of a row: a count, or (for the rate columns) a rate in percent.</summary>
    private static (long Count, double? Rate)[] Columns(FormRow r) =>
    [
        (r.Households, null), (r.HouseholdsDtts, null),
        (r.StartHouseholds, null), (0, r.StartRate), (r.StartDtts, null), (0, r.StartDttsRate),
        (r.Escaped, null), (0, r.EscapedRate), (r.Returned, null), (0, r.ReturnedRate), (r.Newly, null), (0, r.NewlyRate),
        (r.EndHouseholds, null), (0, r.EndRate), (r.EndDtts, null), (0, r.EndDttsRate),
    ];

    /// <summary>Form columns 4, 6, 8, 10, 12, 14, 16 are rates (Tỷ lệ %).</summary>
    public static bool IsRateColumn(int formColumn) => formColumn is 4 or 6 or 8 or 10 or 12 or 14 or 16;

    /// <summary>The sheet column of form column <paramref name="formColumn"/> (1 … 16).</summary>
    public static int At(int formColumn) => FirstNumber + formColumn - 1;

    /// <summary>A note line's height: Excel does not grow a merged row to fit its wrapped text.</summary>
    private static double NoteHeight(string line)
    {
        // The merged width is about 160 characters of the sheet's font; a line of 11 pt is 15 points high.
        var lines = Math.Max(1, (int)Math.Ceiling((line.Length + 2) / 150.0));
        return 15 * lines + 2;
    }

    private static IEnumerable<(string Key, string Value)> ProvenanceFields(FormsModel model, Provenance provenance)
    {
        var level = model.Level == FormLevel.Ward ? "cấp xã" : "cấp tỉnh";
        return new (string, string)[]
        {
            ("Tài liệu (document)", $"Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo năm {model.Year.Value} ({level}: {model.Name})"),
            ("Đơn vị (unit)", $"{model.Name} ({model.Code})"),
            ("Năm rà soát (review year)", model.Year.Value.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Đầu năm theo kết quả rà soát năm (start from review of)", model.PreviousYear.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        }.Concat(provenance.Fields());
    }
}
