using System.Diagnostics;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>One synthetic ward of 100,000 households (review year 2024): a file whose load takes seconds, made once for the class.</summary>
public sealed class BigSnapshot : IDisposable
{
    public const int Households = 100_000;

    private readonly TempFolder folder = new();

    public BigSnapshot()
    {
        var result = new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false, HouseholdsPerWard = Households, FirstYear = 2024, LastYear = 2024, WriteSupports = false, WriteTargets = false,
        }, folder.Path);
        Path = result.Files.Single(f => f.Kind == "snapshot").Path;
        Rows = result.Files.Single(f => f.Kind == "snapshot").Rows;
    }

    public string Path { get; }
    public long Rows { get; }

    /// <summary>Puts a copy into <paramref name="inbox"/> under its own name in one step (a rename), so it is complete when seen.</summary>
    public string CopyInto(string inbox)
    {
        Directory.CreateDirectory(inbox);
        var target = System.IO.Path.Combine(inbox, System.IO.Path.GetFileName(Path));
        File.Copy(Path, target + ".part");
        File.Move(target + ".part", target);
        return target;
    }

    public void Dispose() => folder.Dispose();
}

/// <summary>
/// The real `disu serve` in a child process, stopped in the middle of loading a big file: killed
/// hard (as by a power cut or the OOM killer) or asked to stop (SIGTERM, as by systemd).
/// </summary>
[RunsLong]
public sealed class KillDuringLoadTests(BigSnapshot big, ITestOutputHelper output) : IClassFixture<BigSnapshot>
{
    private static readonly Dictionary<string, string> Settings = new(StringComparer.Ordinal)
    {
        ["Disu:Serve:QuietSeconds"] = "0", ["Disu:Serve:RefreshForecasts"] = "false", ["Disu:Serve:ReportFormats:0"] = "csv",
        ["Disu:Serve:Schedules:Briefing"] = "", ["Disu:Serve:Schedules:Appendix"] = "",
        // The pipeline logs each stage of a load at Debug: the test stops the child at one inside the transaction.
        ["Logging:LogLevel:DiSu.Analytics.Service.Serve.InboxPipeline"] = "Debug",
    };

    /// <summary>Logged once the load's transaction has staged and checked the file and starts writing the mart's tables.</summary>
    private static string Merging(string file) => $"Inbox file {Path.GetFileName(file)}: Merging";

    /// <summary>Whether the child logged the end of the file's transaction (committed or rolled back): "Inbox file F: Loaded, N rows loaded, …".</summary>
    private static bool Ended(string line, string file) =>
        line.Contains($"Inbox file {Path.GetFileName(file)}: ", StringComparison.Ordinal) && line.Contains("rows loaded", StringComparison.Ordinal);

    /// <summary>What must not change when a load is cut short.</summary>
    private sealed record MartState(long Facts, long Loads, long Loaded, string GroupYears);

    private static MartState StateOf(ServeRig rig) => rig.Read(c => new MartState(
        c.Scalar<long>("SELECT count(*) FROM fact_household_year"),
        c.Scalar<long>("SELECT count(*) FROM etl_load"),
        c.Scalar<long>("SELECT count(*) FROM etl_load WHERE outcome = 'loaded'"),
        c.Scalar<string>("SELECT md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM (SELECT CAST(g AS VARCHAR) AS r FROM v_group_year g)")!));

