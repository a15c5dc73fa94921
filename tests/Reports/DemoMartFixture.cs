using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The phường Dị Sử demo (2021–2025) loaded, with the 2023 → 2024 forecast trained and the 2024
/// target allocated to the residential groups, as <c>disu demo</c> builds it; shared by the report tests. Built once per test run and copied for
/// each class, so that no class sees another's writes.
/// </summary>
public sealed class DemoMartFixture : IDisposable
{
    public const string Ward = "DISU";

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    private static readonly Lazy<string> Untrained = new(() =>
    {
        var path = Templates.File("untrained.duckdb");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            var inbox = Templates.File("inbox");
            new SnapshotGenerator().Generate(GeneratorOptions.DiSuDemo, inbox);
            new DiSu.Analytics.Etl.EtlRunner(mart, clock, "tests").Load([inbox]);
        }
        return path;
    });

    private static readonly Lazy<(string Path, ForecastResult Forecast)> Trained = new(() =>
    {
        var path = Templates.File("trained.duckdb");
        TestMart.CopyMart(Untrained.Value, path);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        var forecast = new Forecaster(mart, clock, path).Train(new ForecastOptions(2023, Scope.All, GeneratorOptions.DiSuDemo.Seed));
        new DiSu.Analytics.Forecasting.Planning.PlanMaker(mart, clock).Allocate(Ward, 2024, "disu demo");
        return (path, forecast);
    });

    public DemoMartFixture()
    {
        Mart = new TestMart(copyOf: Trained.Value.Path);
        Forecast = Trained.Value.Forecast;
    }

    /// <summary>A copy of the demo as the fixture holds it (forecast, 2024 plan allocated), for a test that writes.</summary>
    public static TestMart TrainedCopy() => new(copyOf: Trained.Value.Path);

    /// <summary>A copy of the demo loaded but not forecast.</summary>
    public static TestMart UntrainedCopy() => new(copyOf: Untrained.Value);

    public TestMart Mart { get; }

    public ForecastResult Forecast { get; }

    public void Dispose() => Mart.Dispose();
}
