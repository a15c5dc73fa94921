using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// Folders the service cannot write. The tests run as root, so permissions stop nothing: a regular
/// file stands where the folder should be, and creating the folder fails as on a read-only or full disk.
/// </summary>
public sealed class FaultTests
{
    [Fact]
    public async Task Should_record_partial_and_show_degraded_while_the_outbox_cannot_be_created_and_recover_once_it_can()
    {
        await using var rig = ServeRig.Create();
        File.WriteAllText(rig.Outbox, "in the way");
        await rig.Start();
        rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());

        await rig.RunInbox();

        var run = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Partial);
        run.Message!.ShouldContain($"the outbox '{rig.Outbox}' cannot be written");
        run.RowsAffected.ShouldBe(40); // the data is in; only the documents are missing
        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        var health = await rig.Health();
        health.GetProperty("status").GetString().ShouldBe("degraded");
        // /health needs no key: it says which folder, by its role, not where it is.
        health.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetString()!.StartsWith("inbox: partial: ", StringComparison.Ordinal) && p.GetString()!.Contains("the outbox '[outbox]' cannot be written", StringComparison.Ordinal));
        health.GetRawText().ShouldNotContain(rig.Outbox);
        health.GetProperty("scheduler").GetProperty("running").GetBoolean().ShouldBeTrue();

        File.Delete(rig.Outbox);
        // The reports the outbox refused are written again without waiting for new data, and health recovers.
        rig.Clock.Advance(InboxReports.RetryEvery);
        await rig.RunInbox();
        rig.FilesUnder(Path.Combine(rig.Outbox, TestService.WardA)).ShouldContain(f => Path.GetFileName(f).Contains("briefing", StringComparison.OrdinalIgnoreCase));
        rig.JobRuns(JobNames.Inbox)[1].Outcome.ShouldBe(JobOutcomes.Succeeded, rig.JobRuns(JobNames.Inbox)[1].Message);
        (await rig.Health()).GetProperty("status").GetString().ShouldBe("ok");

        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        rig.DropSnapshot("households_nhan_2025.csv", Enumerable.Range(0, 40).Select(i =>
            new SnapshotRow($"NHAN-{i:D3}", 2025).InWard(TestService.WardB, "Phường Nhân Hòa").InGroup("TDP09", "Tổ dân phố Nhân Hòa").NotPoor()));
        await rig.RunInbox();

        rig.JobRuns(JobNames.Inbox)[2].Outcome.ShouldBe(JobOutcomes.Succeeded, rig.JobRuns(JobNames.Inbox)[2].Message);
        rig.FilesUnder(Path.Combine(rig.Outbox, TestService.WardB)).ShouldContain(f => Path.GetFileName(f).Contains("briefing", StringComparison.OrdinalIgnoreCase));
        (await rig.Health()).GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task Should_keep_a_loaded_file_in_the_inbox_while_the_archive_cannot_be_created_and_archive_it_later_without_loading_it_again()
    {
        await using var rig = ServeRig.Create();
        File.WriteAllText(rig.Archive, "in the way");
        await rig.Start();
        var path = rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());

        await rig.RunInbox();

        File.Exists(path).ShouldBeTrue();
        var first = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        first.Outcome.ShouldBe(JobOutcomes.Partial);
        first.Message!.ShouldContain("households_2025.csv was loaded but could not be moved out of the inbox");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(40);
        (await rig.Health()).GetProperty("status").GetString().ShouldBe("degraded");

        File.Delete(rig.Archive);
        rig.Clock.Advance(TimeSpan.FromMinutes(1));
        await rig.RunInbox();

        File.Exists(path).ShouldBeFalse();
        rig.FilesUnder(rig.Archive).ShouldHaveSingleItem().ShouldEndWith("-households_2025.csv");
        var second = rig.JobRuns(JobNames.Inbox)[1];
        second.Outcome.ShouldBe(JobOutcomes.Succeeded, second.Message);
        second.Message!.ShouldContain("0 loaded, 1 already loaded");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(40);
        rig.Count("SELECT count(*) FROM etl_load WHERE outcome = 'loaded' AND ward_years LIKE '%2025%'").ShouldBe(1);
        (await rig.Health()).GetProperty("status").GetString().ShouldBe("ok");
    }

    [Fact]
    public async Task Should_start_and_answer_while_an_officer_reads_the_mart_from_another_process_then_load_once_it_is_let_go()
    {
        await using var rig = ServeRig.Create();
        using (ReaderProcess.Open(rig.MartPath))
        {
            // No restart loop over an open shell: the service starts without the write lock.
            await rig.Start(o => o with { WriterPatienceSeconds = 1 });
            (await rig.Health()).GetProperty("status").GetString().ShouldBe("ok");
            rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());
            await rig.RunInbox();
            rig.FilesUnder(rig.Inbox).Count.ShouldBe(1);
            var health = await rig.Health();
            health.GetProperty("status").GetString().ShouldBe("degraded");
            health.GetProperty("problems").EnumerateArray().ShouldContain(p => p.GetString()!.Contains("deferred", StringComparison.Ordinal));
        }
        await rig.RunInbox();
        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem().Outcome.ShouldBe(JobOutcomes.Succeeded);
    }
}
