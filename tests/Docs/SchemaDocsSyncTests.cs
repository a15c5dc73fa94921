using DiSu.Analytics.Mart.Schema;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>
/// Schema docs in sync: the per-object sections of docs/mart.md are exactly what a fresh mart's
/// COMMENT ON metadata generates. To regenerate after changing mart/Schema/schema-comments.json or a
/// migration, run this test with DISU_WRITE_DOCS=1 (or `disu schema --mart FILE --write docs/mart.md`).
/// </summary>
public sealed class SchemaDocsSyncTests
{
    [Fact]
    public void Should_match_the_schema_sections_of_docs_mart_md_to_those_generated_from_a_fresh_mart()
    {
        using var mart = new TestMart();
        var path = MartDocsTests.RepoFile("docs/mart.md");
        var written = File.ReadAllText(path).Replace("\r\n", "\n", StringComparison.Ordinal);
        var generated = SchemaCatalog.Regenerate(written, SchemaCatalog.Read(mart.Connection));
        if (generated != written && Environment.GetEnvironmentVariable("DISU_WRITE_DOCS") == "1")
        {
            File.WriteAllText(path, generated);
            written = generated;
        }
        Diff(written, generated).ShouldBeEmpty(
            "docs/mart.md differs from the schema the mart describes; regenerate it with DISU_WRITE_DOCS=1 dotnet test tests " +
            "--filter FullyQualifiedName~SchemaDocsSync (or disu schema --mart FILE --write docs/mart.md)");
    }

    /// <summary>The differing lines, numbered, at most 20: enough to see what drifted.</summary>
    private static List<string> Diff(string written, string generated)
    {
        var a = written.Split('\n');
        var b = generated.Split('\n');
        var problems = new List<string>();
        for (var i = 0; i < Math.Max(a.Length, b.Length) && problems.Count < 20; i++)
        {
            var left = i < a.Length ? a[i] : "<end of file>";
            var right = i < b.Length ? b[i] : "<end of file>";
            if (left != right) problems.Add($"line {i + 1}:\n  docs:      {left}\n  generated: {right}");
        }
        return problems;
    }
}
