using System.Collections.Concurrent;
using System.Text.Json;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// The service's mart and folders in a temp folder that outlive one host, so that a test can stop
/// `disu serve` (or kill it) and start it again over the same files. The mart starts as
/// <see cref="TestService"/>'s two wards. Schedules are off unless given: tests run the inbox job
/// themselves (<see cref="RunInbox"/>), on a fake clock that only moves when told (plus 1 ms a reading,
/// so that what the mart stamps stays in order).
/// </summary>
public sealed class ServeRig : IAsyncDisposable
{
    public static readonly DateTimeOffset Epoch = new(2025, 1, 10, 1, 0, 0, TimeSpan.Zero);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<IJobExecutionContext>> waiting = new(StringComparer.Ordinal);
    private WebApplication? app;

    private ServeRig() { }

    public TempFolder Folder { get; } = new();
    public FakeTimeProvider Clock { get; } = new(Epoch) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
    public string MartPath => Folder.File("mart.duckdb");
    public string Inbox => Folder.File("inbox");
    public string Archive => Folder.File("archive");
    public string Quarantine => Folder.File("quarantine");
    public string Outbox => Folder.File("outbox");
    public ServeOptions Options { get; private set; } = new();
    public InMemoryLogs Logs { get; private set; } = new();
    public Uri? BaseAddress { get; private set; }
    public IServiceProvider Services => (app ?? throw new InvalidOperationException("the service is not running")).Services;

    /// <summary>The two-ward mart, seeded once per test run and copied into each rig (seeding takes longer than copying).</summary>
    private static readonly Lazy<string> Template = new(() =>
    {
        var folder = new TempFolder();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => folder.Dispose();
        var path = folder.File("template.duckdb");
        var clock = new FakeTimeProvider(Epoch - TimeSpan.FromDays(1)) { AutoAdvanceAmount = TimeSpan.FromMilliseconds(1) };
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock);
        TestService.SeedTwoWards(folder, new EtlRunner(connection, clock, "tests"));
        return path;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>A rig over the two-ward mart; <paramref name="prepare"/> may change the mart before any service sees it.</summary>
    public static ServeRig Create(Action<DuckDBConnection>? prepare = null)
    {
        var rig = new ServeRig();
        File.Copy(Template.Value, rig.MartPath);
        if (prepare is null) return rig;
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(rig.MartPath, rig.Clock);
        prepare(connection);
        return rig;
    }

    /// <summary>The options a test starts from: the rig's folders, quiet time 0, no schedules, no forecast refresh, CSV reports.</summary>
    public ServeOptions Defaults => new()
    {
        Listen = "http://127.0.0.1:0",
        Inbox = Inbox, Archive = Archive, Quarantine = Quarantine, Outbox = Outbox,
        Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null },
        QuietSeconds = 0, RefreshForecasts = false, ReportFormats = ["csv"], WriterPatienceSeconds = 10, ReaderPatienceSeconds = 2,
    };

    public async Task Start(Func<ServeOptions, ServeOptions>? configure = null, TimeProvider? clock = null)
    {
        if (app is not null) throw new InvalidOperationException("already running");
        Options = configure?.Invoke(Defaults) ?? Defaults;
        Logs = new InMemoryLogs();
        var settings = new ServeSettings(MartPath, Options, new ConfigurationBuilder().Build(), clock ?? Clock, "512MB") { Logging = l => l.ClearProviders().AddProvider(Logs) };
        app = ServeHost.Build(settings);
        var scheduler = await app.Services.GetRequiredService<ISchedulerFactory>().GetScheduler();
        scheduler.ListenerManager.AddJobListener(new Finishes(waiting));
        await app.StartAsync();
        BaseAddress = new Uri(app.Urls.First());
    }

    public async Task Stop()
    {
        if (app is null) return;
        await app.StopAsync();
        await app.DisposeAsync();
        app = null;
    }

    public ValueTask<IScheduler> Scheduler() => Services.GetRequiredService<ISchedulerFactory>().GetScheduler();

    /// <summary>Runs the inbox job through the scheduler, as a schedule would, and waits until that run has ended.</summary>
    public Task RunInbox() => Run(JobNames.Inbox);

    public async Task Run(string job)
    {
        var token = Guid.NewGuid().ToString("N");
        var done = waiting[token] = new TaskCompletionSource<IJobExecutionContext>(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduler = await Scheduler();
        await scheduler.TriggerJob(ServeHost.JobKeyOf(job), new JobDataMap { [Finishes.TokenKey] = token, [JobTriggers.DataKey] = JobTriggers.Manual("test") });
        await done.Task.WaitAsync(TimeSpan.FromSeconds(120));
    }

    /// <summary>Writes a file into the inbox as a copy finished at the rig's "now" (its time stamped on the fake clock).</summary>
    public string Drop(string name, byte[] content)
    {
        Directory.CreateDirectory(Inbox);
        var path = Path.Combine(Inbox, name);
        File.WriteAllBytes(path, content);
        File.SetLastWriteTimeUtc(path, Clock.GetUtcNow().UtcDateTime);
        return path;
    }

    public string Drop(string name, string text) => Drop(name, System.Text.Encoding.UTF8.GetBytes(text));

    /// <summary>A snapshot CSV of <paramref name="rows"/> dropped into the inbox.</summary>
    public string DropSnapshot(string name, IEnumerable<SnapshotRow> rows)
    {
        var staged = SnapshotCsv.Write(Folder.File("staged-" + name), rows);
        return Drop(name, File.ReadAllBytes(staged));
    }

    /// <summary>Reads the mart: through the service's gate while it runs, else from the file.</summary>
    public T Read<T>(Func<DuckDBConnection, T> read)
    {
        if (app is not null) return app.Services.GetRequiredService<MartGate>().Read(read);
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath);
        return read(connection);
    }

    public long Count(string sql, params object?[] args) => Read(c => c.Scalar<long>(sql, args));

    public IReadOnlyList<JobRun> JobRuns(string? job = null) => Read(c => DiSu.Analytics.Service.Serve.JobRuns.Recent(c, 100, job)).Reverse().ToList();

    public async Task<JsonElement> Health()
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        using var body = JsonDocument.Parse(await client.GetStringAsync(new Uri("/health", UriKind.Relative)));
        return body.RootElement.Clone();
    }

    public IReadOnlyList<string> FilesUnder(string folder) =>
        Directory.Exists(folder) ? Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList() : [];

    public async ValueTask DisposeAsync()
    {
        await Stop();
        Folder.Dispose();
    }

    /// <summary>Tells <see cref="Run"/> when the firing it started has ended.</summary>
    private sealed class Finishes(ConcurrentDictionary<string, TaskCompletionSource<IJobExecutionContext>> waiting) : IJobListener
    {
        public const string TokenKey = "test-token";

        public string Name => "test-finishes";

        public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

        public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => Done(context);

        public ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default) => Done(context);

        private ValueTask Done(IJobExecutionContext context)
        {
            if (context.MergedJobDataMap.TryGetString(TokenKey, out var token) && token is not null && waiting.TryRemove(token, out var done))
                done.TrySetResult(context);
            return ValueTask.CompletedTask;
        }
    }
}
