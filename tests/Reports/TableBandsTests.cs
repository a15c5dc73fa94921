using DiSu.Analytics.Reports.Layout;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>The table's header bands (cells spanning columns, as an official form's header), its row of column numbers, and page breaks.</summary>
public sealed class TableBandsTests
{
    private static readonly DocumentInfo Info = new("Bảng thử có nhiều tầng tiêu đề", "UBND PHƯỜNG DỊ SỬ", "Kiểm thử", "thử", new DateTimeOffset(2024, 12, 20, 8, 0, 0, TimeSpan.Zero));

    private static readonly TableColumn[] Columns =
        [new("STT", 0.5f), new("Tên đơn vị", 2f), new("Số hộ", 1f, TextAlign.Right), new("Tỷ lệ %", 1f, TextAlign.Right), new("Số hộ", 1f, TextAlign.Right), new("Tỷ lệ %", 1f, TextAlign.Right)];

    private static Table Banded(int rows, IReadOnlyList<IReadOnlyList<HeaderCell>>? bands = null) =>
        new(Columns, Enumerable.Range(1, rows).Select(i => new TableRow([i.ToString(), $"Đơn vị thứ {i}", "12", "0,44", "3", "1,20"])).ToList())
        {
            HeaderBands = bands ??
            [
                [new(null), new(null), new("Hộ nghèo đầu năm", 2), new("Diễn biến trong năm", 2)],
                [new(null), new(null), new(null, 2), new("Thoát nghèo", 2)],
            ],
            ColumnNumbers = ["A", "B", "(1)", "(2)", "(3)", "(4)"],
        };

    private static PdfText Write(TempFolder folder, params Block[] body)
    {
        var path = folder.File("bands.pdf");
        using (var stream = File.Create(path))
            PdfWriter.Write(stream, Info, PageSetup.A4Portrait, new PageDecoration("Đầu trang", "Nguồn: thử nghiệm"), body);
        return PdfText.Read(path);
    }

    [Fact]
    public void Should_repeat_the_bands_and_the_column_numbers_on_every_page_of_a_long_table()
    {
        using var folder = new TempFolder();
        var pdf = Write(folder, Banded(150));

        pdf.Pages.Count.ShouldBeGreaterThan(2);
        for (var page = 1; page <= pdf.Pages.Count; page++)
        {
            var text = pdf.Page(page);
            text.ShouldContain("Hộ nghèo đầu năm", customMessage: $"page {page}");
            text.ShouldContain("Diễn biến trong năm", customMessage: $"page {page}");
            text.ShouldContain("Thoát nghèo", customMessage: $"page {page}");
            pdf.Pages[page - 1].ShouldContain("A B (1) (2) (3) (4)", $"page {page}");
        }
        var rows = pdf.Pages.SelectMany(p => p).Where(l => l.Contains(" Đơn vị thứ ", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(150);
        rows[99].ShouldBe("100 Đơn vị thứ 100 12 0,44 3 1,20");
    }

    [Fact]
    public void Should_make_the_header_as_tall_as_its_bands_and_the_column_headers_under_them()
    {
        var typesetter = new Typesetter(ReportFonts.Shared);
        var plain = new Table(Columns, [new TableRow(["1", "a", "1", "1", "1", "1"])]).Layout(typesetter, 400).First().Height;
        var banded = Banded(1).Layout(typesetter, 400).First().Height;

        // Two bands and a row of column numbers over the one row of column headers.
        banded.ShouldBeGreaterThan(plain * 3.5f);
    }

    public static TheoryData<string, IReadOnlyList<IReadOnlyList<HeaderCell>>> BadBands => new()
    {
        { "short", [[new("Một", 2), new("Hai", 3)]] },
        { "too wide", [[new("Một", 4), new("Hai", 3)]] },
        { "zero span", [[new("Một", 0), new("Hai", 6)]] },
        { "open above text", [[new(null), new("Tên", 5)], [new("STT"), new(null, 5)]] },
    };

    [Theory]
    [MemberData(nameof(BadBands))]
    public void Should_refuse_bands_that_do_not_cover_the_columns_exactly(string name, IReadOnlyList<IReadOnlyList<HeaderCell>> bands)
    {
        var typesetter = new Typesetter(ReportFonts.Shared);
        Should.Throw<ArgumentException>(() => Banded(2, bands).Layout(typesetter, 400).ToList(), name);
    }

    [Fact]
    public void Should_start_what_follows_a_page_break_on_a_new_page_but_not_leave_an_empty_page()
    {
        using var folder = new TempFolder();
        var pdf = Write(folder, new PageBreak(), new Paragraph("Bảng thứ nhất"), new PageBreak(), new Paragraph("Bảng thứ hai"));

        pdf.Pages.Count.ShouldBe(2);
        pdf.Page(1).ShouldContain("Bảng thứ nhất");
        pdf.Page(2).ShouldContain("Bảng thứ hai");
    }

    [Fact]
    public void Should_not_count_a_repeated_header_against_the_page_a_row_continues_on()
    {
        var page = PageSetup.A4Portrait;
        var header = new Fragment(120, (_, _, _) => { });
        var row = new Fragment(30, (_, _, _) => { }) { RepeatHeader = header };
        var filler = new Fragment(page.BodyBottom - page.BodyTop - 40, (_, _, _) => { });

        var pages = PdfWriter.Paginate([filler, row], page);

        pages.Count.ShouldBe(1, "the row fits under the filler; its header is drawn only when it opens a page");
    }
}
