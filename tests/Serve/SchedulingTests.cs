using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Quartz;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// The service's jobs and triggers (<see cref="ServeHost.AddJobs"/>) in a real Quartz scheduler on a
/// fake clock, with probe jobs in place of the work. Quartz 4.7 parks its loop on timers of the
/// scheduler's TimeProvider, so advancing the fake clock is what makes triggers fire; the tests only
/// wait (in real time, bounded) for the scheduler's threads to act on it.
/// </summary>
public sealed class SchedulingTests
{
    // Half a minute past the hour, so that no cron of ours fires at the instant the scheduler starts.
    private static readonly DateTimeOffset Start = new(2025, 1, 10, 1, 0, 30, TimeSpan.Zero);

    private static DateTimeOffset At(int hour, int minute, int second = 0) => new(2025, 1, 10, hour, minute, second, TimeSpan.Zero);

    [Fact]
    public async Task Should_fire_a_cron_at_each_due_time_as_the_fake_clock_advances()
    {
        await using var rig = await FakeClockScheduler.Start(new JobSchedules { Inbox = "0 * * * * ?", Briefing = null, Appendix = null, Trend = null });

        rig.Clock.Advance(TimeSpan.FromSeconds(29));
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await rig.WaitForRuns(1);
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForRuns(2);
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForRuns(3);

        // Each run fired at its own minute on the fake clock: not before it, not late.
        rig.Probe.Runs.Select(r => (r.Job, r.ScheduledFire, r.Fired)).ShouldBe(
        [
            (JobNames.Inbox, At(1, 1), At(1, 1)),
            (JobNames.Inbox, At(1, 2), At(1, 2)),
            (JobNames.Inbox, At(1, 3), At(1, 3)),
        ]);
        (await rig.NextFire(JobNames.Inbox)).ShouldBe(At(1, 4));
    }

