using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The trained demo forecasts 2024 from 2023; the pages show the latest plan year (2026), so this
/// copy is also forecast from the 2025 round, as `disu demo` does, with a 2026 target for the ward
/// so that the forecast has a chance of meeting it to show. Built once per test run.
/// </summary>
public static class DemoLatest
{
    public const double Target2026 = 0.25;

    private static readonly TempFolder Folder = new();

    private static readonly Lazy<string> Latest = new(() =>
    {
        var path = Folder.File("latest.duckdb");
        TestMart.CopyMart(DemoMartFixture.TrainedTemplate, path);
        var clock = new FakeTimeProvider(TestMart.Epoch);
        using var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        mart.Execute($"""
            INSERT INTO fact_target SELECT * REPLACE (2026 AS year, {Target2026.ToString(System.Globalization.CultureInfo.InvariantCulture)} AS target_poor_rate)
            FROM fact_target WHERE is_current AND ward_code = 'DISU' AND group_code IS NULL ORDER BY year DESC LIMIT 1
            """);
        new Forecaster(mart, clock, path).Train(new ForecastOptions(2025, Scope.All, GeneratorOptions.DiSuDemo.Seed));
        return path;
    });

    /// <summary>The closed mart file; copy it, never write to it.</summary>
    public static string Template => Latest.Value;
}
