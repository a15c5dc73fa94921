using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>A mart loaded once with a small seeded multi-ward panel, shared by the forecasting tests.</summary>
public sealed class ForecastFixture : IDisposable
{
    public ForecastFixture()
    {
        var files = Path.Combine(Mart.Folder.Path, "inbox");
        new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false, Provinces = 1, WardsPerProvince = 4, GroupsPerWard = 5, HouseholdsPerWard = 1500,
            FirstYear = 2021, LastYear = 2025, Seed = 11, WriteTargets = true,
        }, files);
        Mart.Runner.Load([files]);
    }

    public TestMart Mart { get; } = new();

    public void Dispose() => Mart.Dispose();
}
