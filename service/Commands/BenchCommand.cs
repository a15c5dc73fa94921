using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu bench etl`: the ETL against DuckDB's own COPY of the same CSV, in the same process and run,
/// reported as a ratio (docs/benchmarks.md). Not a test: speed is measured, never asserted.
/// </summary>
internal static class BenchCommand
{
    public static Command Build(CliContext context)
    {
        var households = new Option<int>("--households") { Description = "Households per review year.", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<string>("--work") { Description = "Scratch folder (files and marts are written here).", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "disu-bench") };
        var etl = new Command("etl", "Generate two review years of N households, then time DuckDB's COPY of each CSV and our ETL of the same files.")
        {
            households, work,
        };
        etl.SetAction(parse => Run(context, parse.GetValue(households), parse.GetValue(work)!));
        var bench = new Command("bench", "Benchmarks (figures for docs/benchmarks.md).");
        bench.Subcommands.Add(etl);
        bench.Subcommands.Add(BuildForecast(context));
        bench.Subcommands.Add(BenchReportsCommand.Build(context));
        bench.Subcommands.Add(BenchScaleCommand.Build(context));
        bench.Subcommands.Add(BenchApiCommand.Build(context));
        return bench;
    }

    private static int Run(CliContext context, int households, string work)
    {
        if (households < 3400) throw new UsageException("--households must be at least 3,400 (one ward)");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        Directory.CreateDirectory(work);
        var wards = (int)Math.Ceiling(households / 3400.0);
        var options = new GeneratorOptions
        {
            Demo = false, Provinces = (wards + 99) / 100, WardsPerProvince = Math.Min(wards, 100), HouseholdsPerWard = 3400,
            FirstYear = 2023, LastYear = 2024, WriteSupports = false, WriteTargets = false, Seed = 7,
        };
        var watch = Stopwatch.StartNew();
        var generated = GenerateCommand.Generate(context, options, Path.Combine(work, "inbox"));
        context.Out.WriteLine($"generated {generated.Households:N0} households in {watch.Elapsed.TotalSeconds:F1} s");
        var files = generated.Files.Where(f => f.Kind == "snapshot").OrderBy(f => f.Year).ToList();

        var copy = new List<(double Seconds, long Peak)>();
        using (var reference = new DuckDBConnection($"Data Source={Path.Combine(work, "copy.duckdb")}"))
        {
            reference.Open();
            foreach (var file in files)
            {
                var table = $"raw_{file.Year}";
                reference.Execute($"CREATE TABLE {table} AS FROM read_csv('{file.Path}') LIMIT 0");
                copy.Add(Measure(() => reference.Execute($"COPY {table} FROM '{file.Path}' (HEADER)")));
            }
        }

        var etl = new List<(double Seconds, long Peak)>();
        var rows = new List<long>();
        var steps = new List<IReadOnlyList<StepTiming>>();
        using (var mart = Mart.Mart.OpenReadWrite(Path.Combine(work, "mart.duckdb"), context.Clock, context.Options.MemoryLimit))
        {
            var runner = new EtlRunner(mart, context.Clock, "bench");
            foreach (var file in files)
            {
                LoadResult? result = null;
                etl.Add(Measure(() => result = runner.LoadFile(file.Path)));
                rows.Add(result!.RowsLoaded);
                steps.Add(result.Steps);
            }
        }

        var report = new List<string>
        {
            $"machine: {Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1L << 30)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, DuckDB {DuckDbVersion()}",
            $"command: disu bench etl --households {households}",
            "",
            "| file | rows | DuckDB COPY (s) | disu ETL (s) | ETL / COPY | households/s | peak working set during ETL |",
            "|---|---:|---:|---:|---:|---:|---:|",
        };
        for (var i = 0; i < files.Count; i++)
            report.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {Path.GetFileName(files[i].Path)}{(i == 0 ? " (first year)" : " (with transitions)")} | {rows[i]:N0} | {copy[i].Seconds:F2} | {etl[i].Seconds:F2} | {etl[i].Seconds / copy[i].Seconds:F2}× | {rows[i] / etl[i].Seconds:N0} | {etl[i].Peak / (double)(1L << 20):N0} MiB |"));
        report.Add(string.Create(CultureInfo.InvariantCulture,
            $"| total | {rows.Sum():N0} | {copy.Sum(c => c.Seconds):F2} | {etl.Sum(e => e.Seconds):F2} | {etl.Sum(e => e.Seconds) / copy.Sum(c => c.Seconds):F2}× | {rows.Sum() / etl.Sum(e => e.Seconds):N0} | {etl.Max(e => e.Peak) / (double)(1L << 20):N0} MiB |"));
        report.Add("");
        report.Add("| step | " + string.Join(" | ", files.Select(f => Path.GetFileName(f.Path) + " (s)")) + " |");
        report.Add("|---|" + string.Concat(files.Select(_ => "---:|")));
        foreach (var step in steps[0].Select(s => s.Step))
            report.Add($"| {step} | " + string.Join(" | ", steps.Select(s => (s.FirstOrDefault(x => x.Step == step)?.Seconds ?? 0).ToString("F2", CultureInfo.InvariantCulture))) + " |");
        foreach (var line in report) context.Out.WriteLine(line);
        return Cli.Ok;
    }

    private static Command BuildForecast(CliContext context)
    {
        var households = new Option<int>("--households") { Description = "Households per review year (5 review years).", DefaultValueFactory = _ => 1_000_000 };
        var work = new Option<string>("--work") { Description = "Scratch folder.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "disu-bench-forecast") };
        var command = new Command("forecast", "Generate 5 review years, load them, then time feature building, training, the backtest and scoring.") { households, work };
        command.SetAction(parse => RunForecast(context, parse.GetValue(households), parse.GetValue(work)!));
        return command;
    }

    private static int RunForecast(CliContext context, int households, string work)
    {
        if (households < 3400) throw new UsageException("--households must be at least 3,400 (one ward)");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var wards = (int)Math.Ceiling(households / 3400.0);
        var options = new GeneratorOptions
        {
            Demo = false, Provinces = (wards + 99) / 100, WardsPerProvince = Math.Min(wards, 100), HouseholdsPerWard = 3400,
            FirstYear = 2021, LastYear = 2025, WriteSupports = true, WriteTargets = true, Seed = 7,
        };
        var generate = Measure(() => GenerateCommand.Generate(context, options, Path.Combine(work, "inbox")));
        var martPath = Path.Combine(work, "mart.duckdb");
        using var mart = Mart.Mart.OpenReadWrite(martPath, context.Clock, context.Options.MemoryLimit);
        var load = Measure(() => new EtlRunner(mart, context.Clock, "bench").Load([Path.Combine(work, "inbox")]));
        List<DiSu.Analytics.Forecasting.HouseholdRow> rows = [];
        var features = Measure(() => rows = DiSu.Analytics.Forecasting.FeatureSet.Build(mart, [2021, 2022, 2023, 2024, 2025], DiSu.Analytics.Forecasting.Scope.All));
        var training = rows.Where(r => r.BaseYear < 2024 && r.PresentNext).ToList();
        var scoring = rows.Where(r => r.BaseYear == 2024).ToList();
        DiSu.Analytics.Forecasting.RiskModel? model = null;
        var train = Measure(() => model = DiSu.Analytics.Forecasting.RiskModel.Train(DiSu.Analytics.Forecasting.RiskModel.Gbm, training, 1));
        DiSu.Analytics.Forecasting.BacktestReport? report = null;
        var backtest = Measure(() => report = DiSu.Analytics.Forecasting.Backtest.Run(rows.Where(r => r.BaseYear < 2024).ToList(), DiSu.Analytics.Forecasting.Scope.All, 1));
        DiSu.Analytics.Forecasting.Uncertainty? uncertainty = null;
        var calibrate = Measure(() => uncertainty = DiSu.Analytics.Forecasting.Uncertainty.Fit(report!.Folds));
        var score = Measure(() => ScoreWithIntervals(model!, uncertainty!, scoring));
        var lines = new List<string>
        {
            $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}",
            $"command: disu bench forecast --households {households}",
            "",
            "| stage | rows | seconds | rows/s | peak working set |",
            "|---|---:|---:|---:|---:|",
            Line("generate 5 review years", 5L * households, generate),
            Line("ETL of the 5 snapshots (+ supports, targets)", 5L * households, load),
            Line("feature build (SQL) and read", rows.Count, features),
            Line($"train {DiSu.Analytics.Forecasting.RiskModel.Gbm} (transitions 2021→2024)", training.Count, train),
            Line("rolling-origin backtest before 2024 (4 trainers × test years)", rows.Count(r => r.BaseYear < 2024), backtest),
            Line("fit calibration and interval spread on the backtest folds", report!.Folds.Sum(f => f.Rows.Count), calibrate),
            Line("score base year 2024: predict, calibrate, group and ward intervals", scoring.Count, score),
            "",
            report.Verdict,
            $"calibration: {uncertainty!.Calibration} ({uncertainty.Choice.En}); {uncertainty.Dispersion}",
        };
        foreach (var trainer in DiSu.Analytics.Forecasting.RiskModel.Trainers)
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"mean AUC {trainer}: {report.MeanAuc(trainer):F4}, mean Brier {report.MeanBrier(trainer):F5}"));
        foreach (var line in lines) context.Out.WriteLine(line);
        return Cli.Ok;
    }

    /// <summary>What a forecast costs after training: raw scores, calibration, and the predictive intervals of every group and ward.</summary>
    private static int ScoreWithIntervals(DiSu.Analytics.Forecasting.RiskModel model, DiSu.Analytics.Forecasting.Uncertainty uncertainty,
        List<DiSu.Analytics.Forecasting.HouseholdRow> scoring)
    {
        var p = uncertainty.Calibration.Apply(scoring, model.Predict(scoring));
        var units = 0;
        foreach (var ward in scoring.Select((r, i) => (r, i)).GroupBy(x => x.r.WardCode))
        {
            DiSu.Analytics.Forecasting.PredictiveCount.Of(ward.Select(x => p[x.i]).ToList(), uncertainty.Dispersion.WardTau).Interval(0.95);
            foreach (var group in ward.GroupBy(x => x.r.GroupCode))
                units += DiSu.Analytics.Forecasting.PredictiveCount.Of(group.Select(x => p[x.i]).ToList(), uncertainty.Dispersion.GroupTau).Interval(0.95).High >= 0 ? 1 : 0;
        }
        return units;
    }

    private static string Line(string stage, long rows, (double Seconds, long Peak) m) => string.Create(CultureInfo.InvariantCulture,
        $"| {stage} | {rows:N0} | {m.Seconds:F1} | {rows / m.Seconds:N0} | {m.Peak / (double)(1L << 20):N0} MiB |");

    internal static string DuckDbVersion()
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        return c.Scalar<string>("SELECT version()") ?? "?";
    }

    /// <summary>Runs a query and reads every value of every row, as a client of the view would; returns the rows read.</summary>
    internal static long ReadEveryValue(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        long rows = 0;
        while (reader.Read())
        {
            for (var i = 0; i < reader.FieldCount; i++)
                if (!reader.IsDBNull(i)) reader.GetValue(i);
            rows++;
        }
        return rows;
    }

    /// <summary>Times an action and samples the process's working set (managed + DuckDB's native memory).</summary>
    internal static (double Seconds, long Peak) Measure(Action action)
    {
        using var process = Process.GetCurrentProcess();
        long peak = 0;
        using var done = new ManualResetEventSlim();
        var sampler = new Thread(() =>
        {
            do
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }
            while (!done.Wait(20));
        }) { IsBackground = true };
        sampler.Start();
        var watch = Stopwatch.StartNew();
        action();
        var seconds = watch.Elapsed.TotalSeconds;
        done.Set();
        sampler.Join();
        return (seconds, peak);
    }
}
