using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Service.Serve;
using Microsoft.Extensions.Configuration;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu bench api`: N concurrent clients on /api/groups and /api/query against `disu serve` on
/// 127.0.0.1, first with the mart idle (the reference), then while the inbox job loads a review
/// year. Bounded in clients, time and requests; reports requests/s, p50/p99 latency and errors.
/// </summary>
internal static class BenchApiCommand
{
    private const string GroupsPath = "/api/groups?ward=P01W0001";
    private const string QuerySql = "SELECT ward_code, review_year, sum(poor) AS poor, sum(households) AS households FROM v_group_year GROUP BY ALL ORDER BY ALL";

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
        };
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Logging:LogLevel:Default", "Warning")]).Build();
        await using var app = ServeHost.Build(new ServeSettings(mart, options, configuration, context.Clock, context.Options.MemoryLimit));
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(120) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        context.Out.WriteLine($"service on {http.BaseAddress}, mart with {files[0].Rows:N0} households; {clients} clients");

        var idle = await Phase(http, clients, TimeSpan.FromSeconds(seconds), until: null);
        Directory.CreateDirectory(inbox);
        File.Copy(files[1].Path, Path.Combine(inbox, Path.GetFileName(files[1].Path)));
        var load = Stopwatch.StartNew();
        (await http.PostAsync("/api/jobs/inbox/run", null)).EnsureSuccessStatusCode();
        var loading = await Phase(http, clients, TimeSpan.FromSeconds(seconds * 4), until: () => Loaded(work));
        context.Out.WriteLine($"load of {files[1].Rows:N0} households took {load.Elapsed.TotalSeconds:F1} s while the clients ran");
        await app.StopAsync();

        context.Out.WriteLine();
        context.Out.WriteLine("| phase | endpoint | requests | req/s | p50 ms | p99 ms | max ms | 503 retry | other errors |");
        context.Out.WriteLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, phase) in new[] { ("idle (reference)", idle), ("during ETL load", loading) })
            foreach (var endpoint in new[] { "groups", "query" })
                context.Out.WriteLine(Row(name, endpoint, phase, endpoint == "groups" ? phase.Groups : phase.Query));
        return Cli.Ok;
    }

    private static bool Loaded(string work) =>
        Directory.Exists(Path.Combine(work, "archive")) && Directory.EnumerateFiles(Path.Combine(work, "archive"), "*.csv", SearchOption.AllDirectories).Any();

    private sealed record Sample(double Ms, int Status);

    private sealed record PhaseResult(TimeSpan Elapsed, List<Sample> Groups, List<Sample> Query);

    private static async Task<PhaseResult> Phase(HttpClient http, int clients, TimeSpan limit, Func<bool>? until)
    {
        var groups = new List<Sample>();
        var query = new List<Sample>();
        var watch = Stopwatch.StartNew();
        var done = false;
        async Task Client(int id)
        {
            for (var i = 0; !Volatile.Read(ref done) && watch.Elapsed < limit && i < 100_000; i++)
            {
                var isQuery = (i + id) % 2 == 1;
                var started = Stopwatch.GetTimestamp();
                int status;
                try
                {
                    using var response = isQuery
                        ? await http.PostAsJsonAsync("/api/query", new { sql = QuerySql })
                        : await http.GetAsync(GroupsPath);
                    await response.Content.ReadAsByteArrayAsync();
                    status = (int)response.StatusCode;
                    if (status == 503) await Task.Delay(200); // a well-behaved client backs off
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                {
                    status = 0;
                }
                var sample = new Sample(Stopwatch.GetElapsedTime(started).TotalMilliseconds, status);
                lock (isQuery ? query : groups) (isQuery ? query : groups).Add(sample);
            }
        }
        var tasks = Enumerable.Range(0, clients).Select(Client).ToList();
        if (until is not null)
        {
            while (!until() && watch.Elapsed < limit) await Task.Delay(100);
            Volatile.Write(ref done, true);
        }
        await Task.WhenAll(tasks);
        return new PhaseResult(watch.Elapsed, groups, query);
    }

    private static string Row(string phase, string endpoint, PhaseResult result, List<Sample> samples)
    {
        var ok = samples.Where(s => s.Status is >= 200 and < 300).Select(s => s.Ms).Order().ToList();
        static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
        string P(double q) => ok.Count == 0 ? "–" : F(ok[Math.Min(ok.Count - 1, (int)Math.Ceiling(q * ok.Count) - 1)]);
        var retry = samples.Count(s => s.Status == 503);
        var other = samples.Count(s => s.Status is not (>= 200 and < 300) and not 503);
        return $"| {phase} | {endpoint} | {samples.Count:N0} | {F(samples.Count / result.Elapsed.TotalSeconds)} | {P(0.50)} | {P(0.99)} | {(ok.Count == 0 ? "–" : F(ok[^1]))} | {retry:N0} | {other:N0} |";
    }
}
