using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Lets through exactly one statement that only reads: a query (SELECT, WITH, FROM-first, VALUES,
/// DESCRIBE, SHOW, SUMMARIZE, PRAGMA table_info and the other listing pragmas, which DuckDB turns
/// into queries) or EXPLAIN of one. DuckDB's own parser splits and classifies the text, so a ';' in
/// a string or comment and every syntax DuckDB accepts are judged as DuckDB will run them. Reads are
/// also all a read-only connection allows; the check adds what read-only does not stop: session
/// state (PRAGMA enable_profiling prints to the service's stdout, temp tables, SET VARIABLE, BEGIN)
/// and a clear message instead of DuckDB's.
/// </summary>
internal static partial class StatementCheck
{
    // duckdb_statement_type in duckdb.h. DuckDB.NET's DuckDBStatementType enum is off by one from
    // PRAGMA on (it has an extra SHOW), so the C values are spelled out here.
    private const int Select = 1;
    private const int Explain = 4;

    private static readonly string[] TypeNames =
    [
        "invalid", "SELECT", "INSERT", "UPDATE", "EXPLAIN", "DELETE", "PREPARE", "CREATE", "EXECUTE", "ALTER",
        "transaction (BEGIN/COMMIT)", "COPY", "ANALYZE", "SET VARIABLE", "CREATE FUNCTION", "DROP", "EXPORT",
        "PRAGMA", "VACUUM", "CALL", "SET", "LOAD", "relation", "INSTALL/LOAD extension", "logical plan",
        "ATTACH", "DETACH", "multi-statement",
    ];

    /// <summary>Throws <see cref="QueryRejectedException"/> unless <paramref name="sql"/> is one reading statement.</summary>
    public static void RequireQuery(DuckDBConnection connection, string sql)
    {
        var type = TypeOf(connection, sql);
        if (type == Select) return;
        if (type == Explain)
        {
            // EXPLAIN ANALYZE runs the statement it explains: that one must be a query too.
            var inner = ExplainPrefix().Match(sql);
            if (inner.Success && TypeOf(connection, sql[inner.Length..]) == Select) return;
        }
        var name = type >= 0 && type < TypeNames.Length ? TypeNames[type] : $"type {type}";
        throw new QueryRejectedException(
            $"only queries run here (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW, SUMMARIZE, or EXPLAIN of a query); " +
            $"this is a {name} statement, which would change data, settings or the session. Data changes go through " +
            "'disu etl load' and settings through 'disu settings'.");
    }

    /// <summary>The DuckDB statement type of the one statement in <paramref name="sql"/>, from its prepared form.</summary>
    private static int TypeOf(DuckDBConnection connection, string sql)
    {
        var count = NativeMethods.ExtractStatements.DuckDBExtractStatements(connection.NativeConnection, sql, out var statements);
        using (statements)
        {
            if (count == 0)
            {
                var error = NativeMethods.ExtractStatements.DuckDBExtractStatementsError(statements);
                throw new QueryRejectedException(string.IsNullOrWhiteSpace(error)
                    ? "the SQL is empty: write one query, e.g. SELECT * FROM v_ward_year"
                    : QueryMessages.Explain(error));
            }
            if (count > 1)
                throw new QueryRejectedException(
                    $"the SQL holds {count} statements; send one statement at a time (a ';' inside a string or a comment is fine).");
            var state = NativeMethods.ExtractStatements.DuckDBPrepareExtractedStatement(connection.NativeConnection, statements, 0, out var prepared);
            using (prepared)
            {
                if (state != DuckDBState.Success)
                    throw new QueryRejectedException(QueryMessages.Explain(NativeMethods.PreparedStatements.DuckDBPrepareError(prepared)));
                return PreparedStatementType(prepared);
            }
        }
    }

    // DuckDB.NET 1.5.6.1 binds the C API but not this function; the library is the one DuckDB.NET
    // has already loaded (runtimes/<rid>/native/libduckdb).
    [DllImport("duckdb", EntryPoint = "duckdb_prepared_statement_type", ExactSpelling = true)]
    private static extern int PreparedStatementType(DuckDBPreparedStatement statement);

    /// <summary>Leading white space and comments, EXPLAIN, and ANALYZE or a parenthesised option list.</summary>
    [GeneratedRegex(@"^(\s|--[^\n]*\n|/\*.*?\*/)*EXPLAIN\s+((ANALY[SZ]E|\([^)]*\))\s+)?", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplainPrefix();
}
