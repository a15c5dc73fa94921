using System.Net;
using System.Text.Json;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The Dữ liệu page's "service at a glance" and the administrators' "run now", over the two-ward mart (its own service: a job runs).</summary>
public sealed class ServiceStatusPageTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Fact]
    public async Task An_officer_sees_the_scheduler_inbox_last_load_and_every_job_but_no_run_button_nor_job_messages()
    {
        var html = await fixture.Sessions["officer@DISU"].Client.GetStringAsync("/du-lieu");
        html.ShouldContain("<h2 id=\"dich-vu\">Tình trạng dịch vụ</h2>");
        html.ShouldContain("Bộ lập lịch</dt>");
        html.ShouldContain("Lần nạp gần nhất</dt>");
        foreach (var job in new[] { "inbox", "briefing", "appendix", "trend" }) html.ShouldContain($"<code>{job}</code>");
        html.ShouldNotContain("Chạy ngay");
        html.ShouldNotContain("action=\"/du-lieu/tac-vu\"");
    }

    [Fact]
    public async Task An_administrator_runs_a_job_from_the_page_and_its_run_is_recorded_in_her_name()
    {
        var admin = fixture.Sessions["admin"];
        var html = await admin.Client.GetStringAsync("/du-lieu");
        html.ShouldContain("Chạy ngay");
        var fields = await Token(admin);
        using var response = await admin.Client.PostAsync("/du-lieu/tac-vu", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = fields["__RequestVerificationToken"], ["job"] = "Briefing ",
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldBe("/du-lieu?tac-vu=briefing");
        (await admin.Client.GetStringAsync("/du-lieu?tac-vu=briefing")).ShouldContain("Đã yêu cầu chạy tác vụ lập báo cáo tóm tắt");

        var recorded = await Poll.Within(async () =>
        {
            using var jobs = JsonDocument.Parse(await admin.Client.GetStringAsync("/api/jobs"));
            return jobs.RootElement.GetProperty("runs").EnumerateArray().Any(r =>
                r.GetProperty("job").GetString() == "briefing" && r.GetProperty("trigger").GetString() == "manual:web.admin" && r.GetProperty("outcome").GetString() != "running");
        }, TimeSpan.FromSeconds(120));
        recorded.ShouldBeTrue("a finished briefing run with the trigger manual:web.admin in job_run");
    }

    [Fact]
    public async Task An_officer_cannot_run_a_job_and_a_form_without_the_token_or_an_unknown_job_runs_nothing()
    {
        var officer = fixture.Sessions["officer"];
        var fields = await Token(officer);
        using var refused = await officer.Client.PostAsync("/du-lieu/tac-vu", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = fields["__RequestVerificationToken"], ["job"] = "inbox",
        }));
        refused.Headers.Location!.OriginalString.ShouldBe("/du-lieu?tac-vu=khong-duoc-phep");
        (await officer.Client.GetStringAsync("/du-lieu?tac-vu=khong-duoc-phep")).ShouldContain("Chỉ quản trị viên được chạy tác vụ.");

        var admin = fixture.Sessions["admin"];
        using var noToken = await admin.Client.PostAsync("/du-lieu/tac-vu", new FormUrlEncodedContent(new Dictionary<string, string> { ["job"] = "inbox" }));
        noToken.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var adminFields = await Token(admin);
        using var unknown = await admin.Client.PostAsync("/du-lieu/tac-vu", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = adminFields["__RequestVerificationToken"], ["job"] = "../../etc/passwd",
        }));
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await unknown.Content.ReadAsStringAsync()).ShouldContain("Không có tác vụ");
    }

    /// <summary>The page's antiforgery token (every form of the page carries the same).</summary>
    private static async Task<Dictionary<string, string>> Token(WebSession session)
    {
        var html = await session.Client.GetStringAsync("/du-lieu");
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        return new() { ["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(token) };
    }
}
