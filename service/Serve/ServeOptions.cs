using Microsoft.Extensions.Configuration;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// How `disu serve` runs, bound from the <c>Disu:Serve</c> section of appsettings.json,
/// <c>DISU__Serve__*</c> environment variables and the command's flags (in rising order of precedence).
/// Relative folders are resolved against the working directory.
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

    public static ServeOptions Bind(IConfiguration configuration)
    {
        var options = new ServeOptions();
        var section = configuration.GetSection(Section);
        var schedules = section.GetSection("Schedules");
        return options with
        {
            Listen = section["Listen"] ?? options.Listen,
            Inbox = section["Inbox"] ?? options.Inbox,
            Archive = section["Archive"] ?? options.Archive,
            Quarantine = section["Quarantine"] ?? options.Quarantine,
            Outbox = section["Outbox"] ?? options.Outbox,
            TimeZone = section["TimeZone"] ?? options.TimeZone,
            Schedules = new JobSchedules
            {
                Inbox = schedules["Inbox"] ?? options.Schedules.Inbox,
                Briefing = schedules["Briefing"] ?? options.Schedules.Briefing,
                Appendix = schedules["Appendix"] ?? options.Schedules.Appendix,
                Trend = schedules["Trend"] ?? options.Schedules.Trend,
            },
            QuietSeconds = section.GetValue(nameof(QuietSeconds), options.QuietSeconds),
            MaxAttempts = section.GetValue(nameof(MaxAttempts), options.MaxAttempts),
            WriterPatienceSeconds = section.GetValue(nameof(WriterPatienceSeconds), options.WriterPatienceSeconds),
            ReaderPatienceSeconds = section.GetValue(nameof(ReaderPatienceSeconds), options.ReaderPatienceSeconds),
            QueryRowCap = section.GetValue(nameof(QueryRowCap), options.QueryRowCap),
            QueryTimeoutSeconds = section.GetValue(nameof(QueryTimeoutSeconds), options.QueryTimeoutSeconds),
            QueryResponseLimitMb = section.GetValue(nameof(QueryResponseLimitMb), options.QueryResponseLimitMb),
            QueryWorkers = section.GetValue(nameof(QueryWorkers), options.QueryWorkers),
            QueryQueueSeconds = section.GetValue(nameof(QueryQueueSeconds), options.QueryQueueSeconds),
            QueryThreads = section.GetValue(nameof(QueryThreads), options.QueryThreads),
            QueryMemoryLimitMb = section.GetValue(nameof(QueryMemoryLimitMb), options.QueryMemoryLimitMb),
            QueryWorkerMemoryMb = section.GetValue(nameof(QueryWorkerMemoryMb), options.QueryWorkerMemoryMb),
            QueryTempLimitMb = section.GetValue(nameof(QueryTempLimitMb), options.QueryTempLimitMb),
            UploadLimitMb = section.GetValue(nameof(UploadLimitMb), options.UploadLimitMb),
            RefreshForecasts = section.GetValue(nameof(RefreshForecasts), options.RefreshForecasts),
            ForecastSeed = section.GetValue(nameof(ForecastSeed), options.ForecastSeed),
            ReportFormats = section.GetSection(nameof(ReportFormats)).Get<string[]>() ?? options.ReportFormats,
            Keys = section.GetSection(nameof(Keys)).GetChildren().Select(ApiKeyOptions.Bind).ToList(),
        };
    }

    /// <summary>States every rule a setting breaks, so that the service refuses to start rather than misbehave later.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(Listen, UriKind.Absolute, out var listen) || listen.Scheme is not ("http" or "https"))
            problems.Add($"Listen '{Listen}' must be an http:// or https:// address such as http://127.0.0.1:5080");
        foreach (var (name, cron) in Schedules.All)
            if (!string.IsNullOrWhiteSpace(cron) && !Quartz.CronExpression.TryParse(cron, out _))
                problems.Add($"Schedules:{char.ToUpperInvariant(name[0])}{name[1..]} '{cron}' is not a Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. '0 * * * * ?' for every minute");
        try { TimeZoneInfo.FindSystemTimeZoneById(TimeZone); }
        catch (TimeZoneNotFoundException) { problems.Add($"TimeZone '{TimeZone}' is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)"); }
        if (QuietSeconds is < 0 or > 3600) problems.Add($"QuietSeconds {QuietSeconds} must be between 0 and 3600");
        if (MaxAttempts is < 1 or > 100) problems.Add($"MaxAttempts {MaxAttempts} must be between 1 and 100");
        if (WriterPatienceSeconds is < 1 or > 3600) problems.Add($"WriterPatienceSeconds {WriterPatienceSeconds} must be between 1 and 3600");
        if (ReaderPatienceSeconds is < 0 or > 300) problems.Add($"ReaderPatienceSeconds {ReaderPatienceSeconds} must be between 0 and 300");
        if (QueryRowCap is < 1 or > 1_000_000) problems.Add($"QueryRowCap {QueryRowCap} must be between 1 and 1000000");
        if (QueryTimeoutSeconds is < 1 or > 3600) problems.Add($"QueryTimeoutSeconds {QueryTimeoutSeconds} must be between 1 and 3600");
        if (QueryResponseLimitMb is < 1 or > 1024) problems.Add($"QueryResponseLimitMb {QueryResponseLimitMb} must be between 1 and 1024");
        if (QueryWorkers is < 1 or > 64) problems.Add($"QueryWorkers {QueryWorkers} must be between 1 and 64");
        if (QueryQueueSeconds is < 0 or > 300) problems.Add($"QueryQueueSeconds {QueryQueueSeconds} must be between 0 and 300");
        if (QueryThreads is < 1 or > 256) problems.Add($"QueryThreads {QueryThreads} must be between 1 and 256");
        if (QueryMemoryLimitMb is < 64 or > 1_048_576) problems.Add($"QueryMemoryLimitMb {QueryMemoryLimitMb} must be between 64 and 1048576");
        if (QueryWorkerMemoryMb < QueryMemoryLimitMb + 256 || QueryWorkerMemoryMb > 1_048_576)
            problems.Add($"QueryWorkerMemoryMb {QueryWorkerMemoryMb} must be at least QueryMemoryLimitMb + 256 ({QueryMemoryLimitMb + 256}): a worker needs room besides DuckDB's budget");
        if (QueryTempLimitMb is < 0 or > 16_777_216) problems.Add($"QueryTempLimitMb {QueryTempLimitMb} must be between 0 and 16777216");
        if (UploadLimitMb is < 1 or > 16_384) problems.Add($"UploadLimitMb {UploadLimitMb} must be between 1 and 16384");
        foreach (var format in ReportFormats)
            if (format.Trim().ToLowerInvariant() is not ("pdf" or "xlsx" or "csv"))
                problems.Add($"ReportFormats: '{format}' must be pdf, xlsx or csv");
        problems.AddRange(Keys.SelectMany(k => k.Problems()));
        foreach (var duplicate in Keys.GroupBy(k => k.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
            problems.Add($"Keys: id '{duplicate.Key}' is used {duplicate.Count()} times; each key needs its own id (it names the key in the audit log)");
        return problems;
    }

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
