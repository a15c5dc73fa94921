using System.CommandLine;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Output;

namespace DiSu.Analytics.Service.Commands;

internal static class DemoCommand
{
    public const string WardCode = "DISU";

    /// <summary>The unit directly above phường Dị Sử (Hưng Yên).</summary>
    public const string ParentUnit = "thị xã Mỹ Hào";

    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the demo: inbox/ (generated files), disu.duckdb (a fresh mart) and reports/ (the documents).",
            DefaultValueFactory = _ => context.Options.DemoFolder,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the generated data.", DefaultValueFactory = _ => GeneratorOptions.DiSuDemo.Seed };
        var command = new Command("demo",
            "Generate the phường Dị Sử demo (2021–2025), load it into a fresh mart, print the ward's table per year, forecast 2024 (and 2026, for the web overview), allocate its 0.31% target to the residential groups in whole households and write the 2024 appendix, the 2021–2025 trend report, the 2024 briefing and the 2025 review's forms (PDF and XLSX) into reports/, then forecast 2026 from the 2025 round.")
        {
            output, seed,
        };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            var inbox = Path.Combine(folder, "inbox");
            var martPath = Path.Combine(folder, "disu.duckdb");
            foreach (var stale in new[] { martPath, martPath + ".wal" }.Where(File.Exists))
                File.Delete(stale);
            if (Directory.Exists(inbox))
                Directory.Delete(inbox, recursive: true);

            var generated = GenerateCommand.Generate(context, GeneratorOptions.DiSuDemo with { Seed = parse.GetValue(seed) }, inbox);
            context.Line($"đã tạo {generated.Files.Count:N0} tệp trong {Path.GetFullPath(inbox)} ({generated.Households:N0} hộ, {generated.DirtyRows:N0} dòng cố ý sai)",
                         $"generated {generated.Files.Count:N0} files in {Path.GetFullPath(inbox)} ({generated.Households:N0} households, {generated.DirtyRows:N0} deliberately bad rows)");

            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(martPath, context.Clock, context.Options.MemoryLimit);
            var results = EtlCommands.Run(context, connection, [inbox], quiet: false);
            // Dị Sử is a ward of thị xã Mỹ Hào: its letterhead names it. The plan's number and date are not known, so they print as "…".
            WardSettingRule.Store(connection, WardCode, "parent_unit", ParentUnit);
            context.Out.WriteLine();
            WardTable.Write(context.Console, connection, WardCode, context.Language);
            if (connection.ReadSingleOrDefault<WardYearRow>("SELECT poor, households, poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", WardCode)
                is { Poor: var poor, Households: var households, PoorRate: var rate })
            {
                context.Line($"Tỷ lệ hộ nghèo cuối năm 2023: {rate:F2}% ({poor:N0}/{households:N0} hộ)",
                             $"Poor-household rate at the end of 2023: {rate:F2}% ({poor:N0} of {households:N0} households)");
            }
            context.Out.WriteLine();
            context.Line($"Dự kiến năm 2024 (dự báo 2023 → 2024, học từ 2021→2022 và 2022→2023):",
                         $"Forecast for 2024 (2023 → 2024, trained on 2021→2022 and 2022→2023):");
            ForecastCommands.Train(context, connection, martPath, new DiSu.Analytics.Forecasting.ForecastOptions(2023, DiSu.Analytics.Forecasting.Scope.All, parse.GetValue(seed)));
            ForecastCommands.Show(context, connection, 2024, WardCode);
            context.Out.WriteLine();
            // The ward's 0.31% as whole households per residential group: what the appendix prints.
            PlanCommand.Allocate(context, connection, Ward.Resolve(connection, WardCode, new PlanYear(2024)), 2024, "disu demo");
            context.Out.WriteLine();
            var reports = Path.Combine(folder, "reports");
            foreach (var (kind, from) in new[] { (ReportKind.Appendix, (int?)null), (ReportKind.Trend, 2021), (ReportKind.Briefing, null) })
            {
                var report = ReportBatch.Build(connection, context.Clock, kind, WardCode, kind == ReportKind.Trend ? 2025 : 2024, from);
                foreach (var file in ReportFiles.Write(report, ReportFormat.Pdf, reports).Concat(ReportFiles.Write(report, ReportFormat.Xlsx, reports)))
                    context.Line($"đã ghi {Path.GetFullPath(file)}", $"wrote {Path.GetFullPath(file)}");
            }
            // The yearly forms the ward files upward after its latest review (2025).
            var forms = DiSu.Analytics.Reports.Forms.FormsReport.Build(connection, context.Clock, DiSu.Analytics.Reports.Forms.FormLevel.Ward, WardCode, 2025);
            foreach (var file in ReportFiles.Write(forms, ReportFormat.Pdf, reports).Concat(ReportFiles.Write(forms, ReportFormat.Xlsx, reports)))
                context.Line($"đã ghi {Path.GetFullPath(file)}", $"wrote {Path.GetFullPath(file)}");
            context.Out.WriteLine();
            // The web overview shows the latest plan year (2026, after the 2025 round): its forecast is trained from that round.
            context.Line($"Dự báo năm 2026 (2025 → 2026, học từ các cặp năm 2021→2025), cho trang Tổng quan của disu serve:",
                         $"Forecast for 2026 (2025 → 2026, trained on the 2021→2025 year pairs), for the overview page of disu serve:");
            ForecastCommands.Train(context, connection, martPath, new DiSu.Analytics.Forecasting.ForecastOptions(2025, DiSu.Analytics.Forecasting.Scope.All, parse.GetValue(seed)));
            ForecastCommands.Show(context, connection, 2026, WardCode);
            context.Out.WriteLine();
            context.Line($"kho dữ liệu: {Path.GetFullPath(martPath)} — thử: disu query --mart {martPath} \"SELECT * FROM v_group_year WHERE review_year = 2023\"",
                         $"mart: {Path.GetFullPath(martPath)} — try: disu query --mart {martPath} \"SELECT * FROM v_group_year WHERE review_year = 2023\"");
            return results.Any(r => r.Outcome == LoadOutcome.Failed) ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    private sealed record WardYearRow
    {
        public long Poor { get; init; }
        public long Households { get; init; }
        public double PoorRate { get; init; }
    }
}
