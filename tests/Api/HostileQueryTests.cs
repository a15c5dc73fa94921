using System.Diagnostics;
using System.Net;
using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Worker;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// Officers' SQL as an attacker writes it, over real HTTP: statements that crashed the service, spied
/// on other keys' SQL or ran past every limit. Each runs in a worker process: the service stays up,
/// its own instance keeps its settings, and the other endpoints keep answering.
/// </summary>
[RunsLong]
public sealed class HostileQueryTests(HostileQueryTests.Fixture fixture) : IClassFixture<HostileQueryTests.Fixture>
{
    /// <summary>The two-ward service with a 1 MiB response limit, shared by the tests that leave no worker behind.</summary>
    public sealed class Fixture : ServiceFixture
    {
        public override async Task InitializeAsync() => Service = await TestService.Start(configure: o => o with { QueryResponseLimitMb = 1 });
    }

    /// <summary>A household id of ward A that only the first key's statement names.</summary>
    private const string Canary = "DISU-007";

    public static TheoryData<string> Officers => QueryApiTests.Officers;

    /// <summary>
    /// Levenshtein distances DuckDB computes a chunk at a time, checking for an interrupt only between
    /// chunks: measured on one thread, it ran 68 s after an interrupt sent at 1 s.
    /// </summary>
    private const string Uninterruptible =
        "SELECT max(levenshtein(a.s || a.i, b.s)) FROM (SELECT i, repeat('ab', 20000) AS s FROM range(3000) t(i)) a, (SELECT repeat('ba', 200) AS s FROM range(1)) b";

    [Theory]
    [MemberData(nameof(Officers))]
    public async Task Should_refuse_the_statements_that_took_the_service_down_or_read_other_keys_sql(string key)
    {
        var service = fixture.Service;
        var settings = OwnSettings(service);
        using var victim = service.Client("officer@DISU");
        using var attacker = service.Client(key);
        (await QueryApiTests.Scalar(victim, $"SELECT count(*) FROM fact_household_year WHERE household_id = '{Canary}'")).ShouldBe(2);

        string[] hostile =
        [
            "SELECT * FROM enable_logging(storage => 'file', storage_path => '/tmp/disu-log')",
            "CALL enable_logging(storage => 'file', storage_path => '/tmp/disu-log')",
            "SELECT * FROM enable_logging(level => 'trace')",
            "FROM system.main.enable_logging(level => 'trace', storage => 'memory')",
            "SELECT * FROM duckdb_logs",
            "SELECT message FROM duckdb_logs() WHERE message LIKE '%DISU%'",
            "SELECT * FROM duckdb_logs_parsed('QueryLog')",
            "SELECT * FROM enable_profiling()",
            "PRAGMA enable_profiling",
        ];
        foreach (var sql in hostile)
        {
            using var response = await QueryApiTests.Query(attacker, sql);
            var body = await response.Content.ReadAsStringAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, $"{sql}: {body}");
            body.ShouldNotContain(Canary);
        }

        (await service.Client().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        OwnSettings(service).ShouldBe(settings, "the service's own instance keeps its configuration");
        (await QueryApiTests.Scalar(attacker, "SELECT 42")).ShouldBe(42);
    }

