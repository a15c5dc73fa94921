using System.Collections.Concurrent;
using Quartz;
using Quartz.Extensibility;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>One run of a probe job: which job, why (null: its schedule), when it was due and fired on the fake clock, and its place in the order of starts and ends.</summary>
public sealed record ProbeRun(string Job, string? Trigger, DateTimeOffset? ScheduledFire, DateTimeOffset Fired, int StartOrder, int EndOrder);

/// <summary>
/// Stands in for the service's jobs: the scheduler keeps the real job details (InboxJob, ReportJob,
/// with their [DisallowConcurrentExecution]) and the real triggers; only the work is replaced by a
/// probe that records each run and, while held, waits to be released.
/// </summary>
public sealed class ProbeJobFactory : IJobFactory
{
    private readonly ConcurrentQueue<ProbeRun> runs = new();
    private readonly ConcurrentDictionary<string, int> runningByJob = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> maxByJob = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> startedByJob = new(StringComparer.Ordinal);
    private readonly object sync = new();
    private TaskCompletionSource released = Completed();
    private int order;
    private int running;
    private int maxRunning;
    private int started;

    public IReadOnlyList<ProbeRun> Runs => runs.ToList();
    public int Started => Volatile.Read(ref started);
    public int MaxConcurrent => Volatile.Read(ref maxRunning);
    public int StartedOf(string job) => startedByJob.GetValueOrDefault(job);
    public int MaxConcurrentOf(string job) => maxByJob.GetValueOrDefault(job);

    /// <summary>Runs from now on wait for <see cref="Release"/>.</summary>
    public void Hold() => released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => released.TrySetResult();

    public ValueTask<JobScope> CreateJob(TriggerFiredBundle bundle, IScheduler scheduler, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new JobScope(new ProbeJob(this)));

    public ValueTask ReturnJob(JobScope scope, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    private static TaskCompletionSource Completed()
    {
        var done = new TaskCompletionSource();
        done.SetResult();
        return done;
    }

    private sealed class ProbeJob(ProbeJobFactory owner) : IJob
    {
        public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
        {
            var job = context.JobDetail.Key.Name;
            int start;
            lock (owner.sync)
            {
                start = ++owner.order;
                owner.started++;
                owner.startedByJob.AddOrUpdate(job, 1, (_, n) => n + 1);
                owner.maxRunning = Math.Max(owner.maxRunning, ++owner.running);
                var mine = owner.runningByJob.AddOrUpdate(job, 1, (_, n) => n + 1);
                owner.maxByJob.AddOrUpdate(job, mine, (_, n) => Math.Max(n, mine));
            }
            try
            {
                await owner.released.Task.WaitAsync(TimeSpan.FromSeconds(30), cancellationToken);
            }
            finally
            {
                lock (owner.sync)
                {
                    owner.running--;
                    owner.runningByJob.AddOrUpdate(job, 0, (_, n) => n - 1);
                    var trigger = context.MergedJobDataMap.TryGetString(DiSu.Analytics.Service.Serve.JobTriggers.DataKey, out var t) ? t : null;
                    owner.runs.Enqueue(new ProbeRun(job, trigger, context.ScheduledFireTimeUtc, context.FireTimeUtc, start, ++owner.order));
                }
            }
        }
    }
}
