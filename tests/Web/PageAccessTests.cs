using System.Net;
using System.Net.Http.Json;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Web;

/// <summary>One user per role for all wards, and an officer of ward DISU only, each signed in once.</summary>
public sealed class SignedInFixture : ServiceFixture
{
    public Dictionary<string, WebSession> Sessions { get; } = [];

    public override async Task InitializeAsync()
    {
        Service = await TestService.Start(o => o with { SignInPerMinute = 1000 });
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = role.ToString().ToLowerInvariant();
            WebSession.AddUser(Service, "web." + name, role);
            Sessions[name] = await new WebSession(Service).SignedInAs("web." + name);
        }
        WebSession.AddUser(Service, "web.officer.disu", Role.Officer, TestService.WardA);
        Sessions["officer@DISU"] = await new WebSession(Service).SignedInAs("web.officer.disu");
    }

    public override async Task DisposeAsync()
    {
        foreach (var session in Sessions.Values) session.Dispose();
        await base.DisposeAsync();
    }
}

public sealed class PageAccessTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    public static TheoryData<string, string, bool> Matrix()
    {
        var data = new TheoryData<string, string, bool>();
        foreach (var role in Enum.GetValues<Role>())
            foreach (var section in WebSections.All)
                data.Add(role.ToString().ToLowerInvariant(), section.Path, role >= section.Role);
        return data;
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Should_open_a_section_to_the_roles_it_is_for_and_refuse_it_to_the_others_with_a_Vietnamese_403(string role, string path, bool opens)
    {
        using var response = await fixture.Sessions[role].Client.GetAsync(path);
        var html = await response.Content.ReadAsStringAsync();
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        html.ShouldContain("<html lang=\"vi\">");
        if (opens)
        {
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            html.ShouldContain($"<h1>{WebSections.All.Single(s => s.Path == path).Title}</h1>");
        }
        else
        {
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            html.ShouldContain("<h1>Không được phép</h1>");
            html.ShouldContain($"dành cho {WebSections.RoleName(WebSections.All.Single(s => s.Path == path).Role)} trở lên");
        }
    }

    [Fact]
    public async Task Should_show_in_the_navigation_only_the_sections_the_role_may_open()
    {
        var leader = await fixture.Sessions["leader"].Client.GetStringAsync("/");
        var officer = await fixture.Sessions["officer"].Client.GetStringAsync("/");
        foreach (var section in WebSections.All)
        {
            officer.ShouldContain($"<a href=\"{section.Path}\"");
            if (section.Role > Role.Leader) leader.ShouldNotContain($"<a href=\"{section.Path}\"");
            else leader.ShouldContain($"<a href=\"{section.Path}\"");
        }
        leader.ShouldContain("Tất cả phường, xã");
        leader.ShouldContain("Nguyễn Thị web.leader");
        leader.ShouldContain("href=\"#noi-dung\"", customMessage: "a skip link to the content");
        leader.ShouldContain("<main id=\"noi-dung\"");
    }

    [Fact]
    public async Task Should_refuse_the_pages_to_an_API_key_which_is_for_machines()
    {
        using var keyed = fixture.Service.Client("admin");
        using var handler = new HttpClientHandler { AllowAutoRedirect = false };
        using var client = new HttpClient(handler) { BaseAddress = fixture.Service.BaseAddress };
        client.DefaultRequestHeaders.Authorization = keyed.DefaultRequestHeaders.Authorization;
        using var response = await client.GetAsync("/truy-van");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.AbsolutePath.ShouldBe(WebAccess.SignInPath);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/dang-nhap")]
    [InlineData("/api/wards")]
    [InlineData("/health")]
    [InlineData("/css/site.css")]
    public async Task Should_send_the_security_headers_on_every_answer(string path)
    {
        using var response = await fixture.Sessions["officer"].Client.GetAsync(path);
        response.IsSuccessStatusCode.ShouldBeTrue(path);
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        foreach (var directive in new[] { "script-src 'self'", "style-src 'self'", "frame-ancestors 'none'", "base-uri 'none'", "form-action 'self'" })
            csp.ShouldContain(directive);
        csp.ShouldNotContain("unsafe-inline");
        response.Headers.GetValues("X-Content-Type-Options").Single().ShouldBe("nosniff");
        response.Headers.GetValues("Referrer-Policy").Single().ShouldBe("no-referrer");
    }

    [Fact]
    public async Task Should_serve_one_stylesheet_from_the_program_with_print_and_phone_rules()
    {
        using var anonymous = fixture.Service.Client();
        using var response = await anonymous.GetAsync("/css/site.css");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/css");
        var css = await response.Content.ReadAsStringAsync();
        css.ShouldContain("@media print");
        css.ShouldContain("@media (max-width: 640px)");
        css.ShouldContain(":focus-visible");
        (await anonymous.GetAsync("/css/../appsettings.json")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Should_give_a_signed_in_person_the_API_with_their_role_and_ward()
    {
        var ward = fixture.Sessions["officer@DISU"].Client;
        using (var other = await ward.GetAsync($"/api/groups?ward={TestService.WardB}"))
        {
            other.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await other.Content.ReadAsStringAsync()).ShouldNotContain(TestService.WardB);
        }
        using (var lower = await ward.GetAsync($"/api/groups?ward={TestService.WardB.ToLowerInvariant()}"))
            lower.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var own = await ward.GetAsync("/api/groups?year=2024"))
        {
            own.StatusCode.ShouldBe(HttpStatusCode.OK);
            var body = await own.Content.ReadAsStringAsync();
            body.ShouldContain(TestService.WardA);
            body.ShouldNotContain(TestService.WardB);
        }
        using (var all = await fixture.Sessions["officer"].Client.GetAsync($"/api/groups?ward={TestService.WardB}&year=2024"))
            all.StatusCode.ShouldBe(HttpStatusCode.OK);

        // A leader's cookie is a leader: no jobs, no SQL.
        using (var jobs = await fixture.Sessions["leader"].Client.GetAsync("/api/jobs"))
            jobs.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var stranger = new WebSession(fixture.Service);
        using (var signedOut = await stranger.Client.GetAsync("/api/groups?year=2024"))
            signedOut.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_run_a_persons_query_only_with_the_page_token_and_name_the_person_in_the_audit()
    {
        var officer = fixture.Sessions["officer@DISU"];
        const string Sql = "SELECT ward_code, count(*) AS n FROM v_household_year GROUP BY ward_code";

        using (var forged = await officer.Client.PostAsJsonAsync("/api/query", new { sql = Sql }))
        {
            forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden, "a cross-site page can make the browser send the cookie, not the token");
            (await forged.Detail()).ShouldContain("mã chống giả mạo");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/query") { Content = JsonContent.Create(new { sql = Sql }) };
        request.Headers.Add(WebAccess.AntiforgeryHeader, await officer.ApiToken());
        using var response = await officer.Client.SendAsync(request);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var wards = (await response.Json()).Rows().Select(r => r[0].GetString()).ToList();
        wards.ShouldBe([TestService.WardA], "the person's ward sandbox, as for a key of that ward");

        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /api/query user=web.officer.disu ", StringComparison.Ordinal)
            && l.Contains("outcome=ok status=200", StringComparison.Ordinal));
        fixture.Service.Logs.Lines.ShouldNotContain(l => l.Contains(WebSession.Password, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_keep_the_users_file_out_of_reach_of_an_officers_SQL()
    {
        var path = fixture.Service.Options.UsersPath(fixture.Service.MartPath);
        File.Exists(path).ShouldBeTrue();
        if (!OperatingSystem.IsWindows()) File.GetUnixFileMode(path).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        using var officer = fixture.Service.Client("officer");
        foreach (var sql in new[] { $"SELECT * FROM read_text('{path}')", $"SELECT * FROM read_json_auto('{path}')", "SELECT * FROM duckdb_tables()" })
        {
            using var response = await QueryApiTests.Query(officer, sql);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("AQAAAA", customMessage: "no password hash: " + sql);
        }
    }
}
