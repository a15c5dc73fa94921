using System.Collections.Frozen;
using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// DuckDB's parser on a private in-memory instance that holds no data and is locked down: it splits
/// officers' SQL into statements and gives a statement's parse tree (json_serialize_sql), without
/// binding or running anything of it. It also knows which functions this build of DuckDB has.
/// </summary>
internal static partial class SqlParser
{
    private static readonly Lock Sync = new();
    private static readonly JsonDocumentOptions TreeOptions = new() { MaxDepth = 100_000 };
    private static DuckDBConnection? instance;

    /// <summary>The statement's parse tree, or null when it is one statement but not a SELECT (EXPLAIN, PRAGMA, SET, CALL …).</summary>
    public sealed record Parsed(JsonDocument? Tree);

    /// <summary>Scalar, aggregate and macro functions of DuckDB's own catalog.</summary>
    public static FrozenSet<string> SystemFunctions => Catalog.Value.Functions;

    /// <summary>Table functions and table macros of DuckDB's own catalog.</summary>
    public static FrozenSet<string> SystemTableFunctions => Catalog.Value.Tables;

    private static readonly Lazy<(FrozenSet<string> Functions, FrozenSet<string> Tables)> Catalog = new(() =>
    {
        lock (Sync)
        {
            var rows = Connection().Read<SystemFunction>("SELECT DISTINCT function_name, function_type FROM duckdb_functions() WHERE internal");
            FrozenSet<string> Of(params string[] types) => rows.Where(r => types.Contains(r.FunctionType)).Select(r => r.FunctionName)
                .ToFrozenSet(StringComparer.OrdinalIgnoreCase);
            return (Of("scalar", "aggregate", "macro"), Of("table", "table_macro"));
        }
    });

    /// <exception cref="QueryRejectedException">Empty, more than one statement, or a syntax error.</exception>
    public static Parsed Parse(string sql)
    {
        lock (Sync)
        {
            var connection = Connection();
            var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection.NativeConnection, sql, out var statements);
            using (statements)
            {
                if (count == 0)
                {
                    var error = NativeMethods.ExtractStatements.DuckDBExtractStatementsError(statements);
                    throw new QueryRejectedException(string.IsNullOrWhiteSpace(error)
                        ? new DiSu.Analytics.Mart.Text.Message("câu SQL trống: hãy viết một truy vấn, ví dụ SELECT * FROM v_ward_year",
                                                               "the SQL is empty: write one query, e.g. SELECT * FROM v_ward_year")
                        : QueryMessages.Explain(error));
                }
                if (count > 1 && Pivot().IsMatch(sql))
                    throw new QueryRejectedException(
                        $"PIVOT không có danh sách giá trị sẽ chạy thành hai câu lệnh, mà ở đây mỗi lần chỉ chạy một câu; " +
                        $"hãy nêu các giá trị, ví dụ PIVOT v_group_year ON review_year IN (2023, 2024) USING sum(poor)",
                        $"a PIVOT without the list of its values runs as two statements, and one statement runs at a time here; " +
                        $"name the values, e.g. PIVOT v_group_year ON review_year IN (2023, 2024) USING sum(poor)");
                if (count > 1)
                    throw new QueryRejectedException(
                        $"câu SQL có {count} câu lệnh; mỗi lần hãy gửi một câu (dấu ';' trong chuỗi hoặc chú thích thì không sao).",
                        $"the SQL holds {count} statements; send one statement at a time (a ';' inside a string or a comment is fine).");
            }
            // A literal, not a parameter: json_serialize_sql takes only a constant. A standard SQL string
            // has one escape, the doubled quote; the caller has refused NUL.
            var json = connection.Scalar<string>("SELECT json_serialize_sql('" + sql.Replace("'", "''", StringComparison.Ordinal) + "')")!;
            var tree = JsonDocument.Parse(json, TreeOptions);
            if (!tree.RootElement.GetProperty("error").GetBoolean()) return new Parsed(tree);
            using (tree)
            {
                var type = tree.RootElement.TryGetProperty("error_type", out var t) ? t.GetString() : null;
                var message = tree.RootElement.TryGetProperty("error_message", out var m) ? m.GetString() : null;
                if (type == "not implemented") return new Parsed(null);
                throw new QueryRejectedException(QueryMessages.Explain("Parser Error: " + message));
            }
        }
    }

    private static DuckDBConnection Connection()
    {
        if (instance is not null) return instance;
        var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        connection.Execute("SET enable_external_access = false; SET lock_configuration = true;");
        return instance = connection;
    }

    private sealed record SystemFunction
    {
        public required string FunctionName { get; init; }
        public required string FunctionType { get; init; }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\bPIVOT\b", System.Text.RegularExpressions.RegexOptions.IgnoreCase)]
    private static partial System.Text.RegularExpressions.Regex Pivot();
}
