using System.Collections.Concurrent;

namespace DiSu.Analytics.Service.Serve;

public sealed record JobState(string Job, bool Running, DateTimeOffset? LastStarted, DateTimeOffset? LastEnded, string? LastOutcome, string? LastMessage);

/// <summary>
/// What the jobs are doing, kept in memory: /health and /api/jobs read it even when the mart cannot
/// be written (a full disk must be visible, not only recorded where it cannot be recorded).
/// </summary>
public sealed class JobBoard(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, JobState> jobs = new(StringComparer.Ordinal);

    /// <summary>Last time the inbox was looked at, files or not (empty scans are not written to job_run).</summary>
    public DateTimeOffset? LastInboxScan { get; private set; }

    public void Scanned() => LastInboxScan = clock.GetUtcNow();

    public void Started(string job) =>
        jobs.AddOrUpdate(job, j => new JobState(j, true, clock.GetUtcNow(), null, JobOutcomes.Running, null),
            (_, s) => s with { Running = true, LastStarted = clock.GetUtcNow() });

    public void Finished(string job, string outcome, string? message) =>
        jobs.AddOrUpdate(job, j => new JobState(j, false, null, clock.GetUtcNow(), outcome, message),
            (_, s) => s with { Running = false, LastEnded = clock.GetUtcNow(), LastOutcome = outcome, LastMessage = message });

    public JobState? this[string job] => jobs.TryGetValue(job, out var state) ? state : null;

    public IReadOnlyList<JobState> All => jobs.Values.OrderBy(s => s.Job, StringComparer.Ordinal).ToList();

    /// <summary>Jobs whose last run did not succeed: what an operator must look at.</summary>
    public IReadOnlyList<JobState> Troubled =>
        All.Where(s => s.LastOutcome is JobOutcomes.Failed or JobOutcomes.Partial or JobOutcomes.Deferred).ToList();
}
