using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The year rule on the command line and in the documents: a plan year (appendix, briefing,
/// priority, forecast) at most the latest review year + 1, a report's review year (the trend's
/// last year) loaded; otherwise exit 1 with a message naming the latest year and what to run.
/// The demo holds phường Dị Sử's reviews of 2021–2024 (from 2025 it is part of phường Đường Hào).
/// </summary>
public sealed class YearRuleTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    private const string Ward = DemoMartFixture.Ward;

    [Theory]
    [InlineData("disu report appendix --year 2025 --ward DISU", "report", "appendix")]
    [InlineData("disu report briefing --year 2025 --ward DISU", "report", "briefing")]
    [InlineData("disu priority --year 2025 --ward DISU", "priority")]
    [InlineData("disu forecast show --year 2025 --ward DISU", "forecast", "show")]
    public void Should_refuse_a_plan_for_2030_from_2024_data_naming_2024_and_the_command_for_2025(string instead, params string[] command)
    {
        using var folder = new TempFolder();
        var mart = Copy(folder);

        var run = CliRun.Of([.. command, "--mart", mart, "--year", "2030", "--ward", Ward, .. Out(command, folder)]);

        run.ExitCode.ShouldBe(1, run.Out);
        run.Error.ShouldContain("Năm kế hoạch 2030 vượt quá số liệu: năm rà soát mới nhất của phường Dị Sử (DISU) là 2024");
        run.Error.ShouldContain("nên tối đa là 2025");
        run.Error.ShouldContain("Hãy chạy: " + instead);
        run.Out.ShouldNotContain("wrote ");
        Directory.Exists(folder.File("out")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("appendix")]
    [InlineData("briefing")]
    public void Should_make_a_plan_document_for_the_year_after_the_latest_review_and_refuse_the_year_after_that(string kind)
    {
        using var folder = new TempFolder();
        var mart = Copy(folder);

        var next = CliRun.Of("report", kind, "--mart", mart, "--year", "2025", "--ward", Ward, "--out", folder.File("out"));
        var beyond = CliRun.Of("report", kind, "--mart", mart, "--year", "2026", "--ward", Ward, "--out", folder.File("out"));

        next.ExitCode.ShouldBe(0, next.Error);
        File.Exists(folder.File(Path.Combine("out", $"{kind}-2025-DISU.pdf"))).ShouldBeTrue();
        beyond.ExitCode.ShouldBe(1);
        beyond.Error.ShouldContain("Năm kế hoạch 2026 vượt quá số liệu");
        beyond.Error.ShouldContain($"disu report {kind} --year 2025 --ward DISU");
    }

    [Fact]
    public void Should_rank_the_groups_for_the_year_after_the_latest_review_and_refuse_the_year_after_that()
    {
        using var folder = new TempFolder();
        var mart = Copy(folder);

        var next = CliRun.Of("priority", "--mart", mart, "--year", "2025", "--ward", Ward);
        var beyond = CliRun.Of("priority", "--mart", mart, "--year", "2026", "--ward", Ward);

        next.ExitCode.ShouldBe(0, next.Error);
        next.Out.ShouldContain("(số liệu cuối năm 2024)");
        beyond.ExitCode.ShouldBe(1);
        beyond.Error.ShouldContain("năm rà soát mới nhất của phường Dị Sử (DISU) là 2024");
    }

    [Theory]
    [InlineData("2030")]
    [InlineData("2025")]
    public void Should_refuse_a_trend_ending_in_a_year_without_review_data_naming_the_latest_review_year(string to)
    {
        using var folder = new TempFolder();
        var mart = Copy(folder);

        var run = CliRun.Of("report", "trend", "--mart", mart, "--from", "2021", "--to", to, "--ward", Ward, "--out", folder.File("out"));

        run.ExitCode.ShouldBe(1, run.Out);
        run.Error.ShouldContain($"Phường Dị Sử (DISU) không có số liệu rà soát năm {to}: đã nạp 2021, 2022, 2023, 2024, năm rà soát mới nhất là 2024.");
        run.Error.ShouldContain("Hãy chạy: disu report trend --from 2021 --to 2024 --ward DISU");
        Directory.Exists(folder.File("out")).ShouldBeFalse();
    }

    [Fact]
    public void Should_end_each_wards_trend_at_its_latest_review_when_every_report_is_made_for_the_year_after()
    {
        using var folder = new TempFolder();
        var mart = Copy(folder);

        // 2025 is the year after Dị Sử's (and Mẫu Hào's) latest review; Đường Hào, whose first round is 2025, refuses it.
        var next = CliRun.Of("report", "all", "--mart", mart, "--year", "2025", "--out", folder.File("next"));
        var beyond = CliRun.Of("report", "all", "--mart", mart, "--year", "2030", "--out", folder.File("beyond"));

        next.Error.ShouldNotContain("DISU ", Case.Sensitive);
        Directory.GetFiles(folder.File(Path.Combine("next", Ward))).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["appendix-2025-DISU.pdf", "briefing-2025-DISU.pdf", "trend-2021-2024-DISU.pdf"]);
        beyond.ExitCode.ShouldBe(1);
        Directory.GetFiles(folder.File(Path.Combine("beyond", Ward))).Select(Path.GetFileName).ShouldBe(["trend-2021-2024-DISU.pdf"]);
        beyond.Error.ShouldContain("DISU appendix: Năm kế hoạch 2030 vượt quá số liệu: năm rà soát mới nhất của phường Dị Sử (DISU) là 2024");
        beyond.Error.ShouldContain("DISU briefing: Năm kế hoạch 2030 vượt quá số liệu");
    }

    [Fact]
    public void Should_throw_the_rule_from_the_document_models_in_both_languages()
    {
        var appendix = Should.Throw<ReportException>(() => AppendixModel.Read(demo.Mart.Connection, new AppendixRequest(2030, Ward)));
        var briefing = Should.Throw<ReportException>(() => BriefingModel.Read(demo.Mart.Connection, new BriefingRequest(2030, Ward)));
        var trend = Should.Throw<ReportException>(() => TrendModel.Read(demo.Mart.Connection, new TrendRequest(2021, 2030, Ward)));

        appendix.Text.En.ShouldContain("the latest review year of Phường Dị Sử (DISU) is 2024");
        appendix.Text.En.ShouldContain("Run instead: disu report appendix --year 2025 --ward DISU");
        briefing.Text.En.ShouldContain("so it can be at most 2025");
        trend.Text.En.ShouldContain("has no review data for 2030");
        trend.Text.En.ShouldContain("Run instead: disu report trend --from 2021 --to 2024 --ward DISU");
    }

    private static string[] Out(string[] command, TempFolder folder) => command[0] == "report" ? ["--out", folder.File("out")] : [];

    /// <summary>A copy of the demo mart as it is now, for the command line (which opens a file).</summary>
    private string Copy(TempFolder folder)
    {
        var copy = folder.File("demo.duckdb");
        demo.Mart.Connection.Execute("CHECKPOINT");
        File.Copy(demo.Mart.MartPath, copy);
        return copy;
    }
}

