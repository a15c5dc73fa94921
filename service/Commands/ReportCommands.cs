using DiSu.Analytics.Mart;
using System.CommandLine;
using DiSu.Analytics.Reports;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu report`: the appendix, the trend report, the briefing and the yearly forms, as PDF, XLSX or CSV.</summary>
internal static class ReportCommands
{
    public static Command Build(CliContext context)
    {
        var report = new Command("report", "Documents for leadership and planners (Vietnamese, A4): the plan appendix, the trend report, the briefing, the yearly forms.");
        report.Subcommands.Add(BuildSingle(context, ReportKind.Appendix, "Phụ lục: expected poor-household rate per residential group at the end of the plan year (--year)."));
        report.Subcommands.Add(BuildTrend(context));
        report.Subcommands.Add(BuildSingle(context, ReportKind.Briefing, "Leadership briefing for the plan year (--year): at most two pages."));
        report.Subcommands.Add(BuildForms(context));
        report.Subcommands.Add(BuildAll(context));
        return report;
    }

    private static Option<int> Year(string description) => new("--year") { Description = description, Required = true };

    private static Option<string?> WardOption() => new("--ward") { Description = "Ward code; may be left out when the mart holds one ward." };

    private static Option<string> Out(string fallback) => new("--out") { Description = "Folder to write into.", DefaultValueFactory = _ => fallback };

    private static Option<string[]> Formats() => new("--format")
    {
        Description = "pdf, xlsx or csv; several allowed (--format pdf --format xlsx, or pdf,xlsx).",
        DefaultValueFactory = _ => ["pdf"],
        AllowMultipleArgumentsPerToken = true,
    };

    private static Option<string> GeographyOption() => new("--geography")
    {
        Description = "as_is (default: history restated into today's units, as plans are made) or as_was (units as they were each year). A ward that is not one of today's units is read as it was, and the document says so.",
        DefaultValueFactory = _ => "as_is",
    };

    /// <summary>The --geography value as a <see cref="Geography"/>; anything else is a usage error.</summary>
    internal static Geography ParseGeography(string? value) => GeographyViews.Parse(value)
        ?? throw new UsageException($"--geography: '{value}' không hợp lệ; dùng as_is (đơn vị hành chính hiện nay) hoặc as_was (đơn vị tại thời điểm rà soát)",
                                    $"--geography: '{value}' is not a geography; use as_is (today's units) or as_was (units as they were)");

    private static Command BuildSingle(CliContext context, ReportKind kind, string description)
    {
        var (mart, year, ward, output, formats) = (CommonOptions.Mart(context), Year("Plan year N (the report starts from the round before it); at most the ward's latest review year + 1."), WardOption(), Out("."), Formats());
        var geography = GeographyOption();
        var command = new Command(kind.Name(), description) { mart, year, ward, output, formats, geography };
        command.SetAction(parse =>
        {
            var units = ParseGeography(parse.GetValue(geography));
            return Write(context, parse.GetValue(mart)!, parse.GetValue(output)!, parse.GetValue(formats)!,
                connection => ReportBatch.Build(connection, context.Clock, kind, parse.GetValue(ward), parse.GetValue(year), geography: units));
        });
        return command;
    }

    private static Command BuildTrend(CliContext context)
    {
        var (mart, ward, output, formats) = (CommonOptions.Mart(context), WardOption(), Out("."), Formats());
        var from = new Option<int>("--from") { Description = "First review year.", Required = true };
        var to = new Option<int>("--to") { Description = "Last review year: a year whose review is loaded for the ward.", Required = true };
        var geography = GeographyOption();
        var command = new Command("trend", "Trend report over review years --from … --to: rates, flows, deprivations, per group.") { mart, from, to, ward, output, formats, geography };
        command.SetAction(parse =>
        {
            var units = ParseGeography(parse.GetValue(geography));
            if (parse.GetValue(from) > parse.GetValue(to))
                throw new UsageException($"--from {parse.GetValue(from)} sau --to {parse.GetValue(to)}; năm đầu phải không sau năm cuối",
                                         $"--from {parse.GetValue(from)} is after --to {parse.GetValue(to)}");
            return Write(context, parse.GetValue(mart)!, parse.GetValue(output)!, parse.GetValue(formats)!,
                connection => ReportBatch.Build(connection, context.Clock, ReportKind.Trend, parse.GetValue(ward), parse.GetValue(to), parse.GetValue(from), units));
        });
        return command;
    }

    private static Command BuildForms(CliContext context)
    {
        var (mart, ward, output, formats) = (CommonOptions.Mart(context), WardOption(), Out("."), Formats());
        var year = Year("Review year N: a round loaded for the unit, with the round before it.");
        var province = new Option<string?>("--province") { Description = "Province code: the province's form (rows are its wards) instead of a ward's." };
        var command = new Command("forms",
            "The review's yearly summaries of poor and near-poor households (the official forms), for a ward (rows are its residential groups) or a province (--province, rows are its wards).")
            { mart, year, ward, province, output, formats };
        command.SetAction(parse =>
        {
            var (w, p) = (parse.GetValue(ward), parse.GetValue(province));
            if (w is not null && p is not null)
                throw new UsageException($"--ward và --province: chỉ chọn một (biểu cấp xã hoặc biểu cấp tỉnh)",
                                         $"--ward and --province: give one (a ward's form or a province's)");
            return Write(context, parse.GetValue(mart)!, parse.GetValue(output)!, parse.GetValue(formats)!, connection =>
            {
                var model = Reports.Forms.FormUnits.Read(connection, w, p, parse.GetValue(year), (code, n) => $"disu report forms --year {n} --ward {code}");
                context.Line($"biểu tổng hợp năm {model.Year} của {model.Name} ({model.Code}), kỳ trước {model.PreviousYear}",
                             $"forms of {model.Year} for {model.Name} ({model.Code}), previous round {model.PreviousYear}");
                return Reports.Forms.FormsReport.Build(connection, context.Clock, model);
            });
        });
        return command;
    }

    private static Command BuildAll(CliContext context)
    {
        var (mart, year, output, formats) = (CommonOptions.Mart(context), Year("Plan year N for every report."), Out("reports"), Formats());
        var geography = GeographyOption();
        var command = new Command("all", "Every report for every ward in the mart, one folder per ward (trend: from the ward's first round to its latest round up to --year).") { mart, year, output, formats, geography };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output)!;
            var kinds = ParseFormats(parse.GetValue(formats)!);
            var units = ParseGeography(parse.GetValue(geography));
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            var started = context.Clock.GetTimestamp();
            var result = RunAll(context, connection, parse.GetValue(year), folder, kinds, units);
            var seconds = context.Clock.GetElapsedTime(started).TotalSeconds;
            foreach (var failure in result.Failures)
                context.Error.WriteLine($"disu: {failure.Ward} {failure.Kind}: {context.T(failure.Reason)}");
            context.Line($"{result.Documents:N0} báo cáo ({result.Files.Count:N0} tệp) trong {Path.GetFullPath(folder)}, mất {seconds:F1} giây; {result.Failures.Count:N0} báo cáo không lập được",
                         $"{result.Documents:N0} documents ({result.Files.Count:N0} files) in {Path.GetFullPath(folder)} in {seconds:F1} s; {result.Failures.Count:N0} could not be made");
            return result.Failures.Count == 0 ? Cli.Ok : Cli.Failure;
        });
        return command;
    }

    internal static BatchResult RunAll(CliContext context, DuckDBConnection connection, PlanYear year, string folder, IReadOnlyList<ReportFormat> formats,
        Geography geography = Geography.AsIs)
    {
        if (!context.Interactive)
            return ReportBatch.Run(connection, context.Clock, year, folder, formats, geography: geography);
        BatchResult? result = null;
        context.Console.Progress().AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("reports");
                result = ReportBatch.Run(connection, context.Clock, year, folder, formats, new Output.ImmediateProgress<BatchProgress>(p =>
                {
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                    task.Description = Markup.Escape(p.Current);
                }), geography: geography);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    internal static IReadOnlyList<ReportFormat> ParseFormats(IEnumerable<string> values)
    {
        var names = values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        if (names.FirstOrDefault(n => n.ToLowerInvariant() is not ("pdf" or "xlsx" or "csv")) is { } bad)
            throw new UsageException($"--format: '{bad}' không phải định dạng báo cáo; dùng pdf, xlsx hoặc csv",
                                     $"--format: unknown report format '{bad}': use pdf, xlsx or csv");
        return names.Select(ReportFiles.ParseFormat).Distinct().ToList();
    }

    private static int Write(CliContext context, string martPath, string folder, string[] formats, Func<DuckDBConnection, IReport> build)
    {
        var kinds = ParseFormats(formats);
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(martPath);
        var report = build(connection);
        if (report.Provenance.Units is { FellBack: true } units)
            context.Line($"{units.Note}", $"{units.WardCode} is not one of today's units: its figures are read as they were (as_was)");
        foreach (var format in kinds)
            foreach (var file in ReportFiles.Write(report, format, folder))
                context.Line($"đã ghi {file}", $"wrote {file}");
        return Cli.Ok;
    }
}
