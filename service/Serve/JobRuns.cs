using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Serve;

public static class JobOutcomes
{
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Partial = "partial";
    public const string Failed = "failed";
    public const string Deferred = "deferred";
    public const string Interrupted = "interrupted";
}

public sealed record JobRun(long RunId, string Job, string Trigger, DateTimeOffset StartedAt, DateTimeOffset? EndedAt, string Outcome, long RowsAffected, string? Message);

/// <summary>The <c>job_run</c> table: the service's durable record of what every job did.</summary>
public static class JobRuns
{
    public static long Start(DuckDBConnection connection, string job, string trigger, DateTimeOffset at) =>
        connection.Scalar<long>("INSERT INTO job_run (job, \"trigger\", started_at, outcome) VALUES (?, ?, ?, 'running') RETURNING run_id",
            job, trigger, at.UtcDateTime);

    public static void Finish(DuckDBConnection connection, long runId, string outcome, long rows, string? message, DateTimeOffset at) =>
        connection.Execute("UPDATE job_run SET ended_at = ?, outcome = ?, rows_affected = ?, message = ? WHERE run_id = ?",
            at.UtcDateTime, outcome, rows, Trim(message), runId);

    /// <summary>A finished run recorded in one go (jobs that only read the mart while they work).</summary>
    public static long Record(DuckDBConnection connection, string job, string trigger, DateTimeOffset started, DateTimeOffset ended, string outcome, long rows, string? message) =>
        connection.Scalar<long>("""
            INSERT INTO job_run (job, "trigger", started_at, ended_at, outcome, rows_affected, message)
            VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING run_id
            """, job, trigger, started.UtcDateTime, ended.UtcDateTime, outcome, rows, Trim(message));

    /// <summary>Runs left 'running' by a service that was killed: closed as interrupted. Returns how many.</summary>
    public static int CloseInterrupted(DuckDBConnection connection, DateTimeOffset at) =>
        connection.Execute("""
            UPDATE job_run SET ended_at = ?, outcome = 'interrupted',
                message = coalesce(message || '; ', '') || 'the service stopped during this run; an unfinished file was rolled back and stays in the inbox'
            WHERE outcome = 'running'
            """, at.UtcDateTime);

    public static IReadOnlyList<JobRun> Recent(DuckDBConnection connection, int limit, string? job = null)
    {
        var rows = connection.Read<JobRunRow>("""
            SELECT run_id, job, "trigger", started_at, ended_at, outcome, rows_affected, message
            FROM job_run WHERE ? IS NULL OR job = ? ORDER BY run_id DESC LIMIT ?
            """, job, job, limit);
        return rows.Select(r => new JobRun(r.RunId, r.Job, r.Trigger, Utc(r.StartedAt), r.EndedAt is { } ended ? Utc(ended) : null, r.Outcome,
            r.RowsAffected, r.Message)).ToList();
    }

    /// <summary>When the job last started on its schedule (or caught up), for deciding whether a run was missed while the service was down.</summary>
    public static DateTimeOffset? LastScheduledStart(DuckDBConnection connection, string job) =>
        connection.Scalar<DateTime?>("SELECT max(started_at) FROM job_run WHERE job = ? AND \"trigger\" IN ('schedule', 'catch-up')", job) is { } at ? Utc(at) : null;

    /// <summary>The last inbox run that loaded something.</summary>
    public static DateTimeOffset? LastLoad(DuckDBConnection connection) =>
        connection.Scalar<DateTime?>("SELECT max(finished_at) FROM etl_load WHERE outcome = 'loaded'") is { } at ? Utc(at) : null;

    /// <summary>DuckDB gives a TIMESTAMPTZ as a DateTime in UTC of unspecified kind.</summary>
    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record JobRunRow
    {
        public long RunId { get; init; }
        public required string Job { get; init; }
        public required string Trigger { get; init; }
        public DateTime StartedAt { get; init; }
        public DateTime? EndedAt { get; init; }
        public required string Outcome { get; init; }
        public long RowsAffected { get; init; }
        public string? Message { get; init; }
    }

    // Messages are for people; a runaway one (e.g. a long exception chain) must not bloat the table.
    private static string? Trim(string? message) => message is { Length: > 4000 } ? message[..3997] + "..." : message;
}