    [Fact]
    public async Task Should_leave_the_mart_as_it_was_when_killed_mid_load_and_load_the_file_once_after_a_restart()
    {
        var watch = Stopwatch.StartNew();
        var (rig, before, inboxFile) = await KillInsideTheTransaction(watch);
        await using var _ = rig;

        StateOf(rig).ShouldBe(before);
        File.Exists(inboxFile).ShouldBeTrue();
        rig.FilesUnder(rig.Archive).ShouldBeEmpty();
        var cut = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        cut.Outcome.ShouldBe(JobOutcomes.Running);
        // The scan at start, or the every-minute schedule when the child started just before a full minute.
        cut.Trigger.ShouldBeOneOf(JobTriggers.Startup, JobTriggers.Schedule);

        // Started again (in-process, on the real clock like the child): it looks at the inbox at once.
        await rig.Start(o => o with { Schedules = o.Schedules with { Inbox = "0 * * * * ?" } }, TimeProvider.System);
        await Poll.Until(() => rig.JobRuns(JobNames.Inbox) is [_, { Outcome: not JobOutcomes.Running }, ..], "the restarted service's inbox run to end", TimeSpan.FromSeconds(90));
        output.WriteLine($"reloaded at {watch.Elapsed}");

        var runs = rig.JobRuns(JobNames.Inbox);
        runs[0].RunId.ShouldBe(cut.RunId);
        runs[0].Outcome.ShouldBe(JobOutcomes.Interrupted);
        runs[0].EndedAt.ShouldNotBeNull();
        runs[1].Outcome.ShouldBe(JobOutcomes.Succeeded, runs[1].Message);
        runs[1].RowsAffected.ShouldBe(big.Rows);
        var after = StateOf(rig);
        after.Facts.ShouldBe(before.Facts + big.Rows);
        after.Loaded.ShouldBe(before.Loaded + 1);
        after.Loads.ShouldBe(before.Loads + 1);
        File.Exists(inboxFile).ShouldBeFalse();
        rig.FilesUnder(rig.Archive).ShouldHaveSingleItem().ShouldEndWith("-" + Path.GetFileName(inboxFile));
    }

    /// <summary>
    /// Kills the child once it logs that the file's transaction writes the mart. The child may
    /// commit before the kill lands when a busy machine delays the reading of its log: then the
    /// attempt proves nothing about a cut transaction and is made again, on a fresh mart.
    /// </summary>
    private async Task<(ServeRig Rig, MartState Before, string InboxFile)> KillInsideTheTransaction(Stopwatch watch)
    {
        for (var attempt = 1; ; attempt++)
        {
            var rig = ServeRig.Create();
            var before = StateOf(rig);
            var inboxFile = big.CopyInto(rig.Inbox);
            bool ended;
            using (var child = DisuProcess.Serve(rig, Settings))
            {
                await child.WaitForLine(Merging(inboxFile), TimeSpan.FromSeconds(60));
                child.KillHard();
                output.WriteLine($"attempt {attempt}: killed at {watch.Elapsed}");
                ended = child.Lines.Any(l => Ended(l, inboxFile));
            }
            if (!ended) return (rig, before, inboxFile);
            await rig.DisposeAsync();
            attempt.ShouldBeLessThan(3, "the child finished its transaction before the kill three times running");
        }
    }

    [Fact]
    public async Task Should_stop_on_SIGTERM_within_the_shutdown_timeout_with_the_file_either_loaded_and_archived_or_untouched_in_the_inbox()
    {
        var watch = Stopwatch.StartNew();
        await using var rig = ServeRig.Create();
        var before = StateOf(rig);
        var inboxFile = big.CopyInto(rig.Inbox);

        using (var child = DisuProcess.Serve(rig, Settings))
        {
            await child.WaitForLine(Merging(inboxFile), TimeSpan.FromSeconds(60));
            child.Terminate();
            output.WriteLine($"SIGTERM at {watch.Elapsed}");
            // ServeHost gives the host 90 s to stop; a little more for the process to go.
            (await child.WaitForExit(TimeSpan.FromSeconds(100))).ShouldBeTrue();
            output.WriteLine($"exited ({child.ExitCode}) at {watch.Elapsed}");
            child.ExitCode.ShouldBe(0);
        }

        var after = StateOf(rig);
        var runs = rig.JobRuns(JobNames.Inbox);
        if (File.Exists(inboxFile))
        {
            after.ShouldBe(before);
            rig.FilesUnder(rig.Archive).ShouldBeEmpty();
        }
        else
        {
            after.Facts.ShouldBe(before.Facts + big.Rows);
            after.Loaded.ShouldBe(before.Loaded + 1);
            rig.FilesUnder(rig.Archive).ShouldHaveSingleItem().ShouldEndWith("-" + Path.GetFileName(inboxFile));
        }
        // A stop that was asked for finishes its record: nothing is left 'running' for the next start to guess about.
        runs.ShouldHaveSingleItem().Outcome.ShouldNotBe(JobOutcomes.Running);
    }

}
