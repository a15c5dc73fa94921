using System.Collections.Concurrent;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The demo loaded (phường Dị Sử and the synthetic phường Mẫu Hào 2021–2024, phường Đường Hào 2025–2026),
/// with Dị Sử's 2023 → 2024 forecast trained on its own rounds and its 2024 target allocated to the
/// residential groups, as <c>disu demo</c> builds it; shared by the report tests. Built once per test run and copied for
/// each class, so that no class sees another's writes.
/// </summary>
public sealed class DemoMartFixture : IDisposable
{
    public const string Ward = "DISU";

    /// <summary>Phường Đường Hào: Dị Sử and Mẫu Hào as one ward from the 2025 review.</summary>
    public const string MergedWard = "DUONGHAO";

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    private static readonly Lazy<string> Untrained = new(() => Loaded("untrained", GeneratorOptions.DiSuDemo));

    private static readonly Lazy<string> Through2024 = new(() => Loaded("through-2024", GeneratorOptions.DiSuDemo with { LastYear = 2024 }));

    /// <summary>The generated files of <paramref name="options"/> loaded into a new mart, closed.</summary>
    private static string Loaded(string name, GeneratorOptions options)
    {
        var path = Templates.File(name + ".duckdb");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            var inbox = Templates.File(name + "-inbox");
            new SnapshotGenerator().Generate(options, inbox);
            new DiSu.Analytics.Etl.EtlRunner(mart, clock, "tests").Load([inbox]);
        }
        return path;
    }

    private static readonly Lazy<(string Path, ForecastResult Forecast)> Trained = new(() =>
    {
        var path = Templates.File("trained.duckdb");
        TestMart.CopyMart(Untrained.Value, path);
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        var forecast = new Forecaster(mart, clock, path).Train(new ForecastOptions(2023, Scope.Ward(Ward), GeneratorOptions.DiSuDemo.Seed));
        new DiSu.Analytics.Forecasting.Planning.PlanMaker(mart, clock).Allocate(Ward, 2024, "disu demo");
        return (path, forecast);
    });

    /// <summary>A copy of the trained demo that no test writes to, for the documents built once per test run.</summary>
    private static readonly Lazy<TestMart> Untouched = new(() => new TestMart(copyOf: Trained.Value.Path));

    private static readonly Lazy<AppendixReport> Appendix = new(() => Build(m => AppendixReport.Build(m.Connection, m.Clock, new AppendixRequest(2024, Ward))));

    private static readonly Lazy<TrendReport> Trend = new(() => Build(m => TrendReport.Build(m.Connection, m.Clock, new TrendRequest(2021, 2024, Ward))));

    private static readonly Lazy<BriefingReport> Briefing = new(() => Build(m => BriefingReport.Build(m.Connection, m.Clock, new BriefingRequest(2024, Ward))));

    private static readonly ConcurrentDictionary<IReport, Lazy<PdfText>> Printed = new();

    public DemoMartFixture()
    {
        Mart = new TestMart(copyOf: Trained.Value.Path);
        Forecast = Trained.Value.Forecast;
    }

    /// <summary>The closed file every trained copy is made from, for a fixture that copies it itself (TestService.Start(copyOf: …)); never written to.</summary>
    public static string TrainedTemplate => Trained.Value.Path;

    /// <summary>A copy of the demo as the fixture holds it (forecast, 2024 plan allocated), for a test that writes.</summary>
    public static TestMart TrainedCopy() => new(copyOf: Trained.Value.Path);

    /// <summary>A copy of the demo loaded but not forecast.</summary>
    public static TestMart UntrainedCopy() => new(copyOf: Untrained.Value);

    /// <summary>A copy of the demo's first four rounds (2021–2024: Dị Sử and Mẫu Hào) loaded, not forecast: 2024 is the last round, with no 2025 yet.</summary>
    public static TestMart Through2024Copy() => new(copyOf: Through2024.Value);

    public TestMart Mart { get; }

    /// <summary>
    /// The demo's 2024 appendix, as every copy of the demo gives it, built once per test run: for
    /// tests that read the document (a test of building itself, or of a changed mart, builds its own).
    /// </summary>
    public static AppendixReport Appendix2024 => Appendix.Value;

    /// <summary>Dị Sử's 2021–2024 trend report, built once per test run (see <see cref="Appendix2024"/>).</summary>
    public static TrendReport Trend2021To2024 => Trend.Value;

    /// <summary>The demo's 2024 briefing, built once per test run (see <see cref="Appendix2024"/>).</summary>
    public static BriefingReport Briefing2024 => Briefing.Value;

    /// <summary>What the PDF of one of those documents prints, written and read once per test run.</summary>
    public static PdfText Pdf(IReport report) =>
        Printed.GetOrAdd(report, r => new(() => PdfText.Read(ReportFiles.Write(r, ReportFormat.Pdf, Templates.File(r.FileStem + "-pdf")).Single()))).Value;

    private static T Build<T>(Func<TestMart, T> build)
    {
        // One connection: the documents may be asked for from two test classes at once.
        lock (Untouched)
            return build(Untouched.Value);
    }

    public ForecastResult Forecast { get; }

    public void Dispose() => Mart.Dispose();
}
