using System.Text;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Shell;

/// <summary>The dot-commands of `disu sql`; each is one line of its own.</summary>
public sealed partial class SqlShell
{
    public const string HelpVi = """
        Kết thúc câu SQL bằng ';' (câu lệnh có thể trải nhiều dòng). Kết nối chỉ để đọc và không chạm được vào tệp.
          .tables           các bảng và view của kho dữ liệu (view trước: phần công bố ổn định)
          .schema TÊN       các cột và kiểu dữ liệu của một bảng hoặc view
          .mode table|csv|json   cách hiển thị kết quả (hiện tại: {0})
          .output TỆP       ghi kết quả vào TỆP (ghi đè); chỉ .output: trở lại màn hình
          .timer on|off     hiển thị thời gian chạy của mỗi câu lệnh
          .help             danh sách này
          .quit, .exit      thoát (hoặc Ctrl-D); Ctrl-C hủy truy vấn đang chạy
        """;

    public const string Help = """
        End SQL statements with ';' (they may span lines). The connection is read-only and cannot touch files.
          .tables           tables and views of the mart (views first: the public contract)
          .schema NAME      columns and types of a table or view
          .mode table|csv|json   how results are shown (now: {0})
          .output FILE      write results to FILE (overwritten); .output alone: back to the screen
          .timer on|off     show how long each statement took
          .help             this list
          .quit, .exit      leave (Ctrl-D too); Ctrl-C cancels a running query
        """;

    // Views first (the stable contract of docs/mart.md), then the tables they are built on; the
    // first sentence of each language of the comment (`English ‖ Tiếng Việt`) fits a listing.
    private const string TablesSql = """
        SELECT name, kind,
               split_part(split_part(coalesce(comment, ''), ' ‖ ', 1), '. ', 1) AS description,
               split_part(split_part(coalesce(comment, ''), ' ‖ ', 2), '. ', 1) AS "mô tả"
        FROM (
            SELECT view_name AS name, 'view' AS kind, comment FROM duckdb_views()
            WHERE NOT internal AND database_name = current_database() AND schema_name = 'main'
            UNION ALL
            SELECT table_name, 'table', comment FROM duckdb_tables()
            WHERE NOT internal AND database_name = current_database() AND schema_name = 'main')
        ORDER BY kind DESC, name
        """;

    /// <summary>Runs a dot-command; false means leave the shell.</summary>
    private bool Dot(string line)
    {
        // People type `.tables;` out of SQL habit: the ';' means nothing here.
        var parts = line.TrimEnd(';').Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var argument = parts.Length > 1 ? parts[1] : "";
        switch (parts[0].ToLowerInvariant())
        {
            case ".quit" or ".exit":
                return false;
            case ".help":
                context.Out.WriteLine(string.Format(System.Globalization.CultureInfo.InvariantCulture,
                    context.Language == Language.English ? Help : HelpVi, mode.ToString().ToLowerInvariant()));
                break;
            case ".tables":
                Execute(TablesSql, 0);
                break;
            case ".schema":
                Schema(argument.Trim('"'));
                break;
            case ".mode":
                Mode(argument);
                break;
            case ".output":
                Redirect(argument.Trim('"', '\''));
                break;
            case ".timer":
                Timer(argument);
                break;
            default:
                Refuse(Message.Of($"không có lệnh '{parts[0]}'; .help liệt kê các lệnh (câu SQL kết thúc bằng ';').",
                                  $"unknown command '{parts[0]}'; .help lists the commands (SQL statements end with ';')."));
                break;
        }
        return true;
    }

    private void Schema(string name)
    {
        if (name.Length == 0)
        {
            Refuse(new Message(".schema cần tên một bảng hoặc view, ví dụ .schema v_ward_year (.tables liệt kê chúng).",
                               ".schema needs a table or view name, e.g. .schema v_ward_year (.tables lists them)."));
            return;
        }
        try
        {
            var kind = connection.Read<Relation>(
                "SELECT name, kind, description FROM (" + TablesSql + ") WHERE lower(name) = lower(?)", name).FirstOrDefault();
            if (kind is null)
            {
                var near = connection.Read<Relation>("SELECT name, kind, description FROM (" + TablesSql + ") WHERE name ILIKE '%' || ? || '%' LIMIT 3", name)
                    .Select(r => r.Name).ToList();
                var similar = string.Join(", ", near);
                Refuse(near.Count > 0
                    ? Message.Of($"không có bảng hay view tên '{name}'; có phải là {similar}?", $"no table or view named '{name}'; did you mean {similar}?")
                    : Message.Of($"không có bảng hay view tên '{name}'; .tables liệt kê chúng.", $"no table or view named '{name}'; .tables lists them."));
                return;
            }
            var text = new StringBuilder();
            text.Append(kind.Kind).Append(' ').Append(kind.Name);
            if (kind.Description is { Length: > 0 } comment) text.Append(" — ").Append(comment);
            text.AppendLine();
            foreach (var column in connection.Read<RelationColumn>(
                "SELECT column_name, data_type, coalesce(comment, '') AS comment FROM duckdb_columns() " +
                "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? ORDER BY column_index", kind.Name))
            {
                text.Append("  ").Append(column.ColumnName).Append(' ').Append(column.DataType);
                if (column.Comment.Length > 0) text.Append("  -- ").Append(column.Comment);
                text.AppendLine();
            }
            Output.Write(text.ToString());
            Output.Flush();
        }
        catch (DuckDBException e)
        {
            Refuse(QueryMessages.Explain(e.Message));
        }
    }

    private void Mode(string argument)
    {
        if (Enum.TryParse<OutputFormat>(argument, ignoreCase: true, out var format) && !int.TryParse(argument, out _))
            mode = format;
        else if (argument.Length == 0)
            context.Error.WriteLine($"mode: {mode.ToString().ToLowerInvariant()}");
        else
            Refuse(Message.Of($"không có chế độ '{argument}'; dùng .mode table, .mode csv hoặc .mode json.",
                              $"unknown mode '{argument}'; use .mode table, .mode csv or .mode json."));
    }

    private void Redirect(string path)
    {
        CloseFile();
        if (path.Length == 0) return;
        try
        {
            // .NET writes the file: the DuckDB connection itself is not allowed to touch files.
            file = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            fileConsole = CliContext.CreateConsole(file);
            if (interactive) context.Error.WriteLine(context.T($"(kết quả giờ được ghi vào {Path.GetFullPath(path)}; chỉ .output để trở lại màn hình)",
                                                              $"(results now go to {Path.GetFullPath(path)}; .output alone brings them back)"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            Refuse(Message.Of($"không ghi được vào '{path}': {e.Message} Kết quả vẫn hiện trên màn hình.",
                              $"cannot write to '{path}': {e.Message} Results still go to the screen."));
        }
    }

    private void Timer(string argument)
    {
        switch (argument.ToLowerInvariant())
        {
            case "on": timer = true; break;
            case "off": timer = false; break;
            default: Refuse(new Message("dùng .timer on hoặc .timer off.", "use .timer on or .timer off.")); break;
        }
    }

    private void Refuse(Message message)
    {
        failed = true;
        context.Error.WriteLine($"disu: {context.T(message)}");
    }

    private sealed record Relation
    {
        public required string Name { get; init; }
        public required string Kind { get; init; }
        public string? Description { get; init; }
    }

    private sealed record RelationColumn
    {
        public required string ColumnName { get; init; }
        public required string DataType { get; init; }
        public required string Comment { get; init; }
    }
}