    [Fact]
    public async Task Should_survive_every_table_function_and_pragma_of_duckdb_called_by_an_officer()
    {
        var service = fixture.Service;
        var settings = OwnSettings(service);
        using var victim = service.Client("officer@DISU");
        (await QueryApiTests.Scalar(victim, $"SELECT count(*) FROM v_household_year WHERE household_id = '{Canary}'")).ShouldBeGreaterThan(0);
        var statements = new List<string>();
        using (var duckdb = new DuckDBConnection("Data Source=:memory:"))
        {
            duckdb.Open();
            foreach (var row in duckdb.Rows("SELECT DISTINCT function_name, function_type FROM duckdb_functions() WHERE function_type IN ('table', 'table_macro', 'pragma') ORDER BY 1"))
            {
                var name = (string)row[0]!;
                if ((string)row[1]! == "pragma")
                    statements.AddRange([$"PRAGMA {name}", $"PRAGMA {name}('v_group_year')"]);
                else
                    statements.AddRange([$"SELECT * FROM {name}()", $"SELECT * FROM {name}('v_group_year')", $"CALL {name}()"]);
            }
        }
        statements.Count.ShouldBeGreaterThan(300);

        var answers = new List<(string Sql, HttpStatusCode Status, string Body)>();
        var keys = new[] { "officer", "officer@DISU" };
        // Two at a time, as the two workers take them; the keys alternate between the mart and the ward's sandbox.
        foreach (var pair in statements.Select((sql, i) => (sql, i)).Chunk(2))
        {
            var results = await Task.WhenAll(pair.Select(async s =>
            {
                using var client = service.Client(keys[s.i % 2]);
                using var response = await QueryApiTests.Query(client, s.sql);
                return (s.sql, response.StatusCode, await response.Content.ReadAsStringAsync());
            }));
            answers.AddRange(results);
        }

        answers.Where(a => (int)a.Status >= 500).Select(a => $"{a.Sql}: {(int)a.Status} {a.Body}").ShouldBeEmpty();
        answers.Where(a => a.Body.Contains(Canary, StringComparison.Ordinal)).Select(a => a.Sql).ShouldBeEmpty("another key's statement is never visible");
        answers.Where(a => a.Status == HttpStatusCode.OK).Select(a => a.Sql).ShouldNotBeEmpty();
        (await service.Client().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        OwnSettings(service).ShouldBe(settings);
        using var officer = service.Client("officer");
        (await QueryApiTests.Scalar(officer, "SELECT CASE WHEN current_setting('logging_level') = 'INFO' AND NOT current_setting('enable_logging') THEN 1 ELSE 0 END")).ShouldBe(1,
            "each statement has an instance of its own, as DuckDB starts one");
    }

    [Fact]
    public async Task Should_refuse_sql_holding_a_nul_instead_of_running_the_part_before_it()
    {
        using var response = await QueryApiTests.Query(fixture.Service.Client("officer"), "SELECT 1\u0000; SELECT * FROM enable_logging()");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await FileApiTests.Problem(response)).ShouldContain("NUL character");
    }

    [Fact]
    public async Task Should_cut_a_result_at_the_response_size_limit_and_say_so()
    {
        using var client = fixture.Service.Client("officer");

        using (var response = await QueryApiTests.Query(client, "SELECT i, repeat('x', 100000) AS filler FROM range(100) t(i)"))
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            body.Length.ShouldBeLessThan(1024 * 1024 + 4096);
            using var json = JsonDocument.Parse(body);
            json.RootElement.GetProperty("truncated").GetBoolean().ShouldBeTrue();
            json.RootElement.GetProperty("row_count").GetInt32().ShouldBe(10);
            json.RootElement.GetProperty("response_limit_bytes").GetInt64().ShouldBe(1024 * 1024);
            json.RootElement.GetProperty("message_en").GetString().ShouldBe(
                "result cut at 10 rows: the rows after them would pass the response size limit of 1 MB; select fewer or shorter columns, add LIMIT or aggregate");
        }

