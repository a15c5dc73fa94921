using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu bench reports`: seconds per document for the demo ward (against a one-page PDF of one
/// paragraph written by the same engine in the same run), then `report all` over a generated
/// province: documents per second and peak memory.
/// </summary>
internal static class BenchReportsCommand
{
    public static Command Build(CliContext context)
    {
        var wards = new Option<int>("--wards") { Description = "Wards in the generated province for the batch run.", DefaultValueFactory = _ => 100 };
        var repeat = new Option<int>("--repeat") { Description = "Runs per document kind on the demo ward (the median is reported).", DefaultValueFactory = _ => 5 };
        var work = new Option<string>("--work") { Description = "Scratch folder.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "disu-bench-reports") };
        var command = new Command("reports", "Time the appendix, trend report and briefing on the demo ward, then 'report all' over a generated province.") { wards, repeat, work };
        command.SetAction(parse => Run(context, parse.GetValue(wards), parse.GetValue(repeat), parse.GetValue(work)!));
        return command;
    }

    private static int Run(CliContext context, int wardCount, int repeat, string work)
    {
        if (wardCount < 1 || repeat < 1) throw new UsageException("--wards and --repeat must be at least 1");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var lines = new List<string>
        {
            $"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, DuckDB {BenchCommand.DuckDbVersion()}",
            $"command: disu bench reports --wards {wardCount} --repeat {repeat}",
            "",
        };

        var demo = Path.Combine(work, "demo");
        var demoMart = Prepare(context, GeneratorOptions.DiSuDemo, demo);
        using (var connection = Mart.Mart.OpenReadOnly(demoMart))
        {
            var reference = Median(repeat, () => WriteReference(Path.Combine(demo, "reference.pdf")));
            lines.Add($"demo ward (phường Dị Sử, {GeneratorOptions.DiSuDemo.HouseholdsPerWard:N0} households, its rounds 2021–2024 in the demo mart), median of {repeat} runs; reference: a one-page PDF of one paragraph, {reference * 1000:F1} ms");
            lines.Add("");
            lines.Add("| document | pages | build model (s) | write PDF (s) | total (s) | total / reference |");
            lines.Add("|---|---:|---:|---:|---:|---:|");
            foreach (var kind in ReportBatch.Kinds)
            {
                IReport? report = null;
                var build = Median(repeat, () => report = ReportBatch.Build(connection, context.Clock, kind, "DISU", 2024));
                var pages = 0;
                var write = Median(repeat, () => pages = WritePdf(report!, Path.Combine(demo, kind + ".pdf")));
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} | {pages} | {build:F3} | {write:F3} | {build + write:F3} | {(build + write) / reference:F0}× |"));
            }
        }

        var province = Path.Combine(work, "province");
        var options = new GeneratorOptions
        {
            Demo = false, Provinces = 1, WardsPerProvince = wardCount, GroupsPerWard = 9, HouseholdsPerWard = 3400,
            FirstYear = 2021, LastYear = 2025, WriteSupports = true, WriteTargets = true, Seed = 7,
        };
        var provinceMart = Prepare(context, options, province);
        // Training just before leaves a large managed heap; collect it so the batch's peak is the batch's.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        using (var connection = Mart.Mart.OpenReadOnly(provinceMart))
        {
            BatchResult? result = null;
            var batch = BenchCommand.Measure(() => result = ReportBatch.Run(connection, context.Clock, 2024, Path.Combine(province, "reports"), [ReportFormat.Pdf]));
            var bytes = result!.Files.Sum(f => new FileInfo(f).Length);
            lines.Add("");
            lines.Add($"report all --year 2024 over a generated province of {wardCount} wards × {options.HouseholdsPerWard:N0} households (2021–2025), PDF:");
            lines.Add("");
            lines.Add("| documents | failed | seconds | documents/s | MiB written | peak working set |");
            lines.Add("|---:|---:|---:|---:|---:|---:|");
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {result.Documents} | {result.Failures.Count} | {batch.Seconds:F1} | {result.Documents / batch.Seconds:F1} | {bytes / (double)(1L << 20):F1} | {batch.Peak / (double)(1L << 20):N0} MiB |"));
        }
        foreach (var line in lines) context.Out.WriteLine(line);
        return Cli.Ok;
    }

    /// <summary>Generates, loads and forecasts (base 2023 → 2024) into a fresh mart, then closes it for read-only use.</summary>
    private static string Prepare(CliContext context, GeneratorOptions options, string folder)
    {
        var inbox = Path.Combine(folder, "inbox");
        new SnapshotGenerator().Generate(options, inbox);
        var martPath = Path.Combine(folder, "mart.duckdb");
        using var mart = Mart.Mart.OpenReadWrite(martPath, context.Clock, context.Options.MemoryLimit);
        new EtlRunner(mart, context.Clock, "bench").Load([inbox]);
        new Forecaster(mart, context.Clock, martPath).Train(new ForecastOptions(2023, Scope.All, options.Seed));
        context.Out.WriteLine($"prepared {martPath}");
        return martPath;
    }

    private static int WritePdf(IReport report, string path)
    {
        using var stream = File.Create(path);
        return PdfWriter.Write(stream, report.Info, report.Page, report.Decoration, report.Compose());
    }

    private static void WriteReference(string path)
    {
        using var stream = File.Create(path);
        PdfWriter.Write(stream, new DocumentInfo("tham chiếu", "bench", "", "", DateTimeOffset.UnixEpoch), PageSetup.A4Portrait,
            new PageDecoration("", ""), [new Paragraph("Tỷ lệ hộ nghèo cuối năm 2023: 0,44%.")]);
    }

    private static double Median(int runs, Action action)
    {
        var seconds = Enumerable.Range(0, runs).Select(_ => BenchCommand.Measure(action).Seconds).Order().ToList();
        return seconds[seconds.Count / 2];
    }
}
