using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>
/// Target files with per-group planned households (target_poor_households / so_ho_ngheo_muc_tieu):
/// whole households become a plan version; anything else is rejected with file, row, column,
/// value and reason; groups that do not add up to the ward's target load with a warning, and the
/// appendix states the shortfall.
/// </summary>
public sealed class PlanTargetFileTests
{
    private const string Ward = DemoMartFixture.Ward;

    private static StoredPlanRow Largest(TestMart mart) => PlanStore.Current(mart.Connection, Ward, 2024)
        .Where(g => g.PlannedPoor < g.PoorStart + g.ExpectedNewPoor + g.ExpectedRePoor).MaxBy(g => g.PoorStart)!;

    [Fact]
    public void Should_store_whole_household_targets_as_a_new_plan_version_the_appendix_prints()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var plan = PlanStore.Current(mart.Connection, Ward, 2024);
        // One household of target moves from one group to another: the ward total stays at the target.
        var up = plan.Where(g => g.PlannedPoor < g.PoorStart + g.ExpectedNewPoor + g.ExpectedRePoor).MaxBy(g => g.PoorStart)!;
        var down = plan.Where(g => g.GroupCode != up.GroupCode && g.PlannedPoor > g.ExpectedNewPoor + g.ExpectedRePoor).MaxBy(g => g.PlannedPoor)!;

        var result = mart.LoadText("ke_hoach_to_2024.csv", $"""
            nam,ma_xa,ma_to,ty_le_ngheo_muc_tieu,so_ho_ngheo_muc_tieu
            2024,{Ward},{up.GroupCode},,{up.PlannedPoor + 1}
            2024,{Ward},{down.GroupCode},,{down.PlannedPoor - 1}

            """);

        (result.RowsRead, result.RowsLoaded, result.RowsRejected).ShouldBe((2L, 2L, 0L));
        result.Warnings.ShouldNotContain(w => w.Vi.Contains("chỉ tiêu toàn phường", StringComparison.Ordinal));
        var rows = mart.Rows("SELECT group_code, method, target_poor_households, load_id IS NOT NULL FROM fact_target WHERE is_current AND plan_version = 2 ORDER BY group_code");
        rows.Count.ShouldBe(9);
        rows.Single(r => (string)r[0]! == up.GroupCode).ShouldBe([up.GroupCode, "file", up.PlannedPoor + 1, true]);
        rows.Single(r => (string)r[0]! == down.GroupCode).ShouldBe([down.GroupCode, "file", down.PlannedPoor - 1, true]);
        rows.Where(r => (string)r[0]! != up.GroupCode && (string)r[0]! != down.GroupCode).ShouldAllBe(r => (string)r[1]! == "allocated", "the other groups keep their escapes");

