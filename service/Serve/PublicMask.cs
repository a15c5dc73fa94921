using System.Text.RegularExpressions;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// Takes out of what the service shows without a key (/health) what only its users may know.
/// Paths: its own files and folders become their role in brackets ("the outbox '[outbox]'
/// cannot be written"), any other absolute path "[path]". Ward codes (the mart's and the keys')
/// become "[ward]": job messages name the wards whose reports failed. An operator with a key
/// reads the messages whole in GET /api/jobs; someone without one learns that something is
/// wrong, and which job.
/// </summary>
public sealed partial class PublicMask
{
    private readonly IReadOnlyList<(string Text, string Label)> known;
    private readonly IReadOnlyList<string> keyWards;

    public PublicMask(string martPath, ServeOptions options)
    {
        var mart = Path.GetFullPath(martPath);
        var pairs = new List<(string, string)>
        {
            (mart, "[mart]"),
            (Path.Combine(Path.GetDirectoryName(mart)!, Path.GetFileNameWithoutExtension(mart) + ".models"), "[models]"),
            (Path.GetTempPath(), "[temp]/"),
        };
        if (IsPath(martPath)) pairs.Add((martPath, "[mart]"));
        foreach (var (folder, label) in new[] { (options.Inbox, "[inbox]"), (options.Archive, "[archive]"), (options.Quarantine, "[quarantine]"), (options.Outbox, "[outbox]") })
        {
            pairs.Add((Path.GetFullPath(folder), label));
            // As configured, e.g. "data/outbox": messages may quote the setting itself.
            if (IsPath(folder)) pairs.Add((folder, label));
        }
        // Longest first: a folder inside another is named by its own role.
        known = pairs.Where(p => p.Item1.Length > 1).DistinctBy(p => p.Item1).OrderByDescending(p => p.Item1.Length).ToList();
        keyWards = options.Keys.Select(k => k.Ward).OfType<string>().ToList();
    }

    /// <param name="wards">The ward codes the mart holds (the keys' wards are added).</param>
    public string? Apply(string? text, IEnumerable<string> wards)
    {
        if (string.IsNullOrEmpty(text)) return text;
        foreach (var (path, label) in known)
            text = text.Replace(path, label, StringComparison.Ordinal);
        text = AbsolutePath().Replace(text, "[path]");
        // Longest first, and only whole codes: "DISU" in "ho_ngheo_DISU_2025.csv" goes, "DISU2" stays for its own turn.
        foreach (var ward in wards.Concat(keyWards).Where(w => w.Trim().Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(w => w.Length))
            text = Regex.Replace(text, $"(?<![\\p{{L}}\\p{{N}}]){Regex.Escape(ward)}(?![\\p{{L}}\\p{{N}}])", "[ward]",
                RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        return text;
    }

    private static bool IsPath(string setting) =>
        setting.Contains('/', StringComparison.Ordinal) || setting.Contains('\\', StringComparison.Ordinal);

    /// <summary>
    /// A Unix path from the root, where a path starts (after a space, a quote, a bracket, '=' or
    /// ':'), so not an API route such as /api/jobs or /health nor the middle of "a/b", "2024/2025"
    /// or "{name}/run"; or a Windows path with a drive letter.
    /// </summary>
    [GeneratedRegex(@"(?<=^|[\s'""`(=:,])/(?!api/|health\b|openapi)[^\s'""`<>|;,()\[\]{}]+|\b[A-Za-z]:\\[^\s'""`<>|;,()\[\]{}]*")]
    private static partial Regex AbsolutePath();
}
