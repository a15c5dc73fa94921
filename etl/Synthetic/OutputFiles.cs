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
    private readonly StreamWriter? unitChanges;

    // Index into files / rows of each year's snapshot and support file, and of the target file.
    private readonly int[] snapshotFile;
    private readonly int[] supportFile;
    private readonly int targetFile = -1;
    private readonly int unitChangeFile = -1;

    // The demo's second former ward before the reorganisation: its own files, so that Dị Sử's stay as they were.
    private readonly Dictionary<int, (StreamWriter Writer, int File)> secondWardSnapshots = [];
    private readonly Dictionary<int, (StreamWriter Writer, int File)> secondWardSupports = [];
    private long households;
    private long dirtyRows;

    public OutputFiles(GeneratorOptions options, string outDir)
    {
        this.options = options;
        snapshots = new StreamWriter[options.Years];
        this.supports = new StreamWriter?[options.Years];
        snapshotFile = new int[options.Years];
        supportFile = new int[options.Years];
        try
        {
            for (var i = 0; i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                var format = CsvFormat.ForSnapshot(options, year);
                (snapshots[i], snapshotFile[i]) = Open(outDir, $"households_{year}.csv", "snapshot", year, format.Encoding);
                new SnapshotCsv(format).WriteHeader(snapshots[i]);
            }

            for (var i = 0; options.WriteSupports && i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                (this.supports[i], supportFile[i]) = Open(outDir, $"supports_{year}.csv", "support", year, CsvFormat.Plain.Encoding);
                this.supports[i]!.Write(SupportPlanner.Header + CsvFormat.Plain.NewLine);
            }

            for (var year = options.FirstYear; options.Demo && year <= Math.Min(options.LastYear, DemoReorganisation.FirstYear - 1); year++)
            {
                var format = CsvFormat.ForSnapshot(options, year);
                var snapshot = Open(outDir, $"households_{year}_mauhao.csv", "snapshot", year, format.Encoding);
                new SnapshotCsv(format).WriteHeader(snapshot.Writer);
                secondWardSnapshots[year] = snapshot;
                if (options.WriteSupports)
                {
                    var support = Open(outDir, $"supports_{year}_mauhao.csv", "support", year, CsvFormat.Plain.Encoding);
                    support.Writer.Write(SupportPlanner.Header + CsvFormat.Plain.NewLine);
                    secondWardSupports[year] = support;
                }
            }

            if (options.WriteTargets)
            {
                // The demo's target is the ward's published plan figure; elsewhere it is derived per ward.
                var year = options.Demo ? 2024 : options.TargetBaseYear + 1;
                (targets, targetFile) = Open(outDir, $"targets_{year}.csv", "target", year, CsvFormat.Plain.Encoding);
                targets.Write(TargetHeader + CsvFormat.Plain.NewLine);
                if (options.Demo)
                {
                    WriteTarget("2024,DISU,,0.31");
                }
            }

            if (options.Demo && options.FirstYear < DemoReorganisation.FirstYear && options.LastYear >= DemoReorganisation.FirstYear)
            {
                if (options.WriteTargets)
                {
                    // Đường Hào's plan, set after the merger: a file of its own so that Dị Sử's 2024 plan file stays as it was.
                    var (writer, file) = Open(outDir, $"targets_{DemoReorganisation.FirstYear}.csv", "target", DemoReorganisation.FirstYear, CsvFormat.Plain.Encoding);
                    writer.Write(TargetHeader + CsvFormat.Plain.NewLine);
                    foreach (var (year, rate) in DemoReorganisation.Targets)
                    {
                        writer.Write(string.Create(CultureInfo.InvariantCulture, $"{year},{DemoReorganisation.WardCode},,{rate}") + CsvFormat.Plain.NewLine);
                        rows[file]++;
                    }
                }

                // Written when both former wards have run (AddUnitChanges): it names their groups.
                (unitChanges, unitChangeFile) = Open(outDir, $"unit_changes_{DemoReorganisation.FirstYear}.csv", "unit_change",
                    DemoReorganisation.FirstYear, CsvFormat.Plain.Encoding);
            }
        }
        catch
        {
            Abandon();
            throw;
        }

        Direct = new YearWriters(snapshots, this.supports);
    }

    // The ward's rate only: per-group households are the planner's (disu plan allocate / set).
    private static string TargetHeader { get; } =
        string.Join(CsvFormat.Plain.Separator, InputContract.Target.Where(c => c.Name != "target_poor_households").Select(c => c.Name));

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

            rows[snapshotFile[i]] += tally.SnapshotRows[i];
            if (this.options.WriteSupports)
            {
                rows[supportFile[i]] += tally.SupportRows[i];
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

    /// <summary>
    /// The demo's second former ward, simulated into memory: its own files before the reorganisation,
    /// appended to the merged ward's files (after Dị Sử's rows) from it.
    /// </summary>
    public void AddSecondWard(WardTally tally, YearWriters buffered)
    {
        for (var i = 0; i < this.options.Years; i++)
        {
            var year = this.options.FirstYear + i;
            var (snapshot, snapshotAt) = secondWardSnapshots.TryGetValue(year, out var own) ? own : (snapshots[i], snapshotFile[i]);
            snapshot.Write(((StringWriter)buffered.Snapshots[i]).GetStringBuilder());
            rows[snapshotAt] += tally.SnapshotRows[i];
            if (this.options.WriteSupports)
            {
                var (support, supportAt) = secondWardSupports.TryGetValue(year, out var ownSupport) ? ownSupport : (this.supports[i]!, supportFile[i]);
                support.Write(((StringWriter)buffered.Supports[i]!).GetStringBuilder());
                rows[supportAt] += tally.SupportRows[i];
            }

            dirtyRows += tally.DirtyRows[i];
        }

        households += tally.Households;
    }

    /// <summary>The demo's unit-change file, from the two former wards' plans (when the run spans the reorganisation).</summary>
    public void AddUnitChanges(WardPlan diSu, WardPlan mauHao)
    {
        if (unitChanges is null)
        {
            return;
        }

        var lines = DemoReorganisation.UnitChangeLines(diSu, mauHao).ToList();
        foreach (var line in lines)
        {
            unitChanges.Write(line + CsvFormat.Plain.NewLine);
        }

        rows[unitChangeFile] += lines.Count - 1; // the header is not a row
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
        rows[targetFile]++;
    }

    private (StreamWriter Writer, int File) Open(string outDir, string name, string kind, int year, Encoding encoding)
    {
        var path = Path.GetFullPath(Path.Combine(outDir, name));
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
        var writer = new StreamWriter(stream, encoding, BufferSize);
        files.Add((path, kind, year, writer));
        rows.Add(0);
        return (writer, files.Count - 1);
    }
}
