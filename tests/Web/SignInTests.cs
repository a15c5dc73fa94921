using System.Net;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

/// <summary>One service for the class, with no practical limit on attempts per address (the limit has its own test).</summary>
public sealed class SignInServiceFixture : ServiceFixture
{
    public override async Task InitializeAsync() => Service = await TestService.Start(o => o with { SignInPerMinute = 1000 });
}

public sealed class SignInTests(SignInServiceFixture fixture) : IClassFixture<SignInServiceFixture>
{
    private const string Refusal = "Tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đang tạm khóa.";

    private TestService Service => fixture.Service;

    private FakeTimeProvider Clock => (FakeTimeProvider)Service.Services.GetRequiredService<TimeProvider>();

    [Fact]
    public async Task Should_send_a_person_who_is_not_signed_in_to_the_Vietnamese_sign_in_page()
    {
        using var browser = new WebSession(Service);
        using var home = await browser.Client.GetAsync("/");
        home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        home.Headers.Location!.PathAndQuery.ShouldBe("/dang-nhap?ReturnUrl=%2F");

        using var page = await browser.Client.GetAsync("/dang-nhap");
        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await page.Content.ReadAsStringAsync();
        html.ShouldContain("<html lang=\"vi\">");
        html.ShouldContain("<h1>Đăng nhập</h1>");
        html.ShouldContain("name=\"__RequestVerificationToken\"");
        html.ShouldNotContain("<script", Case.Insensitive);
        html.ShouldNotContain(" style=", Case.Insensitive);
    }

    [Fact]
    public async Task Should_sign_in_with_the_right_password_into_an_HttpOnly_SameSite_Strict_session_cookie_and_return_where_asked()
    {
        WebSession.AddUser(Service, "lan.planner", Role.Planner, TestService.WardA);
        using var browser = new WebSession(Service);
        using var response = await browser.SignIn("LAN.Planner", path: "/dang-nhap?ReturnUrl=%2Fuu-tien");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldEndWith("/uu-tien");
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(WebAccess.CookieName + "=", StringComparison.Ordinal)).ToLowerInvariant();
        cookie.ShouldContain("; httponly");
        cookie.ShouldContain("; samesite=strict");
        cookie.ShouldContain("; path=/");
        cookie.ShouldNotContain("secure", customMessage: "plain http: a Secure cookie would never come back");
        cookie.ShouldNotContain("expires", customMessage: "a session cookie: closing the browser ends it");

