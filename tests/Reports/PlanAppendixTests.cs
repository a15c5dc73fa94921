using DiSu.Analytics.Forecasting.Planning;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The demo's 2024 appendix as a plan phường Dị Sử can adopt: per residential group whole-household
/// targets that sum to the ward's 0.31% target, every printed row reconciling, and every number
/// the one <c>v_group_plan</c> holds; a planner's change and a target file's per-group targets,
/// with the shortfall stated when the groups do not reach the target.
/// </summary>
public sealed class PlanAppendixTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    private const string Ward = DemoMartFixture.Ward;

    private static (AppendixReport Report, PdfText Pdf) Appendix(TestMart mart, TempFolder folder)
    {
        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, Ward));
        return (report, PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single()));
    }

    [Fact]
    public void Should_print_whole_household_targets_per_group_that_sum_to_the_wards_031_percent()
    {
        using var folder = new TempFolder();
        var (report, pdf) = Appendix(demo.Mart, folder);
        var plan = GroupPlan.Read(demo.Mart.Connection, Ward, 2024).ShouldNotBeNull();

        var printed = PlanPrints.Reconcile(pdf, plan, report.Model.Ward);

        printed.Count.ShouldBe(10, "nine groups and the ward");
        var total = printed[^1];
        (total.Households, total.PoorStart, total.PoorStartRate, total.Target).ShouldBe((3434L, 15L, "0,44", "0,31"));
        var most = PlanBase.TargetOf(0.31, 3434);
        most.ShouldBe(10, "floor(0.31% × 3,434 households)");
        total.PoorEnd.ShouldBeLessThanOrEqualTo(most, "the groups' targets reach the ward's 0.31%");
        printed.Take(9).Sum(g => g.PoorEnd).ShouldBe(total.PoorEnd);
        (100.0 * total.PoorEnd / total.Households).ShouldBeLessThanOrEqualTo(0.31);
        plan.Total.Shortfall.ShouldBe(0);
        // Expected entries are the forecast's, rounded to whole households so the groups add up to the rounded ward total.
        var forecast = ForecastFigures.Read(demo.Mart.Connection, Ward, 2024);
        total.RePoor.ShouldBe((long)Math.Round(forecast.Where(r => r.GroupCode is not null).Sum(r => r.ExpectedRePoor), MidpointRounding.AwayFromZero));
        pdf.Flow.ShouldContain("Kế hoạch phiên bản 1 (phân bổ theo dự báo và danh sách hộ");
        // The forecast stays, labelled as one, after the plan.
        pdf.Flow.IndexOf(AppendixReport.ForecastCaption, StringComparison.Ordinal).ShouldBeGreaterThan(pdf.Flow.IndexOf("Toàn phường Dị Sử 3.434 15", StringComparison.Ordinal));
        pdf.Flow.ShouldContain("để tham khảo, không phải chỉ tiêu");
    }

    [Fact]
    public void Should_not_leave_the_first_page_half_empty()
    {
        using var folder = new TempFolder();
        var (_, pdf) = Appendix(demo.Mart, folder);

        pdf.Pages.Count.ShouldBe(2);
        // Page 1: title, the plan and its notes; page 2: the forecast, its notes and the signer.
        pdf.Page(1).ShouldContain("Toàn phường Dị Sử 3.434 15 0,44");
        pdf.Page(1).ShouldContain("Ghi chú:");
        pdf.Page(1).ShouldNotContain(AppendixReport.ForecastCaption);
        pdf.Page(2).ShouldContain(AppendixReport.ForecastCaption);
        pdf.Page(2).ShouldContain("CHỦ TỊCH");
    }

    [Fact]
    public void Should_print_a_planners_change_as_a_new_version_and_say_where_the_ward_now_stands()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        using var folder = new TempFolder();
        var before = PlanStore.Current(mart.Connection, Ward, 2024);
        // The group with the most poor households keeps one more of them poor than allocated.
        var group = before.Where(g => g.PlannedPoor < g.PoorStart + g.ExpectedNewPoor + g.ExpectedRePoor).MaxBy(g => g.PoorStart).ShouldNotBeNull();

        var change = new PlanMaker(mart.Connection, mart.Clock).Set(Ward, 2024, group.GroupCode, group.PlannedPoor + 1, "cán bộ LĐ-TB&XH");

        change.Version.ShouldBe(2);
        change.Shortfall.ShouldBe(Math.Max(0, before.Sum(g => g.PlannedPoor) + 1 - 10));
        mart.Scalar<long>("SELECT count(*) FROM fact_target WHERE ward_code = ? AND year = 2024 AND plan_version = 1 AND NOT is_current", Ward).ShouldBe(9, "version 1 kept as history");
        mart.Scalar<string>("SELECT method FROM fact_target WHERE is_current AND ward_code = ? AND year = 2024 AND group_code = ?", Ward, group.GroupCode).ShouldBe("planner");
        var (report, pdf) = Appendix(mart, folder);
        var plan = GroupPlan.Read(mart.Connection, Ward, 2024).ShouldNotBeNull();
        var printed = PlanPrints.Reconcile(pdf, plan, report.Model.Ward);
        printed[^1].PoorEnd.ShouldBe(before.Sum(g => g.PlannedPoor) + 1);
        pdf.Flow.ShouldContain("có tổ do người lập kế hoạch điều chỉnh");
        if (change.Shortfall > 0)
            pdf.Flow.ShouldContain($"thiếu {N.Count(change.Shortfall.Value)} hộ so với mục tiêu");
    }

    [Fact]
    public void Should_refuse_a_planners_target_the_groups_own_households_cannot_reach()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var group = PlanStore.Current(mart.Connection, Ward, 2024).MaxBy(g => g.PoorStart)!;
        var maker = new PlanMaker(mart.Connection, mart.Clock);

        var tooMany = Should.Throw<MartException>(() => maker.Set(Ward, 2024, group.GroupCode, group.PoorStart + group.ExpectedNewPoor + group.ExpectedRePoor + 1, "x"));
        tooMany.Message.ShouldContain("không hộ nào thoát nghèo");
        Should.Throw<MartException>(() => maker.Set(Ward, 2024, "TDP99", 1, "x")).Message.ShouldContain("không có tổ 'TDP99'");
        mart.Scalar<long>("SELECT max(plan_version) FROM fact_target WHERE ward_code = ? AND year = 2024", Ward).ShouldBe(1, "nothing stored");
    }

    [Fact]
    public void Should_print_the_plan_without_a_forecast_and_say_that_the_forecast_is_missing()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        using var folder = new TempFolder();
        mart.Connection.Execute("UPDATE fact_group_forecast SET is_current = false; UPDATE fact_forecast SET is_current = false;");

        var (report, pdf) = Appendix(mart, folder);

        report.Model.HasForecast.ShouldBeFalse();
        report.Model.HasPlan.ShouldBeTrue();
        PlanPrints.Reconcile(pdf, GroupPlan.Read(mart.Connection, Ward, 2024)!, report.Model.Ward);
        pdf.Flow.ShouldContain("Chưa có dự báo từ năm 2023 cho năm 2024, nên chưa có bảng dự báo thống kê");
        pdf.All.ShouldNotContain(AppendixReport.ForecastCaption);
    }
}
