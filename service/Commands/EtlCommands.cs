using System.CommandLine;
using System.Text.Json;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

internal static class EtlCommands
{
    public static Command Build(CliContext context)
    {
        var etl = new Command("etl", "Load input files into the mart and inspect what was rejected.");
        etl.Subcommands.Add(BuildLoad(context));
        etl.Subcommands.Add(BuildRejects(context));
        return etl;
    }

    private static Command BuildLoad(CliContext context)
    {
        var paths = new Argument<string[]>("paths") { Description = "Files (.csv, .xlsx) or folders of them.", Arity = ArgumentArity.OneOrMore };
        var mart = CommonOptions.Mart(context);
        var json = new Option<bool>("--json") { Description = "Print the per-file results as JSON." };
        var command = new Command("load", "Load household snapshots, support records and plan targets (one transaction per file; re-delivered files are skipped).")
        {
            paths, mart, json,
        };
        command.SetAction(parse =>
        {
            var missing = parse.GetValue(paths)!.Where(p => !File.Exists(p) && !Directory.Exists(p)).ToList();
            if (missing.Count > 0)
                throw new UsageException($"không có tệp hay thư mục: {string.Join(", ", missing)}; chưa nạp gì",
                                         $"no such file or folder: {string.Join(", ", missing)}; nothing was loaded");
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            var results = Run(context, connection, parse.GetValue(paths)!, parse.GetValue(json));
            if (parse.GetValue(json)) WriteJson(context.Out, results);
            return results.Any(r => r.Outcome == LoadOutcome.Failed) ? Cli.Failure : Cli.Ok;
        });
        return command;
    }

