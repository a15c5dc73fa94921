using System.Net;
using System.Text.Json;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

public sealed class HealthTests
{
    [Fact]
    public async Task Should_report_the_mart_the_last_load_and_the_scheduler_without_a_key()
    {
        await using var service = await TestService.Start();
        using var client = service.Client();
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
        await using var service = await TestService.Start();
        using var client = service.Client();
        using var body = JsonDocument.Parse(await client.GetStringAsync("/openapi.json"));
        body.RootElement.GetProperty("openapi").GetString()!.ShouldStartWith("3.");
        body.RootElement.GetProperty("paths").TryGetProperty("/health", out _).ShouldBeTrue();
    }
}
