using System.CommandLine;
using DiSu.Analytics.Service.Output;
using DiSu.Analytics.Service.Queries;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

internal static class QueryCommand
{
    public static Command Build(CliContext context)
    {
        var sql = new Argument<string?>("sql")
        {
            Description = "The SQL to run (read-only; no file access). Not with --saved or --list.",
            Arity = ArgumentArity.ZeroOrOne,
        };
        var mart = CommonOptions.Mart(context);
        var format = CommonOptions.Format();
        var saved = new Option<string?>("--saved") { Description = "Run the saved query NAME (see --list) instead of SQL.", HelpName = "NAME" };
        var param = new Option<string[]>("--param")
        {
            Description = "A parameter of the saved query, as name=value; repeat for each (e.g. --param year=2024 --param ward=DISU).",
            HelpName = "name=value",
        };
        var list = new Option<bool>("--list") { Description = "List the saved queries: name, parameters, description, origin." };
        var folder = new Option<string>("--query-folder")
        {
            Description = $"Folder of your own saved queries (*.sql), added to the repository's. Default from configuration: {context.Options.QueryFolder}",
            DefaultValueFactory = _ => context.Options.QueryFolder,
            HelpName = "FOLDER",
        };
        var command = new Command("query", "Run SQL, or a saved parameterised query, on a read-only connection that cannot read or write files or change settings.")
        {
            sql, mart, format, saved, param, list, folder,
        };
        command.SetAction(parse =>
        {
            var text = parse.GetValue(sql);
            var name = parse.GetValue(saved);
            var values = parse.GetValue(param) ?? [];
            var listing = parse.GetValue(list);
            if ((text is null ? 0 : 1) + (name is null ? 0 : 1) + (listing ? 1 : 0) != 1)
                throw new UsageException($"hãy cho đúng một trong: câu SQL cần chạy, --saved TÊN, hoặc --list. Xem cách dùng: 'disu --help' (hoặc 'disu query --help').",
                                         $"give exactly one of: the SQL to run, --saved NAME, or --list. Run 'disu --help' (or 'disu query --help') for usage.");
            if (values.Length > 0 && name is null)
                throw new UsageException($"--param chỉ đi cùng --saved TÊN; trong câu SQL của bạn hãy viết giá trị thẳng vào truy vấn.",
                                         $"--param goes with --saved NAME; in your own SQL write the values into the query.");

            if (text is not null) return Run(context, parse.GetValue(mart)!, parse.GetValue(format), text, null);

            var catalogue = QueryCatalogue.Load(parse.GetValue(folder));
            foreach (var problem in catalogue.Problems)
                context.Warn($"cảnh báo: bỏ qua truy vấn lưu sẵn: {problem}", $"warning: saved query skipped: {problem}");
            if (listing)
            {
                SavedQueryList.Write(catalogue, parse.GetValue(format), context);
                return Cli.Ok;
            }
            var query = catalogue.Find(name!)
                ?? throw new UsageException($"không có truy vấn lưu sẵn '{name}'. Xem các tên bằng 'disu query --list'.",
                                            $"there is no saved query '{name}'. Run 'disu query --list' to see the names.");
            var bound = query.Bind(ParseParameters(values)); // usage errors before the mart is opened
            return Run(context, parse.GetValue(mart)!, parse.GetValue(format), query.Sql, bound);
        });
        return command;
    }

    /// <summary>--param name=value, each name once; the value is everything after the first '='.</summary>
    private static Dictionary<string, string> ParseParameters(string[] values)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var equals = value.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
                throw new UsageException($"--param '{value}' phải viết dạng tên=giá_trị (ví dụ --param year=2024).",
                                         $"--param '{value}' must be written name=value (e.g. --param year=2024).");
            var key = value[..equals].Trim();
            if (!result.TryAdd(key, value[(equals + 1)..]))
                throw new UsageException($"--param {key} được cho hai lần; mỗi tham số chỉ cho một lần.",
                                         $"--param {key} is given twice; give each parameter once.");
        }
        return result;
    }

    private static int Run(CliContext context, string martPath, OutputFormat format, string sql, IReadOnlyList<DuckDBParameter>? parameters)
    {
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(martPath);
        var sink = ResultWriter.Sink(format, context.Out, context.Console, context.Language);
        if (OfficerSql.Run(connection, sql, sink, parameters) is { } problem)
        {
            context.Error.WriteLine($"disu: {context.T(problem)}");
            return Cli.Failure;
        }
        sink.Finish();
        return Cli.Ok;
    }
}
