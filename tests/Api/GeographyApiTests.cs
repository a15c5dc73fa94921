using DiSu.Analytics.Mart;
using System.Net;
using DiSu.Analytics.Tests.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>The API's <c>geography</c> parameter on the reorganised panel: as_is (default) and as_was answer, anything else is a 400 in Vietnamese.</summary>
public sealed class GeographyApiTests : IAsyncLifetime
{
    private TestMart mart = null!;
    private TestService service = null!;

    public async Task InitializeAsync()
    {
        mart = ReorganisedPanel.Reorganised();
        mart.Connection.Execute("CHECKPOINT");
        service = await TestService.Start(copyOf: mart.MartPath);
    }

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        mart.Dispose();
    }

    [Fact]
    public async Task Should_answer_a_merged_wards_groups_as_is_by_default_and_as_was_when_asked()
    {
        using var client = service.Client("leader");
        var asIs = await client.GetAsync("/api/groups?ward=P01W0012&year=2022");
        var asWas = await client.GetAsync("/api/groups?ward=P01W0001&year=2022&geography=as_was");

        asIs.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await asIs.Json();
        body.GetProperty("view").GetString().ShouldBe("v_group_year_as_is");
        body.GetProperty("geography").GetString().ShouldBe("as_is");
        body.GetProperty("geography_note").GetString()!.ShouldContain("tệp unit_changes.csv");
        body.Rows().Sum(r => r.GetProperty("households").GetInt64())
            .ShouldBe(mart.Scalar<long>("SELECT households FROM v_ward_year_as_is WHERE ward_code = 'P01W0012' AND review_year = 2022"));
        asWas.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await asWas.Json()).Rows().Sum(r => r.GetProperty("households").GetInt64())
            .ShouldBe(mart.Scalar<long>("SELECT households FROM v_ward_year WHERE ward_code = 'P01W0001' AND review_year = 2022"));
    }

    [Fact]
    public async Task Should_answer_a_ward_merged_away_as_was_and_say_so()
    {
        using var client = service.Client("leader");
        var response = await client.GetAsync("/api/groups?ward=P01W0001&year=2023&geography=as_is");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Json();
        body.GetProperty("view").GetString().ShouldBe("v_group_year");
        body.GetProperty("geography").GetString().ShouldBe("as_was");
        body.GetProperty("geography_note").GetString()!.ShouldContain("không còn là đơn vị hành chính hiện nay");
    }

    [Theory]
    [InlineData("/api/reports/trend?ward=P01W0012&year=2025&geography=as_is")]
    [InlineData("/api/reports/trend?ward=P01W0012&year=2025&geography=as_was")]
    [InlineData("/api/reports/appendix?ward=P01W0001&year=2024&geography=as_is")]
    [InlineData("/api/wards?geography=as_was")]
    public async Task Should_answer_either_geography(string url)
    {
        using var client = service.Client("leader");
        (await client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/api/groups?ward=P01W0012&year=2024&geography=%27%3B%20DROP%20TABLE%20geo_map%3B--")]
    [InlineData("/api/groups?ward=P01W0012&year=2024&geography=")]
    [InlineData("/api/reports/trend?ward=P01W0012&year=2025&geography=as_now")]
    [InlineData("/api/wards?geography=as_is&geography=as_was")]
    public async Task Should_refuse_any_other_geography_with_a_400_in_vietnamese(string url)
    {
        using var client = service.Client("leader");
        var response = await client.GetAsync(url);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Detail()).ShouldStartWith("'geography' phải là as_is (đơn vị hành chính hiện nay, mặc định) hoặc as_was");
        mart.Scalar<long>("SELECT count(*) FROM geo_map").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Should_refuse_a_very_long_geography_without_echoing_it_whole()
    {
        using var client = service.Client("leader");
        var response = await client.GetAsync("/api/reports/appendix?ward=P01W0012&year=2025&geography=" + new string('x', 5000));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Detail()).Length.ShouldBeLessThan(300);
    }
}
