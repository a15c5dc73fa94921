using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Schema;

/// <summary>
/// The English and Vietnamese description of every public table, view and column, kept as data
/// (Schema/schema-comments.json) and written into the mart as DuckDB <c>COMMENT ON</c> metadata, so
/// that <c>duckdb_tables()</c>, <c>duckdb_views()</c> and <c>duckdb_columns()</c> carry them and the
/// documentation is generated from the mart itself.
/// </summary>
/// <remarks>
/// <c>CREATE OR REPLACE VIEW</c> drops a view's comments, and a migration may add columns or views.
/// So instead of a version stamp, every write-open compares the comments the mart has with the
/// file and writes only those that differ: after a migration (or a view replaced by hand) they are
/// back on the next write-open; on an unchanged mart nothing is written.
/// </remarks>
public static class SchemaComments
{
    /// <summary>Separates the two languages in one comment: "English ‖ Tiếng Việt". Neither text may contain it.</summary>
    public const string Separator = " ‖ ";

    public static IReadOnlyList<ObjectComment> File { get; } = Load();

    public static string Encode(string english, string vietnamese) => english + Separator + vietnamese;

    /// <summary>A comment without the separator is English only (Vietnamese empty), so a gap shows instead of failing.</summary>
    public static (string English, string Vietnamese) Decode(string? comment)
    {
        if (string.IsNullOrEmpty(comment)) return ("", "");
        var at = comment.IndexOf(Separator, StringComparison.Ordinal);
        return at < 0 ? (comment, "") : (comment[..at], comment[(at + Separator.Length)..]);
    }

    public static void Apply(DuckDBConnection connection)
    {
        var objects = connection.Read<ObjectRow>("""
            SELECT table_name, 'TABLE' AS kind, coalesce(comment, '') AS comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
            UNION ALL
            SELECT view_name, 'VIEW', coalesce(comment, '') FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal AND NOT temporary
            """).ToDictionary(r => r.TableName, r => (r.Kind, r.Comment), StringComparer.Ordinal);
        var columns = connection.Read<ColumnRow>("""
            SELECT table_name, column_name, coalesce(comment, '') AS comment FROM duckdb_columns() WHERE schema_name = 'main' AND NOT internal
            """).ToDictionary(r => (r.TableName, r.ColumnName), r => r.Comment);

        var script = new StringBuilder();
        foreach (var o in File)
        {
            // A described object or column the mart lacks means the file and the migrations disagree:
            // fail the open loudly rather than ship documentation of something that does not exist.
            if (!objects.TryGetValue(o.Object, out var existing))
                throw new MartSchemaException($"schema-comments.json describes '{o.Object}', which the mart does not have.");
            var wanted = Encode(o.En, o.Vi);
            if (existing.Comment != wanted)
                script.Append(CultureInfo.InvariantCulture, $"COMMENT ON {existing.Kind} {Quote(o.Object)} IS {Literal(wanted)};\n");
            foreach (var c in o.Columns)
            {
                if (!columns.TryGetValue((o.Object, c.Column), out var current))
                    throw new MartSchemaException($"schema-comments.json describes column '{o.Object}.{c.Column}', which the mart does not have.");
                var column = Encode(c.En, c.Vi);
                if (current != column)
                    script.Append(CultureInfo.InvariantCulture, $"COMMENT ON COLUMN {Quote(o.Object)}.{Quote(c.Column)} IS {Literal(column)};\n");
            }
        }
        if (script.Length == 0) return;
        // COMMENT ON takes no parameters, hence literals; one transaction so a failure leaves none half-applied.
        using var tx = connection.BeginTransaction();
        connection.Execute(script.ToString());
        tx.Commit();
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static List<ObjectComment> Load()
    {
        var json = MartMigrator.ReadResource(typeof(SchemaComments).Assembly, "Schema.schema-comments.json");
        var file = JsonSerializer.Deserialize<CommentsFile>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })
            ?? throw new InvalidOperationException("schema-comments.json is empty.");
        foreach (var o in file.Objects)
        {
            Check(o.Object, o.En, o.Vi);
            foreach (var c in o.Columns) Check($"{o.Object}.{c.Column}", c.En, c.Vi);
        }
        return [.. file.Objects];
    }

    private static void Check(string what, string? english, string? vietnamese)
    {
        if (string.IsNullOrWhiteSpace(english) || string.IsNullOrWhiteSpace(vietnamese))
            throw new InvalidOperationException($"schema-comments.json: {what} needs both 'en' and 'vi'.");
        if (english.Contains(Separator.Trim(), StringComparison.Ordinal) || vietnamese.Contains(Separator.Trim(), StringComparison.Ordinal))
            throw new InvalidOperationException($"schema-comments.json: {what} contains '{Separator.Trim()}', which separates the languages.");
    }

    private sealed record CommentsFile(IReadOnlyList<ObjectComment> Objects);

    private sealed record ObjectRow
    {
        public required string TableName { get; init; }
        public required string Kind { get; init; }
        public required string Comment { get; init; }
    }

    private sealed record ColumnRow
    {
        public required string TableName { get; init; }
        public required string ColumnName { get; init; }
        public required string Comment { get; init; }
    }
}

/// <summary>One table or view of schema-comments.json.</summary>
public sealed record ObjectComment(string Object, string En, string Vi, IReadOnlyList<ColumnComment> Columns);

/// <summary>One column of schema-comments.json.</summary>
public sealed record ColumnComment(string Column, string En, string Vi);
