using DiSu.Analytics.Etl;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

public sealed record InboxRunResult(string Outcome, long RowsLoaded, IReadOnlyList<LoadResult> Files, IReadOnlyList<string> Reports, string Message)
{
    /// <summary>The message without reasons that may quote a file's values: what /health (no key needed) shows.</summary>
    public string PublicMessage { get; init; } = Message;
}

/// <summary>What went wrong in a run: the full text goes to job_run (officers, admins); the public one to /health, which needs no key.</summary>
internal sealed class RunProblems
{
    public List<string> Full { get; } = [];
    public List<string> Public { get; } = [];
    public int Count => Full.Count;

    public void Add(string text, string? withoutDetail = null)
    {
        Full.Add(text);
        Public.Add(withoutDetail ?? text);
    }

    public void AddRange(IEnumerable<string> texts)
    {
        foreach (var text in texts) Add(text);
    }
}

/// <summary>
/// One inbox run: load each ready file in its own transaction, move it to the archive or to
/// quarantine, and when data changed refresh the forecast and the affected wards' reports — all
/// while holding the mart for writing, recorded as one row of <c>job_run</c>.
/// A file is moved only after its transaction committed: killed before, it is still in the inbox
/// and loads on the next run; killed after, the next run sees the same content already loaded
/// (the ETL judges re-delivery by content) and only moves it. Either way it loads once.
/// </summary>
public sealed class InboxPipeline(MartGate gate, InboxScanner scanner, OutboxWriter outbox, ServeOptions options, JobBoard board, TimeProvider clock, ILogger<InboxPipeline> log)
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
        var reports = new List<string>();
        try
        {
            LoadFiles(connection, files, results, problems, cancellation);
            var changed = results.Where(r => r.Outcome == LoadOutcome.Loaded && (r.RowsLoaded > 0 || r.ReplacedLoads.Count > 0)).ToList();
            if (changed.Count > 0)
            {
                var wards = Wards(connection, changed);
                try
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (options.RefreshForecasts) RefreshForecast(connection, problems);
                    var written = outbox.Write(connection, DiSu.Analytics.Reports.ReportBatch.Kinds, wards, cancellation);
                    reports.AddRange(written.Files);
                    problems.AddRange(written.Failures);
                    Owe(wards, written.Unwritten);
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
            : results.Any(r => r.Outcome is LoadOutcome.Loaded or LoadOutcome.Skipped) || reports.Count > 0 ? JobOutcomes.Partial : JobOutcomes.Failed;
        var notStarted = cancellation.IsCancellationRequested ? files.Count - results.Count : 0;
        var message = Summary(results, reports.Count, problems.Full, notStarted);
        JobRuns.Finish(connection, runId, outcome, loaded, message, clock.GetUtcNow());
        return new InboxRunResult(outcome, loaded, results, reports, message) { PublicMessage = Summary(results, reports.Count, problems.Public, notStarted) };
    }

    private void LoadFiles(DuckDBConnection connection, IReadOnlyList<string> files, List<LoadResult> results, RunProblems problems, CancellationToken cancellation)
    {
        var runner = new EtlRunner(connection, clock, "disu serve");
        foreach (var file in files)
        {
            // Between files, not inside one: a stop request lets the current file commit or roll back whole.
            if (cancellation.IsCancellationRequested) break;
            var name = Path.GetFileName(file);
            log.LogInformation("Loading inbox file {File}", name);
            // Stages at Debug: a long load shows where it is (and a test can stop the process inside its transaction).
            var result = Load(runner, file, new ImmediateProgress<EtlStage>(stage => log.LogDebug("Inbox file {File}: {Stage}", name, stage)));
            results.Add(result);
            log.LogInformation("Inbox file {File}: {Outcome}, {RowsLoaded} rows loaded, {RowsRejected} rejected",
                name, result.Outcome, result.RowsLoaded, result.RowsRejected);
            try
            {
                Settle(connection, file, result, problems);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                problems.Add($"{name} was {result.Outcome.ToString().ToLowerInvariant()} but could not be moved out of the inbox ({e.Message}); it is handled again on the next run");
            }
        }

    }

    /// <summary>
    /// The runner throws when a load fails for a reason that is not the file's (the transaction is
    /// rolled back): that is a failed attempt of this file, counted towards MaxAttempts, not the end of the run.
    /// </summary>
    private static LoadResult Load(EtlRunner runner, string file, IProgress<EtlStage> progress)
    {
        try
        {
            return runner.LoadFile(file, progress);
        }
        catch (Exception e) when (e is EtlFailedException or DuckDBException or IOException or UnauthorizedAccessException)
        {
            return new LoadResult(file, LoadOutcome.Failed, null, null, 0, 0, 0, e.Said(), [], [], TimeSpan.Zero);
        }
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _owed = new(StringComparer.Ordinal);
    private DateTimeOffset _lastRetry = DateTimeOffset.MinValue;

    /// <summary>How long to wait between tries to write reports the outbox refused.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromMinutes(5);

    private void Owe(IReadOnlyList<string> wards, IReadOnlyList<string> unwritten)
    {
        foreach (var ward in wards) _owed.TryRemove(ward, out _);
        foreach (var ward in unwritten) _owed[ward] = 0;
    }

    /// <summary>Wards whose reports a load changed but the outbox did not take (full disk, unwritable folder).</summary>
    public IReadOnlyList<string> OwedReports => _owed.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// Writes the reports still owed since the outbox failed, at most every <see cref="RetryEvery"/>:
    /// once the folder is fixed they arrive without waiting for new data, and the job's state
    /// (and /health) turns back to succeeded. Returns null when nothing was due.
    /// </summary>
    public string? RetryOwedReports(string trigger, CancellationToken cancellation = default)
    {
        var wards = OwedReports;
        var now = clock.GetUtcNow();
        if (wards.Count == 0 || now - _lastRetry < RetryEvery) return null;
        _lastRetry = now;
        board.Started(JobNames.Inbox);
        string outcome;
        string message;
        long documents = 0;
        try
        {
            var written = gate.Read(c => outbox.Write(c, DiSu.Analytics.Reports.ReportBatch.Kinds, wards, cancellation), cancellation);
            Owe(wards, written.Unwritten);
            documents = written.Documents;
            outcome = written.Failures.Count == 0 ? JobOutcomes.Succeeded : written.Documents > 0 ? JobOutcomes.Partial : JobOutcomes.Failed;
            message = $"reports owed since the outbox failed: {written.Files.Count} report files written for {string.Join(", ", wards)}" +
                      (written.Failures.Count > 0 ? "; " + string.Join("; ", written.Failures) : "");
        }
        catch (MartException e)
        {
            outcome = e is MartBusyException ? JobOutcomes.Deferred : JobOutcomes.Failed;
            message = e.English();
        }
        board.Finished(JobNames.Inbox, outcome, message);
        try
        {
            gate.Write(c => JobRuns.Record(c, JobNames.Inbox, trigger, now, clock.GetUtcNow(), outcome, documents, message), cancellation);
        }
        catch (MartException e)
        {
            log.LogError("Report retry could not be recorded in job_run: {Error}", e.English());
        }
        return outcome;
    }

    private void Settle(DuckDBConnection connection, string file, LoadResult result, RunProblems problems)
    {
        var at = clock.GetUtcNow();
        var name = Path.GetFileName(file);
        switch (result.Outcome)
        {
            case LoadOutcome.Loaded:
            case LoadOutcome.Skipped:
                InboxFiles.Archive(file, options.Archive, at, result, Rejects(connection, result.LoadId));
                scanner.Forget(file);
                break;
            case LoadOutcome.Refused:
                InboxFiles.Quarantine(file, options.Quarantine, at, result, result.Message ?? new Message("bị từ chối", "refused"), Rejects(connection, result.LoadId));
                scanner.Forget(file);
                problems.Add($"{name} refused: {result.Message?.En}; moved to quarantine");
                break;
            default:
                var attempts = scanner.Failed(file);
                // The reason may quote values from the file, so it goes to job_run and /health, not to the log.
                log.LogWarning("Inbox file {File}: load failed (attempt {Attempt} of {MaxAttempts}); the reason is in job_run", name, attempts, options.MaxAttempts);
                if (attempts >= options.MaxAttempts)
                {
                    InboxFiles.Quarantine(file, options.Quarantine, at, result, Message.Of(
                        $"nạp không thành công {attempts} lần; lỗi lần cuối: {result.Message?.Vi}",
                        $"loading failed {attempts} times; last error: {result.Message?.En}"), []);
                    scanner.Forget(file);
                    problems.Add($"{name} failed {attempts} times ({result.Message?.En}); moved to quarantine", $"{name} failed {attempts} times (reason in job_run); moved to quarantine");
                }
                else
                {
                    problems.Add($"{name} failed (attempt {attempts} of {options.MaxAttempts}): {result.Message?.En}; it stays in the inbox",
                        $"{name} failed (attempt {attempts} of {options.MaxAttempts}; reason in job_run); it stays in the inbox");
                }
                break;
        }
    }

    private static IReadOnlyList<RejectRow> Rejects(DuckDBConnection connection, long? loadId) =>
        loadId is null ? [] : connection.Rows("SELECT row_no, column_name, value, reason, coalesce(reason_en, reason) FROM etl_reject WHERE load_id = ? ORDER BY row_no NULLS FIRST, column_name", loadId.Value)
            .Select(r => new RejectRow(r[0] as long?, r[1] as string, r[2] as string, (string)r[3]!, (string)r[4]!)).ToList();

    private static List<string> Wards(DuckDBConnection connection, IReadOnlyList<LoadResult> changed) =>
        connection.Rows("SELECT DISTINCT trim(split_part(unnest(string_split(ward_years, ',')), ':', 1)) AS ward FROM etl_load WHERE list_contains(?::BIGINT[], load_id) AND ward_years IS NOT NULL ORDER BY ward",
                changed.Select(r => r.LoadId ?? -1).ToArray())
            .Select(r => (string)r[0]!).Where(w => w.Length > 0).ToList();

    private void RefreshForecast(DuckDBConnection connection, RunProblems problems)
    {
        if (connection.Scalar<long>("SELECT count(*) FROM fact_household_year") == 0) return;
        try
        {
            // Each ward from its own latest round: a ward loaded a year behind the others still gets its next year forecast.
            foreach (var result in new Forecaster(connection, clock, gate.MartPath).TrainLatest(Scope.All, options.ForecastSeed))
                log.LogInformation("Forecast refreshed: model {Model}, base year {BaseYear}, {Households} households scored", result.ModelId, result.BaseYear, result.Households);
        }
        catch (InvalidOperationException e)
        {
            // Not enough history yet (e.g. the first round of a new ward): the reports say no forecast exists.
            log.LogInformation("Forecast not refreshed: {Reason}", e.English());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"forecast not refreshed: the model folder cannot be written ({e.Message})");
        }
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