/// <summary>
/// The standard a document names is the one in force for the review year of its data, whatever
/// the plan year: Decree 07 covers the reviews of 2021–2026, Decree 351 those from 2027.
/// </summary>
public sealed class ReviewYearStandardTests : IDisposable
{
    private readonly TestMart mart = new();

    public ReviewYearStandardTests()
    {
        foreach (var year in new[] { 2025, 2026 })
        {
            var rows = Enumerable.Range(1, 30).Select(i =>
            {
                var row = new SnapshotRow($"DISU-{i:D3}", year);
                return i % 10 == 1 ? row.Poor() : i % 7 == 0 ? row.NearPoor() : row.NotPoor();
            });
            mart.LoadSnapshot($"households_{year}.csv", [.. rows]).RowsRejected.ShouldBe(0);
        }
    }

    [Fact]
    public void Should_name_decree_07_for_a_2026_review_in_the_2027_plan_and_for_a_2025_review_in_the_2026_plan()
    {
        using var folder = new TempFolder();
        var plan2027 = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2027, "DISU"));
        var plan2026 = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2026, "DISU"));
        var briefing2027 = BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(2027, "DISU"));

        foreach (var report in new IReport[] { plan2027, plan2026, briefing2027 })
        {
            report.Provenance.StandardId.ShouldBe("ND07_2021", report.FileStem);
            report.Provenance.Decree.ShouldBe("07/2021/NĐ-CP", report.FileStem);
            report.Provenance.StandardName.ShouldNotContain("2026–2030", Case.Sensitive, report.FileStem);
        }
        var pdf = PdfText.Read(ReportFiles.Write(plan2027, ReportFormat.Pdf, folder.Path).Single());
        pdf.All.ShouldContain("Chuẩn nghèo: Nghị định 07/2021/NĐ-CP");
        // Counted under decree 07; the 2027 plan also states that baseline under the 2027 standard (issue 18).
        pdf.All.ShouldContain("351/2025");
        // The note beside the signature block: its lines interleave with the signature's, so the sentence is checked in pieces.
        pdf.Flow.ShouldContain("kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026 theo Chuẩn nghèo đa chiều giai đoạn");
        pdf.Flow.ShouldContain("2021–2025 (Nghị định 07/2021/NĐ-CP).");
    }

    public void Dispose() => mart.Dispose();
}
