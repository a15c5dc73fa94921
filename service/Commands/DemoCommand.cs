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
    /// <summary>Phường Dị Sử, the ward the demo starts from: its own series through the 2024 review.</summary>
    public const string WardCode = "DISU";

    /// <summary>Phường Đường Hào: Dị Sử and the synthetic Mẫu Hào as one ward from the 2025 review.</summary>
    public const string MergedWardCode = "DUONGHAO";

    /// <summary>The unit directly above phường Dị Sử (Hưng Yên) until the 2025 reorganisation; Đường Hào answers to the province.</summary>
    public const string ParentUnit = "thị xã Mỹ Hào";

    /// <summary>Dị Sử's last review year, and the plan year of its appendix and briefing.</summary>
    public const int LastDiSuYear = 2024;

    /// <summary>The last review year of the demo; the 2026 plan and appendix are Đường Hào's.</summary>
    public const int LastYear = 2026;

    public static Command Build(CliContext context)
    {
        var output = new Option<string>("--out")
        {
            Description = "Folder for the demo: inbox/ (generated files), disu.duckdb (a fresh mart) and reports/ (the documents).",
            DefaultValueFactory = _ => context.Options.DemoFolder,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed of the generated data.", DefaultValueFactory = _ => GeneratorOptions.DiSuDemo.Seed };
        var command = new Command("demo",
            "Generate the demo (phường Dị Sử and a synthetic phường Mẫu Hào for 2021–2024, merged into phường Đường Hào with renumbered residential groups " +
            "from the 2025 review, through 2026, with the unit-change file), load it into a fresh mart, print Dị Sử's table per year as it was and " +
            "Đường Hào's 2021–2026 as it is now, forecast 2024 for Dị Sử, allocate its 0.31% target to the residential groups in whole households " +
            "and write Dị Sử's 2024 appendix, 2021–2024 trend report and 2024 briefing and Đường Hào's forms of its first review in the new units, 2025 (PDF and XLSX) into reports/, " +
            "then forecast 2026 for Đường Hào from the 2025 round, allocate its 2026 target and write its 2026 appendix.")
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
            // Dị Sử was a ward of thị xã Mỹ Hào: its letterhead names it. Đường Hào, formed after the district level
            // was abolished, answers to the province, which is what a letterhead without the setting names.
            // The plan's number and date are not known, so they print as "…".
            WardSettingRule.Store(connection, WardCode, "parent_unit", ParentUnit);
            context.Out.WriteLine();
            context.Line($"Phường Dị Sử theo địa giới khi đó (2021–{LastDiSuYear}):",
                         $"Phường Dị Sử as it was (2021–{LastDiSuYear}):");
            WardTable.Write(context.Console, connection, WardCode, context.Language);
            if (connection.ReadSingleOrDefault<WardYearRow>("SELECT poor, households, poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", WardCode)
                is { Poor: var poor, Households: var households, PoorRate: var rate })
            {
                context.Line($"Tỷ lệ hộ nghèo cuối năm 2023: {rate:F2}% ({poor:N0}/{households:N0} hộ)",
                             $"Poor-household rate at the end of 2023: {rate:F2}% ({poor:N0} of {households:N0} households)");
            }
            context.Out.WriteLine();
            context.Line($"Phường Đường Hào theo địa giới hiện nay (2021–{LastYear}; các năm trước 2025 là số của phường Dị Sử và phường Mẫu Hào cộng lại):",
                         $"Phường Đường Hào as it is now (2021–{LastYear}; the years before 2025 are phường Dị Sử's and phường Mẫu Hào's together):");
            WardTable.Write(context.Console, connection, MergedWardCode, context.Language, Geography.AsIs);
            context.Out.WriteLine();
            context.Line($"Dự kiến năm 2024 (dự báo 2023 → 2024, học từ 2021→2022 và 2022→2023):",
                         $"Forecast for 2024 (2023 → 2024, trained on 2021→2022 and 2022→2023):");
            // Dị Sử's own rounds only: the forecast (and so the 2024 plan and appendix) is the one Dị Sử had before Mẫu Hào joined the mart.
            ForecastCommands.Train(context, connection, martPath, new DiSu.Analytics.Forecasting.ForecastOptions(2023, DiSu.Analytics.Forecasting.Scope.Ward(WardCode), parse.GetValue(seed)));
            ForecastCommands.Show(context, connection, LastDiSuYear, WardCode);
            context.Out.WriteLine();
            // The ward's 0.31% as whole households per residential group: what the appendix prints.
            PlanCommand.Allocate(context, connection, Ward.Resolve(connection, WardCode, new PlanYear(LastDiSuYear)), LastDiSuYear, "disu demo");
            context.Out.WriteLine();
            var reports = Path.Combine(folder, "reports");
            foreach (var (kind, from) in new[] { (ReportKind.Appendix, (int?)null), (ReportKind.Trend, 2021), (ReportKind.Briefing, null) })
                Write(context, ReportBatch.Build(connection, context.Clock, kind, WardCode, LastDiSuYear, from), reports);
            // The yearly forms of Đường Hào's first review in the new units (2025): they start from Dị Sử's and Mẫu Hào's 2024
            // review, in the groups the reorganisation made of theirs, so no household is counted as moving in or out.
            Write(context, DiSu.Analytics.Reports.Forms.FormsReport.Build(connection, context.Clock, DiSu.Analytics.Reports.Forms.FormLevel.Ward,
                MergedWardCode, DemoReorganisationYear), reports);
            context.Out.WriteLine();
            // The web overview shows the latest plan year (2026, after the 2025 round): its forecast is trained from that round.
            context.Line($"Dự báo năm 2026 cho phường Đường Hào (2025 → 2026, học từ các cặp năm 2021→2025), cho kế hoạch 2026 và trang Tổng quan của disu serve:",
                         $"Forecast for 2026 for phường Đường Hào (2025 → 2026, trained on the 2021→2025 year pairs), for the 2026 plan and the overview page of disu serve:");
            ForecastCommands.Train(context, connection, martPath, new DiSu.Analytics.Forecasting.ForecastOptions(LastYear - 1, DiSu.Analytics.Forecasting.Scope.All, parse.GetValue(seed)));
            ForecastCommands.Show(context, connection, LastYear, MergedWardCode);
            context.Out.WriteLine();
            PlanCommand.Allocate(context, connection, Ward.Resolve(connection, MergedWardCode, new PlanYear(LastYear)), LastYear, "disu demo");
            context.Out.WriteLine();
            Write(context, ReportBatch.Build(connection, context.Clock, ReportKind.Appendix, MergedWardCode, LastYear, null), reports);
            context.Out.WriteLine();
            context.Line($"kho dữ liệu: {Path.GetFullPath(martPath)} — thử: disu query --mart {martPath} \"SELECT * FROM v_group_year WHERE review_year = 2023\"",
                         $"mart: {Path.GetFullPath(martPath)} — try: disu query --mart {martPath} \"SELECT * FROM v_group_year WHERE review_year = 2023\"");
            return results.Any(r => r.Outcome == LoadOutcome.Failed) ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    /// <summary>The first review year under the new units.</summary>
    private const int DemoReorganisationYear = 2025;

    private static void Write(CliContext context, IReport report, string folder)
    {
        foreach (var file in ReportFiles.Write(report, ReportFormat.Pdf, folder).Concat(ReportFiles.Write(report, ReportFormat.Xlsx, folder)))
            context.Line($"đã ghi {Path.GetFullPath(file)}", $"wrote {Path.GetFullPath(file)}");
    }

    private sealed record WardYearRow
    {
        public long Poor { get; init; }
        public long Households { get; init; }
        public double PoorRate { get; init; }
    }
}
