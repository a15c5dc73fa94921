namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Private folders for what holds household data outside the mart for a while — ward sandboxes,
/// the query workers' spill files — under <c>TEMP/disu-sandbox/</c>, in one folder per process
/// (<c>p{pid}-{guid}</c>) that only this user can read. The process holds an exclusive lock on that
/// folder's <c>.owner</c> file for as long as it runs; the lock dies with the process, however it
/// ends, so a later process can tell an abandoned folder from a live one and remove it
/// (<see cref="SweepAbandoned"/>) — a service killed with SIGKILL or by a power cut leaves nothing
/// behind for long.
/// </summary>
public static class SandboxFolders
{
    private static readonly Lock Sync = new();
    private static string? mine;

    /// <summary>The folder all processes' folders live in.</summary>
    public static string Root => Path.Combine(Path.GetTempPath(), "disu-sandbox");

    /// <summary>A fresh private folder inside this process's own.</summary>
    public static string Create()
    {
        var path = Path.Combine(Own(), Guid.NewGuid().ToString("N"));
        CreatePrivate(path);
        return path;
    }

    /// <summary>Removes a folder made by <see cref="Create"/>; a file still open keeps it until the process's folder is swept.</summary>
    public static void Delete(string path)
    {
        try
        {
            Directory.Delete(path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Still open somewhere: the folder goes with its process's folder (SweepAbandoned).
        }
    }

    /// <summary>
    /// Removes the folders of processes that are gone (their <c>.owner</c> lock can be taken), and
    /// folders of the earlier layout (a bare GUID, no owner) untouched for a day. Returns how many went.
    /// </summary>
    public static int SweepAbandoned()
    {
        if (!Directory.Exists(Root)) return 0;
        var removed = 0;
        foreach (var folder in Directory.EnumerateDirectories(Root))
        {
            if (folder == mine) continue;
            var lockFile = Path.Combine(folder, ".owner");
            bool abandoned;
            if (File.Exists(lockFile))
            {
                try
                {
                    // .NET takes an advisory lock (flock) for FileShare.None, as Own() does; it is free only when the owner is gone.
                    using var probe = new FileStream(lockFile, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                    abandoned = true;
                }
                catch (IOException)
                {
                    abandoned = false;
                }
            }
            else
                abandoned = Directory.GetLastWriteTimeUtc(folder) < DateTime.UtcNow.AddDays(-1);
            if (!abandoned) continue;
            Delete(folder);
            if (!Directory.Exists(folder)) removed++;
        }
        return removed;
    }

    private static string Own()
    {
        lock (Sync)
        {
            if (mine is not null) return mine;
            var path = Path.Combine(Root, $"p{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.CreateDirectory(Root);
            CreatePrivate(path);
            var owner = new FileStream(Path.Combine(path, ".owner"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            // A clean exit takes its folder along; any other end leaves it to the next sweep. (The
            // handler also keeps the lock's stream alive for the life of the process.)
            AppDomain.CurrentDomain.ProcessExit += (_, _) =>
            {
                owner.Dispose();
                Delete(path);
            };
            return mine = path;
        }
    }

    private static void CreatePrivate(string path)
    {
        if (OperatingSystem.IsWindows())
            Directory.CreateDirectory(path);
        else
            Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }
}