        using var folder = new TempFolder();
        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, Ward));
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        var printed = PlanPrints.Reconcile(pdf, GroupPlan.Read(mart.Connection, Ward, 2024)!, report.Model.Ward);
        printed[^1].PoorEnd.ShouldBe(plan.Sum(g => g.PlannedPoor));
        pdf.Flow.ShouldContain("chỉ tiêu từng tổ theo tệp kế hoạch");
    }

    [Fact]
    public void Should_reject_a_fractional_or_negative_target_and_one_on_the_ward_row_with_file_row_column_value_and_reason()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var group = Largest(mart);

        var result = mart.LoadText("ke_hoach_sai.csv", $"""
            year,ward_code,group_code,target_poor_rate,target_poor_households
            2024,{Ward},{group.GroupCode},,2.5
            2024,{Ward},{group.GroupCode},,-1
            2024,{Ward},,0.31,10
            2024,{Ward},TDP99,,1

            """);

        result.RowsRejected.ShouldBe(4);
        var rejects = mart.Rows("SELECT file_name, row_no, column_name, value, reason FROM etl_reject WHERE load_id = ? ORDER BY row_no", result.LoadId);
        rejects.Select(r => ((string)r[0]!, (long)r[1]!, (string)r[2]!, (string)r[3]!)).ShouldBe(
        [
            ("ke_hoach_sai.csv", 2L, "target_poor_households", "2.5"),
            ("ke_hoach_sai.csv", 3L, "target_poor_households", "-1"),
            ("ke_hoach_sai.csv", 4L, "target_poor_households", "10"),
            ("ke_hoach_sai.csv", 5L, "target_poor_households", "1"),
        ]);
        ((string)rejects[0][4]!).ShouldContain("'2.5' không phải số hộ nguyên không âm");
        ((string)rejects[2][4]!).ShouldContain("ở dòng toàn xã");
        ((string)rejects[3][4]!).ShouldContain("tổ 'TDP99' không có hộ nào trong kỳ rà soát 2023");
        mart.Scalar<long>("SELECT max(plan_version) FROM fact_target WHERE ward_code = ? AND year = 2024", Ward).ShouldBe(1, "no version from rejected rows");
        mart.Scalar<double>("SELECT target_poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2024", Ward).ShouldBe(0.31, "the ward's rate untouched");
    }

    [Fact]
    public void Should_load_groups_that_miss_the_ward_target_with_a_warning_and_print_the_shortfall()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var group = Largest(mart);
        var planned = PlanStore.Current(mart.Connection, Ward, 2024).Sum(g => g.PlannedPoor);
        var most = PlanBase.TargetOf(0.31, 3434);
        var over = planned + 1 - most;

        var result = mart.LoadText("ke_hoach_vuot.csv", $"""
            year,ward_code,group_code,target_poor_rate,target_poor_households
            2024,{Ward},{group.GroupCode},,{group.PlannedPoor + 1}

            """);

        result.RowsRejected.ShouldBe(0);
        over.ShouldBeGreaterThan(0, "the demo's plan meets the target exactly");
        result.Warnings.ShouldContain(w => w.Vi.Contains($"chỉ tiêu các tổ cộng lại {planned + 1} hộ nghèo cuối năm, vượt chỉ tiêu toàn phường {most} hộ (0,31% của 3.434 hộ)", StringComparison.Ordinal)
            && w.Vi.Contains($" {over} hộ;", StringComparison.Ordinal));
        mart.Scalar<long>("SELECT shortfall FROM v_group_plan WHERE ward_code = ? AND year = 2024 AND group_code IS NULL", Ward).ShouldBe(over);

        using var folder = new TempFolder();
        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, Ward));
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        PlanPrints.Reconcile(pdf, GroupPlan.Read(mart.Connection, Ward, 2024)!, report.Model.Ward);
        pdf.Flow.ShouldContain($"thiếu {over} hộ so với mục tiêu");
        pdf.Pages.SelectMany(p => p).First(l => l.StartsWith("Toàn phường", StringComparison.Ordinal)).ShouldEndWith($" 0,31 Thiếu {over} hộ so với", customMessage: "the note cell of the ward row (it wraps)");
    }

    [Fact]
    public void Should_keep_a_rate_only_target_file_loading_as_before()
    {
        using var mart = DemoMartFixture.UntrainedCopy();

        var result = mart.LoadText("targets.csv", "year,ward_code,group_code,target_poor_rate\n2025,DISU,,0.25\n2025,DISU,TDP01,0.1\n");

        (result.RowsLoaded, result.RowsRejected).ShouldBe((2L, 0L));
        mart.Rows("SELECT group_code, target_poor_rate, method, plan_version, target_poor_households FROM fact_target WHERE is_current AND ward_code = 'DISU' AND year = 2025 ORDER BY group_code NULLS FIRST")
            .ShouldBe([[null, 0.25, "file", null, null], ["TDP01", 0.1, "file", null, null]]);
        mart.Scalar<long>("SELECT count(*) FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2025").ShouldBe(0);
    }
}
