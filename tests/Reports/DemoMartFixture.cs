using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The phường Dị Sử demo (2021–2025) loaded once, with the 2023 → 2024 forecast trained, as
/// <c>disu demo</c> builds it; shared by the report tests.
/// </summary>
public sealed class DemoMartFixture : IDisposable
{
    public const string Ward = "DISU";

    public DemoMartFixture()
    {
        var inbox = Path.Combine(Mart.Folder.Path, "inbox");
        new SnapshotGenerator().Generate(GeneratorOptions.DiSuDemo, inbox);
        Mart.Runner.Load([inbox]);
        Forecast = new Forecaster(Mart.Connection, Mart.Clock, Mart.MartPath).Train(new ForecastOptions(2023, Scope.All, GeneratorOptions.DiSuDemo.Seed));
    }

    public TestMart Mart { get; } = new();

    public ForecastResult Forecast { get; }

    public void Dispose() => Mart.Dispose();
}
