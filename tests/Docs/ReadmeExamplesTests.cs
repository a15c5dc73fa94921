using System.Text;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>The README's examples run as written (with the demo folder moved to a temp folder).</summary>
[RunsLong]
public sealed class ReadmeExamplesTests
{
    [Fact]
    public void Should_run_every_readme_example_successfully()
    {
        var readme = File.ReadAllText(MartDocsTests.RepoFile("README.md"));
        var start = readme.IndexOf("<!-- examples:start -->", StringComparison.Ordinal);
        var end = readme.IndexOf("<!-- examples:end -->", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        var commands = readme[start..end].Split('\n').Select(l => l.Trim()).Where(l => l.StartsWith("disu ", StringComparison.Ordinal)).ToList();
        commands.Count.ShouldBeGreaterThanOrEqualTo(5);

        using var folder = new TempFolder();
        var demo = Path.Combine(folder.Path, "demo");
        foreach (var command in commands)
        {
            var args = Split(command)[1..].Select(a => a.StartsWith("demo/", StringComparison.Ordinal) ? Path.Combine(folder.Path, a) : a).ToList();
            // `disu demo` runs once per test run (DemoTests checks what it prints and writes): its folder is copied here.
            var isDemo = args.SequenceEqual(["demo"]);
            var run = isDemo ? DemoRun.Result : CliRun.Of([.. args]);
            run.ExitCode.ShouldBe(0, $"{command}\n{run.Error}");
            if (isDemo) DemoRun.CopyTo(demo);
        }
    }

    /// <summary>Shell-style words: double quotes group, as the README writes them.</summary>
    private static string[] Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var quoted = false;
        foreach (var c in line)
        {
            if (c == '"') quoted = !quoted;
            else if (c == ' ' && !quoted)
            {
                if (word.Length > 0) words.Add(word.ToString());
                word.Clear();
            }
            else word.Append(c);
        }
        if (word.Length > 0) words.Add(word.ToString());
        return [.. words];
    }
}
