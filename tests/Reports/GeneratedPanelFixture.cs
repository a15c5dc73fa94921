using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// An independent panel as <c>disu generate</c> writes it: 20 generated wards of one province
/// (urban wards and rural communes, three groups of about 300 households each, 2022–2025, with
/// households moving in and out), loaded without a forecast. Built once per test run and copied
/// for each class, so that no class sees another's writes.
/// </summary>
public sealed class GeneratedPanelFixture : IDisposable
{
    public const int Wards = 20;

    public static readonly GeneratorOptions Options = new()
    {
        Demo = false, Provinces = 1, WardsPerProvince = Wards, GroupsPerWard = 3, HouseholdsPerWard = 900,
        FirstYear = 2022, LastYear = 2025, Seed = 14,
    };

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    private static readonly Lazy<string> Loaded = new(() =>
    {
        var path = Templates.File("panel.duckdb");
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(TestMart.Epoch);
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            var inbox = Templates.File("inbox");
            new SnapshotGenerator().Generate(Options, inbox);
            new DiSu.Analytics.Etl.EtlRunner(mart, clock, "tests").Load([inbox]);
        }
        return path;
    });

    public GeneratedPanelFixture() => Mart = new TestMart(copyOf: Loaded.Value);

    public TestMart Mart { get; }

    /// <summary>The loaded panel as a closed file, for copies that the command line opens.</summary>
    public static string TemplatePath => Loaded.Value;

    /// <summary>Ward codes with whether each is urban (a phường) or rural (a xã), as the mart classifies them.</summary>
    public IReadOnlyList<(string Code, bool Urban)> WardKinds() =>
        Mart.Rows("SELECT ward_code, bool_and(area = 'urban') FROM v_ward_year GROUP BY ward_code ORDER BY ward_code")
            .Select(r => ((string)r[0]!, r[1] is true)).ToList();

    public void Dispose() => Mart.Dispose();
}
