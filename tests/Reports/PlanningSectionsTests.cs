using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>The planners' figures in the trend report and the briefing: Alkire–Foster, priority list, coverage gaps.</summary>
public sealed class PlanningSectionsTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    [Fact]
    public void Should_show_the_alkire_foster_table_priority_list_and_gaps_in_the_trend_report_as_the_mart_has_them()
    {
        using var folder = new TempFolder();
        var report = TrendReport.Build(fixture.Mart.Connection, fixture.Mart.Clock, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        var xlsx = ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).Single();

        pdf.Flow.ShouldContain("V. Nghèo đa chiều, thứ tự ưu tiên và hỗ trợ năm 2024");
        var wardM0 = fixture.Mart.Scalar<double>("SELECT m0 FROM v_mpi_by_group WHERE ward_code = 'DISU' AND review_year = 2024 AND group_code IS NULL");
        pdf.Pages.SelectMany(p => p).ShouldContain(l => l.StartsWith("Toàn phường Dị Sử ", StringComparison.Ordinal)
            && l.Contains(" " + wardM0.ToString("0.0000", VietnameseNumbers.Culture) + " ", StringComparison.Ordinal));
        var first = fixture.Mart.Rows("SELECT group_name, recommendation_vi FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2024 AND priority_rank = 1").ShouldHaveSingleItem();
        pdf.Flow.ShouldContain($"1. {first[1]}");
        pdf.Pages.SelectMany(p => p).ShouldContain(l => l.StartsWith("1 " + (string)first[0]! + " ", StringComparison.Ordinal));

        var sheet = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Ưu tiên").Cast<IDictionary<string, object?>>().ToList();
        sheet.Count.ShouldBe(9);
        sheet[0]["Tổ dân phố"].ShouldBe(first[0]);
        var gapSheet = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Khoảng trống hỗ trợ").Cast<IDictionary<string, object?>>().ToList();
        var largest = fixture.Mart.Scalar<long>("SELECT max(gap) FROM v_support_coverage WHERE ward_code = 'DISU' AND review_year = 2024");
        Convert.ToInt64(gapSheet[0]["Chưa nhận"], CultureInfo.InvariantCulture).ShouldBe(largest);
    }

    [Fact]
    public void Should_name_the_first_three_priority_groups_and_the_largest_gap_in_the_briefing_within_two_pages()
    {
        var report = DemoMartFixture.Briefing2024;
        var pdf = DemoMartFixture.Pdf(report);

        pdf.Pages.Count.ShouldBeLessThanOrEqualTo(2);
        pdf.Flow.ShouldContain("5. Thứ tự ưu tiên hỗ trợ năm 2024");
        var firstThree = fixture.Mart.Rows("SELECT group_name FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY priority_rank LIMIT 3")
            .Select(r => (string)r[0]!).ToList();
        var section = pdf.Flow[pdf.Flow.IndexOf("ba tổ cần ưu tiên trước", StringComparison.Ordinal)..];
        firstThree.Select(n => section.IndexOf(n, StringComparison.Ordinal)).ShouldBeInOrder(SortDirection.Ascending);
        firstThree.ShouldAllBe(n => section.Contains(n, StringComparison.Ordinal));
        var gap = fixture.Mart.Rows("SELECT group_name, gap, entitled FROM v_support_coverage WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY gap DESC, gap_poor DESC, group_code, program_code LIMIT 1").Single();
        pdf.Flow.ShouldContain($"ở {gap[0]} ({gap[1]}/{gap[2]} hộ chưa nhận)");
    }
}
