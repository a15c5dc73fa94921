using System.Collections.Concurrent;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The 20-ward panel of <see cref="GeneratedPanelFixture"/> (urban wards and rural communes) with
/// its rounds 2021–2023 loaded, each ward's 2024 target (70% of its 2023 rate), a pooled forecast
/// 2023 → 2024 and every ward's target allocated by <c>disu plan allocate --year 2024</c>. Built
/// once per test run from the panel's generated files.
/// </summary>
public sealed class PlanPanelFixture : IDisposable
{
    private static readonly TempFolder Templates = new();

    private static readonly Lazy<string> Built = new(() =>
    {
        var path = GeneratedPanelFixture.LoadRounds("panel-plan-2024", 2021, 2023, (mart, clock, file) =>
            new Forecaster(mart, clock, file).Train(new ForecastOptions(2023, Scope.All, Seed: 14)));
        var allocate = CliRun.Of("plan", "allocate", "--mart", path, "--year", "2024", "--author", "tests");
        allocate.ExitCode.ShouldBe(0, allocate.Error);
        return path;
    });

    /// <summary>
    /// Each ward's 2024 appendix and what its PDF prints, made once per test run: two classes read all
    /// twenty, and no test writes to the panel, so one build stands for every copy of it.
    /// </summary>
    private static readonly ConcurrentDictionary<string, Lazy<(AppendixReport Report, PdfText Pdf)>> Appendices = new(StringComparer.Ordinal);

    public PlanPanelFixture() => Mart = new TestMart(copyOf: Built.Value);

    public TestMart Mart { get; }

    /// <summary>The ward's 2024 appendix (base year 2023) and the text of its PDF.</summary>
    public (AppendixReport Report, PdfText Pdf) Appendix2024(string ward) =>
        Appendices.GetOrAdd(ward, code => new(() =>
        {
            var report = AppendixReport.Build(Mart.Connection, Mart.Clock, new AppendixRequest(2024, code));
            return (report, PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, Templates.File("appendix-" + code)).Single()));
        })).Value;

    public void Dispose() => Mart.Dispose();
}

/// <summary>The appendix of every ward of the panel prints a plan that reconciles and equals v_group_plan, in the unit's own words.</summary>
public sealed class PanelPlanTests(PlanPanelFixture panel) : IClassFixture<PlanPanelFixture>
{
    private DuckDBConnection Mart => panel.Mart.Connection;

    [Fact]
    public void Should_hold_twenty_wards_urban_and_rural_each_with_a_plan()
    {
        var wards = Mart.Rows("SELECT ward_code, any_value(area) FROM v_ward_year WHERE review_year = 2023 GROUP BY ward_code");
        wards.Count.ShouldBe(20);
        wards.Count(w => (string)w[1]! == "rural").ShouldBeGreaterThan(0);
        wards.Count(w => (string)w[1]! == "urban").ShouldBeGreaterThan(0);
        Mart.Scalar<long>("SELECT count(DISTINCT ward_code) FROM v_group_plan WHERE year = 2024 AND group_code IS NULL").ShouldBe(20);
    }

    [Fact]
    public void Should_print_in_every_wards_appendix_a_plan_that_reconciles_and_equals_the_plan_view()
    {
        foreach (var code in Ward.All(Mart))
        {
            var (report, pdf) = panel.Appendix2024(code);
            var plan = GroupPlan.Read(Mart, code, 2024).ShouldNotBeNull();
            var printed = PlanPrints.Reconcile(pdf, plan, report.Model.Ward);

            printed.Count.ShouldBe(4, $"{code}: three groups and the ward");
            var ward = printed[^1];
            if (plan.Total.Shortfall == 0)
                ward.PoorEnd.ShouldBeLessThanOrEqualTo(plan.Total.TargetHouseholds!.Value, code);
            else
                ward.Escapes.ShouldBe(ward.PoorStart, $"{code}: a shortfall only when every poor household is planned to escape");
            // The data sheet carries the printed numbers.
            var sheet = report.Sheets.Single();
            sheet.Rows.Select(r => ((long)r[3]!, (long)r[4]!, (long?)r[6], (long?)r[7], (long?)r[8], (long?)r[9]))
                .ShouldBe(printed.Select(p => (p.Households, p.PoorStart, (long?)p.Escapes, (long?)p.NewPoor, (long?)p.RePoor, (long?)p.PoorEnd)), code);
        }
    }

    [Fact]
    public void Should_name_a_rural_communes_units_as_xa_and_thon_and_an_urban_wards_as_phuong_and_to_dan_pho()
    {
        foreach (var urban in new[] { false, true })
        {
            var code = Mart.Scalar<string>("SELECT min(ward_code) FROM v_ward_year WHERE review_year = 2023 AND area = ?", urban ? "urban" : "rural")!;
            var (_, pdf) = panel.Appendix2024(code);
            var lines = pdf.Pages.SelectMany(p => p).ToList();
            if (urban)
            {
                lines.ShouldContain(l => l.StartsWith("Toàn phường ", StringComparison.Ordinal));
                pdf.Flow.ShouldContain("Bảng 1. Kế hoạch hộ nghèo năm 2024 theo tổ dân phố");
            }
            else
            {
                lines.ShouldContain(l => l.StartsWith("Toàn xã ", StringComparison.Ordinal));
                pdf.Flow.ShouldContain("Bảng 1. Kế hoạch hộ nghèo năm 2024 theo thôn");
                pdf.All.ShouldContain("STT Thôn ");
                pdf.All.ShouldNotContain("tổ dân phố", Case.Insensitive);
                pdf.All.ShouldNotContain("toàn phường", Case.Insensitive);
                pdf.Flow.ShouldContain("số hộ thoát nghèo được giao cho từng thôn");
            }
        }
    }
}
