using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// A sheet laid out like a printed form: cells where they are put, merged ranges whose every cell
/// carries the border, widths and heights as given, each cell's own style, A4 landscape fitted to
/// one page wide with the print area and the repeated header rows as Excel's defined names, values
/// only (text formula-safe), and the same bytes for the same layout.
/// </summary>
public sealed class XlsxLayoutSheetTests : IDisposable
{
    private static readonly XlsxStyle Boxed = new() { Border = true, Bold = true, Horizontal = XlsxAlign.Center, Middle = true, Wrap = true };
    private readonly TempFolder folder = new();

    private static XlsxLayoutSheet Form(string name = "Biểu 01")
    {
        var sheet = new XlsxLayoutSheet(name) { PrintTitleRows = (3, 4), PrintArea = new XlsxRange(1, 1, 6, 4) };
        sheet.Merge(new XlsxRange(1, 1, 1, 4), "TỔNG HỢP", new XlsxStyle { Bold = true, Size = 13, Horizontal = XlsxAlign.Center });
        sheet.Merge(new XlsxRange(3, 1, 4, 1), "STT", Boxed);
        sheet.Merge(new XlsxRange(3, 2, 3, 3), "Hộ nghèo", Boxed);
        sheet.Set(4, 2, "Số hộ", Boxed);
        sheet.Set(4, 3, "Tỷ lệ %", Boxed);
        sheet.Set(5, 1, 1L, new XlsxStyle { Border = true, Format = XlsxFormats.Integer });
        sheet.Set(5, 2, 1234L, new XlsxStyle { Border = true, Format = XlsxFormats.Count });
        sheet.Set(5, 3, 0.1234, new XlsxStyle { Border = true, Format = XlsxFormats.Percent });
        sheet.Set(5, 4, null, new XlsxStyle { Border = true, Format = XlsxFormats.Percent });
        sheet.Set(6, 2, "=HYPERLINK(\"http://x\")");
        sheet.Width(2, 24);
        sheet.Height(3, 36);
        sheet.Height(7, 18);
        return sheet;
    }

    [Fact]
    public void Should_put_cells_where_they_are_given_with_merged_ranges_bordered_in_every_cell()
    {
        var book = LaidOutBook.Read(Write(b => b.AddSheet(Form())));

        var sheet = book.Sheets.ShouldHaveSingleItem();
        sheet.Name.ShouldBe("Biểu 01");
        sheet.Merges.ShouldBe(["A1:D1", "A3:A4", "B3:C3"]);
        sheet.Cell("A1").Text.ShouldBe("TỔNG HỢP");
        sheet.Cell("A1").Bold.ShouldBeTrue();
        sheet.Cell("B3").Text.ShouldBe("Hộ nghèo");
        // Excel draws a merged range's border from its cells: each one carries it, empty but styled.
        foreach (var covered in new[] { "A4", "C3" })
        {
            sheet.Cell(covered).Text.ShouldBe("");
            sheet.Cell(covered).Border.ShouldBeTrue(covered);
        }
        sheet.Cell("A3").Horizontal.ShouldBe("center");
        sheet.Cell("A3").Wrap.ShouldBeTrue();
        sheet.Widths.ShouldBe(new Dictionary<int, double> { [2] = 24 });
        sheet.Heights.ShouldBe(new Dictionary<int, double> { [3] = 36, [7] = 18 }, "a row with a height and no cells is still written");
    }

