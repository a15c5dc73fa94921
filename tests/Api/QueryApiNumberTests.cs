using System.Text.Json;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// The officers' SQL endpoint answers in JSON for tools: each double as the number it is (the
/// shortest text that reads back to it, through the query worker and the response), NaN and the
/// infinities as the strings System.Text.Json's named literals read back.
/// </summary>
public sealed class QueryApiNumberTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    [Fact]
    public async Task Should_return_every_double_at_full_precision()
    {
        using var client = fixture.Service.Client("officer");
        using var body = await QueryApiTests.Rows(client,
            "SELECT 1e-7 AS x, 2/306 AS y, 4.9e-6 AS z, 5e-324 AS smallest, -1.7976931348623157e308 AS lowest, 'NaN'::DOUBLE AS nan, '-Infinity'::DOUBLE AS minus_inf");

        var row = body.RootElement.GetProperty("rows")[0];
        row[0].GetDouble().ShouldBe(1e-7);
        row[1].GetDouble().ShouldBe(2.0 / 306);
        row[2].GetDouble().ShouldBe(4.9e-6);
        row[3].GetDouble().ShouldBe(double.Epsilon);
        row[4].GetDouble().ShouldBe(double.MinValue);
        var named = new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };
        row[5].Deserialize<double>(named).ShouldBe(double.NaN);
        row[6].Deserialize<double>(named).ShouldBe(double.NegativeInfinity);
    }
}
