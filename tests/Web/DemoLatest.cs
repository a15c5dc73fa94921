using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The trained demo forecasts Dị Sử's 2024 from 2023; this copy is also forecast from the 2025 round
/// (2026, as `disu demo` does) and from the 2026 round (2027: the overview shows phường Đường Hào's
/// latest plan year, which `disu demo` does not forecast), with Đường Hào's targets for 2026 (0.30 %)
/// and 2027 (0.25 %) from the demo's files. Built once per test run.
/// </summary>
public static class DemoLatest
{
    public const string Ward = DemoMartFixture.MergedWard;

    public const double Target2026 = 0.30;

    public const double Target2027 = 0.25;

    private static readonly TempFolder Folder = new();

    private static readonly Lazy<string> Latest = new(() =>
    {
        var path = Folder.File("latest.duckdb");
        TestMart.CopyMart(DemoMartFixture.TrainedTemplate, path);
        var clock = new FakeTimeProvider(TestMart.Epoch);
        using var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        mart.Scalar<double>($"SELECT target_poor_rate FROM fact_target WHERE is_current AND ward_code = '{Ward}' AND group_code IS NULL AND year = 2026")
            .ShouldBe(Target2026, "the demo's targets_2025.csv");
        new Forecaster(mart, clock, path).Train(new ForecastOptions(2025, Scope.All, GeneratorOptions.DiSuDemo.Seed));
        new Forecaster(mart, clock, path).Train(new ForecastOptions(2026, Scope.All, GeneratorOptions.DiSuDemo.Seed));
        return path;
    });

    /// <summary>The closed mart file; copy it, never write to it.</summary>
    public static string Template => Latest.Value;
}
