using System.Globalization;
using DiSu.Analytics.Mart.Standards;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Tests.Mart;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The plan for 2027 is built on 2026 data, reviewed under Decree 07, while 2027 is classified under
/// Decree 351/2025: the briefing and the appendix state the baseline under both standards, with the
/// waste bounds, and print the numbers of v_standard_impact, the same in the PDF and the workbook.
/// </summary>
public sealed class StandardBaselineTests
{
    private const string Ward = ImpactWard.Urban;

    // Poor 4 and near-poor 1 of 11 households officially; under Decree 351/2025 poor 4–6 and near-poor 1–3.
    private const string Baseline =
        "Từ năm 2027 áp dụng chuẩn nghèo theo Nghị định 351/2025/NĐ-CP (thay Nghị định 07/2021/NĐ-CP). " +
        "Theo chuẩn đang áp dụng, cuối năm 2026 phường có 4 hộ nghèo (36,36%) và 1 hộ cận nghèo (9,09%) trên 11 hộ; " +
        "phân loại lại theo chuẩn năm 2027, số liệu gốc là 4–6 hộ nghèo (36,36–54,55%) và 1–3 hộ cận nghèo (9,09–27,27%) " +
        "(phân loại giả định, không thay đổi kết quả rà soát). Năm 2026 chưa thu thập chỉ số xử lý rác thải sinh hoạt mà chuẩn mới cần, " +
        "nên số theo chuẩn mới là một khoảng: cận dưới coi các hộ không thiếu hụt chỉ số này, cận trên coi các hộ thiếu hụt.";

    [Fact]
    public void Should_state_the_2026_baseline_under_both_standards_in_the_briefing()
    {
        using var mart = ImpactWard.Build();
        using var folder = new TempFolder();

        var report = BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(2027, Ward));

        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        pdf.Flow.ShouldContain(Baseline);
        CheckWorkbook(ReportFiles.Write(report, ReportFormat.Xlsx, folder.File("xlsx")).Single(), report.Baseline!);
        // Nothing was written: the report computed the what-if for its read; stored now, the view gives the same figures.
        mart.Scalar<long>("SELECT count(*) FROM standard_impact").ShouldBe(0);
        StandardImpact.Store(mart.Connection, 2026, "ND351_2025", null, TestMart.Epoch, "tests");
        CheckAgainstTheView(mart, report.Baseline!);
    }

    [Fact]
    public void Should_state_it_in_the_appendix_from_the_stored_what_if_when_there_is_one()
    {
        using var mart = ImpactWard.Build();
        using var folder = new TempFolder();
        StandardImpact.Store(mart.Connection, 2026, "ND351_2025", null, TestMart.Epoch, "tests");

        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2027, Ward));

        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        pdf.Flow.ShouldContain(Baseline);
        CheckAgainstTheView(mart, report.Baseline!);
        CheckWorkbook(ReportFiles.Write(report, ReportFormat.Xlsx, folder.File("xlsx")).Single(), report.Baseline!);
    }

    [Fact]
    public void Should_say_nothing_of_it_when_the_plan_year_keeps_the_standard()
    {
        using var mart = DemoMartFixture.UntrainedCopy();

        var briefing = BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(2025, DemoMartFixture.Ward));
        var appendix = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2025, DemoMartFixture.Ward));

        briefing.Baseline.ShouldBeNull();
        appendix.Baseline.ShouldBeNull();
        briefing.Sheets.ShouldNotContain(s => s.Name == StandardBaseline.SheetName);
        appendix.Sheets.ShouldNotContain(s => s.Name == StandardBaseline.SheetName);
    }

    /// <summary>Every figure of the block is v_standard_impact's ward row (rates as printed, to hundredths), once the what-if is stored.</summary>
    private static void CheckAgainstTheView(TestMart mart, StandardBaseline b)
    {
        var view = mart.Rows("""
            SELECT households, poor, near_poor, poor_low, poor_high, near_poor_high, near_poor_low,
                   round(poor_rate, 2), round(poor_rate_low, 2), round(poor_rate_high, 2), round(near_poor_rate_high, 2), round(near_poor_rate_low, 2)
            FROM v_standard_impact WHERE ward_code = ? AND review_year = 2026 AND standard_id = 'ND351_2025' AND group_code IS NULL
            """, Ward).ShouldHaveSingleItem().Select(v => Convert.ToDouble(v, CultureInfo.InvariantCulture));
        new double[] { b.Households, b.Poor, b.NearPoor, b.PoorLow, b.PoorHigh, b.NearPoorMin, b.NearPoorMax, b.PoorRate, b.PoorRateLow, b.PoorRateHigh, b.NearPoorRateMin, b.NearPoorRateMax }
            .ShouldBe(view);
        // The official counts are the year's own (v_ward_year).
        mart.Scalar<long>("SELECT poor FROM v_ward_year WHERE ward_code = ? AND review_year = 2026", Ward).ShouldBe(b.Poor);
        (b.Households, b.Poor, b.PoorLow, b.PoorHigh, b.NearPoorMin, b.NearPoorMax).ShouldBe((11L, 4L, 4L, 6L, 1L, 3L));
    }

    /// <summary>The workbook's sheet carries the figures the PDF prints.</summary>
    private static void CheckWorkbook(string path, StandardBaseline b)
    {
        var sheet = MiniExcel.Query(path, sheetName: StandardBaseline.SheetName, useHeaderRow: true)
            .Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["Chỉ tiêu"]!, r => r["Giá trị"]);
        double Number(string key) => Convert.ToDouble(sheet[key], CultureInfo.InvariantCulture);
        Number("Tổng số hộ").ShouldBe(b.Households);
        Number("Hộ nghèo theo chuẩn năm số liệu gốc").ShouldBe(b.Poor);
        Number("Hộ nghèo theo chuẩn năm kế hoạch - cận dưới").ShouldBe(b.PoorLow);
        Number("Hộ nghèo theo chuẩn năm kế hoạch - cận trên").ShouldBe(b.PoorHigh);
        Number("Hộ cận nghèo theo chuẩn năm kế hoạch - thấp nhất").ShouldBe(b.NearPoorMin);
        Number("Hộ cận nghèo theo chuẩn năm kế hoạch - cao nhất").ShouldBe(b.NearPoorMax);
        // Rates as fractions under a percentage format, to the hundredth of a percent the PDF prints.
        Number("Tỷ lệ hộ nghèo theo chuẩn năm kế hoạch - cận trên (%)").ShouldBe(0.5455, 1e-12);
        Number("Tỷ lệ hộ nghèo theo chuẩn năm số liệu gốc (%)").ShouldBe(0.3636, 1e-12);
        ((string)sheet["Chỉ số chưa thu thập (cận dưới: không thiếu hụt; cận trên: thiếu hụt)"]!).ShouldBe("xử lý rác thải sinh hoạt");
    }
}
