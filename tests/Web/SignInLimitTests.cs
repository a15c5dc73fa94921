using System.Net;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Web;

public sealed class SignInLimitTests
{
    [Fact]
    public async Task Should_answer_429_in_Vietnamese_once_an_address_has_used_its_attempts_for_the_minute()
    {
        await using var service = await TestService.Start(o => o with { SignInPerMinute = 3 });
        WebSession.AddUser(service, "lan.leader", Role.Leader);
        using var browser = new WebSession(service);
        for (var attempt = 0; attempt < 3; attempt++)
            (await browser.SignIn("ai.do", "đoán mò mật khẩu")).StatusCode.ShouldBe(HttpStatusCode.OK);

        using var limited = await browser.SignIn("lan.leader");
        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(60));
        (await limited.Content.ReadAsStringAsync()).ShouldContain("Quá nhiều lần đăng nhập");
        browser.SignedIn.ShouldBeFalse();
        // Showing the form is not an attempt.
        (await browser.Client.GetAsync("/dang-nhap")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
