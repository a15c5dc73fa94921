using System.Text;
using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>The PDF layer: page breaks, repeated headers, keep-together, page numbers, metadata, Vietnamese text.</summary>
public sealed class DocumentLayoutTests
{
    private static readonly DocumentInfo Info = new("Báo cáo thử: Tổ dân phố Nhân Vinh", "UBND PHƯỜNG DỊ SỬ", "Kiểm thử", "thử",
        new DateTimeOffset(2024, 12, 20, 8, 0, 0, TimeSpan.Zero));

    private static PdfText Write(TempFolder folder, params Block[] body)
    {
        var path = folder.File("doc.pdf");
        using (var stream = File.Create(path))
            PdfWriter.Write(stream, Info, PageSetup.A4Portrait, new PageDecoration("Đầu trang", "Nguồn: thử nghiệm"), body);
        return PdfText.Read(path);
    }

    private static Table Rows(int count) => new(
        [new TableColumn("Số thứ tự", 1, TextAlign.Right), new TableColumn("Tên hộ giả định", 3), new TableColumn("Tỷ lệ (%)", 1, TextAlign.Right)],
        Enumerable.Range(1, count).Select(i => new TableRow([i.ToString(), $"Hộ thứ {i} ở tổ dân phố Thợ", (i / 100.0).ToString("F2", DiSu.Analytics.Reports.VietnameseNumbers.Culture)]))
            .Append(new TableRow(["", "Cộng", "—"], RowKind.Total)).ToList());

    [Fact]
    public void Should_break_a_200_row_table_across_pages_with_the_header_on_every_page_and_no_row_split()
    {
        using var folder = new TempFolder();
        var pdf = Write(folder, new Paragraph("Bảng kiểm thử"), Rows(200));

        pdf.Pages.Count.ShouldBeGreaterThan(3);
        for (var page = 1; page <= pdf.Pages.Count; page++)
        {
            pdf.Pages[page - 1].ShouldContain("Số thứ tự Tên hộ giả định Tỷ lệ (%)", $"header on page {page}");
            pdf.Page(page).ShouldContain($"Trang {page}/{pdf.Pages.Count}");
        }
        var rows = pdf.Pages.SelectMany(p => p).Where(l => l.Contains(" Hộ thứ ", StringComparison.Ordinal)).ToList();
        rows.Count.ShouldBe(200);
        rows.Select(r => int.Parse(r.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(1, 200));
        rows[149].ShouldBe("150 Hộ thứ 150 ở tổ dân phố Thợ 1,50");
        pdf.Pages[^1].ShouldContain("Cộng —");
    }

    [Fact]
    public void Should_never_leave_a_header_row_alone_at_the_bottom_of_a_page()
    {
        var typesetter = new Typesetter(ReportFonts.Shared);
        var page = PageSetup.A4Portrait;
        var filler = new Spacer(page.BodyBottom - page.BodyTop - 20);
        var fragments = new Block[] { filler, Rows(5) }.SelectMany(b => b.Layout(typesetter, page.BodyWidth)).ToList();

        var pages = PdfWriter.Paginate(fragments, page);

        pages.Count.ShouldBe(2);
        pages[0].ShouldHaveSingleItem();
        pages[1].Count.ShouldBe(7);
    }

    [Fact]
    public void Should_keep_the_signature_block_with_what_precedes_it()
    {
        var typesetter = new Typesetter(ReportFonts.Shared);
        var page = PageSetup.A4Portrait;
        var closing = new Paragraph("Đoạn cuối trước chữ ký.");
        var filler = new Spacer(page.BodyBottom - page.BodyTop - 30);
        var fragments = new Block[] { filler, closing, OfficialParts.Signature() }.SelectMany(b => b.Layout(typesetter, page.BodyWidth)).ToList();

        var pages = PdfWriter.Paginate(fragments, page);

        pages.Count.ShouldBe(2);
        pages[1].Count.ShouldBe(2, "the closing line moves with the signature");
    }

    [Fact]
    public void Should_keep_diacritics_of_decomposed_input_and_write_the_metadata()
    {
        using var folder = new TempFolder();
        var decomposed = "Tỷ lệ hộ nghèo giảm ở Tổ dân phố Nhân Vinh".Normalize(NormalizationForm.FormD);
        var pdf = Write(folder, new Paragraph(decomposed));

        pdf.Page(1).ShouldContain("Tỷ lệ hộ nghèo giảm ở Tổ dân phố Nhân Vinh");
        pdf.Page(1).ShouldContain("Trang 1/1");
        pdf.Title.ShouldBe("Báo cáo thử: Tổ dân phố Nhân Vinh");
        pdf.Author.ShouldBe("UBND PHƯỜNG DỊ SỬ");
        pdf.Subject.ShouldBe("Kiểm thử");
        pdf.CreationDate.ShouldNotBeNull().ShouldStartWith("D:20241220080000");
    }

    [Fact]
    public void Should_wrap_long_text_within_the_width()
    {
        using var typesetter = new Typesetter(ReportFonts.Shared);
        var text = string.Join(" ", Enumerable.Repeat("Hỗ trợ bảo hiểm y tế cho hộ cận nghèo", 12));

        var lines = typesetter.Wrap(text, TextStyle.Body, 200);

        lines.Count.ShouldBeGreaterThan(5);
        lines.ShouldAllBe(l => typesetter.Width(l, TextStyle.Body) <= 200);
        string.Join(" ", lines).ShouldBe(text);
    }
}
