using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>A column of a mart object: name, DuckDB type as DESCRIBE spells it, comment.</summary>
internal sealed record SourceColumn(string Name, string Type, string? Comment);

/// <summary>A table or view of the mart's main schema; <see cref="Sql"/> is a view's CREATE VIEW statement.</summary>
internal sealed record SourceObject(string Name, bool IsView, string? Comment, string? Sql, IReadOnlyList<SourceColumn> Columns);

/// <summary>The tables and views of the mart's main schema (not DuckDB's own, not temporary), by name.</summary>
internal static class SourceCatalog
{
    public static IReadOnlyList<SourceObject> Read(DuckDBConnection mart)
    {
        var columns = mart.Rows("""
            SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
            ORDER BY table_name, column_index
            """).GroupBy(r => (string)r[0]!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SourceColumn>)g.Select(r => new SourceColumn((string)r[1]!, (string)r[2]!, (string?)r[3])).ToList(),
                StringComparer.Ordinal);
        return mart.Rows("""
            SELECT table_name, false, comment, NULL FROM duckdb_tables()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
            UNION ALL
            SELECT view_name, true, comment, sql FROM duckdb_views()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
            ORDER BY 1
            """).Select(r => new SourceObject((string)r[0]!, (bool)r[1]!, (string?)r[2], (string?)r[3],
                columns.GetValueOrDefault((string)r[0]!) ?? [])).ToList();
    }
}
