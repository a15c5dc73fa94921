using System.Globalization;
using System.Text;
using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>Where a ward's rows go, per review year index: the files themselves or in-memory buffers.</summary>
internal sealed record YearWriters(IReadOnlyList<TextWriter> Snapshots, IReadOnlyList<TextWriter?> Supports)
{
    public static YearWriters InMemory(GeneratorOptions options) => new(
        Enumerable.Range(0, options.Years).Select(_ => (TextWriter)new StringWriter(CultureInfo.InvariantCulture)).ToArray(),
        Enumerable.Range(0, options.Years)
            .Select(_ => options.WriteSupports ? new StringWriter(CultureInfo.InvariantCulture) : null).ToArray());
}

/// <summary>
/// The output files, open for the whole run: one writer per file, each ward's rows appended in ward
/// order, so the files never have to be held in memory or merged afterwards.
/// </summary>
internal sealed class OutputFiles : IDisposable
{
    private const int BufferSize = 1 << 16;

    private readonly GeneratorOptions options;
    private readonly List<(string Path, string Kind, int Year, StreamWriter Writer)> files = [];
    private readonly List<long> rows = [];
    private readonly StreamWriter[] snapshots;
    private readonly StreamWriter?[] supports;
    private readonly StreamWriter? targets;
    private long households;
    private long dirtyRows;

    public OutputFiles(GeneratorOptions options, string outDir)
    {
        this.options = options;
        snapshots = new StreamWriter[options.Years];
        this.supports = new StreamWriter?[options.Years];
        try
        {
            for (var i = 0; i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                var format = CsvFormat.ForSnapshot(options, year);
                snapshots[i] = Open(outDir, $"households_{year}.csv", "snapshot", year, format.Encoding);
                new SnapshotCsv(format).WriteHeader(snapshots[i]);
            }

            for (var i = 0; options.WriteSupports && i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                this.supports[i] = Open(outDir, $"supports_{year}.csv", "support", year, CsvFormat.Plain.Encoding);
                this.supports[i]!.Write(SupportPlanner.Header + CsvFormat.Plain.NewLine);
            }

            if (options.WriteTargets)
            {
                // The demo's target is the ward's published plan figure; elsewhere it is derived per ward.
                var year = options.Demo ? 2024 : options.TargetBaseYear + 1;
                targets = Open(outDir, $"targets_{year}.csv", "target", year, CsvFormat.Plain.Encoding);
                // The ward's rate only: per-group households are the planner's (disu plan allocate / set).
                targets.Write(string.Join(CsvFormat.Plain.Separator, InputContract.Target.Where(c => c.Name != "target_poor_households").Select(c => c.Name))
                    + CsvFormat.Plain.NewLine);
                if (options.Demo)
                {
                    WriteTarget("2024,DISU,,0.31");
                }
            }
        }
        catch
        {
            Abandon();
            throw;
        }

        Direct = new YearWriters(snapshots, this.supports);
    }

    /// <summary>Writes straight into the files, for wards simulated one at a time.</summary>
    public YearWriters Direct { get; }

    /// <param name="buffered">The ward's text when it was simulated into memory; null when it went to <see cref="Direct"/>.</param>
    public void Add(WardTally tally, YearWriters? buffered)
    {
        for (var i = 0; i < this.options.Years; i++)
        {
            if (buffered is not null)
            {
                snapshots[i].Write(((StringWriter)buffered.Snapshots[i]).GetStringBuilder());
                if (this.supports[i] is { } supports)
                {
                    supports.Write(((StringWriter)buffered.Supports[i]!).GetStringBuilder());
                }
            }

            rows[i] += tally.SnapshotRows[i];
            if (this.options.WriteSupports)
            {
                rows[this.options.Years + i] += tally.SupportRows[i];
            }

            dirtyRows += tally.DirtyRows[i];
        }

        if (targets is not null && !this.options.Demo && tally.TargetBaseRate is { } rate)
        {
            // 70 % of the base year's rate, in percent with two decimals, as the plan tables write it.
            WriteTarget(string.Create(CultureInfo.InvariantCulture,
                $"{this.options.TargetBaseYear + 1},{tally.WardCode},,{Math.Round(70 * rate, 2, MidpointRounding.AwayFromZero):0.00}"));
        }

        households += tally.Households;
    }

    public GeneratorResult Complete()
    {
        Dispose();
        var files = this.files.Select((f, i) => new GeneratedFile(f.Path, f.Kind, f.Year, rows[i])).ToArray();
        return new GeneratorResult(files, households, dirtyRows);
    }

    /// <summary>A failed or cancelled run leaves no half-written files behind.</summary>
    public void Abandon()
    {
        Dispose();
        foreach (var file in files)
        {
            File.Delete(file.Path);
        }
    }

    public void Dispose()
    {
        foreach (var file in files)
        {
            file.Writer.Dispose();
        }
    }

    private void WriteTarget(string line)
    {
        targets!.Write(line + CsvFormat.Plain.NewLine);
        rows[^1]++; // the target file is opened last
    }

    private StreamWriter Open(string outDir, string name, string kind, int year, Encoding encoding)
    {
        var path = Path.GetFullPath(Path.Combine(outDir, name));
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
        var writer = new StreamWriter(stream, encoding, BufferSize);
        files.Add((path, kind, year, writer));
        rows.Add(0);
        return writer;
    }
}
