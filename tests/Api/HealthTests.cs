using System.Net;
using System.Text.Json;

namespace DiSu.Analytics.Tests.Api;

/// <summary>Reads only: one service for the class.</summary>
public sealed class HealthTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Should_report_the_mart_the_last_load_and_the_scheduler_without_a_key()
    {
        using var client = fixture.Service.Client();
        var response = await client.GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        body.RootElement.GetProperty("status").GetString().ShouldBe("ok");
        body.RootElement.GetProperty("mart").GetProperty("reachable").GetBoolean().ShouldBeTrue();
        body.RootElement.GetProperty("last_load").ValueKind.ShouldBe(JsonValueKind.String);
        body.RootElement.GetProperty("scheduler").GetProperty("running").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Should_serve_the_openapi_document()
    {
        using var client = fixture.Service.Client();
        using var body = JsonDocument.Parse(await client.GetStringAsync("/openapi.json"));
        body.RootElement.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        body.RootElement.GetProperty("paths").TryGetProperty("/health", out _).ShouldBeTrue();
    }
}
