using System.Globalization;
using System.Text;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>The Dị Sử demo loaded like <see cref="DemoMartFixture"/> but never trained: a briefing without forecasts.</summary>
public sealed class UntrainedDemoMartFixture : IDisposable
{
    public TestMart Mart { get; } = DemoMartFixture.UntrainedCopy();

    public void Dispose() => Mart.Dispose();
}

public sealed class BriefingReportTests(DemoMartFixture demo, UntrainedDemoMartFixture untrained)
    : IClassFixture<DemoMartFixture>, IClassFixture<UntrainedDemoMartFixture>
{
    private const string Ward = DemoMartFixture.Ward;

    [Fact]
    public void Should_fit_on_at_most_two_A4_pages_numbered_in_the_footer()
    {
        var (pdf, pages) = DemoPdf();
        pages.ShouldBeLessThanOrEqualTo(2);
        pdf.All.ShouldContain("Trang 1/" + pages.ToString(CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Should_state_the_rate_at_the_end_of_the_year_before_and_the_plan_target_as_the_mart_has_them()
    {
        var rate = demo.Mart.Scalar<double>("SELECT poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", Ward);
        var target = demo.Mart.Scalar<double>("SELECT target_poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2024", Ward);
        var (pdf, _) = DemoPdf();
        VietnameseNumbers.Percent(rate).ShouldBe("0,44%");
        VietnameseNumbers.Percent(target).ShouldBe("0,31%");
        var text = Flat(pdf);
        text.ShouldContain($"tỷ lệ hộ nghèo {VietnameseNumbers.Percent(rate)}");
        text.ShouldContain($"Mục tiêu năm 2024 là {VietnameseNumbers.Percent(target)}");
    }

    [Fact]
    public void Should_state_the_households_gap_to_the_target_from_the_floor_of_the_target_count()
    {
        var row = demo.Mart.Rows("SELECT poor, households FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", Ward)[0];
        var target = demo.Mart.Scalar<double>("SELECT target_poor_rate FROM fact_target WHERE is_current AND ward_code = ? AND year = 2024 AND group_code IS NULL", Ward);
        var gap = Convert.ToInt64(row[0], CultureInfo.InvariantCulture) - (long)Math.Floor(target * Convert.ToInt64(row[1], CultureInfo.InvariantCulture) / 100);
        var report = Demo;
        report.Model.GapHouseholds.ShouldBe(gap);
        new BriefingSentences(report.Model).TargetGap().ShouldContain($"cần giảm thêm ít nhất {VietnameseNumbers.Count(gap)} hộ nghèo");
    }

    [Fact]
    public void Should_name_the_three_groups_with_the_highest_forecast_rate_in_that_order()
    {
        var expected = demo.Mart.Rows("""
            SELECT group_name FROM v_group_forecast
            WHERE ward_code = ? AND target_year = 2024 AND group_code IS NOT NULL AND households > 0
            ORDER BY expected_rate DESC, expected_poor DESC LIMIT 3
            """, Ward).Select(r => (string)r[0]!).ToList();
        var (pdf, _) = DemoPdf();
        var text = Flat(pdf);
        var section = text[text.IndexOf("2. Ba tổ dân phố có nguy cơ cao nhất", StringComparison.Ordinal)..text.IndexOf("3. Nguy cơ tái nghèo", StringComparison.Ordinal)];
        var at = expected.Select(name => section.IndexOf("– " + name + ":", StringComparison.Ordinal)).ToList();
        at.ShouldAllBe(i => i >= 0);
        at.ShouldBeInOrder();
        section.ShouldContain("lý do chính: thu nhập bình quân thấp");
    }

    [Fact]
    public void Should_count_supported_households_per_program_as_fact_support_does()
    {
        using var folder = new TempFolder();
        var expected = demo.Mart.Rows("""
            SELECT p.label_vi, count(DISTINCT s.household_id) FROM fact_support s JOIN dim_program p USING (program_code)
            WHERE s.is_current AND s.ward_code = ? AND s.year = 2023 GROUP BY ALL
            """, Ward).ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        var report = Demo;
        report.Model.Support.ShouldNotBeNull().Year.ShouldBe(2023);
        report.Model.Support.Programs.ToDictionary(p => p.Label, p => p.Households).ShouldBe(expected, ignoreOrder: true);
        var (pdf, _) = Pdf(report, folder);
        foreach (var (label, households) in expected)
            pdf.Pages.SelectMany(p => p).ShouldContain(line => line.StartsWith(label + " " + VietnameseNumbers.Count(households) + " ", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_say_forecasts_are_missing_and_rank_groups_by_todays_rate_when_none_was_trained()
    {
        using var folder = new TempFolder();
        var report = Build(untrained.Mart);
        report.Model.Forecast.ShouldBeNull();
        report.Provenance.ModelId.ShouldBeNull();
        var byRate = untrained.Mart.Rows("""
            SELECT group_name FROM v_group_year WHERE ward_code = ? AND review_year = 2023 AND households > 0 AND poor > 0
            ORDER BY poor_rate DESC, poor DESC, group_code LIMIT 3
            """, Ward).Select(r => (string)r[0]!).ToList();
        report.Model.RiskGroups.Select(g => g.GroupName).ShouldBe(byRate);
        var (pdf, pages) = Pdf(report, folder);
        pages.ShouldBeLessThanOrEqualTo(2);
        var text = Flat(pdf);
        text.ShouldContain("Chưa có số liệu dự báo cho năm 2024, nên báo cáo không nêu số dự kiến");
        text.ShouldContain("Dự báo cho năm 2024 cần số liệu của ít nhất hai kỳ rà soát trước năm 2024");
        text.ShouldContain("được hệ thống tự lập sau mỗi lần nạp số liệu rà soát");
        text.ShouldNotContain("disu forecast");
        text.ShouldContain("xếp theo tỷ lệ hộ nghèo cuối năm 2023");
        text.ShouldContain("chưa ước tính được nguy cơ tái nghèo");
        text.ShouldNotContain("dự kiến còn");
    }

    [Fact]
    public void Should_write_the_same_text_and_numbers_for_the_same_data_and_clock()
    {
        using var folder = new TempFolder();
        var first = Build(demo.Mart);
        var second = Build(demo.Mart);
        var a = Pdf(first, folder, "a").Text;
        var b = Pdf(second, folder, "b").Text;
        a.All.ShouldBe(b.All);
        second.Provenance.ShouldBe(first.Provenance);
        a.Author.ShouldBe("UBND PHƯỜNG DỊ SỬ");
    }

    [Fact]
    public void Should_carry_the_same_key_numbers_in_the_xlsx()
    {
        using var folder = new TempFolder();
        var report = Demo;
        var path = ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).ShouldHaveSingleItem();
        var overview = MiniExcel.Query(path, sheetName: BriefingSheets.Overview, useHeaderRow: true)
            .Cast<IDictionary<string, object?>>()
            .ToDictionary(r => (string)r["Chỉ tiêu"]!, r => r["Giá trị"]);
        Number(overview["Số hộ nghèo cuối năm rà soát"]).ShouldBe(demo.Mart.Scalar<long>("SELECT poor FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", Ward));
        Number(overview["Tổng số hộ cuối năm rà soát"]).ShouldBe(demo.Mart.Scalar<long>("SELECT households FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", Ward));
        // Rates as fractions under a percentage format (Excel shows 0,31%).
        Number(overview["Mục tiêu tỷ lệ hộ nghèo năm kế hoạch (%)"]).ShouldBe(0.0031, 1e-12);
        Number(overview["Số hộ nghèo cần giảm thêm"]).ShouldBe(report.Model.GapHouseholds!.Value);
        Number(overview["Dự kiến tỷ lệ hộ nghèo (%)"]).ShouldBe(report.Model.Forecast!.ExpectedRate / 100, 1e-12);
        var support = MiniExcel.Query(path, sheetName: BriefingSheets.Support, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        support.Sum(r => Number(r["Số hộ"])).ShouldBe(report.Model.Support!.Programs.Sum(p => p.Households));
        var risk = MiniExcel.Query(path, sheetName: BriefingSheets.RiskGroups, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        risk.Select(r => (string)r["Tên tổ"]!).ShouldBe(report.Model.RiskGroups.Select(g => g.GroupName));
    }

    [Fact]
    public void Should_keep_vietnamese_diacritics_intact_in_the_extracted_text()
    {
        var (pdf, _) = DemoPdf();
        pdf.All.ShouldContain("1. Tỷ lệ hộ nghèo hiện nay so với mục tiêu");
        pdf.All.ShouldContain("3. Nguy cơ tái nghèo");
        pdf.All.ShouldContain("4. Kết quả hỗ trợ");
        pdf.All.ShouldContain("BÁO CÁO TÓM TẮT TÌNH HÌNH GIẢM NGHÈO NĂM 2024");
        pdf.Title.ShouldBe("Báo cáo tóm tắt tình hình giảm nghèo năm 2024");
    }

    [Fact]
    public void Should_never_print_a_household_id()
    {
        var (pdf, _) = DemoPdf();
        var text = pdf.All;
        var ids = demo.Mart.Rows("SELECT DISTINCT household_id FROM v_household_year WHERE ward_code = ?", Ward).Select(r => (string)r[0]!);
        ids.ShouldNotContain(id => text.Contains(id, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_refuse_a_plan_year_without_an_earlier_review_round_and_list_the_loaded_years()
    {
        var error = Should.Throw<ReportException>(() => Build(demo.Mart, 2021));
        error.Message.ShouldContain("chưa có vòng nào trước năm 2021");
        error.Message.ShouldContain("2021, 2022, 2023, 2024");
        error.Text.En.ShouldContain("has no round before 2021");
    }

    [Fact]
    public void Should_phrase_every_feature_the_model_can_name_as_a_driver()
    {
        FeatureSet.Names.ShouldAllBe(name => RiskDrivers.Known.Contains(name));
        RiskDrivers.Parse("income_log (-0.4 sd), deprivation_count (+0.2 sd)").Select(RiskDrivers.Phrase)
            .ShouldBe(["thu nhập bình quân thấp", "thiếu hụt nhiều dịch vụ xã hội cơ bản"]);
        RiskDrivers.Phrase(new RiskDriver("new_feature", 0.3)).ShouldContain("new_feature");
    }

    [Fact]
    public void Should_word_the_edge_cases_instead_of_printing_empty_numbers()
    {
        var model = Demo.Model;
        new BriefingSentences(model with { Target = null }).TargetGap().ShouldStartWith("Cơ sở dữ liệu chưa có chỉ tiêu tỷ lệ hộ nghèo năm 2024");
        new BriefingSentences(model with { Target = 5.0 }).TargetGap().ShouldContain("đã đạt mục tiêu");
        new BriefingSentences(model with { Support = null }).Support().ShouldContain("chưa có số liệu hỗ trợ");
        new BriefingSentences(model with { RePoverty = new RePovertyRisk([], 0) }).RePoverty().ShouldContain("không có hộ nào từng nghèo");
        new BriefingSentences(model with { Now = model.Now with { Poor = 0, PoorRate = 0 } }).RateNow().ShouldContain("không còn hộ nghèo");
        new BriefingSentences(model with { RiskGroups = [] }).RiskHeading().ShouldBe("2. Các tổ dân phố có nguy cơ cao");
    }

    [Fact]
    public void Should_stay_within_two_pages_when_every_program_reached_households()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var programs = mart.Rows("SELECT program_code FROM dim_program ORDER BY program_code").Select(r => (string)r[0]!).ToList();
        var households = mart.Rows("SELECT household_id FROM v_household_year WHERE ward_code = ? AND review_year = 2023 ORDER BY household_id LIMIT 160", Ward)
            .Select(r => (string)r[0]!).ToList();
        var csv = new StringBuilder("year,household_id,ward_code,program,amount_vnd\n");
        for (var i = 0; i < households.Count; i++)
            csv.Append(CultureInfo.InvariantCulture, $"2023,{households[i]},{Ward},{programs[i % programs.Count]},{(i + 1) * 150000}\n");
        mart.LoadText("supports_all_programs.csv", csv.ToString()).RowsLoaded.ShouldBe(households.Count);
        using var folder = new TempFolder();
        var report = Build(mart);
        report.Model.Support!.Programs.Count.ShouldBe(programs.Count);
        Pdf(report, folder).Pages.ShouldBeLessThanOrEqualTo(2);
    }

    /// <summary>The demo's 2024 briefing, built once per test run; the tests of building itself build their own.</summary>
    private static BriefingReport Demo => DemoMartFixture.Briefing2024;

    /// <summary>What the PDF of <see cref="Demo"/> prints, and on how many pages.</summary>
    private static (PdfText Text, int Pages) DemoPdf()
    {
        var text = DemoMartFixture.Pdf(Demo);
        return (text, text.Pages.Count);
    }

    private static BriefingReport Build(TestMart mart, int year = 2024) =>
        BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(year, Ward));

    private static (PdfText Text, int Pages) Pdf(BriefingReport report, TempFolder folder, string name = "pdf")
    {
        var path = ReportFiles.Write(report, ReportFormat.Pdf, Path.Combine(folder.Path, name)).ShouldHaveSingleItem();
        var text = PdfText.Read(path);
        return (text, text.Pages.Count);
    }

    /// <summary>The text with line breaks as spaces, so sentences wrapped over lines can be searched.</summary>
    private static string Flat(PdfText pdf) => pdf.All.Replace('\n', ' ');

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
