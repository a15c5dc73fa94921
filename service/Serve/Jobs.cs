using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using Microsoft.Extensions.Logging;
using Quartz;

namespace DiSu.Analytics.Service.Serve;

/// <summary>How a run was started, as recorded in job_run.trigger.</summary>
public static class JobTriggers
{
    public const string DataKey = "trigger";
    public const string Schedule = "schedule";
    public const string CatchUp = "catch-up";
    public const string Startup = "startup";
    public const string Recheck = "recheck";

    public static string Manual(string keyId) => "manual:" + keyId;
    public static string Upload(string keyId) => "upload:" + keyId;

    public static string Of(IJobExecutionContext context) =>
        context.MergedJobDataMap.TryGetString(DataKey, out var name) && !string.IsNullOrEmpty(name) ? name : Schedule;
}

/// <summary>
/// Scans the inbox and loads what is ready. Never runs twice at once; a file still settling gets a
/// one-off look when it should be ready, so that a copied file is loaded within one schedule period.
/// </summary>
[DisallowConcurrentExecution]
public sealed class InboxJob(InboxScanner scanner, InboxPipeline pipeline, InboxReports reports, ServeOptions options, JobBoard board, TimeProvider clock, ILogger<InboxJob> log,
    Microsoft.Extensions.Hosting.IHostApplicationLifetime lifetime) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var scan = scanner.Scan();
        board.Scanned();
        foreach (var stray in scan.NotInput)
            Quarantine(stray);
        if (scan.Settling.Count > 0)
            await Recheck(context, scan.Settling.Min(s => s.ReadyAt), cancellationToken);
        if (scan.Ready.Count == 0)
        {
            await Task.Run(() => reports.RetryOwed(JobTriggers.Of(context), cancellationToken), CancellationToken.None);
            return;
        }
        var trigger = JobTriggers.Of(context);
        // Quartz waits for running jobs at shutdown without cancelling them: the host's stop request
        // is what lets a run end after the file in hand instead of loading the whole queue first.
        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, lifetime.ApplicationStopping);
        await Task.Run(() => pipeline.Run(scan.Ready, trigger, stopping.Token), CancellationToken.None);
    }

    private void Quarantine(string file)
    {
        try
        {
            InboxFiles.Quarantine(file, options.Quarantine, clock.GetUtcNow(), null, Message.Of(
                $"'{Path.GetExtension(file)}' không phải tệp dữ liệu đầu vào: hộp thư đến chỉ nhận tệp .csv và .xlsx (xem docs/operations.md)",
                $"'{Path.GetExtension(file)}' is not an input file: the inbox takes .csv and .xlsx files (see docs/operations.md)"), []);
            scanner.Forget(file);
            log.LogWarning("Inbox file {File} is not .csv or .xlsx; moved to quarantine", Path.GetFileName(file));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            log.LogError("Inbox file {File} could not be quarantined: {Error}", Path.GetFileName(file), e.English());
        }
    }

    private static async ValueTask Recheck(IJobExecutionContext context, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var next = context.NextFireTimeUtc;
        if (next is not null && next <= at) return;
        var key = new TriggerKey("inbox-recheck", "disu");
        if (await context.Scheduler.Exists(key, cancellationToken)) return;
        var trigger = TriggerBuilder.Create().WithIdentity(key).ForJob(context.JobDetail.Key)
            .UsingJobData(JobTriggers.DataKey, JobTriggers.Recheck)
            .StartAt(at.AddSeconds(1)).Build();
        await context.Scheduler.ScheduleJob(trigger, default, cancellationToken);
    }
}

/// <summary>Writes one kind of report for every ward into the outbox (the briefing monthly, the appendix each January, …).</summary>
[DisallowConcurrentExecution]
public sealed class ReportJob(MartGate gate, OutboxWriter outbox, JobBoard board, TimeProvider clock, ILogger<ReportJob> log) : IJob
{
    public const string KindKey = "kind";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var kind = context.JobDetail.JobDataMap.GetString(KindKey) ?? context.JobDetail.Key.Name;
        await Task.Run(() => Run(kind, JobTriggers.Of(context), cancellationToken), CancellationToken.None);
    }

    public string Run(string kind, string trigger, CancellationToken cancellation = default)
    {
        var started = clock.GetUtcNow();
        board.Started(kind);
        string outcome;
        string message;
        long documents = 0;
        try
        {
            var result = gate.Read(connection => outbox.Write(connection, [kind], cancellation: cancellation), cancellation);
            documents = result.Documents;
            outcome = result.Failures.Count == 0 ? JobOutcomes.Succeeded : result.Documents > 0 ? JobOutcomes.Partial : JobOutcomes.Failed;
            message = $"{result.Documents} {kind} document(s), {result.Files.Count} file(s) in {outbox.Folder}" +
                      (result.Failures.Count > 0 ? "; " + string.Join("; ", result.Failures) : "");
        }
        catch (Exception e) when (e is MartException or IOException or UnauthorizedAccessException)
        {
            outcome = e is MartBusyException ? JobOutcomes.Deferred : JobOutcomes.Failed;
            message = e.English();
        }
        if (outcome != JobOutcomes.Succeeded) log.LogWarning("Report job {Job}: {Outcome}: {Message}", kind, outcome, message);
        else log.LogInformation("Report job {Job}: {Message}", kind, message);
        board.Finished(kind, outcome, message);
        try
        {
            gate.Write(connection => JobRuns.Record(connection, kind, trigger, started, clock.GetUtcNow(), outcome, documents, message), cancellation);
        }
        catch (MartException e)
        {
            log.LogError("Report job {Job} could not be recorded in job_run: {Error}", kind, e.English());
        }
        return outcome;
    }
}
