using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>
/// A small seeded multi-ward panel, generated and loaded once per test run and copied for each
/// forecasting class that uses it.
/// </summary>
public sealed class ForecastFixture : IDisposable
{
    public TestMart Mart { get; } = TestMart.From("forecast-panel", mart =>
    {
        var files = Path.Combine(mart.Folder.Path, "inbox");
        new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false, Provinces = 1, WardsPerProvince = 4, GroupsPerWard = 5, HouseholdsPerWard = 1500,
            FirstYear = 2021, LastYear = 2025, Seed = 11, WriteTargets = true,
        }, files);
        mart.Runner.Load([files]);
    });

    public void Dispose() => Mart.Dispose();
}
