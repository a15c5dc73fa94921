using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>Every endpoint × every role: 401 without a valid key, 403 below the endpoint's role, served from it upwards.</summary>
public sealed class RoleMatrixTests(RoleMatrixTests.Service fixture) : IClassFixture<RoleMatrixTests.Service>
{
    public sealed class Service : IAsyncLifetime
    {
        public TestService Host { get; private set; } = null!;
        public async Task InitializeAsync() => Host = await TestService.Start();
        public async Task DisposeAsync() => await Host.DisposeAsync();
    }

    /// <summary>(method, path, body kind, least role). Bodies are harmless: uploads are a .txt the endpoint refuses after the role check.</summary>
    public static TheoryData<string, string, string, Role> Endpoints => new()
    {
        { "GET", "/api/wards", "", Role.Leader },
        { "GET", "/api/groups?ward=DISU&year=2024", "", Role.Leader },
        { "GET", "/api/priority?ward=DISU&year=2024", "", Role.Leader },
        { "GET", "/api/forecast?ward=DISU&year=2025", "", Role.Leader },
        { "GET", "/api/forecast?ward=DISU&level=household&year=2025", "", Role.Planner },
        { "GET", "/api/reports/appendix?ward=DISU&year=2025&format=csv", "", Role.Leader },
        { "GET", "/api/reports/trend?ward=DISU&year=2024&format=csv", "", Role.Leader },
        { "GET", "/api/reports/briefing?ward=DISU&year=2025&format=csv", "", Role.Leader },
        { "GET", "/api/plan?ward=DISU&year=2024", "", Role.Leader },
        { "GET", "/api/plan/annex?ward=DISU&year=2024", "", Role.Planner },
        { "POST", "/api/query", "sql", Role.Officer },
        { "POST", "/api/files?name=notes.txt", "file", Role.Officer },
        { "GET", "/api/jobs", "", Role.Admin },
        { "POST", "/api/jobs/trend/run", "", Role.Admin },
    };

    private async Task<HttpStatusCode> Call(string method, string path, string body, string? key, string? rawKey = null)
    {
        using var client = fixture.Host.Client(key);
        if (rawKey is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", rawKey);
        using var request = new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = body switch
            {
                "sql" => new StringContent("""{"sql": "SELECT count(*) AS n FROM v_group_year"}""", Encoding.UTF8, "application/json"),
                "file" => new ByteArrayContent("not an input file"u8.ToArray()),
                _ => null,
            },
        };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_answer_401_without_a_key_or_with_an_unknown_one(string method, string path, string body, Role least)
    {
        _ = least;
        (await Call(method, path, body, key: null)).ShouldBe(HttpStatusCode.Unauthorized);
        (await Call(method, path, body, key: null, rawKey: "disu_not-a-key-anyone-was-given")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Should_serve_each_role_from_the_endpoints_least_role_upwards_and_refuse_the_others(string method, string path, string body, Role least)
    {
        foreach (var role in Enum.GetValues<Role>())
        {
            foreach (var key in new[] { role.ToString().ToLowerInvariant(), role.ToString().ToLowerInvariant() + "@" + TestService.WardA })
            {
                var status = await Call(method, path, body, key);
                if (role < least)
                    status.ShouldBe(HttpStatusCode.Forbidden, $"{key} on {method} {path}");
                else
                    // Let through: answered, or (503) told to retry because a job triggered by another case is writing.
                    ((int)status).ShouldBeOneOf([200, 202, 404, 415, 422, 503], $"{key} on {method} {path} should be let through (got {(int)status})");
            }
        }
    }
}
