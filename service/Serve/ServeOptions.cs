using Microsoft.Extensions.Configuration;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// How `disu serve` runs: the <c>Disu:Serve</c> section of the configuration (<see cref="DisuConfiguration"/>:
/// appsettings.json, disu.json, <c>DISU__Disu__Serve__*</c> environment variables, then the command's flags),
/// checked by <see cref="ServeOptionsValidator"/>. Relative folders are resolved against the working directory.
/// </summary>
public sealed record ServeOptions
{
    public const string Section = "Disu:Serve";

    public string Listen { get; init; } = "http://127.0.0.1:5080";
    public string Inbox { get; init; } = "data/inbox";
    public string Archive { get; init; } = "data/archive";
    public string Quarantine { get; init; } = "data/quarantine";
    public string Outbox { get; init; } = "data/outbox";

    /// <summary>Cron schedules (Quartz syntax, with seconds) in <see cref="TimeZone"/>. An empty schedule switches the job off.</summary>
    public JobSchedules Schedules { get; init; } = new();

    /// <summary>IANA zone the schedules are read in; the ward works on Vietnam time.</summary>
    public string TimeZone { get; init; } = "Asia/Ho_Chi_Minh";

    /// <summary>A file must stay unchanged (size and time) this long before it is loaded: it may still be being copied.</summary>
    public int QuietSeconds { get; init; } = 10;

    /// <summary>A file whose load fails (not refused: failed, e.g. disk full) this many times goes to quarantine.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>How long a load waits for readers (HTTP or other processes) to let go of the mart before it is deferred to the next run.</summary>
    public int WriterPatienceSeconds { get; init; } = 60;

    /// <summary>How long a read waits for the mart to change hands before it gets "retry in N s".</summary>
    public int ReaderPatienceSeconds { get; init; } = 5;

    /// <summary>POST /api/query: most rows returned, and the longest a query may run.</summary>
    public int QueryRowCap { get; init; } = 10_000;
    public int QueryTimeoutSeconds { get; init; } = 30;

    /// <summary>POST /api/query: the largest answer, in MiB of JSON rows; the rows after that are cut (truncated, with the reason).</summary>
    public int QueryResponseLimitMb { get; init; } = 8;

    /// <summary>Officers' SQL runs in this many worker processes at most, one statement each; more wait up to <see cref="QueryQueueSeconds"/>, then get 503.</summary>
    public int QueryWorkers { get; init; } = 2;
    public int QueryQueueSeconds { get; init; } = 10;

    /// <summary>DuckDB threads per worker: officers' statements leave the other cores to the service.</summary>
    public int QueryThreads { get; init; } = 1;

    /// <summary>DuckDB's memory budget in a worker, in MiB (it spills to disk beyond it, up to <see cref="QueryTempLimitMb"/>).</summary>
    public int QueryMemoryLimitMb { get; init; } = 512;

    /// <summary>A worker's whole memory, in MiB, what functions allocate outside DuckDB's budget included: past it the statement is stopped.</summary>
    public int QueryWorkerMemoryMb { get; init; } = 1024;

    /// <summary>How much a worker's statement may spill to disk, in MiB.</summary>
    public int QueryTempLimitMb { get; init; } = 2048;

    /// <summary>POST /api/files: the largest file accepted, in MiB.</summary>
    public int UploadLimitMb { get; init; } = 256;

    /// <summary>After a load that changed data: retrain and forecast (all wards pooled), then regenerate the wards' reports.</summary>
    public bool RefreshForecasts { get; init; } = true;
    public int ForecastSeed { get; init; } = 20240101;

    /// <summary>Formats written into the outbox.</summary>
    public IReadOnlyList<string> ReportFormats { get; init; } = ["pdf", "xlsx"];

    /// <summary>API keys: only their SHA-256 hashes live here (see `disu serve key`).</summary>
    public IReadOnlyList<ApiKeyOptions> Keys { get; init; } = [];

    /// <summary>
    /// The named users of the web workspace (`disu serve user`): a file of its own, never inside the mart,
    /// so that officers' SQL cannot read the password hashes. Unset: <c>users.json</c> beside the mart.
    /// </summary>
    public string? Users { get; init; }

    /// <summary>A signed-in person unseen this long must sign in again; each request renews it.</summary>
    public int SignInIdleMinutes { get; init; } = 480;

    /// <summary>Wrong passwords in a row that lock a user out, and for how long.</summary>
    public int SignInMaxFailures { get; init; } = 5;
    public int SignInLockoutMinutes { get; init; } = 15;

    /// <summary>Sign-in attempts one client address may make per minute, whichever user it names.</summary>
    public int SignInPerMinute { get; init; } = 10;

    /// <summary>
    /// The record bound from the <c>Disu:Serve</c> section by the configuration binder. A value the binder
    /// cannot read (QuietSeconds = ten) is a <see cref="UsageException"/> naming the key; the rules are
    /// <see cref="ServeOptionsValidator"/>'s.
    /// </summary>
    public static ServeOptions From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        // A list in the configuration replaces the default one: the binder would add to it (pdf, xlsx, pdf, xlsx).
        var start = section.GetSection(nameof(ReportFormats)).GetChildren().Any() ? new ServeOptions { ReportFormats = [] } : new ServeOptions();
        var options = DisuConfiguration.Bind(configuration, Section, start);
        // An entry without an id is still named in the audit log and in the rules it breaks.
        return options with { Keys = [.. options.Keys.Select((k, i) => string.IsNullOrEmpty(k.Id) ? k with { Id = $"(key #{i})" } : k)] };
    }

    /// <summary>The users file: <see cref="Users"/>, else <c>users.json</c> in the mart's folder.</summary>
    public string UsersPath(string martPath) =>
        Path.GetFullPath(string.IsNullOrWhiteSpace(Users) ? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(martPath)) ?? ".", "users.json") : Users);

    public TimeZoneInfo Zone => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
}

/// <summary>The jobs' cron schedules. Defaults: the inbox every minute, the briefing at 06:00 on the 1st of each month, the appendix at 06:00 on 5 January.</summary>
public sealed record JobSchedules
{
    public string? Inbox { get; init; } = "0 * * * * ?";
    public string? Briefing { get; init; } = "0 0 6 1 * ?";
    public string? Appendix { get; init; } = "0 0 6 5 1 ?";
    public string? Trend { get; init; }

    public IEnumerable<(string Job, string? Cron)> All =>
        [(JobNames.Inbox, Inbox), (JobNames.Briefing, Briefing), (JobNames.Appendix, Appendix), (JobNames.Trend, Trend)];
}

public static class JobNames
{
    public const string Inbox = "inbox";
    public const string Briefing = "briefing";
    public const string Appendix = "appendix";
    public const string Trend = "trend";

    public static IReadOnlyList<string> All { get; } = [Inbox, Briefing, Appendix, Trend];
}
