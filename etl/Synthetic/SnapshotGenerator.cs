namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>
/// Writes a seeded synthetic population as files in the input contract: yearly household snapshots,
/// support records and plan targets. The same options and seed always give byte-identical files.
/// Memory is bounded by a few wards' households whatever the population size: wards are simulated
/// one batch at a time and appended to files that stay open for the run.
/// </summary>
public sealed class SnapshotGenerator
{
    // Above this a ward's text would be too large to hold in memory, so it is written straight to the files.
    private const int MaxBufferedHouseholds = 50_000;

    public GeneratorResult Generate(
        GeneratorOptions options,
        string outDir,
        IProgress<GeneratorProgress>? progress = null,
        CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(outDir);
        options.Validate();
        Directory.CreateDirectory(outDir);

        var files = new OutputFiles(options, outDir);
        try
        {
            var batch = options.HouseholdsPerWard <= MaxBufferedHouseholds
                ? (int)Math.Min(Environment.ProcessorCount, options.Wards)
                : 1;
            var total = (options.Wards * options.HouseholdsPerWard) + (options.Demo ? DemoReorganisation.SecondWardHouseholds : 0);
            long done = 0;
            WardTally? diSu = null;
            for (long first = 0; first < options.Wards; first += batch)
            {
                ct.ThrowIfCancellationRequested();
                foreach (var (tally, buffered) in RunBatch(options, first, (int)Math.Min(batch, options.Wards - first), batch, files, ct))
                {
                    diSu ??= tally;
                    files.Add(tally, buffered);
                    done += options.HouseholdsPerWard;
                    progress?.Report(new GeneratorProgress(done, total));
                }
            }

            if (options.Demo)
            {
                // The second former ward of the demo: ward 2 of the seed, so its streams leave Dị Sử's draws alone.
                var second = options with { HouseholdsPerWard = DemoReorganisation.SecondWardHouseholds, GroupsPerWard = DemoReorganisation.SecondWardGroups.Count };
                var buffers = YearWriters.InMemory(second);
                var tally = WardSimulation.Run(second, 1, 2, buffers);
                files.AddSecondWard(tally, buffers);
                files.AddUnitChanges(diSu!.Ward, tally.Ward);
                progress?.Report(new GeneratorProgress(total, total));
            }

            return files.Complete();
        }
        catch
        {
            files.Abandon();
            throw;
        }
    }

    /// <summary>
    /// A batch of one writes straight into the files; a bigger batch runs in parallel into buffers that
    /// the caller appends in ward order, so thread timing never changes the output.
    /// </summary>
    private static (WardTally Tally, YearWriters? Buffered)[] RunBatch(
        GeneratorOptions options, long first, int count, int batch, OutputFiles files, CancellationToken ct)
    {
        if (batch == 1)
        {
            var (province, ward) = Locate(options, first);
            return [(WardSimulation.Run(options, province, ward, files.Direct), null)];
        }

        var results = new (WardTally, YearWriters?)[count];
        Parallel.For(0, count, new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = batch }, i =>
        {
            var (province, ward) = Locate(options, first + i);
            var buffers = YearWriters.InMemory(options);
            results[i] = (WardSimulation.Run(options, province, ward, buffers), buffers);
        });
        return results;
    }

    /// <summary>1-based province and ward numbers of the ward at a 0-based position in the run.</summary>
    private static (int Province, int Ward) Locate(GeneratorOptions options, long position) =>
        ((int)(position / options.WardsPerProvince) + 1, (int)(position % options.WardsPerProvince) + 1);
}
