using System.Net.Http.Headers;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// `disu serve` on a free 127.0.0.1 port over a real two-ward mart in a temp folder (wards DISU
/// and NHAN, review years 2023–2024), with one key per role, unrestricted and restricted to DISU.
/// Schedules are off unless given: tests trigger jobs themselves.
/// </summary>
public sealed class TestService : IAsyncDisposable
{
    public const string WardA = "DISU";
    public const string WardB = "NHAN";

    private readonly WebApplication app;

    /// <summary>Keys by name: "leader", "planner", "officer", "admin", and "leader@DISU" … for keys restricted to ward A.</summary>
    public IReadOnlyDictionary<string, string> Keys { get; }

    public TempFolder Folder { get; }
    public string MartPath { get; }
    public ServeOptions Options { get; }
    public Uri BaseAddress { get; }
    public InMemoryLogs Logs { get; } = new();
    public IServiceProvider Services => app.Services;

    private TestService(TempFolder folder, string martPath, ServeOptions options, Dictionary<string, string> keys, WebApplication app, Uri address)
    {
        Folder = folder;
        MartPath = martPath;
        Options = options;
        Keys = keys;
        this.app = app;
        BaseAddress = address;
    }

    /// <param name="copyOf">A mart file (closed or checkpointed) the service runs on a copy of, instead of the seeded two-ward mart.</param>
    public static async Task<TestService> Start(Func<ServeOptions, ServeOptions>? configure = null, Action<string, EtlRunner>? seed = null, TimeProvider? clock = null,
        string? copyOf = null)
    {
        var folder = new TempFolder();
        var mart = folder.File("mart.duckdb");
        // The seeded two-ward mart is built once per test run and copied: seeding costs more than most API tests.
        if (copyOf is null && seed is null && clock is null) copyOf = SeededTemplate.Value;
        if (copyOf is not null) File.Copy(copyOf, mart);
        clock ??= new FakeTimeProvider(new DateTimeOffset(2025, 1, 10, 1, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        using (var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(mart, clock))
        {
            var runner = new EtlRunner(connection, clock, "tests");
            if (seed is not null) seed(folder.Path, runner);
            else if (copyOf is null) SeedTwoWards(folder, runner);
        }
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        var entries = new List<ApiKeyOptions>();
        foreach (var role in Enum.GetValues<Role>())
        {
            var name = role.ToString().ToLowerInvariant();
            keys[name] = ApiKeyOptions.NewKey();
            entries.Add(new ApiKeyOptions("test-" + name, ApiKeyOptions.Hash(keys[name]), role, null));
            keys[name + "@" + WardA] = ApiKeyOptions.NewKey();
            entries.Add(new ApiKeyOptions("test-" + name + "-" + WardA, ApiKeyOptions.Hash(keys[name + "@" + WardA]), role, WardA));
        }
        var options = new ServeOptions
        {
            Listen = "http://127.0.0.1:0",
            Inbox = folder.File("inbox"), Archive = folder.File("archive"), Quarantine = folder.File("quarantine"), Outbox = folder.File("outbox"),
            Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null },
            QuietSeconds = 0, RefreshForecasts = false, WriterPatienceSeconds = 10, ReaderPatienceSeconds = 2,
            Keys = entries,
        };
        options = configure?.Invoke(options) ?? options;
        var logs = new InMemoryLogs();
        var settings = new ServeSettings(mart, options, new ConfigurationBuilder().Build(), clock, "512MB")
        {
            // Into memory for the tests to read, and not onto the console of the test run as well.
            Logging = l => l.ClearProviders().AddProvider(logs),
        };
        var app = ServeHost.Build(settings);
        await app.StartAsync();
        var address = new Uri(app.Urls.First());
        var service = new TestService(folder, mart, options, keys, app, address);
        service.Logs.Attach(logs);
        return service;
    }

    private static readonly Lazy<string> SeededTemplate = new(() =>
    {
        var folder = new TempFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        var path = folder.File("seeded.duckdb");
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 10, 1, 0, 0, TimeSpan.Zero)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        SeedTwoWards(folder, new EtlRunner(connection, clock, "tests"));
        return path;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Two wards × two years; ward B's household ids start with "NHAN-" so that a leak is easy to find.</summary>
    public static void SeedTwoWards(TempFolder folder, EtlRunner runner)
    {
        foreach (var year in new[] { 2023, 2024 })
        {
            var rows = new List<SnapshotRow>();
            for (var i = 0; i < 40; i++)
            {
                var a = new SnapshotRow($"DISU-{i:D3}", year).InGroup(i % 2 == 0 ? "TDP01" : "TDP02", i % 2 == 0 ? "Tổ dân phố Nhân Vinh" : "Tổ dân phố Dị Sử");
                rows.Add(i % 10 == (year - 2023) ? a.Poor() : i % 7 == 0 ? a.NearPoor() : a.NotPoor());
                var b = new SnapshotRow($"NHAN-{i:D3}", year).InWard(WardB, "Phường Nhân Hòa").InGroup("TDP09", "Tổ dân phố Nhân Hòa");
                rows.Add(i % 5 == 0 ? b.Poor() : b.NotPoor());
            }
            var result = runner.LoadFile(SnapshotCsv.Write(folder.File($"households_{year}.csv"), rows));
            if (result.Outcome != LoadOutcome.Loaded) throw new InvalidOperationException($"test data did not load: {result.Message}");
        }
    }

    public HttpClient Client(string? key = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        if (key is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys[key]);
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        Folder.Dispose();
    }
}

/// <summary>Every log line the service wrote, to check what must never be in a log.</summary>
public sealed class InMemoryLogs : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();
    private InMemoryLogs? inner;

    public IReadOnlyList<string> Lines => (inner ?? this).lines.ToList();

    internal void Attach(InMemoryLogs source) => inner = source;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    private sealed class Logger(InMemoryLogs owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)}{(exception is null ? "" : " " + exception)}");
    }
}