        // The reported hole: a thousand rows of a megabyte each. Cut, or stopped at the memory cap; never a gigabyte.
        using (var response = await QueryApiTests.Query(client, "SELECT repeat('x', 1000000) AS s FROM range(1000)"))
        {
            var body = await response.Content.ReadAsByteArrayAsync();
            response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.UnprocessableEntity);
            body.Length.ShouldBeLessThan(1024 * 1024 + 4096);
        }
    }

    [Fact]
    public async Task Should_stop_a_function_duckdb_cannot_interrupt_at_the_time_limit()
    {
        await using var service = await TestService.Start(configure: o => o with { QueryTimeoutSeconds = 1 });
        using var client = service.Client("officer");
        (await QueryApiTests.Warm(client, "SELECT 1")).ShouldBe(1, "a worker is ready");
        var pool = service.Services.GetRequiredService<QueryWorkerPool>();
        var stoppedBefore = pool.Stopped;

        // On the service's own instance it ran over a minute: the watchdog ends it at the limit and the 2 s grace.
        using var response = await QueryApiTests.Query(client, Uninterruptible);

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await FileApiTests.Problem(response)).ShouldContain("longer than 1 s");
        service.Logs.Lines.ShouldContain(l => l.Contains("past the time limit and its grace", StringComparison.Ordinal), "the watchdog, not DuckDB, stopped it");
        pool.Stopped.ShouldBe(stoppedBefore + 1);
        (await QueryApiTests.Warm(client, "SELECT 42")).ShouldBe(42, "a fresh worker takes the next statement");
    }

    [Fact]
    public async Task Should_stop_a_statement_whose_functions_allocate_outside_duckdbs_budget()
    {
        await using var service = await TestService.Start(configure: o => o with { QueryTimeoutSeconds = 60, QueryMemoryLimitMb = 64, QueryWorkerMemoryMb = 384 });
        using var client = service.Client("officer@DISU");
        (await QueryApiTests.Scalar(client, "SELECT 1")).ShouldBe(1);
        var before = Process.GetCurrentProcess().WorkingSet64;

        // damerau_levenshtein's table grows to gigabytes that DuckDB's memory limit does not count.
        using var response = await QueryApiTests.Query(client, "SELECT damerau_levenshtein(repeat('ab', 20000), repeat('ba', 20000))");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadAsStringAsync();
        problem.ShouldContain("Query stopped at the memory limit");
        problem.ShouldContain("QueryWorkerMemoryMb = 384");
        (Process.GetCurrentProcess().WorkingSet64 - before).ShouldBeLessThan(512L * 1024 * 1024, "the service's own memory does not grow with the statement");
        (await QueryApiTests.Scalar(client, "SELECT 42")).ShouldBe(42);
    }

    [Fact]
    public async Task Should_keep_leaders_endpoints_and_health_answering_while_officers_exhaust_their_workers()
    {
        await using var service = await TestService.Start(configure: o => o with { QueryTimeoutSeconds = 3, QueryQueueSeconds = 1 });
        using var officer = service.Client("officer");
        using var leader = service.Client("leader");
        var hostile = Enumerable.Range(0, 4).Select(_ => QueryApiTests.Query(officer,
            Uninterruptible)).ToList();
        await Task.Delay(500);

        for (var i = 0; i < 5; i++)
        {
            using (var groups = await leader.GetAsync("/api/groups?year=2024"))
                groups.StatusCode.ShouldBe(HttpStatusCode.OK, await groups.Content.ReadAsStringAsync());
            using (var health = await service.Client().GetAsync("/health"))
                health.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        var statuses = new List<HttpStatusCode>();
        foreach (var task in hostile)
            using (var response = await task)
                statuses.Add(response.StatusCode);
        statuses.ShouldAllBe(s => s == HttpStatusCode.UnprocessableEntity || s == HttpStatusCode.ServiceUnavailable);
        statuses.ShouldContain(HttpStatusCode.ServiceUnavailable, "two workers: the other statements wait their queue time, then hear when to retry");
    }

    [Fact]
    public async Task Should_keep_a_crash_of_duckdb_inside_its_worker()
    {
        await using var service = await TestService.Start(configure: o => o with { QueryTimeoutSeconds = 60 });
        using var client = service.Client("officer");
        (await QueryApiTests.Scalar(client, "SELECT 1")).ShouldBe(1);
        var worker = service.Services.GetRequiredService<QueryWorkerPool>().Processes.ShouldHaveSingleItem();
        var idle = CpuTicks(worker);
        var running = QueryApiTests.Query(client, "SELECT sum(i) FROM range(1000000000000) t(i)");
        await Poll.Until(() => CpuTicks(worker) >= idle + 20, "the statement to run in the worker");

        // A failure on one of DuckDB's background threads ends the process (abort); .NET ignores a SIGABRT
        // sent from outside, so the test ends it the one way nothing can catch.
        using (var kill = Process.Start("kill", ["-KILL", worker.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();

        using var response = await running;
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var problem = await response.Content.ReadAsStringAsync();
        problem.ShouldContain("Query ended its worker");
        problem.ShouldContain("signal 9");
        (await service.Client().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await QueryApiTests.Scalar(client, "SELECT 42")).ShouldBe(42);
    }

    /// <summary>A process's processor time so far, in clock ticks (utime + stime of /proc/PID/stat).</summary>
    private static long CpuTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], System.Globalization.CultureInfo.InvariantCulture) + long.Parse(fields[12], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The settings of the service's own read-only instance, as its endpoints see them.</summary>
    private static List<string> OwnSettings(TestService service) =>
        service.Services.GetRequiredService<MartGate>().Read(c => c.Rows("SELECT name, value FROM duckdb_settings() ORDER BY name")
            .Select(r => $"{r[0]}={r[1]}").ToList());
}
