using System.Text;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Schema;

/// <summary>A public table or view as the mart describes it (from its COMMENT ON metadata).</summary>
public sealed record SchemaObject(string Name, string Kind, string English, string Vietnamese, IReadOnlyList<SchemaColumn> Columns);

/// <summary>A column of a public object, with its DuckDB type and both descriptions.</summary>
public sealed record SchemaColumn(string Name, string Type, string English, string Vietnamese);

/// <summary>
/// Reads the public schema — base tables and the v_* views of schema main — with the descriptions
/// stored in the mart's comments, and renders it as the generated blocks of docs/mart.md.
/// </summary>
public static partial class SchemaCatalog
{
    /// <summary>Views first (the stable contract), then tables, each by name.</summary>
    public static IReadOnlyList<SchemaObject> Read(DuckDBConnection connection)
    {
        var objects = connection.Read<ObjectRow>("""
            SELECT name, kind, comment FROM (
                SELECT table_name AS name, 'table' AS kind, comment FROM duckdb_tables() WHERE schema_name = 'main' AND NOT temporary
                UNION ALL
                SELECT view_name, 'view', comment FROM duckdb_views()
                WHERE schema_name = 'main' AND NOT internal AND NOT temporary AND view_name LIKE 'v\_%' ESCAPE '\')
            ORDER BY kind = 'table', name
            """);
        var columns = connection.Read<ColumnRow>("""
            SELECT table_name, column_name, data_type, comment FROM duckdb_columns()
            WHERE schema_name = 'main' AND NOT internal ORDER BY table_name, column_index
            """).GroupBy(r => r.TableName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(r =>
            {
                var (en, vi) = SchemaComments.Decode(r.Comment);
                return new SchemaColumn(r.ColumnName, r.DataType, en, vi);
            }).ToList(), StringComparer.Ordinal);
        return objects.Select(r =>
        {
            var (en, vi) = SchemaComments.Decode(r.Comment);
            return new SchemaObject(r.Name, r.Kind, en, vi, columns.GetValueOrDefault(r.Name) ?? []);
        }).ToList();
    }

    private sealed record ObjectRow
    {
        public required string Name { get; init; }
        public required string Kind { get; init; }
        public string? Comment { get; init; }
    }

    private sealed record ColumnRow
    {
        public required string TableName { get; init; }
        public required string ColumnName { get; init; }
        public required string DataType { get; init; }
        public string? Comment { get; init; }
    }

    public static string BeginMarker(string name) => $"<!-- schema:begin {name} -->";

    public static string EndMarker(string name) => $"<!-- schema:end {name} -->";

    /// <summary>The generated block of one object, markers included, lines ending in \n.</summary>
    public static string Markdown(SchemaObject o)
    {
        var md = new StringBuilder();
        md.Append(BeginMarker(o.Name)).Append('\n');
        md.Append("### ").Append(o.Name).Append("\n\n");
        md.Append(o.English).Append("\n\n");
        md.Append("*Mô tả:* ").Append(o.Vietnamese).Append("\n\n");
        md.Append("| column | type | description | mô tả |\n|---|---|---|---|\n");
        foreach (var c in o.Columns)
            md.Append("| ").Append(c.Name).Append(" | ").Append(c.Type).Append(" | ").Append(Cell(c.English)).Append(" | ").Append(Cell(c.Vietnamese)).Append(" |\n");
        md.Append(EndMarker(o.Name)).Append('\n');
        return md.ToString();
    }

    /// <summary>All blocks, separated by a blank line: what <c>disu schema --format md</c> prints.</summary>
    public static string Markdown(IEnumerable<SchemaObject> objects) => string.Join("\n", objects.Select(Markdown));

    /// <summary>
    /// The document with every generated block replaced by the mart's current one; the text around
    /// the blocks is kept. Fails when a public object has no block or a block names no public object,
    /// so a new table cannot go undocumented.
    /// </summary>
    public static string Regenerate(string document, IReadOnlyList<SchemaObject> objects)
    {
        var byName = objects.ToDictionary(o => o.Name, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var unknown = new List<string>();
        var text = document.Replace("\r\n", "\n", StringComparison.Ordinal);
        var result = Block().Replace(text, m =>
        {
            var name = m.Groups[1].Value;
            if (!byName.TryGetValue(name, out var o))
            {
                unknown.Add(name);
                return m.Value;
            }
            seen.Add(name);
            return Markdown(o);
        });
        var missing = objects.Where(o => !seen.Contains(o.Name)).Select(o => o.Name).ToList();
        if (missing.Count > 0 || unknown.Count > 0)
            throw new MartException(new Text.Message(
                (missing.Count > 0 ? $"thiếu khối '{BeginMarker("NAME")}' cho: {string.Join(", ", missing)}. Hãy thêm một cặp begin/end trống vào chỗ của mỗi đối tượng. " : "") +
                (unknown.Count > 0 ? $"có khối cho đối tượng mà kho dữ liệu không có: {string.Join(", ", unknown)}." : ""),
                (missing.Count > 0 ? $"no '{BeginMarker("NAME")}' block for: {string.Join(", ", missing)}. Add an empty begin/end pair where each belongs. " : "") +
                (unknown.Count > 0 ? $"blocks for objects the mart does not have: {string.Join(", ", unknown)}." : "")));
        return result;
    }

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);

    [GeneratedRegex(@"<!-- schema:begin (\w+) -->\n.*?<!-- schema:end \1 -->\n", RegexOptions.Singleline)]
    private static partial Regex Block();
}
