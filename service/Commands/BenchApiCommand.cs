using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu bench api`: N concurrent clients on /api/groups, /health and /api/query against `disu serve`
/// on 127.0.0.1, first with the mart idle (the reference), then with hostile officers running SQL at
/// every limit beside leaders' clients, then while the inbox job loads a review year. Bounded in
/// clients, time and requests; reports requests/s, p50/p99 latency, errors, and ratios to the reference.
/// </summary>
internal static class BenchApiCommand
{
    // The first year: loaded before the clients start, while the second is what the load phase adds.
    private const string GroupsPath = "/api/groups?ward=P01W0001&year=2023";
    private const string QuerySql = "SELECT ward_code, review_year, sum(poor) AS poor, sum(households) AS households FROM v_group_year GROUP BY ALL ORDER BY ALL";

    /// <summary>The bench's time limit for officers' SQL (the default is 30 s; a shorter one shows more stops per phase).</summary>
    private const int HostileTimeoutSeconds = 5;

    /// <summary>What the hostile clients send, in turn: each reached a limit the service did not enforce before workers.</summary>
    private static readonly string[] Hostile =
    [
        // Uninterruptible: DuckDB checks for an interrupt between chunks, and this chunk takes over a minute.
        "SELECT max(levenshtein(a.s || a.i, b.s)) FROM (SELECT i, repeat('ab', 20000) AS s FROM range(3000) t(i)) a, (SELECT repeat('ba', 200) AS s FROM range(1)) b",
        // Memory DuckDB's budget does not count.
        "SELECT damerau_levenshtein(repeat('ab', 20000), repeat('ba', 20000))",
        // A thousand rows of a megabyte.
        "SELECT repeat('x', 1000000) AS s FROM range(1000)",
        // DuckDB's own budget, then the spill limit.
        "SELECT count(*) FROM (SELECT i, md5(i::VARCHAR) AS h FROM range(100000000) t(i) ORDER BY h)",
        // Changed the instance's logging and crashed the service.
        "SELECT * FROM enable_logging(storage => 'file', storage_path => '/tmp/disu-bench-log')",
    ];

    public static Command Build(CliContext context)
    {
        var clients = new Option<int>("--clients") { Description = "Concurrent clients (1–64).", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Length of the idle (reference) phase, and the longest the loading phase may run (5–600).", DefaultValueFactory = _ => 15 };
        var households = new Option<int>("--households") { Description = "Households per ward in the year being loaded (the load must outlast a few seconds).", DefaultValueFactory = _ => 100_000 };
        var work = new Option<string>("--work") { Description = "Scratch folder.", DefaultValueFactory = _ => Path.Combine(Path.GetTempPath(), "disu-bench-api") };
        var command = new Command("api", "Concurrent clients on /api/groups and /api/query, idle and while an ETL load runs (127.0.0.1 only).")
        {
            clients, seconds, households, work,
        };
        command.SetAction(parse => Run(context, parse.GetValue(clients), parse.GetValue(seconds), parse.GetValue(households), parse.GetValue(work)!).GetAwaiter().GetResult());
        return command;
    }

    private static async Task<int> Run(CliContext context, int clients, int seconds, int households, string work)
    {
        if (clients is < 1 or > 64) throw new UsageException("--clients must be between 1 and 64");
        if (seconds is < 5 or > 600) throw new UsageException("--seconds must be between 5 and 600");
        if (Directory.Exists(work)) Directory.Delete(work, recursive: true);
        var inbox = Path.Combine(work, "inbox");
        var generated = GenerateCommand.Generate(context, new GeneratorOptions
        {
            Demo = false, Provinces = 1, WardsPerProvince = 2, HouseholdsPerWard = households, FirstYear = 2023, LastYear = 2024,
            WriteSupports = false, WriteTargets = false, Seed = 11,
        }, Path.Combine(work, "generated"));
        var files = generated.Files.Where(f => f.Kind == "snapshot").OrderBy(f => f.Year).ToList();
        var mart = Path.Combine(work, "mart.duckdb");
        var seed = Stopwatch.StartNew();
        using (var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(mart, context.Clock, context.Options.MemoryLimit))
            new EtlRunner(connection, context.Clock, "bench").LoadFile(files[0].Path);
        context.Out.WriteLine($"reference: the first year ({files[0].Rows:N0} households) loads in {seed.Elapsed.TotalSeconds:F1} s with no clients");

        var key = ApiKeyOptions.NewKey();
        var options = new ServeOptions
        {
            Listen = "http://127.0.0.1:0", Inbox = inbox, Archive = Path.Combine(work, "archive"), Quarantine = Path.Combine(work, "quarantine"),
            Outbox = Path.Combine(work, "outbox"), Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null },
            QuietSeconds = 0, RefreshForecasts = false, Keys = [new ApiKeyOptions("bench-admin", ApiKeyOptions.Hash(key), Role.Admin, null)],
            QueryTimeoutSeconds = HostileTimeoutSeconds,
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]).Build();
        await using var app = ServeHost.Build(new ServeSettings(mart, options, configuration, context.Clock, context.Options.MemoryLimit));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        context.Out.WriteLine($"service on {http.BaseAddress}, mart with {files[0].Rows:N0} households; {clients} clients");

        var pool = app.Services.GetRequiredService<QueryWorkerPool>();
        var gate = app.Services.GetRequiredService<MartGate>();
        var single = await Isolation(http, gate, TimeSpan.FromSeconds(Math.Min(seconds, 10)));
        var leaders = await Phase(http, clients, 0, withQueries: false, TimeSpan.FromSeconds(seconds), until: null);
        var hostileClients = Math.Max(2, clients / 2);
        var hostile = await Phase(http, clients, hostileClients, withQueries: false, TimeSpan.FromSeconds(seconds * 2), until: null);
        context.Out.WriteLine($"hostile phase: {hostileClients} officers' clients; {pool.Stopped} worker(s) replaced after a limit; " +
                              $"service memory {Environment.WorkingSet / (1024 * 1024)} MB");
        var idle = await Phase(http, clients, 0, withQueries: true, TimeSpan.FromSeconds(seconds), until: null);
        Directory.CreateDirectory(inbox);
        File.Copy(files[1].Path, Path.Combine(inbox, Path.GetFileName(files[1].Path)));
        var load = Stopwatch.StartNew();
        (await http.PostAsync("/api/jobs/inbox/run", null)).EnsureSuccessStatusCode();
        var loading = await Phase(http, clients, 0, withQueries: true, TimeSpan.FromSeconds(seconds * 4), until: () => Loaded(work));
        context.Out.WriteLine($"load of {files[1].Rows:N0} households took {load.Elapsed.TotalSeconds:F1} s while the clients ran");
        await app.StopAsync();

        context.Out.WriteLine();
        context.Out.WriteLine("| phase | endpoint | requests | req/s | p50 ms | p99 ms | max ms | p50 ÷ reference | 503 retry | 4xx | other errors |");
        context.Out.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        context.Out.WriteLine(Row("1 client (reference)", "aggregate in the service", single, "in-process", single.Samples["in-process"]));
        context.Out.WriteLine(Row("1 client", "aggregate in a worker", single, "query", single.Samples["in-process"]));
        foreach (var (name, phase, reference) in new[]
                 {
                     ("leaders alone (reference)", leaders, leaders), ("leaders beside hostile officers", hostile, leaders),
                     ("mixed, idle (reference)", idle, idle), ("mixed, during ETL load", loading, idle),
                 })
            foreach (var endpoint in phase.Samples.Keys.Order(StringComparer.Ordinal))
                context.Out.WriteLine(Row(name, endpoint, phase, endpoint, reference.Samples.GetValueOrDefault(endpoint)));
        return Cli.Ok;
    }

    private static bool Loaded(string work) =>
        Directory.Exists(Path.Combine(work, "archive")) && Directory.EnumerateFiles(Path.Combine(work, "archive"), "*.csv", SearchOption.AllDirectories).Any();

    private sealed record Sample(double Ms, int Status);

    private sealed record PhaseResult(TimeSpan Elapsed, Dictionary<string, List<Sample>> Samples);

    /// <summary>
    /// One client, in turn: the officer's aggregate through <c>POST /api/query</c> (checked, sent to a
    /// worker, run on a fresh instance) and the same SQL on the service's own instance — what
    /// isolation costs a statement on an idle machine.
    /// </summary>
    private static async Task<PhaseResult> Isolation(HttpClient http, MartGate gate, TimeSpan limit)
    {
        var samples = new Dictionary<string, List<Sample>>(StringComparer.Ordinal) { ["in-process"] = [], ["query"] = [] };
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < limit)
        {
            var started = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsJsonAsync("/api/query", new { sql = QuerySql }))
            {
                await response.Content.ReadAsByteArrayAsync();
                samples["query"].Add(new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)response.StatusCode));
            }
            started = Stopwatch.GetTimestamp();
            gate.Read(c => c.Read<WardYearPoor>(QuerySql).Count);
            samples["in-process"].Add(new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, 200));
        }
        return new PhaseResult(watch.Elapsed, samples);
    }

    /// <summary>
    /// <paramref name="clients"/> clients in turn on groups, health and (<paramref name="withQueries"/>)
    /// an officer's aggregate; <paramref name="hostileClients"/> more send <see cref="Hostile"/>.
    /// </summary>
    private static async Task<PhaseResult> Phase(HttpClient http, int clients, int hostileClients, bool withQueries, TimeSpan limit, Func<bool>? until)
    {
        var samples = new Dictionary<string, List<Sample>>(StringComparer.Ordinal);
        var watch = Stopwatch.StartNew();
        var done = false;
        async Task Client(int id, bool attacker)
        {
            for (var i = 0; !Volatile.Read(ref done) && watch.Elapsed < limit && i < 100_000; i++)
            {
                var endpoint = attacker ? "hostile query" : ((i + id) % (withQueries ? 3 : 2)) switch { 0 => "groups", 1 => "health", _ => "query" };
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = endpoint switch
                    {
                        "groups" => await http.GetAsync(GroupsPath),
                        "health" => await http.GetAsync("/health"),
                        "query" => await http.PostAsJsonAsync("/api/query", new { sql = QuerySql }),
                        _ => await http.PostAsJsonAsync("/api/query", new { sql = Hostile[(i + id) % Hostile.Length] }),
                    };
                    await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                    if (status == 503) await Task.Delay(200); // a well-behaved client backs off
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                var sample = new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, status);
                lock (samples)
                {
                    if (!samples.TryGetValue(endpoint, out var list)) samples[endpoint] = list = [];
                    list.Add(sample);
                }
            }
        }
        var tasks = Enumerable.Range(0, clients).Select(id => Client(id, false))
            .Concat(Enumerable.Range(0, hostileClients).Select(id => Client(id, true))).ToList();
        if (until is not null)
        {
            while (!until() && watch.Elapsed < limit) await Task.Delay(100);
            Volatile.Write(ref done, true);
        }
        await Task.WhenAll(tasks);
        return new PhaseResult(watch.Elapsed, samples);
    }

    private static string Row(string phase, string label, PhaseResult result, string endpoint, List<Sample>? reference)
    {
        var samples = result.Samples[endpoint];
        static List<double> Ok(List<Sample> s) => s.Where(x => x.Status is >= 200 and < 300).Select(x => x.Ms).Order().ToList();
        static double Quantile(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
        var ok = Ok(samples);
        var baseline = reference is null ? [] : Ok(reference);
        static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        string P(double q) => ok.Count == 0 ? "–" : F(Quantile(ok, q));
        var ratio = ok.Count == 0 || baseline.Count == 0 ? "–" : (Quantile(ok, 0.5) / Quantile(baseline, 0.5)).ToString("F2", CultureInfo.InvariantCulture) + "×";
        var retry = samples.Count(s => s.Status == 503);
        var refused = samples.Count(s => s.Status is >= 400 and < 500);
        var other = samples.Count(s => s.Status is not (>= 200 and < 300) and not 503 and not (>= 400 and < 500));
        return $"| {phase} | {label} | {samples.Count:N0} | {F(samples.Count / result.Elapsed.TotalSeconds)} | {P(0.50)} | {P(0.99)} | " +
               $"{(ok.Count == 0 ? "–" : F(ok[^1]))} | {ratio} | {retry:N0} | {refused:N0} | {other:N0} |";
    }

    private sealed record WardYearPoor
    {
        public required string WardCode { get; init; }
        public int ReviewYear { get; init; }
        public long Poor { get; init; }
        public long Households { get; init; }
    }
}
