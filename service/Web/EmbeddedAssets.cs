using System.Reflection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Primitives;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The files of service/wwwroot, embedded in the program (logical name <c>wwwroot/…</c>), for the
/// static file middleware: the stylesheet is there whether the service runs from its build folder,
/// `dotnet run` or a test, and nothing is fetched from elsewhere at run time.
/// </summary>
public sealed class EmbeddedAssets(Assembly assembly) : IFileProvider
{
    private const string Root = "wwwroot/";

    // A single-file program has no assembly path; the time only serves Last-Modified.
    private readonly DateTimeOffset built = assembly.Location.Length > 0 ? File.GetLastWriteTimeUtc(assembly.Location) : DateTimeOffset.UnixEpoch;
    private readonly HashSet<string> names = [.. assembly.GetManifestResourceNames().Where(n => n.StartsWith(Root, StringComparison.Ordinal))];

    public IFileInfo GetFileInfo(string subpath)
    {
        var name = Root + subpath.TrimStart('/');
        return names.Contains(name) ? new Asset(assembly, name, built) : new NotFoundFileInfo(subpath);
    }

    public IDirectoryContents GetDirectoryContents(string subpath) => NotFoundDirectoryContents.Singleton;

    public IChangeToken Watch(string filter) => NullChangeToken.Singleton;

    private sealed class Asset(Assembly assembly, string name, DateTimeOffset built) : IFileInfo
    {
        private readonly long length = Measure(assembly, name);

        public bool Exists => true;
        public long Length => length;
        public string? PhysicalPath => null;
        public string Name => System.IO.Path.GetFileName(name);
        public DateTimeOffset LastModified => built;
        public bool IsDirectory => false;

        public Stream CreateReadStream() => assembly.GetManifestResourceStream(name)!;

        private static long Measure(Assembly assembly, string name)
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            return stream.Length;
        }
    }
}