    [Fact]
    public void Should_store_numbers_as_numbers_with_their_format_and_guard_text_that_looks_like_a_formula()
    {
        var path = Write(b => b.AddSheet(Form()));
        var sheet = LaidOutBook.Read(path).Sheets.Single();

        sheet.Cell("A5").Number.ShouldBe(1);
        sheet.Cell("A5").Format.ShouldBe("0");
        sheet.Cell("B5").Number.ShouldBe(1234);
        sheet.Cell("B5").Format.ShouldBe("#,##0");
        sheet.Cell("C5").Number.ShouldBe(0.1234);
        sheet.Cell("C5").Format.ShouldBe("0.00%");
        var empty = sheet.Cell("D5");
        (empty.Type, empty.Text, empty.Format, empty.Border).ShouldBe(((string?)null, "", "0.00%", true), "an empty rate keeps its border and format");
        sheet.Cell("B6").Text.ShouldBe("'=HYPERLINK(\"http://x\")");
        sheet.Cell("B6").Type.ShouldBe("inlineStr");
        LaidOutBook.PartsWithFormulas(path).ShouldBeEmpty();
    }

    [Fact]
    public void Should_print_a4_landscape_one_page_wide_with_the_print_area_and_title_rows_of_its_own_sheet()
    {
        // A plain sheet first: the laid-out sheet's defined names must name the second sheet (localSheetId 1).
        var book = LaidOutBook.Read(Write(b =>
        {
            b.AddSheet("Dữ liệu", ["Năm"], [[new(2024L, XlsxFormats.Integer)]]);
            b.AddSheet(Form("Hộ 'A' nghèo"));
        }));

        var form = book.Sheets[1];
        form.Name.ShouldBe("Hộ 'A' nghèo");
        form.PageSetup["orientation"].ShouldBe("landscape");
        form.PageSetup["paperSize"].ShouldBe("9", "A4");
        form.PageSetup["fitToWidth"].ShouldBe("1");
        form.PageSetup["fitToHeight"].ShouldBe("0", "as many pages long as it needs");
        form.FitToPage.ShouldBeTrue();
        book.Sheets[0].PageSetup.ShouldBeEmpty("a plain sheet keeps Excel's defaults");
        book.Names.Where(n => n.Sheet == 1).ShouldBe(
        [
            new DefinedName("_xlnm.Print_Area", 1, "'Hộ ''A'' nghèo'!$A$1:$D$6"),
            new DefinedName("_xlnm.Print_Titles", 1, "'Hộ ''A'' nghèo'!$3:$4"),
        ]);
        book.Names.ShouldContain(n => n.Name == "_xlnm._FilterDatabase" && n.Sheet == 0, "the plain sheet keeps its filter");
    }

    [Fact]
    public void Should_open_as_a_workbook_and_give_the_same_bytes_for_the_same_layout()
    {
        var a = Write(b => { b.AddSheet(Form()); b.AddSheet(Form()); }, "a.xlsx");
        var b2 = Write(b => { b.AddSheet(Form()); b.AddSheet(Form()); }, "b.xlsx");

        File.ReadAllBytes(a).ShouldBe(File.ReadAllBytes(b2));
        MiniExcel.GetSheetNames(a).ShouldBe(["Biểu 01", "Biểu 01 (2)"]);
        var rows = MiniExcel.Query(a, useHeaderRow: false).Cast<IDictionary<string, object?>>().ToList();
        rows[0]["A"].ShouldBe("TỔNG HỢP");
        Convert.ToDouble(rows[4]["B"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1234);
    }

    [Fact]
    public void Should_refuse_merged_ranges_that_overlap_or_cover_one_cell()
    {
        var sheet = new XlsxLayoutSheet("Biểu");
        sheet.Merge(new XlsxRange(1, 1, 2, 3), "a");

        Should.Throw<ArgumentException>(() => sheet.Merge(new XlsxRange(2, 3, 3, 4), "b")).Message.ShouldContain("overlaps A1:C2");
        Should.Throw<ArgumentException>(() => sheet.Merge(new XlsxRange(5, 5, 5, 5), "c"));
        Should.Throw<ArgumentOutOfRangeException>(() => sheet.Set(0, 1, "d"));
    }

    private string Write(Action<XlsxWorkbook> sheets, string name = "book.xlsx")
    {
        var path = folder.File(name);
        using (var stream = File.Create(path))
        using (var book = new XlsxWorkbook(stream))
            sheets(book);
        return path;
    }

    public void Dispose() => folder.Dispose();
}
