using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Web;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The workbench (/truy-van) without a browser, over the two-ward mart (DISU, NHAN): its plain form
/// and the API its script calls run on the one locked-down path, a ward's officer reads only the
/// ward's rows whichever way the SQL comes, and what the page lists is what the person may query.
/// </summary>
public sealed partial class WorkbenchAccessTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    private const string WardsSql = "SELECT DISTINCT ward_code FROM fact_household_year ORDER BY ward_code";

    [Theory]
    [InlineData("leader")]
    [InlineData("planner")]
    public async Task Should_refuse_the_workbench_and_its_form_to_leaders_and_planners(string role)
    {
        var session = fixture.Sessions[role];
        using (var page = await session.Client.GetAsync(WebSections.Workbench.Path))
            page.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        // Posting the form without the page: refused before any SQL runs, by the role (403), whatever the token.
        using var posted = await session.Client.PostAsync(WebSections.Workbench.Path,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "sql", ["Sql"] = WardsSql }));
        ((int)posted.StatusCode).ShouldBeOneOf(400, 403);
        (await posted.Content.ReadAsStringAsync()).ShouldNotContain("NHAN");
    }

    [Fact]
    public async Task Should_run_a_ward_officers_form_SQL_on_the_wards_sandbox_only()
    {
        var html = await RunForm(fixture.Sessions["officer@DISU"], WardsSql);
        Cells(html).ShouldBe(["DISU"], "the ward's sandbox holds no row of NHAN");
        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": POST /truy-van user=web.officer.disu ", StringComparison.Ordinal)
            && l.Contains("outcome=ok", StringComparison.Ordinal), "the form's statement is audited with the person, as the API's are");

        var direct = await RunForm(fixture.Sessions["officer@DISU"], "SELECT count(*) AS n FROM v_household_year WHERE ward_code = 'NHAN'");
        Cells(direct).ShouldBe(["0"]);

        var all = await RunForm(fixture.Sessions["officer"], WardsSql);
        Cells(all).ShouldBe(["DISU", "NHAN"], "an officer of every ward reads the mart");
    }

    [Fact]
    public async Task Should_refuse_in_Vietnamese_on_the_form_what_the_API_refuses()
    {
        var session = fixture.Sessions["officer@DISU"];
        var (status, html) = await PostForm(session, "COPY fact_household_year TO '/tmp/x.csv'");
        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Truy vấn bị từ chối");
        html.ShouldContain("role=\"alert\"");

        (status, html) = await PostForm(session, "SELECT * FROM read_csv('/etc/passwd')");
        status.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Truy vấn bị từ chối");
    }

    [Fact]
    public async Task Should_refuse_the_form_without_the_pages_antiforgery_token()
    {
        using var posted = await fixture.Sessions["officer"].Client.PostAsync(WebSections.Workbench.Path,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "sql", ["Sql"] = WardsSql }));
        posted.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await posted.Content.ReadAsStringAsync()).ShouldNotContain("<td>NHAN</td>");
    }

    [Fact]
    public async Task Should_run_a_saved_query_with_its_parameters_bound_and_refuse_a_wrong_value_with_its_rule()
    {
        var session = fixture.Sessions["officer@DISU"];
        var token = await session.ApiToken();
        using var ran = await PostApi(session, token, new { saved = "ward_summary", @params = new Dictionary<string, string> { ["ward"] = "NHAN", ["year"] = "2024" } });
        ran.StatusCode.ShouldBe(HttpStatusCode.OK, await ran.Content.ReadAsStringAsync());
        var answer = await ran.Content.ReadFromJsonAsync<JsonElement>();
        answer.GetProperty("row_count").GetInt32().ShouldBe(0, "the ward's sandbox has no NHAN, whatever the parameter says");

        using var own = await PostApi(session, token, new { saved = "ward_summary", @params = new Dictionary<string, string> { ["ward"] = "DISU", ["year"] = "2024" } });
        (await own.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("row_count").GetInt32().ShouldBe(1);

        using var bad = await PostApi(session, token, new { saved = "ward_summary", @params = new Dictionary<string, string> { ["year"] = "2024; DROP TABLE x" } });
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("detail").GetString().ShouldNotBeNull().ShouldContain("phải là một INTEGER");

        using var unknown = await PostApi(session, token, new { saved = "no_such_query" });
        unknown.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        using var both = await PostApi(session, token, new { sql = WardsSql, saved = "ward_summary" });
        both.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_give_the_same_rows_as_CSV_and_XLSX_through_the_API_for_a_ward_officer()
    {
        var session = fixture.Sessions["officer@DISU"];
        var token = await session.ApiToken();
        using var csv = await PostApi(session, token, new { sql = WardsSql }, "csv");
        csv.StatusCode.ShouldBe(HttpStatusCode.OK);
        csv.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        var text = (await csv.Content.ReadAsStringAsync()).TrimStart('\uFEFF').ReplaceLineEndings("\n");
        text.ShouldBe("ward_code\nDISU\n");

        using var xlsx = await PostApi(session, token, new { sql = "SELECT 2024 AS review_year, 0.25 AS rate, 'x' AS s" }, "xlsx");
        xlsx.StatusCode.ShouldBe(HttpStatusCode.OK);
        xlsx.Content.Headers.ContentType!.MediaType.ShouldBe(ReportEndpoints.XlsxType);
        (await xlsx.Content.ReadAsByteArrayAsync()).Take(2).ShouldBe("PK"u8.ToArray());

        using var wrong = await PostApi(session, token, new { sql = WardsSql }, "pdf");
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_keep_each_persons_recent_queries_to_themselves()
    {
        var mine = fixture.Sessions["officer"];
        var other = fixture.Sessions["officer@DISU"];
        const string Marked = "SELECT 'dấu của cán bộ mọi phường' AS n";
        using (var ran = await PostApi(mine, await mine.ApiToken(), new { sql = Marked })) ran.StatusCode.ShouldBe(HttpStatusCode.OK);

        (await mine.Client.GetStringAsync(QueryEndpoints.HistoryRoute)).ShouldContain("dấu của cán bộ mọi phường");
        (await other.Client.GetStringAsync(QueryEndpoints.HistoryRoute)).ShouldNotContain("dấu của cán bộ mọi phường");
        (await other.Client.GetStringAsync(WebSections.Workbench.Path)).ShouldNotContain("dấu của cán bộ mọi phường");
        WebUtility.HtmlDecode(await mine.Client.GetStringAsync(WebSections.Workbench.Path)).ShouldContain(Marked);
        using var keyed = fixture.Service.Client("officer");
        (await keyed.GetStringAsync(QueryEndpoints.HistoryRoute)).ShouldBe("[]", "an API key keeps no history");
    }

    [Fact]
    public async Task Should_list_for_a_ward_officer_only_the_objects_of_the_wards_sandbox_with_the_marts_comments()
    {
        var ward = await fixture.Sessions["officer@DISU"].Client.GetStringAsync(WebSections.Workbench.Path);
        var all = await fixture.Sessions["officer"].Client.GetStringAsync(WebSections.Workbench.Path);
        Tables(all).ShouldContain("job_run");
        Tables(ward).ShouldNotContain("job_run", "the sandbox leaves the service's job log out");
        Tables(ward).ShouldContain("v_ward_year");
        // Restated into today's units, a successor's rows hold its predecessors' households: left out too.
        Tables(ward).ShouldNotContain("v_ward_year_as_is");
        Tables(ward).Count.ShouldBe(Tables(all).Count - 4);
        // The mart's own Vietnamese comment of a view.
        ward.ShouldContain("Mỗi dòng là một hộ hiện hành × năm rà soát");
    }

    private static async Task<HttpResponseMessage> PostApi(WebSession session, string token, object body, string? format = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryEndpoints.Route + (format is null ? "" : "?format=" + format)) { Content = JsonContent.Create(body) };
        request.Headers.Add(WebAccess.AntiforgeryHeader, token);
        return await session.Client.SendAsync(request);
    }

    private static async Task<string> RunForm(WebSession session, string sql)
    {
        var (status, html) = await PostForm(session, sql);
        status.ShouldBe(HttpStatusCode.OK, html);
        return html;
    }

    /// <summary>Opens the page and posts its SQL form as a browser without script would.</summary>
    private static async Task<(HttpStatusCode Status, string Html)> PostForm(WebSession session, string sql)
    {
        var page = await session.Client.GetStringAsync(WebSections.Workbench.Path);
        var token = WebUtility.HtmlDecode(Token().Match(page).Groups[1].Value);
        token.ShouldNotBeNullOrEmpty();
        using var posted = await session.Client.PostAsync(WebSections.Workbench.Path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["_handler"] = "sql", ["Sql"] = sql,
        }));
        return (posted.StatusCode, await posted.Content.ReadAsStringAsync());
    }

    private static List<string> Cells(string html)
    {
        var table = ResultTable().Match(html);
        table.Success.ShouldBeTrue(html);
        return Cell().Matches(table.Value).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();
    }

    private static List<string> Tables(string html) => DataTable().Matches(html).Select(m => m.Groups[1].Value).ToList();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    [GeneratedRegex("<table class=\"result-table\">.*?</table>", RegexOptions.Singleline)]
    private static partial Regex ResultTable();

    [GeneratedRegex("<td[^>]*>([^<]*)</td>")]
    private static partial Regex Cell();

    [GeneratedRegex("<li data-table=\"([^\"]+)\"")]
    private static partial Regex DataTable();
}
