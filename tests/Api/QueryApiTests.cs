using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Api;

/// <summary>Tests that change nothing share one service (or one with the limit they test); the others start their own.</summary>
public sealed class QueryApiTests(ServiceFixture fixture, QueryApiTests.RowCapService rowCap, QueryApiTests.TimeLimitService timeLimit)
    : IClassFixture<ServiceFixture>, IClassFixture<QueryApiTests.RowCapService>, IClassFixture<QueryApiTests.TimeLimitService>
{
    /// <summary>The two-ward service with a 50-row cap, for each officer's key.</summary>
    public sealed class RowCapService : ServiceFixture
    {
        public override async Task InitializeAsync() => Service = await TestService.Start(configure: o => o with { QueryRowCap = 50 });
    }

    /// <summary>The two-ward service with a 1 s time limit, for each officer's key: a stopped statement leaves its worker serving.</summary>
    public sealed class TimeLimitService : ServiceFixture
    {
        public override async Task InitializeAsync() => Service = await TestService.Start(configure: o => o with { QueryTimeoutSeconds = 1 });
    }

    private const string Escape = "/tmp/disu-x.csv";

    public static TheoryData<string> Officers => new() { "officer", "officer@DISU" };

    [Theory]
    [MemberData(nameof(Officers))]
    public async Task Should_refuse_writes_files_extensions_and_settings_with_400_and_leave_the_data_unchanged(string key)
    {
        File.Delete(Escape);
        var service = fixture.Service;
        using var client = service.Client(key);
        var before = await Scalar(client, "SELECT count(*) FROM fact_household_year");
        string[] refused =
        [
            "CREATE TABLE x(i INT)",
            "INSERT INTO mart_setting VALUES ('a','b','c')",
            "DELETE FROM fact_household_year",
            "DROP VIEW v_group_year",
            "SELECT * FROM read_csv('/etc/passwd')",
            $"COPY (SELECT 1) TO '{Escape}'",
            "ATTACH '/tmp/x.duckdb' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET memory_limit='10GB'",
            "SET enable_external_access=true",
            "SELECT 1; SELECT 2",
            "SELEC 1",
        ];

        foreach (var sql in refused)
        {
            using var response = await Query(client, sql);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, sql);
            (await FileApiTests.Problem(response)).ShouldNotBeNullOrWhiteSpace(sql);
        }

        (await Scalar(client, "SELECT count(*) FROM fact_household_year")).ShouldBe(before);
        (await Scalar(client, "SELECT count(*) FROM v_group_year")).ShouldBeGreaterThan(0);
        (await Scalar(client, "SELECT count(*) FROM duckdb_tables() WHERE table_name = 'x'")).ShouldBe(0);
        (await Scalar(client, "SELECT count(*) FROM mart_setting WHERE key = 'a'")).ShouldBe(0);
        File.Exists(Escape).ShouldBeFalse();
    }

    [Theory]
    [InlineData("")]
    [InlineData("{\"sql\": \"\"}")]
    [InlineData("{\"sql\": \"   \"}")]
    [InlineData("{\"query\": \"SELECT 1\"}")]
    [InlineData("SELECT 1")]
    public async Task Should_refuse_a_body_without_sql_with_400(string body)
    {
        var service = fixture.Service;
        using var client = service.Client("officer");
        using var content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");

        using var response = await client.PostAsync("/api/query", content);

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FileApiTests.Problem(response)).ShouldContain("sql");
    }

    [Fact]
    public async Task Should_refuse_sql_over_100_kb_with_400()
    {
        var service = fixture.Service;
        using var response = await Query(service.Client("officer"), "SELECT '" + new string('x', 101 * 1024) + "'");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FileApiTests.Problem(response)).ShouldContain("100 KB");
    }

    [Theory]
    [MemberData(nameof(Officers))]
    public async Task Should_cut_the_result_at_the_row_cap_and_say_so(string key)
    {
        using var body = await Rows(rowCap.Service.Client(key), "SELECT * FROM range(100000)");

        body.RootElement.GetProperty("truncated").GetBoolean().ShouldBeTrue();
        body.RootElement.GetProperty("row_count").GetInt32().ShouldBe(50);
        body.RootElement.GetProperty("row_cap").GetInt32().ShouldBe(50);
        body.RootElement.GetProperty("rows").GetArrayLength().ShouldBe(50);
        body.RootElement.GetProperty("message_en").GetString().ShouldBe("result cut at 50 rows; add LIMIT or aggregate");
        body.RootElement.GetProperty("message").GetString().ShouldBe("kết quả bị cắt ở 50 dòng; hãy thêm LIMIT hoặc gộp nhóm");
    }

    [Fact]
    public async Task Should_answer_columns_rows_and_counts_as_snake_case_json()
    {
        var service = fixture.Service;
        using var body = await Rows(service.Client("officer"),
            "SELECT ward_code, count(*) AS households, sum(members) AS people FROM fact_household_year WHERE review_year = 2024 GROUP BY ALL ORDER BY ward_code");

        var columns = body.RootElement.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type").GetString())).ToList();
        columns.ShouldBe([("ward_code", "VARCHAR"), ("households", "BIGINT"), ("people", "HUGEINT")]);
        var rows = body.RootElement.GetProperty("rows").EnumerateArray().ToList();
        rows.Select(r => r[0].GetString()).ShouldBe(["DISU", "NHAN"]);
        rows.Select(r => r[1].GetInt64()).ShouldBe([40L, 40L]);
        rows.Select(r => r[2].GetDecimal()).ShouldBe([160m, 160m]);
        body.RootElement.GetProperty("row_count").GetInt32().ShouldBe(2);
        body.RootElement.GetProperty("truncated").GetBoolean().ShouldBeFalse();
        body.RootElement.GetProperty("elapsed_ms").GetInt64().ShouldBeGreaterThanOrEqualTo(0);
        body.RootElement.GetProperty("message").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [MemberData(nameof(Officers))]
    public async Task Should_stop_a_query_at_the_time_limit_with_422(string key)
    {
        using var client = timeLimit.Service.Client(key);
        (await Warm(client, "SELECT 1")).ShouldBe(1, "the ward's sandbox and a worker are ready");

        // A trillion rows would take minutes (past the client's own timeout): an answer at all is the stop.
        using var response = await Query(client, "SELECT sum(i) FROM range(1000000000000) t(i)");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await FileApiTests.Problem(response)).ShouldContain("longer than 1 s");
        (await Warm(client, "SELECT 42")).ShouldBe(42, "the service keeps answering after a stopped query");
    }

    [Fact]
    public async Task Should_show_a_ward_restricted_officer_nothing_of_other_wards()
    {
        var service = fixture.Service;
        using var all = service.Client("officer");
        using var ward = service.Client("officer@DISU");

        using (var wards = await Rows(ward, "SELECT DISTINCT ward_code FROM v_household_year"))
            wards.RootElement.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()).ShouldBe(["DISU"]);
        (await Scalar(ward, "SELECT count(*) FROM fact_household_year"))
            .ShouldBe(await Scalar(all, "SELECT count(*) FROM fact_household_year WHERE ward_code = 'DISU'"));

        using var objects = await Rows(ward, "SELECT table_name FROM duckdb_tables() UNION SELECT view_name FROM duckdb_views() WHERE NOT internal ORDER BY 1");
        var names = objects.RootElement.GetProperty("rows").EnumerateArray().Select(r => r[0].GetString()!).ToList();
        names.ShouldContain("fact_household_year");
        foreach (var name in names)
        {
            using var response = await Query(ward, $"SELECT * FROM \"{name}\"");
            response.StatusCode.ShouldBe(HttpStatusCode.OK, name);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain("NHAN-", customMessage: name);
        }
        using (var leak = await Query(ward, "SELECT * FROM fact_household_year WHERE household_id LIKE 'NHAN-%'"))
            (await leak.Content.ReadAsStringAsync()).ShouldNotContain("NHAN-0");
    }

    [Fact]
    public async Task Should_answer_parallel_queries_of_one_ward_from_one_sandbox()
    {
        // Twelve statements queue for two workers: the wait for a worker is not what this tests, so a busy machine may take its time.
        await using var service = await TestService.Start(configure: o => o with { QueryQueueSeconds = 120 });

        var counts = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var client = service.Client("officer@DISU");
            return await Scalar(client, "SELECT count(*) FROM fact_household_year");
        }));

        counts.ShouldAllBe(c => c == 80);
        service.Logs.Lines.Count(l => l.Contains("Built the SQL sandbox of ward DISU", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Should_show_a_ward_restricted_officer_the_new_data_after_a_load()
    {
        await using var service = await TestService.Start();
        using var ward = service.Client("officer@DISU");
        (await Scalar(ward, "SELECT count(*) FROM fact_household_year WHERE review_year = 2025")).ShouldBe(0);

        using (var upload = await FileApiTests.Upload(service.Client("officer@DISU"), FileApiTests.Households(service, "households_2025.csv", "DISU", 2025)))
            upload.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await FileApiTests.Archived(service, "households_2025.csv")).ShouldBeTrue();

        // Until the load's write ends the sandbox answers with the data as before it (as the service's own reads do).
        var (_, loaded) = await Poll.Read(() => Scalar(ward, "SELECT count(*) FROM fact_household_year WHERE review_year = 2025"), n => n == 10);
        loaded.ShouldBe(10);
    }

    [Fact]
    public async Task Should_answer_503_with_retry_after_while_a_job_writes_but_keep_a_ward_sandbox_answering()
    {
        await using var service = await TestService.Start();
        var gate = service.Services.GetRequiredService<MartGate>();
        using var entered = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var writer = Task.Run(() => gate.Write(_ => { entered.Set(); release.Wait(TimeSpan.FromSeconds(60)); }));
        try
        {
            entered.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
            using (var response = await Query(service.Client("officer"), "SELECT 1"))
            {
                response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
                response.Headers.RetryAfter.ShouldNotBeNull().Delta.ShouldNotBeNull().TotalSeconds.ShouldBeGreaterThanOrEqualTo(1);
                (await FileApiTests.Problem(response)).ShouldMatch(@"retry in \d+ s");
            }
            (await Scalar(service.Client("officer@DISU"), "SELECT count(*) FROM fact_household_year")).ShouldBe(80);
        }
        finally
        {
            release.Set();
            await writer;
        }
        (await Scalar(service.Client("officer"), "SELECT 1")).ShouldBe(1);
    }

    [Fact]
    public async Task Should_answer_404_for_a_ward_restricted_key_whose_ward_has_no_data()
    {
        var key = ApiKeyOptions.NewKey();
        await using var service = await TestService.Start(configure: o => o with
        {
            Keys = [.. o.Keys, new ApiKeyOptions("test-officer-XYZ", ApiKeyOptions.Hash(key), Role.Officer, "XYZ")],
        });
        using var client = service.Client();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        using var response = await Query(client, "SELECT 1");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await FileApiTests.Problem(response)).ShouldContain("XYZ");
    }

    [Fact]
    public async Task Should_refuse_a_planner_with_403_and_a_caller_without_a_key_with_401()
    {
        var service = fixture.Service;
        using (var response = await Query(service.Client("planner"), "SELECT 1"))
            response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using (var response = await Query(service.Client(), "SELECT 1"))
            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_list_the_query_in_the_openapi_document()
    {
        var service = fixture.Service;
        using var body = JsonDocument.Parse(await service.Client().GetStringAsync("/openapi.json"));
        var post = body.RootElement.GetProperty("paths").GetProperty("/api/query").GetProperty("post");
        post.GetProperty("operationId").GetString().ShouldBe("RunQuery");
        post.GetProperty("responses").TryGetProperty("422", out _).ShouldBeTrue();
        post.GetProperty("responses").TryGetProperty("503", out _).ShouldBeTrue();
        var description = post.GetProperty("description").GetString()!;
        foreach (var limit in new[] { "10000 rows (QueryRowCap)", "8 MiB of rows as JSON (QueryResponseLimitMb)", "30 s (QueryTimeoutSeconds)",
                     "512 MiB of DuckDB memory (QueryMemoryLimitMb)", "1024 MiB in all (QueryWorkerMemoryMb)", "2048 MiB to disk (QueryTempLimitMb)",
                     "2 statements run at once (QueryWorkers)" })
            description.ShouldContain(limit, customMessage: "the OpenAPI document states the service's own limits");
    }

    internal static async Task<HttpResponseMessage> Query(HttpClient client, string sql) =>
        await client.PostAsJsonAsync("/api/query", new { sql });

    internal static async Task<JsonDocument> Rows(HttpClient client, string sql)
    {
        using var response = await Query(client, sql);
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, text);
        return JsonDocument.Parse(text);
    }

    internal static async Task<long> Scalar(HttpClient client, string sql)
    {
        using var body = await Rows(client, sql);
        return body.RootElement.GetProperty("rows")[0][0].GetInt64();
    }

    /// <summary>
    /// The value of a trivial statement under a one-second limit. A worker's first statement opens
    /// the mart and compiles the query path; on a busy two-core machine that alone can pass one
    /// second, so a stop at the limit is tried again (a few times) rather than failing the test.
    /// </summary>
    internal static async Task<long> Warm(HttpClient client, string sql)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await Query(client, sql);
            // A worker started on a saturated machine (the whole suite at once) can take longer than a 1 s limit to answer its first statement.
            if (response.StatusCode != HttpStatusCode.UnprocessableEntity || attempt == 20)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(250));
        }
        return await Scalar(client, sql);
    }
}
