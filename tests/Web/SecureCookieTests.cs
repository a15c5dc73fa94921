using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

public sealed class SecureCookieTests
{
    [Fact]
    public async Task Should_mark_the_session_cookie_Secure_when_the_service_is_reached_over_https()
    {
        using var folder = new TempFolder();
        var pfx = folder.File("service.pfx");
        using (var key = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var names = new SubjectAlternativeNameBuilder();
            names.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(names.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "thử"));
        }
        var options = new ServeOptions
        {
            Listen = "https://127.0.0.1:0",
            Inbox = folder.File("inbox"), Archive = folder.File("archive"), Quarantine = folder.File("quarantine"), Outbox = folder.File("outbox"),
            Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null }, RefreshForecasts = false,
        };
        // The certificate as docs/operations.md says: Kestrel's own keys in the one configuration.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kestrel:Certificates:Default:Path"] = pfx, ["Kestrel:Certificates:Default:Password"] = "thử",
        }).Build();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 10, 1, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        await using var app = ServeHost.Build(new ServeSettings(folder.File("mart.duckdb"), options, configuration, clock, "512MB")
        {
            Logging = l => l.ClearProviders(),
        });
        await app.StartAsync();
        UserAccounts.Add(app.Services.GetRequiredService<UserStore>(), "an.toan", "An Toàn", Role.Leader, null, WebSession.Password);

        using var handler = new HttpClientHandler
        {
            CookieContainer = new CookieContainer(), AllowAutoRedirect = false,
            ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator,
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri(app.Urls.First()) };
        client.BaseAddress.Scheme.ShouldBe("https");
        var page = await client.GetStringAsync(WebAccess.SignInPath);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var response = await client.PostAsync(WebAccess.SignInPath, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "dang-nhap", ["__RequestVerificationToken"] = token, ["Form.Id"] = "an.toan", ["Form.Password"] = WebSession.Password,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebAccess.CookieName + "=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("; secure");
        cookie.ShouldContain("; httponly");
        cookie.ShouldContain("; samesite=strict");
        await app.StopAsync();
    }
}
