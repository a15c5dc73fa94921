namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// DuckDB's error, shortened to what a person can act on: the first line, DuckDB's "Did you mean"
/// suggestion and the line of SQL it points at (without the caret drawing), behind a sentence that
/// says what kind of refusal it is.
/// </summary>
internal static class QueryMessages
{
    public static string Explain(string duckdb)
    {
        var lines = duckdb.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0) return "the query failed and DuckDB gave no reason.";
        var reason = lines[0];
        var hint = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Did you mean", StringComparison.OrdinalIgnoreCase));
        var where = lines.Skip(1).FirstOrDefault(l => l.StartsWith("LINE ", StringComparison.Ordinal));
        var detail = reason + (hint is null ? "" : " " + hint) + (where is null ? "" : $" ({Shorten(where)})");
        return Prefix(duckdb) + detail;
    }

    private static string Prefix(string message)
    {
        bool Has(string text) => message.Contains(text, StringComparison.OrdinalIgnoreCase);
        if (Has("read-only mode") || Has("read-only"))
            return "queries cannot change data (the connection is read-only). DuckDB: ";
        if (Has("external access") || Has("file system operations are disabled") || Has("Permission Error"))
            return "queries cannot read or write files, attach databases or load extensions; query the mart's tables and views. DuckDB: ";
        if (Has("configuration has been locked") || Has("lock_configuration"))
            return "queries cannot change settings (the configuration is locked). DuckDB: ";
        if (Has("Parser Error"))
            return "the SQL has a syntax error. DuckDB: ";
        if (Has("Catalog Error"))
            return "the query names something the database does not have (see .tables / DESCRIBE). DuckDB: ";
        return "the query failed. DuckDB: ";
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";
}
