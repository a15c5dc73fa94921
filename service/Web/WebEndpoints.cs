using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Web.Components;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Service.Web;

/// <summary>The workspace's middleware and endpoints: headers, the stylesheet, the pages, sign-out, and antiforgery for a person's API calls.</summary>
public static class WebEndpoints
{
    /// <summary>The workspace's one stylesheet, from service/wwwroot (<see cref="Serve.WebAssets"/>).</summary>
    public const string Stylesheet = "/css/site.css";

    /// <summary>After authentication and authorisation.</summary>
    public static WebApplication UseWebChecks(this WebApplication app)
    {
        app.UseRateLimiter();
        app.UseAntiforgery();
        app.Use(PersonsApiCallsCarryTheToken);
        return app;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.MapRazorComponents<App>();
        app.MapPriorityExports();
        app.MapPost(WebAccess.SignOutPath, async (HttpContext http, IAntiforgery antiforgery) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http)) return WebPages.BadForm(http);
                await http.SignOutAsync(WebAccess.Scheme);
                return Results.Redirect(WebAccess.SignInPath);
            })
            .AllowAnonymous()
            .ExcludeFromDescription();
        app.MapDataPages();
        app.MapJobRuns();
        return app;
    }

    /// <summary>
    /// A browser sends the cookie by itself; a key has to be sent on purpose. So a signed-in person's
    /// POST to /api must also carry the antiforgery token in <see cref="WebAccess.AntiforgeryHeader"/>
    /// (the pages give it in &lt;meta name="disu-antiforgery"&gt;); the header alone is read, never a form body.
    /// </summary>
    private static async Task PersonsApiCallsCarryTheToken(HttpContext http, RequestDelegate next)
    {
        var method = http.Request.Method;
        if (WebAccess.IsApi(http.Request) && !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            && http.User.Identity is { IsAuthenticated: true, AuthenticationType: WebAccess.Scheme })
        {
            var antiforgery = http.RequestServices.GetRequiredService<IAntiforgery>();
            if (!http.Request.Headers.ContainsKey(WebAccess.AntiforgeryHeader) || !await antiforgery.IsRequestValidAsync(http))
            {
                await ApiResults.Problem(StatusCodes.Status403Forbidden, new Message("Thiếu mã chống giả mạo", "Antiforgery token missing"), Message.Of(
                        $"Yêu cầu gửi bằng phiên đăng nhập phải kèm mã chống giả mạo trong tiêu đề {WebAccess.AntiforgeryHeader} (lấy từ thẻ meta 'disu-antiforgery' của trang).",
                        $"A request made with a sign-in session must carry the antiforgery token in the {WebAccess.AntiforgeryHeader} header (from the page's 'disu-antiforgery' meta tag)."))
                    .ExecuteAsync(http);
                return;
            }
        }
        await next(http);
    }
}
