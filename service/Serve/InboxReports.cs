using System.Collections.Concurrent;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// The last job of an inbox run that changed data: every report of the wards the loads touched,
/// into the outbox. Wards whose reports the outbox refused (full disk, unwritable folder) are owed
/// and tried again between runs, so that they arrive once the folder is fixed without waiting for
/// new data. Logs under <see cref="InboxPipeline"/>'s category.
/// </summary>
public sealed class InboxReports(MartGate gate, OutboxWriter outbox, JobBoard board, TimeProvider clock, ILogger<InboxPipeline> log)
{
    private readonly ConcurrentDictionary<string, byte> owed = new(StringComparer.Ordinal);
    private DateTimeOffset lastRetry = DateTimeOffset.MinValue;

    /// <summary>How long to wait between tries to write reports the outbox refused.</summary>
    public static readonly TimeSpan RetryEvery = TimeSpan.FromMinutes(5);

    /// <summary>Wards whose reports a load changed but the outbox did not take.</summary>
    public IReadOnlyList<string> Owed => owed.Keys.Order(StringComparer.Ordinal).ToList();

    /// <summary>The wards whose data <paramref name="changed"/> loads replaced or added, by code.</summary>
    public static IReadOnlyList<string> WardsOf(DuckDBConnection connection, IReadOnlyList<LoadResult> changed) =>
        connection.Read<WardRow>("SELECT DISTINCT trim(split_part(unnest(string_split(ward_years, ',')), ':', 1)) AS ward FROM etl_load WHERE list_contains(?::BIGINT[], load_id) AND ward_years IS NOT NULL ORDER BY ward",
                changed.Select(r => r.LoadId ?? -1).ToArray())
            .Select(r => r.Ward).Where(w => w.Length > 0).ToList();

    /// <summary>Writes every report of <paramref name="wards"/>; returns the files written, and adds what failed to <paramref name="problems"/>.</summary>
    public IReadOnlyList<string> Write(DuckDBConnection connection, IReadOnlyList<string> wards, RunProblems problems, CancellationToken cancellation)
    {
        var written = outbox.Write(connection, ReportBatch.Kinds, wards, cancellation);
        problems.AddRange(written.Failures);
        Owe(wards, written.Unwritten);
        return written.Files;
    }

    /// <summary>
    /// Writes the reports still owed since the outbox failed, at most every <see cref="RetryEvery"/>:
    /// once the folder is fixed they arrive without waiting for new data, and the job's state
    /// (and /health) turns back to succeeded. Returns null when nothing was due.
    /// </summary>
    public string? RetryOwed(string trigger, CancellationToken cancellation = default)
    {
        var wards = Owed;
        var now = clock.GetUtcNow();
        if (wards.Count == 0 || now - lastRetry < RetryEvery) return null;
        lastRetry = now;
        board.Started(JobNames.Inbox);
        string outcome;
        string message;
        long documents = 0;
        try
        {
            var written = gate.Read(c => outbox.Write(c, ReportBatch.Kinds, wards, cancellation), cancellation);
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
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A bug, not the mart's state: logged whole, and the job is closed rather than left 'running'.
            log.LogError(e, "Report retry failed");
            outcome = JobOutcomes.Failed;
            message = "the retry of the owed reports failed (details in the log)";
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

    private void Owe(IReadOnlyList<string> wards, IReadOnlyList<string> unwritten)
    {
        foreach (var ward in wards) owed.TryRemove(ward, out _);
        foreach (var ward in unwritten) owed[ward] = 0;
    }

    private sealed record WardRow { public required string Ward { get; init; } }
}
