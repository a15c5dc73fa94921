using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Web.Components;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DiSu.Analytics.Service.Web;

/// <summary>Refusals a person reads as a page, in Vietnamese: the section their role may not open, too many sign-in attempts, a stale form.</summary>
public static class WebPages
{
    /// <summary>403 naming the role the section needs; the link to it was not shown, and typing its address does not open it either.</summary>
    public static Task Forbidden(HttpContext http)
    {
        var section = http.GetEndpoint()?.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => WebSections.ByPolicy(a.Policy)).OfType<WebSection>().FirstOrDefault();
        var caller = Caller.From(http.User);
        var text = section is null
            ? "Vai trò của bạn không được mở trang này."
            : $"Mục {section.Title} dành cho {WebSections.RoleName(section.Role)} trở lên; bạn đang đăng nhập với vai trò {WebSections.RoleName(caller.Role)}.";
        return Page(http, StatusCodes.Status403Forbidden, "Không được phép", text);
    }

    public static async ValueTask TooManyAttempts(HttpContext http)
    {
        http.Response.Headers.RetryAfter = "60";
        await Page(http, StatusCodes.Status429TooManyRequests, "Quá nhiều lần đăng nhập",
            "Máy này đã thử đăng nhập quá nhiều lần trong một phút. Hãy đợi một phút rồi thử lại.", WebAccess.SignInPath, "Về trang đăng nhập");
    }

    public static IResult BadForm(HttpContext http) => Result(StatusCodes.Status400BadRequest, "Biểu mẫu không hợp lệ",
        "Biểu mẫu đã hết hạn hoặc không gửi từ trang của hệ thống. Hãy tải lại trang rồi thử lại.", "/", "Về trang Tổng quan");

    private static Task Page(HttpContext http, int status, string heading, string text, string back = "/", string backText = "Về trang Tổng quan") =>
        Result(status, heading, text, back, backText).ExecuteAsync(http);

    private static RazorComponentResult<StatusPage> Result(int status, string heading, string text, string back, string backText) =>
        new(new Dictionary<string, object?>
        {
            [nameof(StatusPage.Code)] = status, [nameof(StatusPage.Heading)] = heading, [nameof(StatusPage.Text)] = text,
            [nameof(StatusPage.Back)] = back, [nameof(StatusPage.BackText)] = backText,
        })
        { StatusCode = status };
}