    [Fact]
    public async Task Should_fire_the_monthly_briefing_at_06_00_Vietnam_time_which_is_23_00_UTC_the_day_before()
    {
        await using var rig = await FakeClockScheduler.Start(new JobSchedules { Inbox = null, Briefing = "0 0 6 1 * ?", Appendix = null, Trend = null });
        var due = new DateTimeOffset(2025, 1, 31, 23, 0, 0, TimeSpan.Zero);
        (await rig.NextFire(JobNames.Briefing)).ShouldBe(due);

        rig.Clock.Advance(due - TimeSpan.FromMinutes(1) - rig.Clock.GetUtcNow());
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.WaitForRuns(1);

        var run = rig.Probe.Runs.ShouldHaveSingleItem();
        run.Job.ShouldBe(JobNames.Briefing);
        run.Fired.ShouldBe(due);
        (await rig.NextFire(JobNames.Briefing)).ShouldBe(new DateTimeOffset(2025, 2, 28, 23, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task Should_never_run_a_job_twice_at_once_and_run_the_held_fire_after_the_first_run_ends()
    {
        await using var rig = await FakeClockScheduler.Start(new JobSchedules { Inbox = "0 * * * * ?", Briefing = null, Appendix = null, Trend = null });
        rig.Probe.Hold();
        await rig.Trigger(JobNames.Inbox, JobTriggers.Manual("test"));
        await rig.WaitForStarts(1);

        // The schedule's fire comes due while the manual run is still working.
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        // A different job may run beside it (the pool has two threads): the probe does see overlap when there is one.
        await rig.Trigger(JobNames.Briefing, JobTriggers.Manual("test"));
        await rig.WaitForStarts(2);
        rig.Probe.MaxConcurrent.ShouldBe(2);
        await Task.Delay(300); // a real moment for the held inbox fire to jump the queue, were it allowed to
        rig.Probe.StartedOf(JobNames.Inbox).ShouldBe(1);

        rig.Probe.Release();
        await rig.WaitForRuns(3);

        var inbox = rig.Probe.Runs.Where(r => r.Job == JobNames.Inbox).OrderBy(r => r.StartOrder).ToList();
        inbox.Count.ShouldBe(2);
        inbox[0].Trigger.ShouldBe("manual:test");
        inbox[1].Trigger.ShouldBeNull(); // the schedule's own fire
        inbox[1].ScheduledFire.ShouldBe(At(1, 1));
        inbox[1].StartOrder.ShouldBeGreaterThan(inbox[0].EndOrder);
        rig.Probe.MaxConcurrentOf(JobNames.Inbox).ShouldBe(1);
    }

    [Fact]
    public async Task Should_run_fires_missed_during_a_long_run_once_then_keep_to_the_schedule()
    {
        await using var rig = await FakeClockScheduler.Start(new JobSchedules { Inbox = "0 * * * * ?", Briefing = null, Appendix = null, Trend = null });
        rig.Probe.Hold();
        await rig.Trigger(JobNames.Inbox, JobTriggers.Manual("test"));
        await rig.WaitForStarts(1);

        // A ten-minute load: the fires at 01:01 … 01:10 all pass while it works.
        for (var i = 0; i < 10; i++) rig.Clock.Advance(TimeSpan.FromMinutes(1));
        rig.Clock.Advance(TimeSpan.FromSeconds(15));
        rig.Probe.Release();
        await rig.WaitForRuns(2);
        rig.Clock.Advance(TimeSpan.FromSeconds(15));
        await rig.WaitForRuns(3);

        var runs = rig.Probe.Runs.OrderBy(r => r.StartOrder).ToList();
        runs.Count.ShouldBe(3);
        runs[1].Fired.ShouldBe(At(1, 10, 45)); // one catch-up, now
        runs[2].ScheduledFire.ShouldBe(At(1, 11)); // and the schedule proceeds
        runs[2].Fired.ShouldBe(At(1, 11));
    }

    /// <remarks>
    /// The scheduler stands by from before its loop could take a trigger. Put into standby later, Quartz 4.7.3
    /// still fires a trigger its loop had already taken (once the clock reaches it, however late, without misfire
    /// handling), so "standby, then resume" gives one or two runs depending on a race. The service never stands
    /// by: downtime is a stopped process, caught up by <see cref="ServeStartup"/> (see <see cref="StartupCatchUpTests"/>).
    /// </remarks>
    [Fact]
    public async Task Should_run_fires_missed_while_the_scheduler_stood_by_once_when_it_starts()
    {
        await using var rig = await FakeClockScheduler.Start(new JobSchedules { Inbox = "0 * * * * ?", Briefing = null, Appendix = null, Trend = null }, start: false);
        for (var i = 0; i < 5; i++) rig.Clock.Advance(TimeSpan.FromMinutes(1));

        await rig.Scheduler.Start();
        await rig.WaitForRuns(1);
        rig.Clock.Advance(TimeSpan.FromSeconds(30));
        await rig.WaitForRuns(2);

        var runs = rig.Probe.Runs.OrderBy(r => r.StartOrder).ToList();
        runs.Count.ShouldBe(2, string.Join(" | ", runs));
        runs[0].Fired.ShouldBe(At(1, 5, 30)); // the five missed fires, caught up once
        runs[1].Fired.ShouldBe(At(1, 6));
        runs[1].ScheduledFire.ShouldBe(At(1, 6));
    }

    /// <summary>A scheduler set up as the service sets it up, on a fake clock, with probe jobs.</summary>
    private sealed class FakeClockScheduler : IAsyncDisposable
    {
        private readonly ServiceProvider provider;

        private FakeClockScheduler(ServiceProvider provider, IScheduler scheduler, FakeTimeProvider clock, ProbeJobFactory probe)
        {
            this.provider = provider;
            Scheduler = scheduler;
            Clock = clock;
            Probe = probe;
        }

        public IScheduler Scheduler { get; }
        public FakeTimeProvider Clock { get; }
        public ProbeJobFactory Probe { get; }

        public static async Task<FakeClockScheduler> Start(JobSchedules schedules, bool start = true)
        {
            var clock = new FakeTimeProvider(SchedulingTests.Start);
            var probe = new ProbeJobFactory();
            var options = new ServeOptions { Schedules = schedules };
            var services = new ServiceCollection().AddLogging();
            services.AddQuartz(q =>
            {
                ServeHost.AddJobs(q, options, clock);
                q.UseJobFactory(probe);
            });
            var provider = services.BuildServiceProvider();
            var scheduler = await provider.GetRequiredService<ISchedulerFactory>().GetScheduler();
            if (start) await scheduler.Start();
            return new FakeClockScheduler(provider, scheduler, clock, probe);
        }

        public async Task Trigger(string job, string trigger) =>
            await Scheduler.TriggerJob(ServeHost.JobKeyOf(job), new JobDataMap { [JobTriggers.DataKey] = trigger });

        public async Task<DateTimeOffset?> NextFire(string job) =>
            (await Scheduler.GetTrigger(new TriggerKey(job + "-schedule", ServeHost.Group)))!.NextFireTimeUtc;

        public Task WaitForRuns(int count) => Until(() => Probe.Runs.Count >= count, $"{count} finished run(s)");

        public Task WaitForStarts(int count) => Until(() => Probe.Started >= count, $"{count} started run(s)");

        // The scheduler's threads only need to notice the fake clock.
        private Task Until(Func<bool> condition, string what) =>
            Poll.Until(condition, what, seen: () => string.Join(" | ", Probe.Runs));

        public async ValueTask DisposeAsync()
        {
            Probe.Release();
            await Scheduler.Shutdown(waitForJobsToComplete: true);
            await provider.DisposeAsync();
        }
    }
}
