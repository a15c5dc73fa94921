using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// A generated panel of 20 wards, urban wards and rural communes, 2021–2023, with each ward's 2024
/// target (70% of its 2023 rate), a pooled forecast 2023 → 2024 and every ward's target allocated
/// by <c>disu plan allocate --year 2024</c>. Built once per test run: small, so the suite stays fast.
/// </summary>
public sealed class PlanPanelFixture : IDisposable
{
    private static readonly TempFolder Templates = new();

    private static readonly Lazy<string> Built = new(() =>
    {
        var path = Templates.File("panel.duckdb");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            var inbox = Templates.File("inbox");
            new SnapshotGenerator().Generate(new GeneratorOptions
            {
                Demo = false, Seed = 14, Provinces = 2, WardsPerProvince = 10, GroupsPerWard = 3, HouseholdsPerWard = 400,
                FirstYear = 2021, LastYear = 2023,
            }, inbox);
            new DiSu.Analytics.Etl.EtlRunner(mart, clock, "tests").Load([inbox]);
            new Forecaster(mart, clock, path).Train(new ForecastOptions(2023, Scope.All, Seed: 14));
        }
        var allocate = CliRun.Of("plan", "allocate", "--mart", path, "--year", "2024", "--author", "tests");
        allocate.ExitCode.ShouldBe(0, allocate.Error);
        return path;
    });

    public PlanPanelFixture() => Mart = new TestMart(copyOf: Built.Value);

    public TestMart Mart { get; }

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
        using var folder = new TempFolder();
        foreach (var code in Ward.All(Mart))
        {
            var report = AppendixReport.Build(Mart, panel.Mart.Clock, new AppendixRequest(2024, code));
            var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.File(code)).Single());
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
        using var folder = new TempFolder();
        foreach (var urban in new[] { false, true })
        {
            var code = Mart.Scalar<string>("SELECT min(ward_code) FROM v_ward_year WHERE review_year = 2023 AND area = ?", urban ? "urban" : "rural")!;
            var report = AppendixReport.Build(Mart, panel.Mart.Clock, new AppendixRequest(2024, code));
            var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.File(code)).Single());
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
