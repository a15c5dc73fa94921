using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>The generated data sets the tests share, each made once per test class and deleted after.</summary>
public sealed class SyntheticRuns : IDisposable
{
    private readonly Lazy<GeneratedRun> demo = new(() => new GeneratedRun(GeneratorOptions.DiSuDemo));

    // Two years either side of the 2027 change of standard, a percent of dirt, rural and urban wards.
    private readonly Lazy<GeneratedRun> provinces = new(() => new GeneratedRun(new GeneratorOptions
    {
        Demo = false,
        Seed = 7,
        Provinces = 3,
        WardsPerProvince = 4,
        HouseholdsPerWard = 500,
        FirstYear = 2026,
        LastYear = 2027,
        DirtyRate = 0.01,
    }));

    // Enough wards and poor households per ward to tell shared yearly shocks from household noise:
    // the same population with and without them.
    private readonly Lazy<GeneratedRun> shocked = new(() => new GeneratedRun(Panel(shocks: true)));
    private readonly Lazy<GeneratedRun> calm = new(() => new GeneratedRun(Panel(shocks: false)));

    public GeneratedRun Demo => demo.Value;

    public GeneratedRun Provinces => provinces.Value;

    /// <summary>24 wards × 4 groups × 2,000 households, 2021–2024, ward-year and group-year shocks on.</summary>
    public GeneratedRun Shocked => shocked.Value;

    /// <summary>The <see cref="Shocked"/> population with the shocks off.</summary>
    public GeneratedRun Calm => calm.Value;

    public void Dispose()
    {
        foreach (var run in new[] { demo, provinces, shocked, calm })
        {
            if (run.IsValueCreated)
            {
                run.Value.Dispose();
            }
        }
    }

    private static GeneratorOptions Panel(bool shocks) => new()
    {
        Demo = false,
        Seed = 3,
        Provinces = 2,
        WardsPerProvince = 12,
        GroupsPerWard = 4,
        HouseholdsPerWard = 2000,
        FirstYear = 2021,
        LastYear = 2024,
        WriteSupports = false,
        WriteTargets = false,
        Shocks = shocks,
    };
}

/// <summary>One generator run in its own temporary folder, with its files read back on demand.</summary>
public sealed class GeneratedRun : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly Dictionary<string, GeneratedCsv> read = [];

    public GeneratedRun(GeneratorOptions options)
    {
        Options = options;
        Result = new SnapshotGenerator().Generate(options, this.folder.Path);
    }

    public GeneratorOptions Options { get; }

    public GeneratorResult Result { get; }

    public string Folder => this.folder.Path;

    public IEnumerable<int> Years => Enumerable.Range(Options.FirstYear, Options.LastYear - Options.FirstYear + 1);

    public GeneratedCsv Snapshot(int year) => Read($"households_{year}.csv");

    public GeneratedCsv Supports(int year) => Read($"supports_{year}.csv");

    public GeneratedCsv Read(string name)
    {
        if (!this.read.TryGetValue(name, out var csv))
        {
            csv = GeneratedCsv.Read(this.folder.File(name));
            this.read[name] = csv;
        }

        return csv;
    }

    public void Dispose() => this.folder.Dispose();
}
