using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>The status code of a page that explains itself (403, 404, 400).</summary>
public static class WebStatus
{
    /// <summary>
    /// Set as the headers go out: a status set during rendering makes Blazor answer with no page at
    /// all, and the page says why itself.
    /// </summary>
    public static void Answer(HttpContext http, int status)
    {
        if (status == StatusCodes.Status200OK) return;
        http.Response.OnStarting(() =>
        {
            http.Response.StatusCode = status;
            return Task.CompletedTask;
        });
    }
}
