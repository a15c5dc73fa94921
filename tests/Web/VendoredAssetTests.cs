using System.Security.Cryptography;
using System.Text.RegularExpressions;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The vendored front-end files are what web/vendor.sh took from the npm packages web/vendor.list
/// names: each folder has the package's licence, and VENDORED.md records every file by size and
/// sha256 (a file edited by hand, or a list changed without running the script, fails here).
/// </summary>
public sealed partial class VendoredAssetTests
{
    private static string Vendor => Path.Combine(Repository.Root, "service", "wwwroot", "vendor");

    public static TheoryData<string, string, string> Listed()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(Repository.Root, "web", "vendor.list")))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length == 0 || fields[0].StartsWith('#')) continue;
            data.Add(fields[0], fields[1], fields[2]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Listed))]
    public void Each_listed_package_is_vendored_at_its_version_with_its_licence_and_files_as_recorded(string package, string version, string folder)
    {
        var dir = Path.Combine(Vendor, folder);
        File.Exists(Path.Combine(dir, "LICENSE")).ShouldBeTrue($"{folder} has no LICENSE");
        var record = File.ReadAllText(Path.Combine(dir, "VENDORED.md"));
        record.ShouldStartWith($"# {package} {version}\n");
        record.ShouldMatch(@"\| integrity \| `sha512-[A-Za-z0-9+/=]+` \|");

        var recorded = FileRow().Matches(record).ToDictionary(m => m.Groups["name"].Value, m => (Bytes: long.Parse(m.Groups["bytes"].Value, System.Globalization.CultureInfo.InvariantCulture), Sha256: m.Groups["sha"].Value));
        recorded.ShouldNotBeEmpty();
        var present = Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f)).Where(n => n is not ("LICENSE" or "VENDORED.md")).Order().ToList();
        present.ShouldBe(recorded.Keys.Order().ToList(), $"{folder}: the files present are those VENDORED.md records");
        foreach (var (name, expected) in recorded)
        {
            var bytes = File.ReadAllBytes(Path.Combine(dir, name));
            (bytes.LongLength, Convert.ToHexStringLower(SHA256.HashData(bytes))).ShouldBe(expected, $"{folder}/{name} is not the file vendored: run web/vendor.sh {package}");
        }
    }

    /// <summary>Folders written by a bundling script rather than web/vendor.sh (web/codemirror/build.sh).</summary>
    private static readonly string[] Bundled = ["codemirror"];

    [Fact]
    public void Every_vendored_folder_is_in_the_list_or_bundled()
    {
        var listed = Listed().Select(row => (string)row[2]).Concat(Bundled).Order().ToList();
        Directory.EnumerateDirectories(Vendor).Select(d => Path.GetFileName(d)).Order().ToList().ShouldBe(listed);
    }

    [Fact]
    public void The_codemirror_bundle_is_the_one_recorded_with_every_bundled_package_at_its_locked_version_and_licence()
    {
        var dir = Path.Combine(Vendor, "codemirror");
        var record = File.ReadAllText(Path.Combine(dir, "VENDORED.md"));
        var bundle = File.ReadAllBytes(Path.Combine(dir, "codemirror.bundle.js"));
        record.ShouldContain($"| `codemirror.bundle.js` | {bundle.LongLength} | `{Convert.ToHexStringLower(SHA256.HashData(bundle))}` |",
            customMessage: "the bundle is not the one built: run web/codemirror/build.sh");
        Directory.EnumerateFiles(dir).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList().ShouldBe(["VENDORED.md", "codemirror.bundle.js"]);

        using var lockFile = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Repository.Root, "web", "codemirror", "package-lock.json")));
        var locked = lockFile.RootElement.GetProperty("packages");
        var packages = PackageRow().Matches(record).ToList();
        packages.Select(m => m.Groups["package"].Value).ShouldContain("@codemirror/view");
        packages.Select(m => m.Groups["package"].Value).ShouldContain("@codemirror/lang-sql");
        foreach (var row in packages)
        {
            var package = row.Groups["package"].Value;
            var entry = locked.GetProperty("node_modules/" + package);
            (row.Groups["version"].Value, row.Groups["integrity"].Value).ShouldBe(
                (entry.GetProperty("version").GetString(), entry.GetProperty("integrity").GetString()), $"{package} is not the locked one: run web/codemirror/build.sh");
            File.ReadAllText(Path.Combine(dir, row.Groups["text"].Value)).ShouldContain("Permission is hereby granted", customMessage: $"{package}'s licence text");
        }
        Directory.EnumerateFiles(Path.Combine(dir, "licences")).Count().ShouldBe(packages.Count, "one licence text per bundled package, no other");
    }

    [GeneratedRegex(@"^\| `(?<package>[^`]+)` \| (?<version>[0-9][^ ]*) \| MIT \| `(?<text>licences/[^`]+)` \| `(?<integrity>sha512-[^`]+)` \|$", RegexOptions.Multiline)]
    private static partial Regex PackageRow();

    [GeneratedRegex(@"^\| `(?<name>[^`]+)` \| `[^`]+` \| (?<bytes>\d+) \| `(?<sha>[0-9a-f]{64})` \|$", RegexOptions.Multiline)]
    private static partial Regex FileRow();
}
