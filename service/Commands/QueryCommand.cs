using System.CommandLine;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
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

            if (text is not null) return Run(context, parse.GetValue(mart)!, parse.GetValue(format), text, c => Command(c, text));

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
            var arguments = ParseParameters(values);
            query.Bind(arguments); // usage errors before the mart is opened
            return Run(context, parse.GetValue(mart)!, parse.GetValue(format), query.Sql, c => query.CreateCommand(c, arguments));
        });
        return command;
    }

    private static DuckDBCommand Command(DuckDBConnection connection, string text)
    {
        var cmd = connection.CreateCommand();
        cmd.CommandText = text;
        return cmd;
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

    private static int Run(CliContext context, string martPath, OutputFormat format, string sql, Func<DuckDBConnection, DuckDBCommand> create)
    {
        // The rules of the API's SQL, before the mart is opened: a function that changes the instance
        // (logging, profiling) would otherwise take this process down or report success.
        if (!Allowed(context, sql)) return Cli.Failure;
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(martPath);
        try
        {
            using var cmd = create(connection);
            using var reader = cmd.ExecuteReader();
            ResultWriter.Write(reader, format, context.Out, context.Console, context.Language);
            return Cli.Ok;
        }
        catch (DuckDBException e)
        {
            context.Error.WriteLine($"disu: {context.T(Explain(e.Message))}");
            return Cli.Failure;
        }
        catch (Exception e) when (e is InvalidCastException or ArgumentException or OverflowException
                                       or NotSupportedException or InvalidOperationException or FormatException)
        {
            // Values .NET cannot represent (DuckDB's infinite dates, unions, far timestamps).
            context.Warn($"không hiển thị được một giá trị trong kết quả; hãy ép cột đó sang VARCHAR trong truy vấn.",
                         $"a value in the result cannot be shown ({e.Message}); cast that column to VARCHAR in the query.");
            return Cli.Failure;
        }
    }

    /// <summary>Whether <paramref name="sql"/> passes <see cref="SqlPolicy"/>; if not, says why on stderr.</summary>
    public static bool Allowed(CliContext context, string sql)
    {
        try
        {
            SqlPolicy.Require(sql);
            return true;
        }
        catch (QueryRejectedException e)
        {
            context.Error.WriteLine($"disu: {context.T(e.Text)}");
            return false;
        }
    }

    /// <summary>Says why a statement was refused in words an officer can act on, with DuckDB's own message (quoted as DuckDB wrote it).</summary>
    public static Message Explain(string message)
    {
        var first = message.Split('\n')[0].Trim();
        if (message.Contains("read-only", StringComparison.OrdinalIgnoreCase))
            return Message.Of($"truy vấn không thay đổi được kho dữ liệu (kho được mở chỉ để đọc); dùng 'disu etl load' để thay đổi dữ liệu. DuckDB: {first}",
                              $"queries cannot change the mart (it is opened read-only); use 'disu etl load' to change data. DuckDB: {first}");
        if (message.Contains("external access", StringComparison.OrdinalIgnoreCase) || message.Contains("Permission Error", StringComparison.OrdinalIgnoreCase))
            return Message.Of($"truy vấn không đọc, ghi tệp hay nạp tiện ích mở rộng được; hãy truy vấn các bảng và view của kho (xem docs/mart.md). DuckDB: {first}",
                              $"queries cannot read or write files or load extensions; query the mart's tables and views instead (see docs/mart.md). DuckDB: {first}");
        if (message.Contains("lock_configuration", StringComparison.OrdinalIgnoreCase) || message.Contains("configuration", StringComparison.OrdinalIgnoreCase))
            return Message.Of($"truy vấn không thay đổi được cài đặt (cấu hình đã bị khóa). DuckDB: {first}",
                              $"queries cannot change settings (the configuration is locked). DuckDB: {first}");
        return Message.Of($"truy vấn không chạy được; hãy sửa theo lỗi DuckDB báo. DuckDB: {first}", $"the query failed. DuckDB: {first}");
    }
}
