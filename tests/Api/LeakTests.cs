using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// The two-ward service with a third key for a ward not loaded yet (MOI), and a problem whose
/// message names a folder (the outbox cannot be written), so that /health has a path to leak.
/// </summary>
public sealed class LeakFixture : IAsyncLifetime
{
    public const string Unloaded = "MOI";

    public TestService Service { get; private set; } = null!;

    /// <summary>An officer key restricted to <see cref="Unloaded"/>.</summary>
    public string UnloadedKey { get; } = ApiKeyOptions.NewKey();

    public async Task InitializeAsync()
    {
        Service = await TestService.Start(configure: o => o with
        {
            Keys = [.. o.Keys, new ApiKeyOptions("test-officer-moi", ApiKeyOptions.Hash(UnloadedKey), Role.Officer, Unloaded)],
        });
        // A regular file where the outbox should be: the load that follows cannot write its reports.
        File.WriteAllText(Service.Options.Outbox, "in the way");
        var csv = FileApiTests.Households(Service, "households_2025.csv", TestService.WardA, 2025);
        using (var response = await FileApiTests.Upload(Service.Client("officer"), csv))
            response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var client = Service.Client();
        var (partial, health) = await Poll.Read(async () => JsonDocument.Parse(await client.GetStringAsync("/health")).RootElement.Clone(),
            h => h.GetProperty("scheduler").GetProperty("jobs").EnumerateArray().Single(j => j.GetProperty("job").GetString() == JobNames.Inbox)
                .GetProperty("last_outcome").GetString() == JobOutcomes.Partial);
        if (!partial) throw new InvalidOperationException("the inbox run did not end partial within 30 s: " + health);
    }

    public async Task DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
    }
}

/// <summary>
/// What answers without a key, with a wrong key, to a key asking for another ward, and to a key
/// whose ward is not loaded yet may not say: other wards' codes and names, and the service's paths.
/// </summary>
public sealed class LeakTests(LeakFixture fixture) : IClassFixture<LeakFixture>
{
    private TestService Service => fixture.Service;

    /// <summary>Spellings of "another ward" a key restricted to DISU may try, as they go into the query string.</summary>
    public static readonly string[] OtherWardSpellings =
    [
        "NHAN", "nhan", "Nhan", "%20NHAN%20", "NH%20AN", "%4E%48%41%4E", "..", "..%2FNHAN", "NHAN%00", "DISU%00", "DISU%00NHAN",
        "%EF%BC%AE%EF%BC%A8%EF%BC%A1%EF%BC%AE", // ＮＨＡＮ, full width
        "N%D0%9DAN", // NНAN with a Cyrillic Н
        "D%D0%86SU", // DІSU with a Cyrillic І: not the key's ward
        "DISU,NHAN", "*", "%25", "XYZ",
    ];

    private static readonly string[] WardEndpoints =
    [
        "/api/groups?ward=", "/api/priority?ward=", "/api/forecast?ward=", "/api/forecast?level=household&ward=",
        "/api/reports/briefing?ward=", "/api/reports/appendix?ward=", "/api/reports/trend?ward=",
    ];

    [Fact]
    public async Task Should_name_no_ward_and_no_path_in_any_answer_without_a_key_or_with_a_wrong_one()
    {
        var answers = new List<(string What, HttpStatusCode Status, string Body)>();
        using var anonymous = Service.Client();
        var document = await anonymous.GetStringAsync("/openapi.json");
        answers.Add(("GET /openapi.json", HttpStatusCode.OK, document));
        using (var health = await anonymous.GetAsync("/health"))
            answers.Add(("GET /health", health.StatusCode, await health.Content.ReadAsStringAsync()));
        using var paths = JsonDocument.Parse(document);
        foreach (var path in paths.RootElement.GetProperty("paths").EnumerateObject())
        foreach (var method in path.Value.EnumerateObject())
        {
            var url = path.Name.Replace("{kind}", "briefing", StringComparison.Ordinal).Replace("{name}", JobNames.Inbox, StringComparison.Ordinal);
            foreach (var (who, key) in new (string, Action<HttpRequestHeaders>)[]
                     {
                         ("no key", _ => { }),
                         ("wrong bearer key", h => h.Authorization = new AuthenticationHeaderValue("Bearer", "not-a-key")),
                         ("wrong X-Api-Key", h => h.Add("X-Api-Key", ApiKeyOptions.NewKey())),
                     })
            {
                using var request = new HttpRequestMessage(new HttpMethod(method.Name.ToUpperInvariant()), url);
                key(request.Headers);
                if (method.Name == "post") request.Content = new StringContent("{\"sql\": \"SELECT ward_code FROM v_ward_year\"}", Encoding.UTF8, "application/json");
                using var response = await anonymous.SendAsync(request);
                answers.Add(($"{method.Name.ToUpperInvariant()} {url} ({who})", response.StatusCode, await response.Content.ReadAsStringAsync()));
            }
        }

        answers.Count.ShouldBeGreaterThan(30);
        foreach (var (what, status, body) in answers)
        {
            if (what.Contains("(", StringComparison.Ordinal) && !what.StartsWith("GET /health", StringComparison.Ordinal))
                status.ShouldBe(HttpStatusCode.Unauthorized, what);
            Clean(what, body, AllWards);
        }
        // The one answer with something to hide still says what is wrong.
        var shown = answers.Single(a => a.What == "GET /health").Body;
        shown.ShouldContain("[ward] briefing: the outbox '[outbox]' cannot be written");
    }

