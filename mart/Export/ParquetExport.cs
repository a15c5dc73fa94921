using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Export;

public sealed record ExportedTable(string Name, IReadOnlyList<string> PartitionBy, long Rows);

public sealed record ParquetExportResult(string Folder, IReadOnlyList<ExportedTable> Tables, IReadOnlyList<string> Views, string ViewsScript);

/// <summary>
/// The mart as open files: every table as Parquet (facts Hive-partitioned by province and year,
/// the way a province-level mart rolls up into a national lake), and a <c>views.sql</c> that
/// recreates the tables as views over those files and then every public view, in dependency
/// order, so any DuckDB (or, with the paths changed, an engine over object storage) answers the
/// same queries.
/// </summary>
public static partial class ParquetExport
{
    public const string ViewsFile = "views.sql";

    /// <param name="connection">A connection that may write files (not the locked-down reader).</param>
    public static ParquetExportResult Run(DuckDBConnection connection, string folder, IProgress<string>? progress = null)
    {
        var root = Path.GetFullPath(folder);
        Directory.CreateDirectory(root);
        var tables = connection.Read<TableColumns>("""
            SELECT t.table_name, list(c.column_name ORDER BY c.column_index) AS columns, list(c.data_type ORDER BY c.column_index) AS types
            FROM duckdb_tables() t JOIN duckdb_columns() c ON c.table_oid = t.table_oid
            WHERE NOT t.internal AND t.schema_name = 'main' AND NOT t.temporary
            GROUP BY t.table_name ORDER BY t.table_name
            """);
        var exported = new List<ExportedTable>();
        var script = new StringBuilder();
        script.AppendLine($"""
            -- DiSu.Analytics mart as Parquet, written {DateTime.UtcNow.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} by disu export parquet.
            -- Run in DuckDB from this folder (or set file_search_path to it): duckdb -c ".read {ViewsFile}"
            -- On object storage, replace the folder in the read_parquet paths (e.g. s3://bucket/disu/).
            SET file_search_path = '{Escape(root)}';

            """);
        foreach (var (table, columns, types) in tables.Select(t => (t.TableName, t.Columns, t.Types)))
        {
            progress?.Report(table);
            var partitions = PartitionColumns(table, columns);
            var target = Path.Combine(root, table);
            if (Directory.Exists(target))
                Directory.Delete(target, recursive: true);
            long rows = connection.Scalar<long>($"SELECT count(*) FROM {table}");
            if (rows == 0)
            {
                // An empty table writes no file; a typed empty view keeps the views binding.
                script.AppendLine(CultureInfo.InvariantCulture,
                    $"CREATE OR REPLACE VIEW {table} AS SELECT {string.Join(", ", columns.Zip(types, (c, t) => $"NULL::{t} AS {c}"))} WHERE false;");
            }
            else if (partitions.Count == 0)
            {
                Directory.CreateDirectory(target);
                connection.Execute($"COPY {table} TO '{Escape(Path.Combine(target, table + ".parquet"))}' (FORMAT parquet, COMPRESSION zstd)");
                script.AppendLine(CultureInfo.InvariantCulture, $"CREATE OR REPLACE VIEW {table} AS SELECT * FROM read_parquet('{table}/{table}.parquet');");
            }
            else
            {
                // Hive folders say province=…/year=…. A partition column leaves the files (Hive keeps
                // it in the folder name), so the view lists the table's columns in order and casts a
                // partition column that was the table's own back to its type.
                var aliases = partitions.Where(p => p.Source != p.Name).Select(p => $", {p.Source} AS {p.Name}");
                connection.Execute($"COPY (SELECT *{string.Concat(aliases)} FROM {table}) TO '{Escape(target)}' " +
                    $"(FORMAT parquet, COMPRESSION zstd, PARTITION_BY ({string.Join(", ", partitions.Select(p => p.Name))}), OVERWRITE_OR_IGNORE)");
                var projection = columns.Zip(types, (c, t) => partitions.Any(p => p.Name == c) ? $"CAST({c} AS {t}) AS {c}" : c);
                script.AppendLine(CultureInfo.InvariantCulture,
                    $"CREATE OR REPLACE VIEW {table} AS SELECT {string.Join(", ", projection)} FROM read_parquet('{table}/**/*.parquet', hive_partitioning = true, union_by_name = true);");
            }
            exported.Add(new ExportedTable(table, partitions.Select(p => p.Name).ToList(), rows));
        }
        var views = PublicViews(connection);
        script.AppendLine();
        foreach (var (name, sql) in views)
            script.AppendLine(sql.TrimEnd().TrimEnd(';') + ";");
        var scriptPath = Path.Combine(root, ViewsFile);
        File.WriteAllText(scriptPath, script.ToString(), new UTF8Encoding(false));
        return new ParquetExportResult(root, exported, views.Select(v => v.Name).ToList(), scriptPath);
    }

    private static List<(string Name, string Source)> PartitionColumns(string table, IReadOnlyList<string> columns)
    {
        if (!table.StartsWith("fact_", StringComparison.Ordinal) && table != "geo_year")
            return [];
        var result = new List<(string, string)>();
        if (columns.Contains("province_code"))
            result.Add(("province", "province_code"));
        var year = new[] { "review_year", "year", "base_year" }.FirstOrDefault(columns.Contains);
        if (year is not null)
            result.Add(("year", year));
        return result;
    }

    /// <summary>Every view of the mart (the public v_* and their helpers), each after the views it reads.</summary>
    private static List<(string Name, string Sql)> PublicViews(DuckDBConnection connection)
    {
        var all = connection.Read<ViewSql>("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name")
            .Select(r => (r.ViewName, r.Sql)).ToList();
        var names = all.Select(v => v.Item1).ToHashSet(StringComparer.Ordinal);
        var ordered = new List<(string, string)>();
        var placed = new HashSet<string>(StringComparer.Ordinal);
        while (ordered.Count < all.Count)
        {
            var ready = all.Where(v => !placed.Contains(v.Item1)
                && Identifier().Matches(Body(v.Item2)).Select(m => m.Value).Where(names.Contains).All(d => d == v.Item1 || placed.Contains(d))).ToList();
            if (ready.Count == 0)
                throw new InvalidOperationException("The mart's views depend on each other in a cycle; cannot order views.sql.");
            foreach (var view in ready)
            {
                ordered.Add(view);
                placed.Add(view.Item1);
            }
        }
        return ordered;
    }

    private static string Body(string sql) => sql[(sql.IndexOf(" AS ", StringComparison.OrdinalIgnoreCase) + 4)..];

    private static string Escape(string path) => path.Replace("'", "''", StringComparison.Ordinal);

    [GeneratedRegex(@"\b[a-z_][a-z0-9_]*\b")]
    private static partial Regex Identifier();

    private sealed record TableColumns
    {
        public required string TableName { get; init; }
        public required string[] Columns { get; init; }
        public required string[] Types { get; init; }
    }

    private sealed record ViewSql
    {
        public required string ViewName { get; init; }
        public required string Sql { get; init; }
    }
}
