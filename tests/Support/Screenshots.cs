using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// Screenshots of the pages into docs/img/ for the README, taken only when DISU_SCREENSHOTS=1:
/// an ordinary test run must not rewrite tracked files.
/// </summary>
public static partial class Screenshots
{
    public const string Variable = "DISU_SCREENSHOTS";

    public static bool Wanted => Environment.GetEnvironmentVariable(Variable) == "1";

    public static string Folder => Path.Combine(Repository.Root, "docs", "img");

    /// <summary>The viewport as shown, into docs/img/<paramref name="name"/>.png when wanted; the path written, or null.</summary>
    public static async Task<string?> Take(IPage page, string name)
    {
        var path = Path.Combine(Folder, ValidName(name) + ".png");
        return Wanted ? await Write(page, path) : null;
    }

    /// <summary>The viewport as shown, into <paramref name="path"/>, whether wanted or not.</summary>
    public static async Task<string> Write(IPage page, string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // Animations off and the caret hidden: a page screenshots the same twice, so a rerun changes no file that did not change.
        await page.ScreenshotAsync(new() { Path = path, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
        return path;
    }

    private static string ValidName(string name) =>
        Name().IsMatch(name) ? name : throw new ArgumentException($"a screenshot name is lower-case words joined by '-': {name}", nameof(name));

    [GeneratedRegex("^[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Name();
}

/// <summary>The repository the tests were built from (found from the test assembly's folder upwards).</summary>
public static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DiSu.Analytics.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found above " + AppContext.BaseDirectory);
    }
}
