namespace DiSu.Analytics.Service.Shell;

/// <summary>
/// Lines typed in the shell, in memory and (interactive only) in a history file:
/// $XDG_STATE_HOME/disu/history when that is set, else ~/.disu_history.
/// A history file that cannot be read or written never stops the shell.
/// </summary>
public sealed class ShellHistory
{
    private const int Keep = 1000;
    private readonly List<string> lines = [];
    private readonly string? file;

    public ShellHistory(string? file)
    {
        this.file = file;
        if (file is null) return;
        try
        {
            if (File.Exists(file)) lines.AddRange(File.ReadLines(file).Where(l => l.Length > 0).TakeLast(Keep));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No history this time; the shell still works.
        }
    }

    public IReadOnlyList<string> Lines => lines;

    public static string DefaultFile()
    {
        var state = Environment.GetEnvironmentVariable("XDG_STATE_HOME");
        return string.IsNullOrWhiteSpace(state)
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".disu_history")
            : Path.Combine(state, "disu", "history");
    }

    public void Add(string line)
    {
        if (string.IsNullOrWhiteSpace(line) || (lines.Count > 0 && lines[^1] == line)) return;
        lines.Add(line);
        if (lines.Count > Keep) lines.RemoveAt(0);
        if (file is null) return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            File.AppendAllText(file, line + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // As above: losing history is better than losing the session.
        }
    }
}
