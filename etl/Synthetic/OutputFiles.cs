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

    private readonly GeneratorOptions _options;
    private readonly List<(string Path, string Kind, int Year, StreamWriter Writer)> _files = [];
    private readonly List<long> _rows = [];
    private readonly StreamWriter[] _snapshots;
    private readonly StreamWriter?[] _supports;
    private readonly StreamWriter? _targets;
    private long _households;
    private long _dirtyRows;

    public OutputFiles(GeneratorOptions options, string outDir)
    {
        _options = options;
        _snapshots = new StreamWriter[options.Years];
        _supports = new StreamWriter?[options.Years];
        try
        {
            for (var i = 0; i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                var format = CsvFormat.ForSnapshot(options, year);
                _snapshots[i] = Open(outDir, $"households_{year}.csv", "snapshot", year, format.Encoding);
                new SnapshotCsv(format).WriteHeader(_snapshots[i]);
            }

            for (var i = 0; options.WriteSupports && i < options.Years; i++)
            {
                var year = options.FirstYear + i;
                _supports[i] = Open(outDir, $"supports_{year}.csv", "support", year, CsvFormat.Plain.Encoding);
                _supports[i]!.Write(SupportPlanner.Header + CsvFormat.Plain.NewLine);
            }

            if (options.WriteTargets)
            {
                // The demo's target is the ward's published plan figure; elsewhere it is derived per ward.
                var year = options.Demo ? 2024 : options.TargetBaseYear + 1;
                _targets = Open(outDir, $"targets_{year}.csv", "target", year, CsvFormat.Plain.Encoding);
                // The ward's rate only: per-group households are the planner's (disu plan allocate / set).
                _targets.Write(string.Join(CsvFormat.Plain.Separator, InputContract.Target.Where(c => c.Name != "target_poor_households").Select(c => c.Name))
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

        Direct = new YearWriters(_snapshots, _supports);
    }

    /// <summary>Writes straight into the files, for wards simulated one at a time.</summary>
    public YearWriters Direct { get; }

    /// <param name="buffered">The ward's text when it was simulated into memory; null when it went to <see cref="Direct"/>.</param>
    public void Add(WardTally tally, YearWriters? buffered)
    {
        for (var i = 0; i < _options.Years; i++)
        {
            if (buffered is not null)
            {
                _snapshots[i].Write(((StringWriter)buffered.Snapshots[i]).GetStringBuilder());
                if (_supports[i] is { } supports)
                {
                    supports.Write(((StringWriter)buffered.Supports[i]!).GetStringBuilder());
                }
            }

            _rows[i] += tally.SnapshotRows[i];
            if (_options.WriteSupports)
            {
                _rows[_options.Years + i] += tally.SupportRows[i];
            }

            _dirtyRows += tally.DirtyRows[i];
        }

        if (_targets is not null && !_options.Demo && tally.TargetBaseRate is { } rate)
        {
            // 70 % of the base year's rate, in percent with two decimals, as the plan tables write it.
            WriteTarget(string.Create(CultureInfo.InvariantCulture,
                $"{_options.TargetBaseYear + 1},{tally.WardCode},,{Math.Round(70 * rate, 2, MidpointRounding.AwayFromZero):0.00}"));
        }

        _households += tally.Households;
    }

    public GeneratorResult Complete()
    {
        Dispose();
        var files = _files.Select((f, i) => new GeneratedFile(f.Path, f.Kind, f.Year, _rows[i])).ToArray();
        return new GeneratorResult(files, _households, _dirtyRows);
    }

    /// <summary>A failed or cancelled run leaves no half-written files behind.</summary>
    public void Abandon()
    {
        Dispose();
        foreach (var file in _files)
        {
            File.Delete(file.Path);
        }
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            file.Writer.Dispose();
        }
    }

    private void WriteTarget(string line)
    {
        _targets!.Write(line + CsvFormat.Plain.NewLine);
        _rows[^1]++; // the target file is opened last
    }

    private StreamWriter Open(string outDir, string name, string kind, int year, Encoding encoding)
    {
        var path = Path.GetFullPath(Path.Combine(outDir, name));
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, BufferSize);
        var writer = new StreamWriter(stream, encoding, BufferSize);
        _files.Add((path, kind, year, writer));
        _rows.Add(0);
        return writer;
    }
}
