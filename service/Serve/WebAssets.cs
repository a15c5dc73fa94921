using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.FileProviders;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// The files under service/wwwroot (vendored scripts with their licences, styles), copied into the
/// build output and served from there: nothing the pages load comes from another host.
/// </summary>
public static class WebAssets
{
    /// <summary>The folder the build copies wwwroot into, beside the disu binary (or the test assembly).</summary>
    public static string Root => Path.Combine(AppContext.BaseDirectory, "wwwroot");

    /// <summary>
    /// Before authentication: the assets are public and the same for everyone. Only files of known
    /// types are served (a LICENSE without an extension stays in the output unserved), with no directory listing.
    /// </summary>
    public static void UseWebAssets(this WebApplication app)
    {
        if (!Directory.Exists(Root))
            // An incomplete install: the API would run, the pages would load without their scripts.
            throw new UsageException($"Thiếu các tệp của giao diện web cạnh chương trình: không có thư mục {Root} (bản build chép service/wwwroot vào đó).",
                $"The web assets are not beside the binary: {Root} is missing (a build copies service/wwwroot there).");
        app.UseStaticFiles(new StaticFileOptions { FileProvider = new PhysicalFileProvider(Root) });
    }
}
