using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu plan allocate | show | set | annex` on the demo.</summary>
public sealed class PlanCliTests
{
    private const string Ward = DemoMartFixture.Ward;

    /// <summary>A closed copy of the demo mart (forecast and 2024 plan) for the command line, which opens files itself.</summary>
    private static string DemoFile(TempFolder folder, bool trained = true)
    {
        var path = folder.File("demo.duckdb");
        using var mart = trained ? DemoMartFixture.TrainedCopy() : DemoMartFixture.UntrainedCopy();
        mart.Connection.Execute("CHECKPOINT");
        File.Copy(mart.MartPath, path);
        return path;
    }

    [Fact]
    public void Should_allocate_and_show_the_plan_in_vietnamese_with_the_target_met()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);

        var run = CliRun.Of("plan", "allocate", "--mart", mart, "--year", "2024", "--ward", Ward, "--author", "Nguyễn Văn A");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Kế hoạch năm 2024 của phường Dị Sử: phiên bản 2, phân bổ theo dự báo");
        run.Out.ShouldContain("Chỉ tiêu 0,31% của 3.434 hộ: cuối năm không quá 10 hộ nghèo. Cuối năm 2023 có 15 hộ nghèo");
        run.Out.ShouldContain("│ STT │           Tổ dân phố │ Tổng số hộ │ Hộ nghèo cuối năm 2023 │");
        run.Out.ShouldContain("Toàn phường │      3.434 │                     15 │      0,44 │");
        run.Out.ShouldContain("Chỉ tiêu 0,31%: không quá 10 hộ nghèo; kế hoạch");
        run.Out.ShouldContain("đạt chỉ tiêu.");
        run.Out.ShouldContain("Lập bởi Nguyễn Văn A");
        var show = CliRun.Of("plan", "show", "--mart", mart, "--year", "2024");
        show.ExitCode.ShouldBe(0, show.Error);
        show.Out.ShouldContain("Kế hoạch giảm hộ nghèo năm 2024 — Phường Dị Sử (phiên bản 2)");
    }

    [Fact]
    public void Should_refuse_to_allocate_without_a_forecast_and_say_why_in_vietnamese()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("plan", "allocate", "--mart", DemoFile(folder, trained: false), "--year", "2024", "--ward", Ward);

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("chưa có dự báo từ năm 2023 cho năm 2024");
    }

    [Fact]
    public void Should_take_a_planners_whole_household_target_and_report_the_ward_against_its_target()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        string group;
        long planned;
        using (var read = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart))
        {
            var row = read.Rows("""
                SELECT group_code, planned_poor FROM v_group_plan
                WHERE year = 2024 AND group_code IS NOT NULL AND planned_poor > expected_new_poor + expected_re_poor
                ORDER BY planned_poor DESC, group_code LIMIT 1
                """).Single();
            (group, planned) = ((string)row[0]!, Convert.ToInt64(row[1], CultureInfo.InvariantCulture));
        }

        var fractional = CliRun.Of("plan", "set", "--mart", mart, "--year", "2024", "--ward", Ward, "--group", group, "--poor-households", "2,5");
        fractional.ExitCode.ShouldBe(2);
        fractional.Error.ShouldContain("--poor-households: '2,5' không phải số hộ nguyên ≥ 0");
        CliRun.Of("plan", "set", "--mart", mart, "--year", "2024", "--ward", Ward, "--group", group, "--poor-households", "-1").ExitCode.ShouldBe(2);

        var run = CliRun.Of("plan", "set", "--mart", mart, "--year", "2024", "--ward", Ward, "--group", group, "--poor-households",
            (planned - 1).ToString(CultureInfo.InvariantCulture));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain($"Tổ {group}: {planned} → {planned - 1} hộ nghèo cuối năm 2024 (phiên bản 2).");
        run.Out.ShouldContain("Toàn phường: 9 hộ nghèo (0,26%), đạt chỉ tiêu 0,31% (không quá 10 hộ), thấp hơn chỉ tiêu 1 hộ.");
        using var after = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        after.Scalar<long>("SELECT planned_poor FROM v_group_plan WHERE year = 2024 AND group_code = ?", group).ShouldBe(planned - 1);
        after.Scalar<string>("SELECT method FROM v_group_plan WHERE year = 2024 AND group_code IS NULL").ShouldBe("allocated+planner");
    }

    [Fact]
    public void Should_trace_every_planned_escape_to_a_household_with_its_reason_in_the_annex()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        var xlsx = folder.File("phu-luc-ho.xlsx");

        var run = CliRun.Of("plan", "annex", "--mart", mart, "--year", "2024", "--ward", Ward, "--out", xlsx);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("15 hộ nghèo cuối năm 2023, 10 hộ dự kiến thoát nghèo năm 2024.");
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Count.ShouldBe(15, "every poor household of 2023");
        using var read = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        var escapes = read.Rows("SELECT group_code, planned_escapes FROM v_group_plan WHERE year = 2024 AND group_code IS NOT NULL")
            .ToDictionary(r => (string)r[0]!, r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture));
        foreach (var (code, count) in escapes)
            rows.Count(r => (string)r["Mã tổ"]! == code && (string)r["Dự kiến thoát nghèo năm 2024"]! == "Có").ShouldBe((int)count, $"planned escapes of {code}");
        rows.Select(r => Convert.ToInt32(r["Hạng trong phường"], CultureInfo.InvariantCulture)).ShouldBe(Enumerable.Range(1, 15));
        rows.ShouldAllBe(r => ((string)r["Lý do"]!).StartsWith("Thu nhập ", StringComparison.Ordinal) && ((string)r["Lý do"]!).Contains("người trong độ tuổi lao động", StringComparison.Ordinal));
        // Within each group the planned households are its closest to escaping.
        foreach (var group in rows.GroupBy(r => (string)r["Mã tổ"]!))
            group.Select(r => (string)r["Dự kiến thoát nghèo năm 2024"]!).ShouldBe(group.Select(r => r["Hạng trong tổ"]).Select((_, i) => i < escapes[group.Key] ? "Có" : "Không"));

        var csv = CliRun.Of("plan", "annex", "--mart", mart, "--year", "2024", "--ward", Ward, "--out", folder.File("phu-luc-ho.csv"));
        csv.ExitCode.ShouldBe(0, csv.Error);
        File.ReadAllLines(folder.File("phu-luc-ho.csv")).Length.ShouldBe(16);
        File.Exists(folder.File("phu-luc-ho-provenance.csv")).ShouldBeTrue();
    }
}
