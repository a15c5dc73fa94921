namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// `disu demo` run once per test run (it generates, loads, trains and writes every document, the
/// longest single command there is), for the tests that check its output and those that go on from
/// its folder; each takes a copy of the folder, so that none sees another's writes.
/// </summary>
public static class DemoRun
{
    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Shared = new();

    private static readonly Lazy<CliRun> Run = new(() => CliRun.Of("demo", "--out", Folder));

    private static string Folder => Path.Combine(Shared.Path, "demo");

    /// <summary>What `disu demo --out FOLDER` returned and printed.</summary>
    public static CliRun Result => Run.Value;

    /// <summary>Copies what the demo wrote (inbox/, disu.duckdb with its models, reports/) into <paramref name="target"/>.</summary>
    public static void CopyTo(string target)
    {
        _ = Run.Value;
        foreach (var directory in Directory.EnumerateDirectories(Folder, "*", SearchOption.AllDirectories).Prepend(Folder))
        {
            var into = Path.Combine(target, Path.GetRelativePath(Folder, directory));
            Directory.CreateDirectory(into);
            foreach (var file in Directory.EnumerateFiles(directory))
                File.Copy(file, Path.Combine(into, Path.GetFileName(file)), overwrite: true);
        }
    }
}
