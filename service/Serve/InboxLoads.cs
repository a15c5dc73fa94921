using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// The first job of an inbox run: load each ready file in its own transaction, then move it to the
/// archive or to quarantine (its rejects beside it), or leave it in the inbox for another attempt.
/// A file is moved only after its transaction committed: killed before, it is still in the inbox
/// and loads on the next run; killed after, the next run sees the same content already loaded
/// (the ETL judges re-delivery by content) and only moves it. Either way it loads once.
/// Logs under <see cref="InboxPipeline"/>'s category, as before the pipeline was split, so that
/// log filters on it keep working.
/// </summary>
public sealed class InboxLoads(InboxScanner scanner, ServeOptions options, TimeProvider clock, ILogger<InboxPipeline> log)
{
    /// <summary>etl_load.loaded_by of a file copied into the inbox folder (no upload names its sender).</summary>
    public const string InboxLoader = "disu serve";

    /// <summary>Adds each file's result to <paramref name="results"/> as it is settled, so that a run stopped by an error still accounts for the files before.</summary>
    public void Run(DuckDBConnection connection, IReadOnlyList<string> files, List<LoadResult> results, RunProblems problems, CancellationToken cancellation)
    {
        // One runner per uploader: etl_load.loaded_by says who sent the file (user=ID, key=ID), or the inbox itself.
        var runners = new Dictionary<string, EtlRunner>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var by = scanner.UploadedBy(file) ?? InboxLoader;
            if (!runners.TryGetValue(by, out var runner)) runners[by] = runner = new EtlRunner(connection, clock, by);
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
        loadId is null ? [] : connection.Read<Reject>("SELECT row_no, column_name, value, reason, coalesce(reason_en, reason) AS reason_en FROM etl_reject WHERE load_id = ? ORDER BY row_no NULLS FIRST, column_name", loadId.Value)
            .Select(r => new RejectRow(r.RowNo, r.ColumnName, r.Value, r.Reason, r.ReasonEn)).ToList();

    private sealed record Reject
    {
        public long? RowNo { get; init; }
        public string? ColumnName { get; init; }
        public string? Value { get; init; }
        public required string Reason { get; init; }
        public required string ReasonEn { get; init; }
    }
}
