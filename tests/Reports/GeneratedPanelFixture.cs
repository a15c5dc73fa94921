using System.Globalization;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// An independent panel as <c>disu generate</c> writes it: 20 generated wards of one province
/// (urban wards and rural communes, three groups of about 130 households each, households moving
/// in and out), its rounds 2022–2025 loaded without a forecast. Built once per test run and copied
/// for each class, so that no class sees another's writes. The files are generated once for
/// 2021–2025 and shared with <see cref="PlanPanelFixture"/>, which loads 2021–2023 of them.
/// </summary>
public sealed class GeneratedPanelFixture : IDisposable
{
    public const int Wards = 20;

    public static readonly GeneratorOptions Options = new()
    {
        Demo = false, Provinces = 1, WardsPerProvince = Wards, GroupsPerWard = 3, HouseholdsPerWard = 400,
        FirstYear = 2021, LastYear = 2025, Seed = 14,
    };

    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    /// <summary>The panel's generated files (households and supports per round, the 2024 targets).</summary>
    private static readonly Lazy<string> Inbox = new(() =>
    {
        var inbox = Templates.File("inbox");
        new SnapshotGenerator().Generate(Options, inbox);
        return inbox;
    });

    private static readonly Lazy<string> Loaded = new(() => LoadRounds("panel-2022-2025", 2022, 2025));

    public GeneratedPanelFixture() => Mart = new TestMart(copyOf: Loaded.Value);

    public TestMart Mart { get; }

    /// <summary>The loaded panel as a closed file, for copies that the command line opens.</summary>
    public static string TemplatePath => Loaded.Value;

    /// <summary>
    /// A new closed mart with the panel's rounds <paramref name="from"/>–<paramref name="to"/> loaded
    /// (households and supports of those years, targets up to the year after), then whatever
    /// <paramref name="then"/> does with the writer.
    /// </summary>
    internal static string LoadRounds(string name, int from, int to, Action<DuckDBConnection, TimeProvider, string>? then = null)
    {
        var path = Templates.File(name + ".duckdb");
        var files = Directory.GetFiles(Inbox.Value, "*.csv").Where(f =>
        {
            var stem = Path.GetFileNameWithoutExtension(f);
            var year = int.Parse(stem[(stem.LastIndexOf('_') + 1)..], CultureInfo.InvariantCulture);
            return stem.StartsWith("targets_", StringComparison.Ordinal) ? year <= to + 1 : year >= from && year <= to;
        }).Order(StringComparer.Ordinal).ToList();
        var clock = new FakeTimeProvider(TestMart.Epoch);
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            new DiSu.Analytics.Etl.EtlRunner(mart, clock, "tests").Load(files).ShouldAllBe(r => r.Outcome == DiSu.Analytics.Etl.LoadOutcome.Loaded);
            then?.Invoke(mart, clock, path);
        }
        return path;
    }

    /// <summary>Ward codes with whether each is urban (a phường) or rural (a xã), as the mart classifies them.</summary>
    public IReadOnlyList<(string Code, bool Urban)> WardKinds() =>
        Mart.Rows("SELECT ward_code, bool_and(area = 'urban') FROM v_ward_year GROUP BY ward_code ORDER BY ward_code")
            .Select(r => ((string)r[0]!, r[1] is true)).ToList();

    public void Dispose() => Mart.Dispose();
}
