using System.Net;
using System.Text.Json;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// Where a year decides the answer the API requires it and applies the year rule (ReportYears):
/// a plan year (appendix, briefing, priority, forecast) at most the latest review year + 1, a
/// review year (groups, the trend's last year) one whose review is loaded. The two-ward mart holds
/// 2023 and 2024, so plan years 2024–2025 and review years 2023, 2024.
/// </summary>
public sealed class YearRuleApiTests(ForecastServiceFixture fixture) : IClassFixture<ForecastServiceFixture>
{
    [Theory]
    [InlineData("/api/reports/appendix?ward=DISU", "plan", "/api/reports/appendix?ward=DISU&year=2025")]
    [InlineData("/api/reports/briefing?ward=DISU", "plan", "/api/reports/briefing?ward=DISU&year=2025")]
    [InlineData("/api/reports/trend?ward=DISU", "review", "/api/reports/trend?ward=DISU&year=2024")]
    [InlineData("/api/priority?ward=DISU", "plan", "/api/priority?ward=DISU&year=2025")]
    [InlineData("/api/forecast?ward=DISU", "plan", "/api/forecast?ward=DISU&year=2025")]
    [InlineData("/api/forecast", "plan", "/api/forecast?year=2025")]
    [InlineData("/api/groups?ward=DISU", "review", "/api/groups?ward=DISU&year=2024")]
    [InlineData("/api/groups", "review", "/api/groups?year=2024")]
    public async Task Should_answer_400_with_the_rule_when_the_year_is_left_out(string path, string kind, string example)
    {
        using var client = fixture.Service.Client("leader");

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var body = await response.Json();
        var detail = body.Text("detail");
        detail.ShouldStartWith("Thiếu tham số year.");
        detail.ShouldContain(kind == "plan" ? "N tối đa là năm rà soát mới nhất + 1" : "một năm đã nạp số liệu");
        detail.ShouldContain("mới nhất");
        detail.ShouldContain("2024");
        detail.ShouldContain("Ví dụ: " + example);
        body.Text("detail_en").ShouldContain("The 'year' parameter is required.");
        body.Text("year_kind").ShouldBe(kind);
        body.GetProperty("latest_review_year").GetInt32().ShouldBe(2024);
        body.GetProperty("allowed_years").EnumerateArray().Select(y => y.GetInt32()).ShouldBe(kind == "plan" ? [2024, 2025] : [2023, 2024]);
    }

    [Theory]
    [InlineData("/api/reports/appendix?ward=DISU&year=2030", "Năm kế hoạch 2030 vượt quá số liệu", "year=2025")]
    [InlineData("/api/reports/briefing?ward=DISU&year=2030", "Năm kế hoạch 2030 vượt quá số liệu", "year=2025")]
    [InlineData("/api/priority?ward=DISU&year=2026", "Năm kế hoạch 2026 vượt quá số liệu", "year=2025")]
    [InlineData("/api/forecast?year=2030", "Năm kế hoạch 2030 vượt quá số liệu", "year=2025")]
    [InlineData("/api/reports/trend?ward=DISU&year=2025", "không có số liệu rà soát năm 2025", "year=2024")]
    [InlineData("/api/groups?ward=DISU&year=2019", "không có số liệu rà soát năm 2019", "year=2023")]
    [InlineData("/api/groups?year=2030", "Kho dữ liệu không có số liệu rà soát năm 2030", "year=2024")]
    public async Task Should_answer_400_naming_the_latest_review_year_for_a_year_beyond_the_rule(string path, string problem, string instead)
    {
        using var client = fixture.Service.Client("leader");

        var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = await response.Json();
        var detail = body.Text("detail");
        detail.ShouldContain(problem);
        detail.ShouldMatch(@"mới nhất (của [^.]+ )?là 2024\b");
        detail.ShouldContain(instead);
        body.GetProperty("latest_review_year").GetInt32().ShouldBe(2024);
    }

    [Fact]
    public async Task Should_answer_the_plan_year_after_the_latest_round_and_refuse_the_one_after_it()
    {
        using var client = fixture.Service.Client("leader");

        var priority = await client.GetAsync("/api/priority?ward=DISU&year=2025");
        var appendix = await client.GetAsync("/api/reports/appendix?ward=DISU&year=2025&format=csv");
        var beyond = await client.GetAsync("/api/reports/appendix?ward=DISU&year=2026&format=csv");

        priority.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await priority.Json();
        body.GetProperty("year").GetInt32().ShouldBe(2025);
        body.Rows().ShouldNotBeEmpty();
        body.Rows().ShouldAllBe(r => r.GetProperty("review_year").GetInt32() == 2024);
        appendix.StatusCode.ShouldBe(HttpStatusCode.OK);
        appendix.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("appendix-2025-DISU-csv.zip");
        beyond.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await beyond.Json()).GetProperty("allowed_years").EnumerateArray().Select(y => y.GetInt32()).ShouldBe([2024, 2025]);
    }

    [Fact]
    public async Task Should_tell_a_key_of_one_ward_only_its_own_wards_years()
    {
        using var client = fixture.Service.Client("leader@DISU");

        var response = await client.GetAsync("/api/groups");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("DISU");
        text.ShouldNotContain("NHAN");
        JsonDocument.Parse(text).RootElement.GetProperty("allowed_years").GetArrayLength().ShouldBe(2);
    }
}
