using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DiSu.Analytics.Service.Serve;

/// <summary>Whether a cron job missed a run while the service was down: then it runs once, however many runs were missed.</summary>
public static class MissedRuns
{
    public static bool WasMissed(string cron, TimeZoneInfo zone, DateTimeOffset? lastStart, DateTimeOffset now)
    {
        if (lastStart is null) return false; // never run: nothing was missed, the schedule starts now
        var expression = new CronExpression(cron, zone);
        var next = expression.GetNextValidTimeAfter(lastStart.Value);
        return next is not null && next.Value < now;
    }
}

/// <summary>
/// On start: opens the mart for writing once (creating or upgrading it), closes runs a killed
/// service left 'running', then catches up missed scheduled runs once each and looks at the inbox.
/// </summary>
public sealed class ServeStartup(MartGate gate, ISchedulerFactory schedulers, ServeOptions options, TimeProvider clock, ILogger<ServeStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Ward sandboxes and query workers' spill files of a service that died hold household data: gone before anything else.
        var swept = SandboxFolders.SweepAbandoned();
        if (swept > 0) log.LogInformation("Removed {Folders} sandbox folder(s) left by processes that ended without cleaning up", swept);
        var history = await Task.Run(() => History(cancellationToken), cancellationToken);

        var scheduler = await schedulers.GetScheduler(cancellationToken);
        var now = clock.GetUtcNow();
        foreach (var (job, cron) in options.Schedules.All)
        {
            if (string.IsNullOrWhiteSpace(cron) || !MissedRuns.WasMissed(cron, options.Zone, history[job], now)) continue;
            log.LogInformation("Job {Job} missed its schedule while the service was down (last run {LastRun:O}); running it once now", job, history[job]);
            await scheduler.TriggerJob(ServeHost.JobKeyOf(job), new JobDataMap { [JobTriggers.DataKey] = JobTriggers.CatchUp }, cancellationToken);
        }
        if (options.Schedules.Inbox is { Length: > 0 } && !MissedRuns.WasMissed(options.Schedules.Inbox, options.Zone, history[JobNames.Inbox], now))
            await scheduler.TriggerJob(ServeHost.JobKeyOf(JobNames.Inbox), new JobDataMap { [JobTriggers.DataKey] = JobTriggers.Startup }, cancellationToken);
    }

    /// <summary>
    /// Each job's last scheduled start. Read while holding the mart for writing, which also creates
    /// or upgrades it and closes runs a killed service left 'running'. If another process reads the
    /// mart just now, the service starts anyway (no restart loop over an officer's open shell): the
    /// history is read read-only and the next inbox run closes stale runs.
    /// </summary>
    private Dictionary<string, DateTimeOffset?> History(CancellationToken cancellationToken)
    {
        Dictionary<string, DateTimeOffset?> Read(DuckDB.NET.Data.DuckDBConnection connection) =>
            options.Schedules.All.ToDictionary(j => j.Job, j => JobRuns.LastScheduledStart(connection, j.Job));
        try
        {
            return gate.Write(connection =>
            {
                var interrupted = JobRuns.CloseInterrupted(connection, clock.GetUtcNow());
                if (interrupted > 0) log.LogWarning("{Count} job run(s) were cut short by the last stop; recorded as interrupted", interrupted);
                return Read(connection);
            }, cancellationToken);
        }
        catch (MartBusyException e)
        {
            log.LogWarning("Starting without opening the mart for writing: {Reason}", e.English());
            return gate.Read(Read, cancellationToken);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
