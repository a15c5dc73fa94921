using System.Text;
using CsCheck;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// The XLSX writer every workbook goes through: numbers are numeric cells with their own number
/// format (one column may mix them), text is formula-safe and survives characters XML cannot
/// carry, sheet names are ones Excel accepts, and the same sheets give the same bytes.
/// </summary>
public sealed class XlsxWorkbookTests : IDisposable
{
    private readonly TempFolder folder = new();

    [Fact]
    public void Should_store_each_number_at_full_precision_with_the_format_of_its_own_cell()
    {
        var path = Write(book => book.AddSheet("Tổng quan", ["Chỉ tiêu", "Giá trị"],
        [
            [new("Năm kế hoạch"), new(2024L, XlsxFormats.Integer)],
            [new("Tổng số hộ"), new(3434L, XlsxFormats.Count)],
            [new("Tỷ lệ hộ nghèo"), new(15.0 / 3434, XlsxFormats.Percent)],
            [new("Dự kiến số hộ nghèo"), new(11.23, XlsxFormats.Decimal)],
            [new("Ngày"), new(new DateOnly(2024, 12, 31), XlsxFormats.Date)],
            [new("Không định dạng"), new(1e-7)],
        ]));

        var sheet = XlsxCells.Read(path).ShouldHaveSingleItem();
        sheet.Name.ShouldBe("Tổng quan");
        var values = sheet.Column("Giá trị");
        values.Select(c => c.Format).ShouldBe(["0", "#,##0", "0.00%", "#,##0.00##", "dd/mm/yyyy", "General"]);
        values.ShouldAllBe(c => c.Type == null, "every number a numeric cell");
        values[2].Number.ShouldBe(15.0 / 3434);
        values[4].Number.ShouldBe(45657, "31/12/2024 as Excel's day number");
        values[5].Number.ShouldBe(1e-7);
        sheet.Cell("A1").Format.ShouldBe("General");
    }

    [Fact]
    public void Should_guard_text_that_starts_like_a_formula_and_keep_characters_xml_cannot_carry()
    {
        const string Control = "tổ\u0001 Thợ";
        const string LooksEscaped = "_x0041_ và _x00";
        var path = Write(book => book.AddSheet("Văn bản", ["=cmd", "b", "c", "d"],
            [[new("=HYPERLINK(\"http://x\",\"y\")"), new(Control), new(LooksEscaped), new(double.NaN)]]));

        var row = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ShouldHaveSingleItem();
        row.Keys.ShouldBe(["'=cmd", "b", "c", "d"]);
        row["'=cmd"].ShouldBe("'=HYPERLINK(\"http://x\",\"y\")");
        row["b"].ShouldBe(Control);
        row["c"].ShouldBe(LooksEscaped);
        row["d"].ShouldBe("NaN", "a sheet has no NaN number: the text");
    }

    [Fact]
    public void Should_write_the_same_bytes_for_the_same_sheets()
    {
        static void Sheets(XlsxWorkbook book)
        {
            book.AddSheet("Phường", ["Năm", "Tỷ lệ (%)"], [[new(2024L, XlsxFormats.Integer), new(0.0044, XlsxFormats.Percent)]]);
            book.AddSheet("Thôn", ["Năm"], [[new(2023L, XlsxFormats.Integer)]]);
        }

        File.ReadAllBytes(Write(Sheets, "a.xlsx")).ShouldBe(File.ReadAllBytes(Write(Sheets, "b.xlsx")));
    }

    [Fact]
    public void Should_keep_vietnamese_sheet_names_and_cut_them_at_31_characters()
    {
        var names = new XlsxSheetNames();
        names.Next("Khoảng trống hỗ trợ").ShouldBe("Khoảng trống hỗ trợ");
        names.Next("Đa chiều").ShouldBe("Đa chiều");
        var longName = names.Next("Khoảng trống hỗ trợ theo chương trình năm 2024");
        longName.ShouldBe("Khoảng trống hỗ trợ theo chương");
        longName.Length.ShouldBe(31);
        names.Next("Khoảng trống hỗ trợ theo chương trình năm 2025").ShouldBe("Khoảng trống hỗ trợ theo ch (2)");
        names.Next("Tổ 1/2: [A]?").ShouldBe("Tổ 1-2- -A--");
        names.Next("ĐA CHIỀU").ShouldBe("ĐA CHIỀU (2)", "Excel compares names without regard to case");
        names.Next("'Ưu tiên'").ShouldBe("Ưu tiên");
        // Decomposed diacritics (as some keyboards type them) are composed before counting.
        XlsxSheetNames.Valid("Ưu tiên".Normalize(NormalizationForm.FormD)).ShouldBe("Ưu tiên");
    }

    [Fact]
    public void Should_give_every_sheet_a_valid_unique_name_whatever_it_was_asked_for()
    {
        var name = Gen.Char["aăâđĐơưạỹ AZ019[]:*?/\\'\u0001_()"].Array[0, 45].Select(c => new string(c));
        name.List[1, 12].Sample(wanted =>
        {
            var names = new XlsxSheetNames();
            var given = wanted.Select(names.Next).ToList();
            given.Distinct(StringComparer.OrdinalIgnoreCase).Count().ShouldBe(given.Count);
            foreach (var n in given)
            {
                n.Length.ShouldBeInRange(1, 31);
                n.IndexOfAny("[]:*?/\\".ToCharArray()).ShouldBe(-1);
                n.ShouldNotStartWith("'");
                n.ShouldNotEndWith("'");
                n.Any(char.IsControl).ShouldBeFalse();
            }
            var again = new XlsxSheetNames();
            wanted.Select(again.Next).ShouldBe(given, "the same names in the same order give the same result");
        }, iter: 2_000);
    }

    [Fact]
    public void Should_be_readable_as_a_workbook_with_every_sheet_in_order()
    {
        var path = Write(book =>
        {
            book.AddSheet("Phụ lục", ["STT"], [[new(1L, XlsxFormats.Integer)]]);
            book.AddSheet("Nguồn số liệu", ["Mục", "Giá trị"], [[new("Mã nội dung (content hash)"), new("abc")]]);
        });

        MiniExcel.GetSheetNames(path).ShouldBe(["Phụ lục", "Nguồn số liệu"]);
        MiniExcel.Query(path, useHeaderRow: true, sheetName: "Nguồn số liệu").Cast<IDictionary<string, object?>>().Single()["Giá trị"].ShouldBe("abc");
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
