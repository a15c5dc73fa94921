using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

public sealed record InboxRunResult(string Outcome, long RowsLoaded, IReadOnlyList<LoadResult> Files, IReadOnlyList<string> Reports, string Message)
{
    /// <summary>The message without reasons that may quote a file's values: what /health (no key needed) shows.</summary>
    public string PublicMessage { get; init; } = Message;
}

/// <summary>
/// One inbox run, while holding the mart for writing and recorded as one row of <c>job_run</c>:
/// load and move the ready files (<see cref="InboxLoads"/>), and when data changed refresh the
/// forecast (<see cref="InboxForecast"/>) and the affected wards' reports (<see cref="InboxReports"/>).
/// </summary>
public sealed class InboxPipeline(MartGate gate, InboxLoads loads, InboxForecast forecast, InboxReports reports, ServeOptions options,
    JobBoard board, TimeProvider clock, ILogger<InboxPipeline> log)
{
    public InboxRunResult Run(IReadOnlyList<string> files, string trigger, CancellationToken cancellation = default)
    {
        board.Started(JobNames.Inbox);
        try
        {
            var result = gate.Write(connection => RunLocked(connection, files, trigger, cancellation), cancellation);
            board.Finished(JobNames.Inbox, result.Outcome, result.PublicMessage);
            return result;
        }
        catch (MartBusyException e)
        {
            var message = $"{e.English()}; {files.Count} file(s) wait in the inbox for the next run";
            log.LogWarning("Inbox run deferred: {Reason}", message);
            board.Finished(JobNames.Inbox, JobOutcomes.Deferred, message);
            return new InboxRunResult(JobOutcomes.Deferred, 0, [], [], message);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Inbox run failed");
            board.Finished(JobNames.Inbox, JobOutcomes.Failed, "the run failed (details in the log)");
            return new InboxRunResult(JobOutcomes.Failed, 0, [], [], e.English());
        }
    }

    private InboxRunResult RunLocked(DuckDBConnection connection, IReadOnlyList<string> files, string trigger, CancellationToken cancellation)
    {
        // Only this job leaves runs 'running', and it never overlaps itself: one found now was cut short by a dead process.
        JobRuns.CloseInterrupted(connection, clock.GetUtcNow());
        var runId = JobRuns.Start(connection, JobNames.Inbox, trigger, clock.GetUtcNow());
        var results = new List<LoadResult>();
        var problems = new RunProblems();
        var written = new List<string>();
        try
        {
            loads.Run(connection, files, results, problems, cancellation);
            var changed = results.Where(r => r.Outcome == LoadOutcome.Loaded && (r.RowsLoaded > 0 || r.ReplacedLoads.Count > 0)).ToList();
            if (changed.Count > 0)
            {
                var wards = InboxReports.WardsOf(connection, changed);
                try
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (options.RefreshForecasts) forecast.Refresh(connection, problems);
                    written.AddRange(reports.Write(connection, wards, problems, cancellation));
                }
                catch (OperationCanceledException)
                {
                    problems.Add($"the service was stopping, so the forecast and the reports of {string.Join(", ", wards)} were not refreshed; " +
                                 "run the report jobs (POST /api/jobs/{name}/run) or wait for their schedule");
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Whatever went wrong, the run is closed with the reason rather than left 'running'.
            log.LogError(e, "Inbox run stopped by an error");
            problems.Add($"the run stopped: {e.English()}", "the run stopped by an error (details in job_run)");
        }

        var loaded = results.Sum(r => r.RowsLoaded);
        var outcome = problems.Count == 0 && results.All(r => r.Outcome != LoadOutcome.Failed) ? JobOutcomes.Succeeded
            : results.Any(r => r.Outcome is LoadOutcome.Loaded or LoadOutcome.Skipped) || written.Count > 0 ? JobOutcomes.Partial : JobOutcomes.Failed;
        var notStarted = cancellation.IsCancellationRequested ? files.Count - results.Count : 0;
        var message = Summary(results, written.Count, problems.Full, notStarted);
        JobRuns.Finish(connection, runId, outcome, loaded, message, clock.GetUtcNow());
        return new InboxRunResult(outcome, loaded, results, written, message) { PublicMessage = Summary(results, written.Count, problems.Public, notStarted) };
    }

    private static string Summary(IReadOnlyList<LoadResult> results, int reportFiles, IReadOnlyList<string> problems, int notStarted)
    {
        var parts = new List<string>
        {
            $"{results.Count(r => r.Outcome == LoadOutcome.Loaded)} loaded, {results.Count(r => r.Outcome == LoadOutcome.Skipped)} already loaded, " +
            $"{results.Count(r => r.Outcome == LoadOutcome.Refused)} refused, {results.Count(r => r.Outcome == LoadOutcome.Failed)} failed; " +
            $"{results.Sum(r => r.RowsLoaded)} rows loaded, {results.Sum(r => r.RowsRejected)} rejected; {reportFiles} report files written",
        };
        if (notStarted > 0) parts.Add($"stopped before {notStarted} file(s), which stay in the inbox");
        parts.AddRange(problems);
        return string.Join("; ", parts);
    }
}
