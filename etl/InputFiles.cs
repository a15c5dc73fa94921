using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl;

/// <summary>Turns the paths given to a load into an ordered list of files.</summary>
public static class InputFiles
{
    /// <summary>
    /// Folders contribute their .csv/.xlsx files. Snapshots load first; then unit changes (which must
    /// name units the mart knows), support records (which must name loaded households) and targets;
    /// within a kind, by name.
    /// </summary>
    public static IReadOnlyList<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
                files.AddRange(Directory.EnumerateFiles(path)
                    .Where(f => f.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase)));
            else
                files.Add(path);
        }
        return files.Distinct().OrderBy(Rank).ThenBy(f => f, StringComparer.Ordinal).ToList();
    }

    private static int Rank(string file)
    {
        try
        {
            return Staging.ReadHeader(file).Map.Kind switch
            {
                FileKind.Snapshot => 0,
                FileKind.UnitChange => 1,
                FileKind.Support => 2,
                _ => 3,
            };
        }
        catch (Exception e) when (e is FileRefusedException or IOException or InvalidDataException or UnauthorizedAccessException)
        {
            return 4; // refused later, with its reason
        }
    }
}
