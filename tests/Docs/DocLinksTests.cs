using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>
/// The README and docs/ point only at what a clone has: every relative link resolves to a file or
/// folder inside the repository, and its #fragment to a heading of that file as GitHub names it; no
/// link leaves the repository (../shared/…, an absolute path, file:). Web links are not followed.
/// </summary>
public sealed partial class DocLinksTests
{
    [Fact]
    public void Should_resolve_every_link_of_the_readme_and_docs_inside_the_repository()
    {
        var root = MartDocsTests.RepoFile("");
        var files = Documents(root);
        files.Count.ShouldBeGreaterThanOrEqualTo(10);
        files.SelectMany(f => Problems(root, f)).ToList().ShouldBeEmpty();
    }

    [Fact]
    public void Should_name_no_document_outside_the_repository_even_in_code()
    {
        var root = MartDocsTests.RepoFile("");
        var problems = Documents(root)
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: f, Line: i + 1, Text: line)))
            .Where(l => OutsideMention().IsMatch(l.Text))
            .Select(l => $"{Path.GetRelativePath(root, l.File)}:{l.Line}: {l.Text.Trim()}")
            .ToList();
        problems.ShouldBeEmpty("the design, input contract and standards of the project live in docs/ (architecture.md, inputs.md, poverty-standards.md)");
    }

    [Fact]
    public void Should_report_links_that_leave_the_repository_or_miss_their_file_or_heading()
    {
        using var repo = new TempFolder();
        Directory.CreateDirectory(Path.Combine(repo.Path, "docs"));
        File.WriteAllText(Path.Combine(repo.Path, "docs", "b.md"), "# Tiêu đề: Chuẩn nghèo (2021–2025)\n\n## `v_group_year` and more\n\n## Again\n\n## Again\n");
        var doc = Path.Combine(repo.Path, "docs", "a.md");
        File.WriteAllText(doc, """
            # A

            [fine](b.md) [fine](b.md#tiêu-đề-chuẩn-nghèo-20212025) [fine](b.md#v_group_year-and-more) [fine](b.md#again-1)
            [fine](#a) [fine](../docs/) [web](https://example.org/x) ![fine](b.md "title")
            `[ignored](../../nowhere.md)`

            ```sh
            [ignored](/etc/passwd)
            ```

            [out](../../shared/DESIGN.md) [missing](c.md) [absolute](/work/shared/x.md) [file](file:///tmp/x.md)
            [no heading](b.md#nope) [no heading here](#nope) and a marker [C]: not a link

            [ref]: ../outside.md
            """);

        var problems = Problems(repo.Path, doc);

        problems.Count.ShouldBe(7, string.Join("\n", problems));
        problems.ShouldContain(p => p.Contains("../../shared/DESIGN.md") && p.Contains("outside the repository"));
        problems.ShouldContain(p => p.Contains("c.md") && p.Contains("no such file"));
        problems.ShouldContain(p => p.Contains("/work/shared/x.md") && p.Contains("absolute"));
        problems.ShouldContain(p => p.Contains("file:///tmp/x.md") && p.Contains("outside the repository"));
        problems.ShouldContain(p => p.Contains("b.md#nope") && p.Contains("no heading"));
        problems.ShouldContain(p => p.Contains("#nope") && !p.Contains("b.md"));
        problems.ShouldContain(p => p.Contains("../outside.md"));
    }

    /// <summary>README.md and every Markdown file under docs/.</summary>
    private static List<string> Documents(string root) =>
        [Path.Combine(root, "README.md"), .. Directory.EnumerateFiles(Path.Combine(root, "docs"), "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];

    /// <summary>What is wrong with the links of one Markdown file, one line each ("file:line: target: why").</summary>
    internal static List<string> Problems(string root, string file)
    {
        root = Path.GetFullPath(root);
        var problems = new List<string>();
        foreach (var (line, target) in Links(File.ReadAllLines(file)))
        {
            var why = Check(root, file, target);
            if (why is not null) problems.Add($"{Path.GetRelativePath(root, file)}:{line}: {target}: {why}");
        }
        return problems;
    }

    private static string? Check(string root, string file, string target)
    {
        if (WebLink().IsMatch(target)) return null;
        if (Scheme().IsMatch(target)) return "a link outside the repository (only relative links and web addresses)";
        if (target.StartsWith('/') || target.StartsWith('\\') || DrivePath().IsMatch(target))
            return "an absolute path; link relative to the file, inside the repository";
        var hash = target.IndexOf('#', StringComparison.Ordinal);
        var path = Uri.UnescapeDataString(hash < 0 ? target : target[..hash]);
        var fragment = hash < 0 ? null : Uri.UnescapeDataString(target[(hash + 1)..]);
        var resolved = path.Length == 0 ? file : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, path));
        if (!resolved.StartsWith(root.TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            return "a link outside the repository; a clone does not have it";
        if (!File.Exists(resolved) && !Directory.Exists(resolved)) return "no such file in the repository";
        if (fragment is null || fragment.Length == 0 || !resolved.EndsWith(".md", StringComparison.OrdinalIgnoreCase)) return null;
        return Anchors(File.ReadAllLines(resolved)).Contains(fragment)
            ? null
            : $"no heading of {Path.GetRelativePath(root, resolved)} has the anchor #{fragment}";
    }

    /// <summary>Link targets outside fenced code and code spans: inline links, images, reference definitions and HTML href/src.</summary>
    private static IEnumerable<(int Line, string Target)> Links(string[] lines)
    {
        foreach (var (number, text) in Prose(lines))
        {
            var plain = CodeSpan().Replace(text, "");
            foreach (Match m in InlineLink().Matches(plain)) yield return (number, m.Groups["target"].Value);
            foreach (Match m in ReferenceDefinition().Matches(plain)) yield return (number, m.Groups["target"].Value);
            foreach (Match m in HtmlLink().Matches(plain)) yield return (number, m.Groups["target"].Value);
        }
    }

    /// <summary>The lines outside fenced code blocks, numbered from 1.</summary>
    private static IEnumerable<(int Line, string Text)> Prose(string[] lines)
    {
        string? fence = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var trimmed = lines[i].TrimStart();
            if (fence is null && (trimmed.StartsWith("```", StringComparison.Ordinal) || trimmed.StartsWith("~~~", StringComparison.Ordinal)))
            {
                fence = trimmed[..3];
                continue;
            }
            if (fence is not null)
            {
                if (trimmed.StartsWith(fence, StringComparison.Ordinal)) fence = null;
                continue;
            }
            yield return (i + 1, lines[i]);
        }
    }

    /// <summary>The anchors GitHub gives a file's headings: lower case, punctuation dropped, spaces to '-', repeats numbered -1, -2 ….</summary>
    internal static HashSet<string> Anchors(string[] lines)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var (_, text) in Prose(lines))
        {
            var heading = Heading().Match(text);
            if (!heading.Success) continue;
            var slug = Slug(heading.Groups["text"].Value);
            var n = seen.GetValueOrDefault(slug);
            seen[slug] = n + 1;
            anchors.Add(n == 0 ? slug : $"{slug}-{n}");
        }
        return anchors;
    }

    private static string Slug(string heading)
    {
        var text = InlineLink().Replace(heading, m => m.Groups["text"].Value).Replace("`", "", StringComparison.Ordinal).ToLowerInvariant();
        var slug = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormC))
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ') slug.Append('-');
            else if (c is '-' or '_' || char.IsLetterOrDigit(c) || category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
                slug.Append(c);
        }
        return slug.ToString();
    }

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.*?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"(`+).*?\1")]
    private static partial Regex CodeSpan();

    [GeneratedRegex(@"!?\[(?<text>(?:[^\[\]]|\[[^\]]*\])*)\]\(\s*<?(?<target>[^)\s>]+)>?(?:\s+""[^""]*"")?\s*\)")]
    private static partial Regex InlineLink();

    [GeneratedRegex(@"^ {0,3}\[[^\]]+\]:\s+<?(?<target>[^\s>]+)>?")]
    private static partial Regex ReferenceDefinition();

    [GeneratedRegex(@"\b(?:href|src)\s*=\s*[""'](?<target>[^""']+)[""']", RegexOptions.IgnoreCase)]
    private static partial Regex HtmlLink();

    [GeneratedRegex(@"^(?:https?://|mailto:)", RegexOptions.IgnoreCase)]
    private static partial Regex WebLink();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.-]*:")]
    private static partial Regex Scheme();

    [GeneratedRegex(@"^[a-zA-Z]:[\\/]")]
    private static partial Regex DrivePath();

    /// <summary>The project's shared design folder, which lives beside the repository and not in it.</summary>
    [GeneratedRegex(@"(?:\.\./)+shared/|(?<![\w/-])shared/(?:DESIGN\.md|contracts/|domain/)")]
    private static partial Regex OutsideMention();
}
