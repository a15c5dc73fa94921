using System.Collections.Concurrent;

namespace DiSu.Analytics.Service.Serve;

/// <summary>What the inbox holds now: files ready to load, files still settling, and files that are not input at all.</summary>
public sealed record InboxScan(IReadOnlyList<string> Ready, IReadOnlyList<(string File, DateTimeOffset ReadyAt)> Settling, IReadOnlyList<string> NotInput);

/// <summary>
/// Decides which inbox files may be loaded. A file that is still being copied must not be picked
/// up: it is ready once its size and time, as this scanner saw them, have not changed for
/// <see cref="ServeOptions.QuietSeconds"/> (measured on the service's clock, so a file that keeps
/// an old or future time from its source makes no difference). Uploads through the API are
/// written under a hidden name and renamed when complete, so they are ready at once. Hidden files
/// and *.part / *.tmp / *.partial are someone's copy in progress and are left alone.
/// </summary>
public sealed class InboxScanner(string inbox, TimeSpan quiet, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, (long Size, DateTime Written, DateTimeOffset Since)> seen = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> complete = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> failures = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> uploaders = new(StringComparer.Ordinal);

    public string Inbox { get; } = Path.GetFullPath(inbox);

    public static bool IsInput(string path) =>
        Path.GetExtension(path).ToLowerInvariant() is ".csv" or ".xlsx";

    private static bool IsInProgress(string name) =>
        name.StartsWith('.') || name.StartsWith('~') || name.EndsWith(".part", StringComparison.OrdinalIgnoreCase) ||
        name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".partial", StringComparison.OrdinalIgnoreCase);

    public InboxScan Scan()
    {
        Directory.CreateDirectory(Inbox);
        var now = clock.GetUtcNow();
        var ready = new List<string>();
        var settling = new List<(string, DateTimeOffset)>();
        var notInput = new List<string>();
        var present = new HashSet<string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(Inbox).Order(StringComparer.Ordinal))
        {
            if (IsInProgress(Path.GetFileName(file))) continue;
            var info = new FileInfo(file);
            if (!info.Exists) continue;
            present.Add(file);
            var state = seen.AddOrUpdate(file, _ => (info.Length, info.LastWriteTimeUtc, now),
                (_, before) => before.Size == info.Length && before.Written == info.LastWriteTimeUtc ? before : (info.Length, info.LastWriteTimeUtc, now));
            var readyAt = state.Since + quiet;
            if (complete.ContainsKey(file) || readyAt <= now)
                (IsInput(file) ? ready : notInput).Add(file);
            else
                settling.Add((file, readyAt));
        }
        foreach (var gone in seen.Keys.Where(k => !present.Contains(k)).ToList())
            Forget(gone);
        return new InboxScan(ready, settling, notInput);
    }

    /// <summary>An upload finished writing this file: no need to wait for it to settle. <paramref name="uploadedBy"/> is who sent it (user=ID, key=ID).</summary>
    public void MarkComplete(string path, string? uploadedBy = null)
    {
        var full = Path.GetFullPath(path);
        if (uploadedBy is not null) uploaders[full] = uploadedBy;
        complete[full] = 0;
    }

    /// <summary>
    /// Who uploaded the file, for etl_load.loaded_by; null for a file copied into the folder. Kept in
    /// memory: an upload still in the inbox when the service restarts loads as the inbox's own.
    /// </summary>
    public string? UploadedBy(string path) => uploaders.TryGetValue(Path.GetFullPath(path), out var who) ? who : null;

    /// <summary>Counts a failed load (not a refusal) of the file; returns how many so far.</summary>
    public int Failed(string path) => failures.AddOrUpdate(path, 1, (_, n) => n + 1);

    public void Forget(string path)
    {
        seen.TryRemove(path, out _);
        complete.TryRemove(path, out _);
        failures.TryRemove(path, out _);
        uploaders.TryRemove(path, out _);
    }
}
