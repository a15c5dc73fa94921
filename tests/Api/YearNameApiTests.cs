using System.Net;
using System.Text.Json;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// The API says which year it means: <c>review_year</c> where a loaded round is asked for (groups,
/// the trend's last year), <c>plan_year</c> where a plan year is (priority, forecast, plan,
/// appendix, briefing). The older <c>year</c> still works and means the same; both at once must agree.
/// </summary>
public sealed class YearNameApiTests(ForecastServiceFixture fixture) : IClassFixture<ForecastServiceFixture>
{
    [Theory]
    [InlineData("/api/groups?ward=DISU&review_year=2024", "/api/groups?ward=DISU&year=2024")]
    [InlineData("/api/priority?ward=DISU&plan_year=2025", "/api/priority?ward=DISU&year=2025")]
    [InlineData("/api/forecast?ward=DISU&plan_year=2025", "/api/forecast?ward=DISU&year=2025")]
    [InlineData("/api/groups?ward=DISU&review_year=2024&year=2024", "/api/groups?ward=DISU&year=2024")]
    public async Task Should_answer_the_named_year_as_the_older_year_parameter(string named, string older)
    {
        using var client = fixture.Service.Client("leader");
        var a = await client.GetAsync(named);
        var b = await client.GetAsync(older);
        a.StatusCode.ShouldBe(HttpStatusCode.OK, await a.Content.ReadAsStringAsync());
        (await a.Content.ReadAsStringAsync()).ShouldBe(await b.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/api/groups?ward=DISU&review_year=2024&year=2023", "'review_year' and 'year' give two different years")]
    [InlineData("/api/reports/trend?ward=DISU&plan_year=2024", "use review_year=")]
    [InlineData("/api/reports/appendix?ward=DISU&review_year=2024", "use plan_year=")]
    [InlineData("/api/priority?ward=DISU&plan_year=abc", "'plan_year' must be a year")]
    public async Task Should_refuse_a_year_named_for_the_other_kind_or_two_years_that_disagree(string path, string detail)
    {
        using var client = fixture.Service.Client("leader");
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.DetailEn()).ShouldContain(detail);
    }

    [Fact]
    public async Task Should_name_the_kind_of_year_of_each_endpoint_in_the_openapi_document()
    {
        using var client = fixture.Service.Client();
        using var body = JsonDocument.Parse(await client.GetStringAsync("/openapi.json"));
        string[] Names(string path) => body.RootElement.GetProperty("paths").GetProperty(path).GetProperty("get").GetProperty("parameters")
            .EnumerateArray().Select(p => p.GetProperty("name").GetString()!).ToArray();
        Names("/api/groups").ShouldContain("review_year");
        Names("/api/priority").ShouldContain("plan_year");
        Names("/api/forecast").ShouldContain("plan_year");
        Names("/api/plan").ShouldContain("plan_year");
        Names("/api/reports/{kind}").ShouldContain("plan_year");
        Names("/api/reports/{kind}").ShouldContain("review_year");
    }
}
