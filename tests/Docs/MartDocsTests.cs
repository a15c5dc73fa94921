using System.Text.RegularExpressions;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>docs/mart.md documents every public view and table, column by column, as the schema has them.</summary>
public sealed partial class MartDocsTests
{
    internal static string RepoFile(string relative)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiSu.Analytics.sln")))
            dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("repository root not found"), relative);
    }

    /// <summary>Sections "### name" followed by a "| column | type | description | mô tả |" table (generated; see SchemaDocsSyncTests).</summary>
    private static Dictionary<string, List<(string Column, string Type)>> Documented()
    {
        var sections = new Dictionary<string, List<(string, string)>>();
        List<(string, string)>? current = null;
        foreach (var line in File.ReadLines(RepoFile("docs/mart.md")))
        {
            var heading = Heading().Match(line);
            if (heading.Success)
            {
                current = [];
                sections[heading.Groups[1].Value] = current;
                continue;
            }
            if (line.StartsWith("## ", StringComparison.Ordinal)) current = null;
            var row = Row().Match(line);
            if (current is not null && row.Success && row.Groups[1].Value != "column")
                current.Add((row.Groups[1].Value, row.Groups[2].Value));
        }
        return sections;
    }

    [Fact]
    public void Should_document_every_public_view_and_table_with_its_columns_in_order()
    {
        using var mart = new TestMart();
        var documented = Documented();
        var objects = mart.Rows("""
            SELECT table_name FROM information_schema.tables
            WHERE table_schema = 'main' AND (table_name LIKE 'v\_%' ESCAPE '\' OR table_type = 'BASE TABLE')
            ORDER BY 1
            """).Select(r => (string)r[0]!).ToList();
        objects.ShouldContain("v_group_year");
        var problems = new List<string>();
        foreach (var name in objects)
        {
            var actual = mart.Rows("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position", name)
                .Select(r => ((string)r[0]!, (string)r[1]!)).ToList();
            if (!documented.TryGetValue(name, out var doc))
            {
                problems.Add($"{name}: no '### {name}' section");
                continue;
            }
            if (!doc.SequenceEqual(actual))
                problems.Add($"{name}: documented [{string.Join(", ", doc.Select(c => $"{c.Column} {c.Type}"))}] but the mart has [{string.Join(", ", actual.Select(c => $"{c.Item1} {c.Item2}"))}]");
        }
        problems.ShouldBeEmpty();
    }

    [GeneratedRegex(@"^### (\w+)\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"^\|\s*([a-z_0-9]+)\s*\|\s*([A-Z][A-Z0-9_\[\]() ,]*?)\s*\|")]
    private static partial Regex Row();
}