    [Fact]
    public async Task Should_show_the_paths_in_health_to_an_admin_key()
    {
        using var admin = Service.Client("admin");
        var body = await admin.GetStringAsync("/health");

        // What the anonymous answer leaves out is there to leave out.
        body.ShouldContain(JsonEncodedText.Encode(Service.MartPath).ToString());
        body.ShouldContain(JsonEncodedText.Encode(Service.Options.Outbox).ToString());
    }

    [Fact]
    public async Task Should_answer_a_key_asking_for_another_ward_403_alike_for_every_spelling_naming_none()
    {
        foreach (var endpoint in WardEndpoints.Append("/api/wards?ward="))
        {
            var details = new HashSet<string>(StringComparer.Ordinal);
            foreach (var spelling in OtherWardSpellings)
            {
                var what = $"officer@DISU GET {endpoint}{spelling}";
                using var client = Service.Client("officer@DISU");
                using var response = await client.GetAsync(endpoint + spelling);
                var body = await response.Content.ReadAsStringAsync();
                Clean(what, body, [.. OtherWard, (Uri.UnescapeDataString(spelling).Trim(), Case.Sensitive)]);
                if (endpoint == "/api/wards?ward=") continue; // lists the key's own ward whatever is asked
                response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, what);
                details.Add(JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!);
            }
            // The same answer whether the ward exists or not: nothing to tell them apart by.
            if (endpoint != "/api/wards?ward=") details.ShouldHaveSingleItem(endpoint);
        }
    }

    [Fact]
    public async Task Should_tell_a_key_whose_ward_is_not_loaded_so_without_naming_any_other_ward()
    {
        var answers = new List<(string What, HttpStatusCode Expected, HttpResponseMessage Response)>();
        foreach (var endpoint in WardEndpoints)
        foreach (var ward in new[] { "", LeakFixture.Unloaded, "moi", "%20MOI%20" })
            answers.Add(($"GET {endpoint}{ward}", HttpStatusCode.NotFound, await Send(HttpMethod.Get, endpoint + ward)));
        foreach (var other in new[] { "DISU", "disu", "NHAN", "XYZ" })
            answers.Add(($"GET /api/groups?ward={other}", HttpStatusCode.Forbidden, await Send(HttpMethod.Get, "/api/groups?ward=" + other)));
        answers.Add(("GET /api/wards", HttpStatusCode.OK, await Send(HttpMethod.Get, "/api/wards")));
        answers.Add(("POST /api/query", HttpStatusCode.NotFound,
            await Send(HttpMethod.Post, "/api/query", new StringContent("{\"sql\": \"SELECT * FROM v_ward_year\"}", Encoding.UTF8, "application/json"))));
        var noWard = SnapshotCsv.Write(Service.Folder.File("moi_2025.csv"), FileApiTests.Rows(LeakFixture.Unloaded, 2025), omit: ["ward_code"]);
        using (var form = new MultipartFormDataContent { { new ByteArrayContent(await File.ReadAllBytesAsync(noWard)), "file", "moi_2025.csv" } })
            answers.Add(("POST /api/files", HttpStatusCode.UnprocessableEntity, await Send(HttpMethod.Post, "/api/files", form)));

        foreach (var (what, expected, response) in answers)
            using (response)
            {
                var body = await response.Content.ReadAsStringAsync();
                Clean("officer@MOI " + what, body, AllWards);
                response.StatusCode.ShouldBe(expected, $"officer@MOI {what}: {body}");
                if (expected == HttpStatusCode.NotFound) body.ShouldContain("MOI", Case.Sensitive);
            }
    }

    private async Task<HttpResponseMessage> Send(HttpMethod method, string url, HttpContent? content = null)
    {
        using var client = Service.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.UnloadedKey);
        using var request = new HttpRequestMessage(method, url) { Content = content };
        return await client.SendAsync(request);
    }

    private static readonly (string, Case)[] OtherWard =
        [("NHAN", Case.Insensitive), ("Nhân Hòa", Case.Insensitive), ("ＮＨＡＮ", Case.Sensitive), ("NНAN", Case.Sensitive)];

    // "DISU" as the code is written: the CLI's name "disu" (e.g. "disu serve key new" in the 401) is not the ward.
    private static readonly (string, Case)[] AllWards =
        [.. OtherWard, ("DISU", Case.Sensitive), ("Dị Sử", Case.Insensitive), ("Nhân Vinh", Case.Insensitive)];

    /// <summary>The body names none of <paramref name="forbidden"/> and none of the service's paths.</summary>
    private void Clean(string what, string body, IEnumerable<(string Text, Case Case)> forbidden)
    {
        // JSON may escape what it carries: compare with the text as a reader of the answer gets it.
        var text = body + "\n" + Unescaped(body);
        foreach (var (word, sensitivity) in forbidden)
            if (word.Length >= 2)
                text.ShouldNotContain(word, sensitivity, $"{what} names '{word}': {body}");
        foreach (var path in new[] { Service.MartPath, Service.Folder.Path, Service.Options.Inbox, Service.Options.Outbox, Service.Options.Archive, Service.Options.Quarantine, Path.GetTempPath() })
            text.ShouldNotContain(path, Case.Sensitive, $"{what} shows the path '{path}': {body}");
    }

    /// <summary>Every name and string value of a JSON body, unescaped; nothing when the body is not JSON.</summary>
    private static string Unescaped(string body)
    {
        try
        {
            var text = new StringBuilder();
            Collect(JsonSerializer.Deserialize<JsonElement>(body), text);
            return text.ToString();
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static void Collect(JsonElement element, StringBuilder text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                text.AppendLine(element.GetString());
                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray()) Collect(item, text);
                break;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    text.AppendLine(property.Name);
                    Collect(property.Value, text);
                }
                break;
        }
    }
}
