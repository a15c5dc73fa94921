using System.Text.Json;
using System.Text.Json.Serialization;
using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The users file (<see cref="Serve.ServeOptions.UsersPath"/>): JSON beside the mart, not in it, so that no
/// SQL an officer writes can read a password hash. Written whole to a temporary file and renamed, so a
/// reader sees the old file or the new one; changes hold a lock file, so that `disu serve user` and the
/// running service (which counts wrong attempts) do not overwrite each other. Readable by its owner only.
/// </summary>
public sealed class UserStore(string path, TimeProvider clock)
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    private readonly Lock cacheLock = new();
    private (DateTime Written, long Length, IReadOnlyList<WebUser> Users)? cache;

    public string Path { get; } = System.IO.Path.GetFullPath(path);

    public TimeProvider Clock => clock;

    private sealed record UsersFile
    {
        public List<WebUser> Users { get; init; } = [];
    }

    /// <summary>Every user, as the file holds them now (read again only when the file changed).</summary>
    public IReadOnlyList<WebUser> All()
    {
        var file = new FileInfo(Path);
        if (!file.Exists) return [];
        lock (cacheLock)
        {
            if (cache is { } c && c.Written == file.LastWriteTimeUtc && c.Length == file.Length) return c.Users;
        }
        var users = Read();
        lock (cacheLock) cache = (file.LastWriteTimeUtc, file.Length, users);
        return users;
    }

    /// <summary>The user with this id (ids are compared without case), or null.</summary>
    public WebUser? Find(string id) => All().FirstOrDefault(u => string.Equals(u.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Reads the file, lets <paramref name="change"/> edit the list, and writes it back, all under the lock.</summary>
    public T Change<T>(Func<List<WebUser>, T> change)
    {
        using var held = Hold();
        var users = Read().ToList();
        var result = change(users);
        Write(users);
        return result;
    }

    private List<WebUser> Read()
    {
        try
        {
            using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<UsersFile>(stream, Json)?.Users ?? [];
        }
        catch (FileNotFoundException)
        {
            return [];
        }
        catch (JsonException e)
        {
            throw new UsageException(Message.Of($"tệp người dùng {Path} hỏng, không đọc được: {e.Message}",
                                                $"the users file {Path} is damaged and cannot be read: {e.Message}"));
        }
    }

    private void Write(List<WebUser> users)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var temporary = Path + ".tmp-" + Guid.NewGuid().ToString("N");
        try
        {
            using (var stream = Create(temporary))
                JsonSerializer.Serialize(stream, new UsersFile { Users = users }, Json);
            File.Move(temporary, Path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    // Owner only: the hashes are slow to guess but still nobody else's business.
    private static FileStream Create(string file) => OperatingSystem.IsWindows()
        ? new FileStream(file, FileMode.CreateNew, FileAccess.Write)
        : new FileStream(file, new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite });

    // The lock file stays: deleting it on release would let two processes lock two different files.
    private FileStream Hold()
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            try
            {
                return new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (waited.Elapsed < TimeSpan.FromSeconds(10))
            {
                Thread.Sleep(20);
            }
        }
    }
}
