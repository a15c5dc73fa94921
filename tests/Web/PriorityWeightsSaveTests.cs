using System.Net;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Api;

namespace DiSu.Analytics.Tests.Web;

/// <summary>Saving the weights tried on the page as the mart's priority_weight_* settings: a planner's POST with the page's token, audited with the person.</summary>
public sealed partial class PriorityWeightsSaveTests(PriorityFixture fixture) : IClassFixture<PriorityFixture>
{
    private const string Trial = "/uu-tien?ward=DISU&review_year=2024&priority_weight_m0=40&priority_weight_uncovered=0";

    [Fact]
    public async Task A_planner_of_every_ward_saves_the_weights_tried_and_the_audit_names_the_person_and_the_change()
    {
        var session = fixture.Sessions["ke.hoach"];
        var before = fixture.Read(PriorityWeights.Read);
        before.ShouldBe(new PriorityWeights(30, 25, 15, 20, 10));

        using var response = await session.Client.PostAsync(Trial, new FormUrlEncodedContent(await SaveForm(session)));

        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        response.Headers.Location!.PathAndQuery.ShouldBe("/uu-tien?ward=DISU&review_year=2024&da_luu=1");
        fixture.Read(PriorityWeights.Read).ShouldBe(new PriorityWeights(30, 25, 15, 40, 0));
        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /uu-tien user=ke.hoach ", StringComparison.Ordinal)
            && l.Contains("outcome=saved", StringComparison.Ordinal)
            && l.Contains("priority_weight_m0=20->40,priority_weight_uncovered=10->0", StringComparison.Ordinal));

        var page = await session.Client.GetStringAsync(response.Headers.Location.PathAndQuery);
        page.ShouldContain("Đã lưu trọng số mặc định: tỷ lệ nghèo 30, dự báo 0, tái nghèo 0, M0 40, chưa được hỗ trợ 0");
        using var api = new HttpRequestMessage(HttpMethod.Get, "/api/priority?ward=DISU&plan_year=2025");
        var json = await (await session.Client.SendAsync(api)).Content.ReadAsStringAsync();
        json.ShouldContain("\"weights_vi\":\"tỷ lệ nghèo 30, dự báo 0, tái nghèo 0, M0 40, chưa được hỗ trợ 0\"", customMessage: "the API ranks with the saved weights");

        // Back as they were, for the other tests of this class.
        using var restore = await session.Client.PostAsync("/uu-tien?ward=DISU&review_year=2024&priority_weight_m0=20&priority_weight_uncovered=10",
            new FormUrlEncodedContent(await SaveForm(session, "/uu-tien?ward=DISU&review_year=2024&priority_weight_m0=20&priority_weight_uncovered=10")));
        restore.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        fixture.Read(PriorityWeights.Read).ShouldBe(before);
    }

    [Fact]
    public async Task A_post_without_the_pages_token_changes_nothing()
    {
        var session = fixture.Sessions["ke.hoach"];
        var fields = await SaveForm(session);
        fields.Remove("__RequestVerificationToken");

        using var response = await session.Client.PostAsync(Trial, new FormUrlEncodedContent(fields));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        fixture.Read(PriorityWeights.Read).ShouldBe(new PriorityWeights(30, 25, 15, 20, 10));
    }

    [Fact]
    public async Task A_tampered_weight_in_the_posted_form_is_a_400_and_changes_nothing()
    {
        var session = fixture.Sessions["ke.hoach"];
        var fields = await SaveForm(session);
        fields["Posted.W3"] = "1e309";

        using var response = await session.Client.PostAsync(Trial, new FormUrlEncodedContent(fields));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain("Chưa lưu: Trọng số &#x27;M0 (nghèo đa chiều)&#x27; phải là một số nguyên từ 0 đến 100");
        fixture.Read(PriorityWeights.Read).ShouldBe(new PriorityWeights(30, 25, 15, 20, 10));
    }

    [Fact]
    public async Task A_planner_of_one_ward_cannot_change_the_weights_of_a_mart_that_holds_another()
    {
        var session = fixture.Sessions["ke.hoach.disu"];
        var page = await session.Client.GetStringAsync(Trial);
        page.ShouldNotContain("Lưu làm trọng số mặc định");
        page.ShouldContain("không lưu được khi kho còn phường, xã khác");

        // A form made up from another person's page is refused all the same.
        var fields = await SaveForm(fixture.Sessions["ke.hoach"]);
        fields["__RequestVerificationToken"] = Token(page);
        using var response = await session.Client.PostAsync(Trial, new FormUrlEncodedContent(fields));

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        fixture.Read(PriorityWeights.Read).ShouldBe(new PriorityWeights(30, 25, 15, 20, 10));
        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /uu-tien user=ke.hoach.disu ", StringComparison.Ordinal)
            && l.Contains("outcome=refused status=403", StringComparison.Ordinal));
    }

    /// <summary>The hidden fields of the page's save form.</summary>
    private static async Task<Dictionary<string, string>> SaveForm(WebSession session, string path = Trial)
    {
        var html = await session.Client.GetStringAsync(path);
        var start = html.IndexOf("class=\"save-weights\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, "the page offers to save the weights tried");
        var form = html[start..html.IndexOf("</form>", start, StringComparison.Ordinal)];
        return Hidden().Matches(form).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
    }

    private static string Token(string html) =>
        WebUtility.HtmlDecode(Regex.Match(html, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value);

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex Hidden();
}
