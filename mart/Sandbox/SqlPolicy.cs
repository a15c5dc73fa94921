using System.Text.Json;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Lets through exactly one statement that only reads: a query (SELECT, WITH, FROM-first, VALUES,
/// DESCRIBE, SHOW, SUMMARIZE), EXPLAIN of one, or a listing PRAGMA (table_info, show_tables …), and
/// only if every function it calls is allowed by <see cref="SqlFunctionRules"/>. DuckDB's own parser
/// reads the text (on a private instance that holds no data, see <see cref="SqlParser"/>): the
/// statement is judged as DuckDB will run it, whatever its syntax — a function called in FROM, as
/// a method, inside a lambda or a subquery, or qualified by catalog and schema. Nothing of the
/// statement is bound or run before it passes, so a table function cannot act at bind time.
/// <para>
/// A read-only, locked-down connection stops writes, files and settings by itself; what it does not
/// stop is what a function changes inside the instance (logging, profiling, the parser), what it
/// reads of other sessions (the log) and the session state a statement leaves behind — this check
/// refuses those, with a message that says why.
/// </para>
/// </summary>
public static partial class SqlPolicy
{
    private static readonly Message OnlyQueries = new(
        "ở đây chỉ chạy truy vấn (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, một PRAGMA liệt kê như table_info, hoặc EXPLAIN của một truy vấn)",
        "only queries run here (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, a listing PRAGMA such as table_info, or EXPLAIN of a query)");

    /// <summary>Throws <see cref="QueryRejectedException"/> unless <paramref name="sql"/> is one reading statement that calls only allowed functions.</summary>
    public static void Require(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        // DuckDB reads SQL as a C string: it would run the part before a NUL and silently drop the rest.
        if (sql.Contains('\0'))
            throw new QueryRejectedException(
                $"câu SQL chứa ký tự NUL (U+0000); DuckDB sẽ chỉ chạy phần trước nó. Hãy xóa ký tự đó rồi gửi lại câu lệnh.",
                $"the SQL contains a NUL character (U+0000); DuckDB would run only the part before it. Remove it and send the statement again.");
        var parsed = SqlParser.Parse(sql);
        if (parsed.Tree is { } tree)
        {
            using (tree) RequireAllowed(tree.RootElement);
            return;
        }
        var explain = ExplainPrefix().Match(sql);
        if (explain.Success)
        {
            // EXPLAIN ANALYZE runs the statement it explains: that one must pass too.
            RequireQuery(sql[explain.Length..]);
            return;
        }
        var pragma = PragmaStatement().Match(sql);
        if (pragma.Success)
        {
            var name = pragma.Groups["name"].Value;
            if (SqlFunctionRules.AllowedPragmas.Contains(name) && PragmaArguments().IsMatch(pragma.Groups["rest"].Value)) return;
            var pragmas = string.Join(", ", SqlFunctionRules.AllowedPragmas.Order(StringComparer.Ordinal));
            throw new QueryRejectedException(
                $"truy vấn không được chạy PRAGMA {name.ToLowerInvariant()}: ở đây chỉ chạy các pragma liệt kê " +
                $"({pragmas}), với nhiều nhất một tên trong ngoặc; cài đặt do quản trị viên thay đổi, không phải bằng truy vấn.",
                $"queries cannot run PRAGMA {name.ToLowerInvariant()}: only the listing pragmas run here " +
                $"({pragmas}), with at most a name in parentheses; settings are changed by the administrator, not by a query.");
        }
        var keyword = FirstWord().Match(sql) is { Success: true } word ? word.Value.ToUpperInvariant() : "other";
        if (keyword == "PIVOT")
            throw new QueryRejectedException(
                $"{OnlyQueries.Vi}; hãy viết PIVOT bên trong một truy vấn, ví dụ SELECT * FROM (PIVOT v_group_year ON review_year USING sum(poor)).",
                $"{OnlyQueries.En}; write a PIVOT inside a query, e.g. SELECT * FROM (PIVOT v_group_year ON review_year USING sum(poor)).");
        throw new QueryRejectedException(
            $"{OnlyQueries.Vi}; đây là câu lệnh {keyword}, sẽ thay đổi dữ liệu, cài đặt hoặc phiên làm việc. " +
            $"Dữ liệu được thay đổi qua 'disu etl load' và cài đặt qua 'disu settings'.",
            $"{OnlyQueries.En}; this is a {keyword} statement, which would change data, settings or the session. " +
            $"Data changes go through 'disu etl load' and settings through 'disu settings'.");
    }

    /// <summary>The part after EXPLAIN: a query, not another EXPLAIN or PRAGMA.</summary>
    private static void RequireQuery(string sql)
    {
        var parsed = SqlParser.Parse(sql);
        if (parsed.Tree is null)
            throw new QueryRejectedException($"{OnlyQueries.Vi}; EXPLAIN giải thích một truy vấn (SELECT …), và đây không phải truy vấn.",
                                             $"{OnlyQueries.En}; EXPLAIN explains a query (SELECT …), and this is not one.");
        using (parsed.Tree) RequireAllowed(parsed.Tree.RootElement);
    }

    /// <summary>
    /// Walks DuckDB's parse tree (json_serialize_sql) without recursion — a hostile statement may nest
    /// a thousand levels — and judges every function, table function and table reference in it.
    /// </summary>
    private static void RequireAllowed(JsonElement root)
    {
        var pending = new Stack<(JsonElement Node, bool TablePosition)>();
        pending.Push((root, false));
        while (pending.Count > 0)
        {
            var (node, table) = pending.Pop();
            if (node.ValueKind == JsonValueKind.Array)
            {
                foreach (var item in node.EnumerateArray()) pending.Push((item, false));
                continue;
            }
            if (node.ValueKind != JsonValueKind.Object) continue;
            var kind = Text(node, "class");
            var type = Text(node, "type");
            if (kind is "FUNCTION" or "WINDOW")
            {
                var name = Text(node, "function_name") ?? "";
                if (table) RequireTableFunction(name);
                else RequireFunction(name);
            }
            else if (type == "TABLE_FUNCTION")
            {
                if (!node.TryGetProperty("function", out var function) || Text(function, "class") != "FUNCTION")
                    throw new QueryRejectedException($"truy vấn gọi một hàm bảng theo cách bước kiểm tra này không biết; hãy gọi theo tên, ví dụ FROM range(10)",
                                                     $"the query calls a table function in a form this check does not know; call it by name, e.g. FROM range(10)");
                pending.Push((function, true));
                foreach (var property in node.EnumerateObject())
                    if (property.Name != "function") pending.Push((property.Value, false));
                continue;
            }
            else if (type == "BASE_TABLE")
                RequireTable(Text(node, "table_name") ?? "");
            foreach (var property in node.EnumerateObject()) pending.Push((property.Value, false));
        }
    }

    private static void RequireFunction(string name)
    {
        if (SqlFunctionRules.DeniedFunctions.TryGetValue(name, out var reason) || SqlFunctionRules.DeniedTableFunctions.TryGetValue(name, out reason))
            throw Denied(name, reason);
        if (!SqlFunctionRules.ReviewedFunctions.Contains(name) && SqlParser.SystemFunctions.Contains(name))
            throw Unreviewed(name);
        // Otherwise a reviewed function, a macro of the mart, or a name DuckDB will report as unknown.
    }

    private static void RequireTableFunction(string name)
    {
        if (SqlFunctionRules.AllowedTableFunctions.Contains(name)) return;
        if (SqlFunctionRules.DeniedTableFunctions.TryGetValue(name, out var reason))
            throw Denied(name, reason);
        if (SqlParser.SystemTableFunctions.Contains(name))
            throw Unreviewed(name);
    }

    private static void RequireTable(string name)
    {
        if (SqlFunctionRules.DeniedTables.TryGetValue(name, out var reason) || SqlFunctionRules.DeniedTableFunctions.TryGetValue(name, out reason))
            throw new QueryRejectedException($"truy vấn không được đọc {name}: {reason.Vi}.", $"queries cannot read {name}: {reason.En}.");
        // A name that looks like a path is a file DuckDB would read by replacement scan ('x.csv').
        if (name.AsSpan().IndexOfAny("./\\:*?") >= 0)
            throw new QueryRejectedException(
                $"truy vấn không được đọc tệp ('{Shorten(name)}'); hãy truy vấn các bảng và view của kho dữ liệu (xem docs/mart.md).",
                $"queries cannot read files ('{Shorten(name)}'); query the mart's tables and views instead (see docs/mart.md).");
    }

    private static QueryRejectedException Denied(string name, Message reason) =>
        new($"truy vấn không được gọi {name.ToLowerInvariant()}(): {reason.Vi}.", $"queries cannot call {name.ToLowerInvariant()}(): {reason.En}.");

    private static QueryRejectedException Unreviewed(string name) =>
        new($"truy vấn không được gọi {name.ToLowerInvariant()}(): hàm này không có trong danh sách hàm đã được xem xét cho SQL của cán bộ ở bản này.",
            $"queries cannot call {name.ToLowerInvariant()}(): it is not on the list of functions reviewed for officers' SQL in this build.");

    private static string? Text(JsonElement node, string property) =>
        node.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..57] + "...";

    /// <summary>Leading white space and comments, EXPLAIN, and ANALYZE or a parenthesised option list.</summary>
    [GeneratedRegex(@"^(\s|--[^\n]*(\n|$)|/\*.*?\*/)*EXPLAIN\s+((ANALY[SZ]E|\([^)]*\))\s+)?", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplainPrefix();

    /// <summary>PRAGMA and a plain name (DuckDB takes no other form of pragma name).</summary>
    [GeneratedRegex(@"^(\s|--[^\n]*(\n|$)|/\*.*?\*/)*PRAGMA\s+(?<name>[A-Za-z_][A-Za-z0-9_]*)(?<rest>.*)$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex PragmaStatement();

    /// <summary>Nothing, or one quoted or plain name in parentheses (a table for table_info), then an optional ';'.</summary>
    [GeneratedRegex(@"^\s*(\(\s*('([^']|'')*'|""([^""]|"""")*""|[A-Za-z0-9_.]+)?\s*\))?\s*;?\s*$", RegexOptions.Singleline)]
    private static partial Regex PragmaArguments();

    [GeneratedRegex(@"(?<=^(\s|--[^\n]*(\n|$)|/\*.*?\*/)*)[A-Za-z]+", RegexOptions.Singleline)]
    private static partial Regex FirstWord();
}