    /// <summary>Loads the files, printing a line per file unless JSON was asked for.</summary>
    public static IReadOnlyList<LoadResult> Run(CliContext context, DuckDBConnection connection, IEnumerable<string> paths, bool quiet)
    {
        var runner = new EtlRunner(connection, context.Clock, context.LoadedBy);
        var files = paths.ToList();
        void Print(LoadResult r)
        {
            if (!quiet) PrintResult(context, r);
        }

        IReadOnlyList<LoadResult> results = [];
        if (quiet || !context.Interactive)
        {
            results = runner.Load(files, loaded: Print);
        }
        else
        {
            context.Console.Progress().AutoClear(true).Columns(
                    new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .Start(ctx =>
                {
                    var task = ctx.AddTask("loading");
                    var steps = (double)(EtlStage.Committing + 1);
                    results = runner.Load(files, new ImmediateProgress<EtlProgress>(p =>
                    {
                        task.MaxValue = p.FileCount * steps;
                        task.Description = $"{Path.GetFileName(p.File)}: {StageName(context, p.Stage)}";
                        task.Value = p.FileIndex * steps + (int)p.Stage;
                    }), Print);
                    task.Value = task.MaxValue;
                });
        }
        if (!quiet) PrintSummary(context, results);
        return results;
    }

    private static void PrintResult(CliContext context, LoadResult r)
    {
        var name = Path.GetFileName(r.File);
        var message = r.Message is null ? "" : context.T(r.Message);
        var replaced = string.Join(", ", r.ReplacedLoads.Select(l => "#" + l));
        var line = r.Outcome switch
        {
            LoadOutcome.Loaded => context.T(
                $"đã nạp  {name} ({KindVi(r.Kind)}, lần nạp #{r.LoadId}): đọc {r.RowsRead:N0} dòng, nạp {r.RowsLoaded:N0}, loại {r.RowsRejected:N0}" +
                $"{(r.ReplacedLoads.Count > 0 ? $"; thay thế lần nạp {replaced}" : "")} [{r.Elapsed.TotalSeconds:F1} giây]",
                $"loaded   {name} ({r.Kind}, load #{r.LoadId}): {r.RowsRead:N0} rows read, {r.RowsLoaded:N0} loaded, {r.RowsRejected:N0} rejected" +
                $"{(r.ReplacedLoads.Count > 0 ? $"; replaced load {replaced}" : "")} [{r.Elapsed.TotalSeconds:F1} s]"),
            LoadOutcome.Skipped => context.T($"bỏ qua  {name}: {message}", $"skipped  {name}: {message}"),
            LoadOutcome.Failed => context.T($"LỖI     {name}: {message}", $"FAILED   {name}: {message}"),
            _ => context.T($"từ chối {name}: {message}; không phần nào của tệp được nạp", $"refused  {name}: {message}; nothing of it was loaded"),
        };
        context.Say(line);
        if (r.Outcome == LoadOutcome.Failed) context.Error.WriteLine($"disu: {message}");
        foreach (var warning in r.Warnings)
            context.Say($"        cảnh báo: {context.T(warning)}", $"         warning: {context.T(warning)}");
    }

    private static string KindVi(string? kind) => kind switch
    {
        "snapshot" => "tệp hộ",
        "support" => "tệp hỗ trợ",
        "target" => "tệp mục tiêu",
        "unit_change" => "tệp sắp xếp đơn vị",
        _ => kind ?? "",
    };

    private static string StageName(CliContext context, EtlStage stage) => context.Language == Language.English
        ? stage.ToString().ToLowerInvariant()
        : stage switch
        {
            EtlStage.Hashing => "đọc mã băm",
            EtlStage.Staging => "đọc tệp",
            EtlStage.Validating => "kiểm tra",
            EtlStage.Merging => "ghi dữ liệu",
            EtlStage.Dimensions => "cập nhật danh mục",
            EtlStage.Transitions => "tính biến động",
            _ => "hoàn tất",
        };

    private static void PrintSummary(CliContext context, IReadOnlyList<LoadResult> results)
    {
        var rejected = results.Sum(r => r.RowsRejected);
        var (loaded, skipped, refused, failed) = (results.Count(r => r.Outcome == LoadOutcome.Loaded), results.Count(r => r.Outcome == LoadOutcome.Skipped),
            results.Count(r => r.Outcome == LoadOutcome.Refused), results.Count(r => r.Outcome == LoadOutcome.Failed));
        var rows = results.Sum(r => r.RowsLoaded);
        var see = rejected > 0 || refused > 0;
        context.Line(
            $"{loaded:N0} tệp đã nạp, {skipped:N0} bỏ qua, {refused:N0} bị từ chối, {failed:N0} lỗi; {rows:N0} dòng đã nạp, {rejected:N0} dòng bị loại." +
            $"{(see ? " Xem lý do bằng 'disu etl rejects'." : "")}",
            $"{loaded:N0} loaded, {skipped:N0} skipped, {refused:N0} refused, {failed:N0} failed; {rows:N0} rows loaded, {rejected:N0} rejected." +
            $"{(see ? " See 'disu etl rejects' for the reasons." : "")}");
    }

    private static void WriteJson(TextWriter output, IReadOnlyList<LoadResult> results)
    {
        var payload = new
        {
            files = results.Select(r => new
            {
                file = r.File, outcome = r.Outcome.ToString().ToLowerInvariant(), kind = r.Kind, load_id = r.LoadId,
                rows_read = r.RowsRead, rows_loaded = r.RowsLoaded, rows_rejected = r.RowsRejected,
                // As in the mart (etl_load.message / message_en): the Vietnamese, and the English beside it.
                message = r.Message?.Vi, message_en = r.Message?.En,
                warnings = r.Warnings.Select(w => w.Vi), warnings_en = r.Warnings.Select(w => w.En), replaced_loads = r.ReplacedLoads,
                seconds = Math.Round(r.Elapsed.TotalSeconds, 3),
            }),
        };
        output.WriteLine(JsonSerializer.Serialize(payload, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
    }

    private static Command BuildRejects(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var file = new Option<string?>("--file") { Description = "Only rejects of files with this name." };
        var format = CommonOptions.Format();
        var command = new Command("rejects", "List rejected rows and refused files with the reason for each (in the --lang language).") { mart, file, format };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            using var cmd = connection.CreateCommand();
            // The reason in the chosen language; rejects stored before both were kept have the one text in both columns.
            // A table is read by people: in Vietnamese its headers are too. CSV and JSON keep the field names tools use.
            var english = context.Language == Language.English;
            string[] names = english || parse.GetValue(format) != OutputFormat.Table
                ? ["load_id", "file", "row", "column", "value", "reason"]
                : ["\"Lần nạp\"", "\"Tệp\"", "\"Dòng\"", "\"Cột\"", "\"Giá trị\"", "\"Lý do\""];
            cmd.CommandText = $"""
                SELECT r.load_id AS {names[0]}, r.file_name AS {names[1]}, r.row_no AS {names[2]}, r.column_name AS {names[3]}, r.value AS {names[4]},
                       {(english ? "coalesce(r.reason_en, r.reason)" : "r.reason")} AS {names[5]}
                FROM etl_reject r
                WHERE $file IS NULL OR r.file_name = $file
                ORDER BY r.load_id, r.row_no NULLS FIRST, r.column_name
                """;
            cmd.Parameters.Add(new DuckDBParameter("file", (object?)parse.GetValue(file) ?? DBNull.Value));
            using var reader = cmd.ExecuteReader();
            ResultWriter.Write(reader, parse.GetValue(format), context.Out, context.Console, context.Language);
            return Cli.Ok;
        });
        return command;
    }
}
