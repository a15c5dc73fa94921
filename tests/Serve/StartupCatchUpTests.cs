using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>Downtime: the scheduler's store is in memory, so a run missed while the service was stopped is found in job_run at start and run once.</summary>
public sealed class StartupCatchUpTests
{
    private const string Monthly = "0 0 6 1 * ?";

    [Theory]
    [InlineData(null, "2025-01-10T01:00:00Z", "Asia/Ho_Chi_Minh", false)]                  // never run: the schedule starts now
    [InlineData("2024-09-30T23:00:00Z", "2025-01-10T01:00:00Z", "Asia/Ho_Chi_Minh", true)]  // three months missed: (one run)
    [InlineData("2024-12-31T23:00:00Z", "2025-01-10T01:00:00Z", "Asia/Ho_Chi_Minh", false)] // ran on 1 January, 06:00 Vietnam
    [InlineData("2024-12-31T23:00:00Z", "2025-01-31T23:00:00Z", "Asia/Ho_Chi_Minh", false)] // up at the very fire time: the scheduler fires it
    [InlineData("2024-12-31T23:00:00Z", "2025-01-31T23:30:00Z", "Asia/Ho_Chi_Minh", true)]  // down at 06:00, up at 06:30 Vietnam
    [InlineData("2025-01-31T22:30:00Z", "2025-01-31T23:30:00Z", "Asia/Ho_Chi_Minh", true)]  // 06:00 on the 1st in Vietnam is 23:00 UTC …
    [InlineData("2025-01-31T22:30:00Z", "2025-01-31T23:30:00Z", "UTC", false)]              // … but not in UTC
    public void Should_say_a_run_was_missed_only_when_a_fire_time_passed_since_the_last_start(string? lastStart, string now, string zone, bool missed) =>
        MissedRuns.WasMissed(Monthly, TimeZoneInfo.FindSystemTimeZoneById(zone),
            lastStart is null ? null : DateTimeOffset.Parse(lastStart, System.Globalization.CultureInfo.InvariantCulture),
            DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture)).ShouldBe(missed);

    [Fact]
    public async Task Should_catch_up_a_briefing_missed_while_the_service_was_down_once_and_not_again_at_the_next_start()
    {
        await using var rig = ServeRig.Create(connection => JobRuns.Record(connection, JobNames.Briefing, JobTriggers.Schedule,
            new DateTimeOffset(2024, 9, 30, 23, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 9, 30, 23, 1, 0, TimeSpan.Zero), JobOutcomes.Succeeded, 2, "2 briefing document(s)"));
        Func<ServeOptions, ServeOptions> monthly = o => o with { Schedules = o.Schedules with { Briefing = Monthly } };
        await rig.Start(monthly);

        // The board hears of the end before job_run does: wait for the record.
        await Poll.Until(() => rig.JobRuns(JobNames.Briefing).Count > 1, "the catch-up run to end", TimeSpan.FromSeconds(60));

        var runs = rig.JobRuns(JobNames.Briefing);
        runs.Count.ShouldBe(2);
        runs[1].Trigger.ShouldBe(JobTriggers.CatchUp);
        runs[1].Outcome.ShouldBe(JobOutcomes.Succeeded, runs[1].Message);
        runs[1].RowsAffected.ShouldBe(2); // one briefing per ward
        rig.FilesUnder(rig.Outbox).ShouldContain(f => f.Contains("/DISU/", StringComparison.Ordinal));
        rig.FilesUnder(rig.Outbox).ShouldContain(f => f.Contains("/NHAN/", StringComparison.Ordinal));
        // The schedule itself goes on: next 06:00 on the 1st, Vietnam time.
        var scheduler = await rig.Scheduler();
        (await scheduler.GetTrigger(new TriggerKey("briefing-schedule", ServeHost.Group)))!.NextFireTimeUtc
            .ShouldBe(new DateTimeOffset(2025, 1, 31, 23, 0, 0, TimeSpan.Zero));
        // The one-off catch-up trigger goes once Quartz has finished the run, a moment after job_run is written.
        await Poll.Within(async () => (await scheduler.GetTriggersOfJob(ServeHost.JobKeyOf(JobNames.Briefing))).Count <= 1);
        (await scheduler.GetTriggersOfJob(ServeHost.JobKeyOf(JobNames.Briefing))).ShouldHaveSingleItem();

        // Started again the same day: the catch-up counts as this month's run.
        await rig.Stop();
        rig.Clock.Advance(TimeSpan.FromHours(1));
        await rig.Start(monthly);
        scheduler = await rig.Scheduler();
        (await scheduler.GetTriggersOfJob(ServeHost.JobKeyOf(JobNames.Briefing))).ShouldHaveSingleItem().Key.Name.ShouldBe("briefing-schedule");
        rig.Services.GetRequiredService<JobBoard>()[JobNames.Briefing].ShouldBeNull();
        rig.JobRuns(JobNames.Briefing).Count.ShouldBe(2);
    }
}
