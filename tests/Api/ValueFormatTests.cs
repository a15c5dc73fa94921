using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// One value format: the same query answers with the same values from the API's SQL endpoint,
/// <c>disu query --format json</c>, <c>disu query --format csv</c> and <c>disu sql</c> — NaN and
/// the infinities, HUGEINT, DECIMAL, dates, timestamps with and without a zone, lists, structs,
/// maps, intervals, blobs — because they all go through <see cref="ResultValues"/>.
/// </summary>
public sealed class ValueFormatTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private const string Sql = """
        SELECT 1.5::DECIMAL(18,3) AS share, sum(x) AS total, 170141183460469231731687303715884105727::HUGEINT AS huge,
               DATE '2024-12-20' AS day, TIMESTAMPTZ '2024-12-20 08:00:00+07' AS at, TIMESTAMP '2024-12-20 08:00:00' AS whole,
               TIMESTAMP '2024-12-20 08:00:00.5' AS part, [1, NULL, 3] AS ints, {'ward': 'DISU', 'n': 2} AS record, MAP {'poor': 3} AS counts,
               INTERVAL '1 year 2 months 3 days 04:05:06.5' AS span, 'NaN'::DOUBLE AS nan, '-Infinity'::DOUBLE AS minus_inf,
               2/306 AS rate, NULL::INTEGER AS nothing, true AS yes, 'ab'::BLOB AS bytes, 'Dị Sử' AS name
        FROM (VALUES (2), (3)) t(x)
        """;

    private static readonly string[] Expected =
    [
        "1.500", "5", "\"170141183460469231731687303715884105727\"", "\"2024-12-20\"", "\"2024-12-20T01:00:00Z\"", "\"2024-12-20T08:00:00\"",
        "\"2024-12-20T08:00:00.5\"", "[1,null,3]", "{\"ward\":\"DISU\",\"n\":2}", "{\"poor\":3}", "\"P1Y2M3DT4H5M6.5S\"", "\"NaN\"", "\"-Infinity\"",
        "0.006535947712418301", "null", "true", "\"YWI=\"", "\"Dị Sử\"",
    ];

    [Fact]
    public async Task Should_give_the_same_values_over_http_and_on_the_command_line()
    {
        using var client = fixture.Service.Client("officer");
        using var api = await QueryApiTests.Rows(client, Sql);
        Raw(api.RootElement.GetProperty("rows")[0].EnumerateArray()).ShouldBe(Expected);

        using var mart = new TestMart();
        mart.Connection.Dispose(); // the command line opens the file itself
        var json = CliRun.Of("query", "--mart", mart.MartPath, "--format", "json", Sql);
        json.ExitCode.ShouldBe(0, json.Error);
        using var cli = JsonDocument.Parse(json.Out);
        Raw(cli.RootElement[0].EnumerateObject().Select(p => p.Value)).ShouldBe(Expected);

        var csv = CliRun.Of("query", "--mart", mart.MartPath, "--format", "csv", Sql);
        csv.ExitCode.ShouldBe(0, csv.Error);
        var fields = Hostile.ParseCsv(csv.Out)[1];
        // CSV spells a JSON string as its text, everything else as its JSON; NULL is empty.
        fields.ShouldBe(Expected.Select(e => e == "null" ? "" : e.StartsWith('"') ? JsonSerializer.Deserialize<string>(e)! : e).ToList());
    }

    private static List<string> Raw(IEnumerable<JsonElement> values) =>
        values.Select(v => JsonSerializer.Serialize(v, ResultValues.Json)).ToList();
}
