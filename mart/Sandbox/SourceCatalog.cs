using DiSu.Analytics.Mart.Reading;
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
        var columns = mart.Read<ColumnRow>("""
            SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
            ORDER BY table_name, column_index
            """).GroupBy(r => r.TableName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<SourceColumn>)g.Select(r => new SourceColumn(r.ColumnName, r.DataType, r.Comment)).ToList(),
                StringComparer.Ordinal);
        return mart.Read<ObjectRow>("""
            SELECT table_name, false AS is_view, comment, NULL AS sql FROM duckdb_tables()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
            UNION ALL
            SELECT view_name, true, comment, sql FROM duckdb_views()
            WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal AND NOT temporary
            ORDER BY 1
            """).Select(r => new SourceObject(r.TableName, r.IsView, r.Comment, r.Sql,
                columns.GetValueOrDefault(r.TableName) ?? [])).ToList();
    }

    private sealed record ColumnRow
    {
        public required string TableName { get; init; }
        public required string ColumnName { get; init; }
        public required string DataType { get; init; }
        public string? Comment { get; init; }
    }

    /// <summary>A table or view; the union's columns take the names of its first branch (tables).</summary>
    private sealed record ObjectRow
    {
        public required string TableName { get; init; }
        public bool IsView { get; init; }
        public string? Comment { get; init; }
        public string? Sql { get; init; }
    }
}
