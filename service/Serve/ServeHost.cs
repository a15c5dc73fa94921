using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Service.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DiSu.Analytics.Service.Serve;

/// <summary>Everything `disu serve` is started with; tests pass their own clock, folders and port.</summary>
public sealed record ServeSettings(string MartPath, ServeOptions Options, IConfiguration Configuration, TimeProvider Clock, string MemoryLimit)
{
    /// <summary>Extra logging set-up (tests capture logs to check that no household data is written).</summary>
    public Action<ILoggingBuilder>? Logging { get; init; }
}

/// <summary>The generic host of `disu serve`: Kestrel with the HTTP API, the Quartz scheduler and the jobs.</summary>
public static class ServeHost
{
    public const string Group = "disu";

    public static JobKey JobKeyOf(string job) => new(job, Group);

    /// <summary>Log levels under whatever the configuration sets (appsettings.json ships the same): the web host's and the scheduler's chatter only from Warning.</summary>
    public static IReadOnlyDictionary<string, string?> DefaultLogLevels { get; } = new Dictionary<string, string?>(StringComparer.Ordinal)
    {
        ["Logging:LogLevel:Default"] = "Information",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        ["Logging:LogLevel:Quartz"] = "Warning",
    };

    public static WebApplication Build(ServeSettings settings)
    {
        var options = settings.Options;
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = Directory.GetCurrentDirectory() });
        // One configuration (DisuConfiguration): the host's own sources (appsettings.json in the working
        // folder, unprefixed environment variables) would be a second one, read by logging and Kestrel.
        builder.Configuration.Sources.Clear();
        builder.Configuration.AddInMemoryCollection(DefaultLogLevels);
        builder.Configuration.AddConfiguration(settings.Configuration);
        // The slim builder leaves HTTPS out: without this an https:// Listen (Kestrel:Certificates:…) does not start.
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = (long)options.UploadLimitMb * 1024 * 1024 + 64 * 1024);
        builder.Host.UseSystemd();
        builder.Host.ConfigureHostOptions(h => h.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.Logging.ClearProviders();
        builder.Logging.AddConfiguration(settings.Configuration.GetSection("Logging"));
        builder.Logging.AddJsonConsole(j =>
        {
            j.UseUtcTimestamp = true;
            j.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
            j.JsonWriterOptions = new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        });
        settings.Logging?.Invoke(builder.Logging);

        var services = builder.Services;
        services.AddSingleton(settings.Clock);
        services.AddSettledOptions<ServeOptions, ServeOptionsValidator>(options);
        services.AddSingleton(settings);
        services.AddSingleton(sp => new MartGate(settings.MartPath, settings.Clock, TimeSpan.FromSeconds(options.WriterPatienceSeconds),
            TimeSpan.FromSeconds(options.ReaderPatienceSeconds), sp.GetRequiredService<ILogger<MartGate>>(), settings.MemoryLimit));
        services.AddSingleton<DiSu.Analytics.Service.Web.PageCache>();
        services.AddSingleton(new InboxScanner(options.Inbox, TimeSpan.FromSeconds(options.QuietSeconds), settings.Clock));
        services.AddSingleton(new OutboxWriter(options.Outbox, options.ReportFormats.Select(ReportFiles.ParseFormat).Distinct().ToList(), settings.Clock));
        services.AddSingleton(sp => new QueryWorkerPool(QueryWorkerLimits.From(options), sp.GetRequiredService<ILogger<QueryWorkerPool>>()));
        services.AddSingleton<JobBoard>();
        services.AddSingleton<Web.UploadNotices>();
        services.AddSingleton<InboxLoads>();
        services.AddSingleton<InboxForecast>();
        services.AddSingleton<InboxReports>();
        services.AddSingleton<InboxPipeline>();
        services.AddSingleton<ReportJob>();
        services.AddQuartz(q => AddJobs(q, options, settings.Clock));
        services.AddQuartzHostedService(q => q.WaitForJobsToComplete = true);
        services.AddHostedService<ServeStartup>();
        services.AddApiAccess();
        services.AddWebAccess(options, settings.MartPath, settings.Clock);
        services.AddOfficerQueries();
        services.AddRazorComponents();
        services.AddProblemDetails();
        services.AddApiConventions();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info = new() { Title = "DiSu.Analytics", Version = "v1", Description = "Poverty-reduction analytics of Vietnamese wards: groups, priorities, forecasts, reports, ad hoc SQL, jobs and uploads." };
            return Task.CompletedTask;
        }));

        var app = builder.Build();
        app.Urls.Add(options.Listen);
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseWebAssets();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseWebChecks();
        app.MapOpenApi("/openapi.json");
        app.MapHealth();
        app.MapDisuApi();
        app.MapWeb();
        return app;
    }

    /// <summary>
    /// The scheduler as the service runs it: its clock, its threads, the jobs and their cron triggers.
    /// Apart from Build so that tests can run the same triggers on a fake clock.
    /// </summary>
    public static void AddJobs(IQuartzBuilder q, ServeOptions options, TimeProvider clock)
    {
        q.UseTimeProvider(clock);
        q.UseDefaultThreadPool(2);
        q.AddJob<InboxJob>(j => j.WithIdentity(JobKeyOf(JobNames.Inbox)).StoreDurably().WithDescription("Load ready files from the inbox"));
        foreach (var kind in new[] { JobNames.Briefing, JobNames.Appendix, JobNames.Trend })
            q.AddJob<ReportJob>(j => j.WithIdentity(JobKeyOf(kind)).StoreDurably().UsingJobData(ReportJob.KindKey, kind).WithDescription($"Write every ward's {kind} into the outbox"));
        foreach (var (job, cron) in options.Schedules.All)
        {
            if (string.IsNullOrWhiteSpace(cron)) continue;
            q.AddTrigger(t => t.ForJob(JobKeyOf(job)).WithIdentity(job + "-schedule", Group)
                // After downtime or a long run, a missed fire runs once, then the schedule proceeds.
                .WithSchedule(CronScheduleBuilder.Create(cron).InTimeZone(options.Zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed)));
        }
    }

    /// <summary>
    /// GET /health needs no key. Without an admin key it shows no paths and no ward codes: the
    /// mart's path is null and the messages are masked (<see cref="PublicMask"/>); an admin key
    /// sees them as they are.
    /// </summary>
    private static void MapHealth(this WebApplication app)
    {
        var mask = new PublicMask(app.Services.GetRequiredService<ServeSettings>().MartPath, app.Services.GetRequiredService<ServeOptions>());
        // The wards seen at the last read: a mart that cannot be read now still has its codes masked.
        IReadOnlyList<string> wards = [];
        app.MapGet("/health", async (HttpContext http, MartGate gate, JobBoard board, ISchedulerFactory schedulers, TimeProvider clock, CancellationToken ct) =>
        {
            var admin = http.User.Identity?.IsAuthenticated == true && Caller.From(http.User).Allows(Role.Admin);
            var path = admin ? gate.MartPath : null;
            object mart;
            var reachable = true;
            DateTimeOffset? lastLoad = null;
            string? error = null;
            try
            {
                (mart, lastLoad, wards) = gate.Read(c => ((object)new { reachable = true, path, writing = gate.Writing,
                    schema_version = DiSu.Analytics.Mart.MartMigrator.CurrentVersion(c) }, JobRuns.LastLoad(c),
                    (IReadOnlyList<string>)c.Read<WardCodeRow>("SELECT DISTINCT ward_code FROM geo_year").Select(r => r.WardCode).ToList()), ct);
            }
            catch (DiSu.Analytics.Mart.MartException e)
            {
                reachable = false;
                error = e.English();
                mart = new { reachable, path, writing = gate.Writing, error = Shown(e.English()) };
            }
            string? Shown(string? text) => admin ? text : mask.Apply(text, wards);
            var scheduler = await schedulers.GetScheduler(ct);
            var problems = board.Troubled.Select(j => Shown($"{j.Job}: {j.LastOutcome}: {j.LastMessage}")!).ToList();
            if (error is not null) problems.Insert(0, "mart: " + Shown(error));
            var jobs = new List<object>();
            foreach (var job in JobNames.All)
            {
                var trigger = await scheduler.GetTrigger(new TriggerKey(job + "-schedule", Group), ct);
                var state = board[job];
                jobs.Add(new { job, next_run = trigger?.NextFireTimeUtc, running = state?.Running ?? false,
                    last_outcome = state?.LastOutcome, last_ended = state?.LastEnded, last_message = Shown(state?.LastMessage) });
            }
            var status = problems.Count == 0 ? "ok" : !reachable && !gate.Writing ? "unhealthy" : "degraded";
            var body = new
            {
                status, checked_at = clock.GetUtcNow(), mart, last_load = lastLoad,
                scheduler = new { running = scheduler.Status == SchedulerStatus.Running, state = scheduler.Status.ToString().ToLowerInvariant(), last_inbox_scan = board.LastInboxScan, jobs },
                problems,
            };
            return Results.Json(body, statusCode: status == "unhealthy" ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status200OK);
        }).WithName("Health").WithSummary("Is the mart reachable, when was the last load, is the scheduler running, what failed lately")
            .WithDescription("No key needed. Paths and ward codes in it are shown only to an admin key; otherwise they read [mart], [outbox], … [path] and [ward].")
            .AllowAnonymous();
    }

    private sealed record WardCodeRow { public required string WardCode { get; init; } }
}
