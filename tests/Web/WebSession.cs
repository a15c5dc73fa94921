using System.Net;
using System.Text.RegularExpressions;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// A browser's view of the service over HTTP: its own cookie jar, no automatic redirects (the tests
/// read them), and forms posted with the hidden fields the page gave, as a browser would.
/// </summary>
public sealed partial class WebSession : IDisposable
{
    public const string Password = "mật khẩu đủ dài 2025";

    private readonly HttpClientHandler handler;

    public WebSession(TestService service)
    {
        Service = service;
        handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true };
        Client = new HttpClient(handler) { BaseAddress = service.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    public TestService Service { get; }
    public HttpClient Client { get; }
    public CookieContainer Cookies => handler.CookieContainer;

    public bool SignedIn => Cookies.GetCookies(Service.BaseAddress).Any(c => c.Name == WebAccess.CookieName);

    /// <summary>Adds a user to the service's users file (the running service reads it at the next request).</summary>
    public static WebUser AddUser(TestService service, string id, Role role, string? ward = null, string password = Password) =>
        UserAccounts.Add(service.Services.GetRequiredService<UserStore>(), id, "Nguyễn Thị " + id, role, ward, password);

    /// <summary>Opens the sign-in page and submits it; the answer is not followed.</summary>
    public async Task<HttpResponseMessage> SignIn(string id, string password = Password, string path = WebAccess.SignInPath)
    {
        var fields = await FormFields(path);
        fields["Form.Id"] = id;
        fields["Form.Password"] = password;
        return await Client.PostAsync(path, new FormUrlEncodedContent(fields));
    }

    /// <summary>Signs in and checks that it worked.</summary>
    public async Task<WebSession> SignedInAs(string id)
    {
        using var response = await SignIn(id);
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        return this;
    }

    /// <summary>The hidden fields of the first form on the page (antiforgery token, form name, return address).</summary>
    public async Task<Dictionary<string, string>> FormFields(string path)
    {
        var html = await Client.GetStringAsync(path);
        return HiddenInput().Matches(html).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    /// <summary>The token the pages give to scripts for their own POSTs to /api.</summary>
    public async Task<string> ApiToken()
    {
        var html = await Client.GetStringAsync("/");
        var token = WebUtility.HtmlDecode(MetaToken().Match(html).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        return token;
    }

    public void Dispose()
    {
        Client.Dispose();
        handler.Dispose();
    }

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInput();

    [GeneratedRegex("<meta name=\"disu-antiforgery\" content=\"([^\"]+)\"")]
    private static partial Regex MetaToken();
}
