using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Export;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu bench scale`: the mart at a given size — two review years of N households — load time,
/// file size, the public views for one year, the Parquet export, and peak memory of each step
/// (figures for docs/scale.md).
/// </summary>
internal static class BenchScaleCommand
{
    public static Command Build(CliContext context)
    {
        var households = new Option<int>("--households") { Description = "Households per review year (two years: 2023, 2024).", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<string>("--work") { Description = "Scratch folder (needs ~0.5 GB per million households).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "disu-bench-scale") };
        var keep = new Option<bool>("--keep") { Description = "Keep the generated files and the mart." };
        var command = new Command("scale", "Build a mart of two review years of N households and time the load, the views and the Parquet export.") { households, work, keep };
        command.SetAction(parse => Run(context, parse.GetValue(households), parse.GetValue(work)!, parse.GetValue(keep)));
        return command;
    }

    private static int Run(CliContext context, int households, string work, bool keep)
    {
        if (households < 3400) throw new UsageException("--households must be at least 3,400 (one ward)");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var wards = (int)Math.Ceiling(households / 3400.0);
        var options = new GeneratorOptions
        {
            Demo = false, Provinces = (wards + 99) / 100, WardsPerProvince = Math.Min(wards, 100), HouseholdsPerWard = 3400,
            FirstYear = 2023, LastYear = 2024, WriteSupports = false, WriteTargets = false, Seed = 7,
        };
        var inbox = Path.Combine(work, "inbox");
        GeneratorResult? generated = null;
        var generate = BenchCommand.Measure(() => generated = GenerateCommand.Generate(context, options, inbox));
        // Each province delivers its own review file, as the nation would: one transaction per
        // province-year keeps a load's working set at a province's size, not the nation's.
        var files = generated!.Files.Where(f => f.Kind == "snapshot").OrderBy(f => f.Year)
            .SelectMany(f => SplitByProvince(f.Path).Select(path => (Path: path, f.Year))).ToList();
        var martPath = Path.Combine(work, "mart.duckdb");
        var loads = new List<(int Year, double Seconds, long Peak)>();
        using (var mart = Mart.Mart.OpenReadWrite(martPath, context.Clock, context.Options.MemoryLimit))
        {
            var runner = new EtlRunner(mart, context.Clock, "bench");
            foreach (var file in files)
            {
                context.Say($"loading {Path.GetFileName(file.Path)}");
                var m = BenchCommand.Measure(() => runner.LoadFile(file.Path));
                loads.Add((file.Year, m.Seconds, m.Peak));
            }
            mart.Execute("CHECKPOINT");
        }
        var size = new FileInfo(martPath).Length + (File.Exists(martPath + ".wal") ? new FileInfo(martPath + ".wal").Length : 0);
        var csv = files.Sum(f => new FileInfo(f.Path).Length);

        var queries = new List<(string Name, double Seconds, long Peak, long Rows)>();
        using (var reader = Mart.Mart.OpenReadOnly(martPath))
        {
            var ward = reader.Scalar<string>("SELECT min(ward_code) FROM geo_year")!;
            foreach (var (name, sql) in new[]
            {
                ("v_group_year, one year, all groups", "SELECT * FROM v_group_year WHERE review_year = 2024"),
                ("v_ward_year, one year, all wards", "SELECT * FROM v_ward_year WHERE review_year = 2024"),
                ("v_group_year, one ward, one year", $"SELECT * FROM v_group_year WHERE review_year = 2024 AND ward_code = '{ward}'"),
                ("v_mpi_by_group, one year", "SELECT * FROM v_mpi_by_group WHERE review_year = 2024"),
            })
            {
                long rows = 0;
                var m = BenchCommand.Measure(() => rows = BenchCommand.ReadEveryValue(reader, sql));
                queries.Add((name, m.Seconds, m.Peak, rows));
            }
        }
        ParquetExportResult? export = null;
        var parquet = Path.Combine(work, "parquet");
        (double Seconds, long Peak) exported;
        using (var exporter = Mart.Mart.OpenForExport(martPath))
            exported = BenchCommand.Measure(() => export = ParquetExport.Run(exporter, parquet));
        var parquetSize = Directory.EnumerateFiles(parquet, "*.parquet", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);

        string MiB(long bytes) => (bytes / (double)(1L << 20)).ToString("N0", CultureInfo.InvariantCulture) + " MiB";
        var lines = new List<string>
        {
            $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, DuckDB {BenchCommand.DuckDbVersion()}, memory limit {context.Options.MemoryLimit}",
            $"command: disu bench scale --households {households}",
            "",
            "| step | seconds | peak working set | size |",
            "|---|---:|---:|---:|",
            string.Create(CultureInfo.InvariantCulture, $"| generate 2 × {households:N0} households (CSV) | {generate.Seconds:F1} | {MiB(generate.Peak)} | {MiB(csv)} |"),
        };
        foreach (var year in loads.GroupBy(l => l.Year))
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| ETL {year.Key}: {year.Count()} province files, {households:N0} households (slowest file {year.Max(l => l.Seconds):F1} s) | {year.Sum(l => l.Seconds):F1} | {MiB(year.Max(l => l.Peak))} | |"));
        lines.Add($"| mart file after both years | | | {MiB(size)} |");
        foreach (var q in queries)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"| {q.Name} ({q.Rows:N0} rows) | {q.Seconds:F2} | {MiB(q.Peak)} | |"));
        lines.Add(string.Create(CultureInfo.InvariantCulture, $"| export parquet ({export!.Tables.Count} tables) | {exported.Seconds:F1} | {MiB(exported.Peak)} | {MiB(parquetSize)} |"));
        foreach (var line in lines) context.Out.WriteLine(line);
        if (!keep) Directory.Delete(work, recursive: true);
        return Cli.Ok;
    }

    /// <summary>Splits a national snapshot file into one file per province (streaming, header kept).</summary>
    private static List<string> SplitByProvince(string path)
    {
        var writers = new Dictionary<string, StreamWriter>(StringComparer.Ordinal);
        using (var reader = new StreamReader(path))
        {
            var header = reader.ReadLine() ?? throw new InvalidOperationException($"{path} is empty");
            var column = Array.IndexOf(header.Split(','), "province_code");
            for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                var province = line.Split(',', column + 2)[column];
                if (!writers.TryGetValue(province, out var writer))
                {
                    writer = new StreamWriter(Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}_p{province}.csv"));
                    writer.WriteLine(header);
                    writers[province] = writer;
                }
                writer.WriteLine(line);
            }
        }
        foreach (var writer in writers.Values)
            writer.Dispose();
        File.Delete(path);
        return writers.Keys.Order(StringComparer.Ordinal)
            .Select(p => Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}_p{p}.csv")).ToList();
    }
}
