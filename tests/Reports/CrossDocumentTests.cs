using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// Two documents of one ward and year print the same numbers: the appendix's households and poor
/// at the end of its base year are, row for row and rate for rate, the trend report's last year,
/// as extracted from both PDFs. On the demo and on every ward of the generated 20-ward panel.
/// </summary>
public sealed class CrossDocumentTests(DemoMartFixture demo, PlanPanelFixture panel)
    : IClassFixture<DemoMartFixture>, IClassFixture<PlanPanelFixture>
{
    [Fact]
    public void Should_print_the_demos_2023_households_poor_and_rates_alike_in_the_2024_appendix_and_the_trend_report()
    {
        using var folder = new TempFolder();
        var appendix = AppendixReport.Build(demo.Mart.Connection, demo.Mart.Clock, new AppendixRequest(2024, DemoMartFixture.Ward));
        var pdf = PdfText.Read(ReportFiles.Write(appendix, ReportFormat.Pdf, folder.Path).Single());
        CheckAgree(demo.Mart, DemoMartFixture.Ward, firstYear: 2021, planYear: 2024, (appendix, pdf)).ShouldBe(10, "nine groups and the ward");
    }

    [Fact]
    public void Should_print_each_wards_base_year_alike_in_its_appendix_and_its_trend_report_across_the_panel()
    {
        var wards = Ward.All(panel.Mart.Connection);
        wards.Count.ShouldBe(20);
        foreach (var ward in wards)
            CheckAgree(panel.Mart, ward, firstYear: 2021, planYear: 2024, panel.Appendix2024(ward)).ShouldBeGreaterThan(1, ward);
    }

    /// <summary>The rows both documents print for the base year, checked equal; returns how many were compared.</summary>
    private static int CheckAgree(TestMart mart, string wardCode, int firstYear, int planYear, (AppendixReport Report, PdfText Pdf) printed)
    {
        using var folder = new TempFolder();
        var baseYear = planYear - 1;
        var (appendix, appendixPdf) = printed;
        var plan = GroupPlan.Read(mart.Connection, wardCode, planYear).ShouldNotBeNull(wardCode);
        var planRows = PlanPrints.Read(appendixPdf, plan, appendix.Model.Ward);
        var trend = TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(firstYear, baseYear, wardCode));
        var trendRows = PrintedYearRow.Read(PdfText.Read(ReportFiles.Write(trend, ReportFormat.Pdf, folder.Path).Single()), lastTable: int.MaxValue)
            .Where(r => r.Year == baseYear).ToList();

        var compared = 0;
        foreach (var row in planRows)
        {
            var isWard = row.Name.StartsWith("Toàn ", StringComparison.Ordinal);
            var same = isWard ? trendRows.First(r => r.Table == 1) : trendRows.Single(r => r.Caption == row.Name);
            var what = $"{wardCode} {row.Name} {baseYear}: appendix vs trend report";
            (row.Households, row.PoorStart).ShouldBe((same.Households, same.End), what);
            row.PoorStartRate.ShouldBe(same.Rate, what);
            compared++;
        }
        return compared;
    }
}