        using var page = await browser.Client.GetAsync("/uu-tien");
        var html = await page.Content.ReadAsStringAsync();
        page.StatusCode.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("Nguyễn Thị lan.planner");
        html.ShouldContain("<span class=\"ward\">Phường Dị Sử</span>", customMessage: "the ward as the mart names it");
        html.ShouldContain("<h1>Tổ dân phố ưu tiên</h1>");
    }

    [Fact]
    public async Task Should_answer_a_wrong_password_and_an_unknown_user_with_the_same_words_and_no_cookie()
    {
        WebSession.AddUser(Service, "minh.leader", Role.Leader);
        using var browser = new WebSession(Service);
        string[] answers = new string[2];
        var i = 0;
        foreach (var (id, password) in new[] { ("minh.leader", "sai mật khẩu rồi đấy"), ("khong.co.ai", WebSession.Password) })
        {
            using var response = await browser.SignIn(id, password);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            var html = await response.Content.ReadAsStringAsync();
            html.ShouldContain(Refusal);
            html.ShouldNotContain(password);
            answers[i++] = html[html.IndexOf("<main", StringComparison.Ordinal)..html.IndexOf("<form", StringComparison.Ordinal)];
            browser.SignedIn.ShouldBeFalse();
        }
        answers[0].ShouldBe(answers[1]);

        var audit = Service.Logs.Lines.Where(l => l.Contains(Audit.Category + ": POST /dang-nhap ", StringComparison.Ordinal)).ToList();
        audit.ShouldContain(l => l.Contains("user=minh.leader ", StringComparison.Ordinal) && l.Contains("outcome=wrong_password from=127.0.0.1", StringComparison.Ordinal));
        audit.ShouldContain(l => l.Contains("user=? ", StringComparison.Ordinal) && l.Contains("outcome=unknown_user", StringComparison.Ordinal));
        Service.Logs.Lines.ShouldNotContain(l => l.Contains("khong.co.ai", StringComparison.Ordinal) || l.Contains("sai mật khẩu", StringComparison.Ordinal),
            "an id nobody has may be a password typed into the wrong field");
    }

    [Fact]
    public async Task Should_lock_a_user_out_after_five_wrong_passwords_until_fifteen_minutes_have_passed()
    {
        WebSession.AddUser(Service, "hoa.officer", Role.Officer);
        using var browser = new WebSession(Service);
        for (var attempt = 0; attempt < 4; attempt++)
            (await browser.SignIn("hoa.officer", "không phải mật khẩu")).Dispose();
        // Four wrong: the right one still opens.
        (await browser.SignIn("hoa.officer")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.Cookies.GetCookies(Service.BaseAddress)[WebAccess.CookieName]!.Expired = true;

        for (var attempt = 0; attempt < 5; attempt++)
            (await browser.SignIn("hoa.officer", "không phải mật khẩu")).Dispose();
        using (var locked = await browser.SignIn("hoa.officer"))
        {
            locked.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await locked.Content.ReadAsStringAsync()).ShouldContain(Refusal);
        }
        Service.Services.GetRequiredService<UserStore>().Find("hoa.officer")!.LockedUntil.ShouldNotBeNull();
        Service.Logs.Lines.ShouldContain(l => l.Contains("POST /dang-nhap user=hoa.officer ", StringComparison.Ordinal) && l.Contains("outcome=wrong_password_locked_out", StringComparison.Ordinal));
        Service.Logs.Lines.ShouldContain(l => l.Contains("POST /dang-nhap user=hoa.officer ", StringComparison.Ordinal) && l.Contains("outcome=locked ", StringComparison.Ordinal));

        Clock.Advance(TimeSpan.FromMinutes(14));
        (await browser.SignIn("hoa.officer")).StatusCode.ShouldBe(HttpStatusCode.OK);
        Clock.Advance(TimeSpan.FromMinutes(1.5));
        (await browser.SignIn("hoa.officer")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        browser.SignedIn.ShouldBeTrue();
    }

    [Fact]
    public async Task Should_refuse_a_disabled_user_and_end_the_session_they_had_open()
    {
        WebSession.AddUser(Service, "tuan.leader", Role.Leader);
        using var browser = await new WebSession(Service).SignedInAs("tuan.leader");
        (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);

        UserAccounts.Disable(Service.Services.GetRequiredService<UserStore>(), "tuan.leader");

        using (var home = await browser.Client.GetAsync("/"))
        {
            home.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            home.Headers.Location!.AbsolutePath.ShouldBe("/dang-nhap");
        }
        using var again = await browser.SignIn("tuan.leader");
        again.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await again.Content.ReadAsStringAsync()).ShouldContain(Refusal);
    }

    [Fact]
    public async Task Should_end_open_sessions_when_the_password_changes()
    {
        WebSession.AddUser(Service, "an.planner", Role.Planner);
        using var browser = await new WebSession(Service).SignedInAs("an.planner");
        UserAccounts.SetPassword(Service.Services.GetRequiredService<UserStore>(), "an.planner", "một mật khẩu mới hẳn");
        (await browser.Client.GetAsync("/uu-tien")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await browser.SignIn("an.planner")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.SignIn("an.planner", "một mật khẩu mới hẳn")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Should_refuse_a_sign_in_posted_without_the_antiforgery_token()
    {
        WebSession.AddUser(Service, "binh.admin", Role.Admin);
        using var browser = new WebSession(Service);
        var fields = await browser.FormFields("/dang-nhap");
        fields.Remove("__RequestVerificationToken").ShouldBeTrue();
        fields["Form.Id"] = "binh.admin";
        fields["Form.Password"] = WebSession.Password;
        using var response = await browser.Client.PostAsync("/dang-nhap", new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        browser.SignedIn.ShouldBeFalse();
    }

    [Fact]
    public async Task Should_sign_out_only_by_a_post_carrying_the_token()
    {
        WebSession.AddUser(Service, "cuc.officer", Role.Officer);
        using var browser = await new WebSession(Service).SignedInAs("cuc.officer");

        using (var forged = await browser.Client.PostAsync("/dang-xuat", new FormUrlEncodedContent([])))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await forged.Content.ReadAsStringAsync()).ShouldContain("Biểu mẫu không hợp lệ");
        }
        (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await browser.Client.GetAsync("/dang-xuat")).StatusCode.ShouldBe(HttpStatusCode.MethodNotAllowed);

        var fields = await browser.FormFields("/");
        using (var signOut = await browser.Client.PostAsync("/dang-xuat", new FormUrlEncodedContent(fields)))
        {
            signOut.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            signOut.Headers.Location!.OriginalString.ShouldBe("/dang-nhap");
        }
        browser.SignedIn.ShouldBeFalse();
        (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Theory]
    [InlineData("//evil.example/x")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    public async Task Should_not_follow_a_return_address_off_the_site(string returnUrl)
    {
        var id = "r" + Math.Abs(returnUrl.GetHashCode(StringComparison.Ordinal));
        WebSession.AddUser(Service, id, Role.Leader);
        using var browser = new WebSession(Service);
        using var response = await browser.SignIn(id, path: "/dang-nhap?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        new Uri(Service.BaseAddress, response.Headers.Location!).ShouldBe(new Uri(Service.BaseAddress, "/"));
    }

    [Fact]
    public async Task Should_keep_a_session_alive_while_used_and_end_it_after_the_idle_time()
    {
        WebSession.AddUser(Service, "dung.leader", Role.Leader);
        using var browser = await new WebSession(Service).SignedInAs("dung.leader");
        // Used every 5 hours: each request past half the idle time renews the cookie.
        for (var i = 0; i < 3; i++)
        {
            Clock.Advance(TimeSpan.FromHours(5));
            (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        Clock.Advance(TimeSpan.FromMinutes(Service.Options.SignInIdleMinutes + 1));
        (await browser.Client.GetAsync("/")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
