using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Serve;

public sealed class HostileInboxTests
{
    [Fact]
    public async Task Should_quarantine_a_zip_bomb_and_an_xxe_workbook_copied_into_the_inbox_with_their_reasons_and_load_the_rest()
    {
        await using var rig = ServeRig.Create();
        await rig.Start();
        using var scratch = new TempFolder();
        var bomb = HostileWorkbooks.Write("15 MB expanding to 3 GB", scratch);
        var xxe = HostileWorkbooks.Write("external entity to /etc/passwd", scratch);
        rig.Drop("households_bomb.xlsx", File.ReadAllBytes(bomb.Path));
        rig.Drop("households_xxe.xlsx", File.ReadAllBytes(xxe.Path));
        rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());

        await rig.RunInbox();

        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        var quarantined = rig.FilesUnder(rig.Quarantine);
        quarantined.Count(f => f.EndsWith(".xlsx", StringComparison.Ordinal)).ShouldBe(2);
        using (var json = JsonDocument.Parse(File.ReadAllText(quarantined.Single(f => f.EndsWith("households_bomb.xlsx.errors.json", StringComparison.Ordinal)))))
        {
            json.RootElement.GetProperty("outcome").GetString().ShouldBe("refused");
            json.RootElement.GetProperty("reason_en").GetString()!.ShouldContain("zip bomb");
            json.RootElement.GetProperty("reason").GetString()!.ShouldContain("bom zip");
        }
        using (var json = JsonDocument.Parse(File.ReadAllText(quarantined.Single(f => f.EndsWith("households_xxe.xlsx.errors.json", StringComparison.Ordinal)))))
            json.RootElement.GetProperty("reason_en").GetString()!.ShouldContain("DTD");
        rig.FilesUnder(rig.Archive).ShouldHaveSingleItem().ShouldEndWith("-households_2025.csv");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(40);
        var run = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Partial);
        run.Message!.ShouldContain("households_bomb.xlsx refused: the workbook is refused");
        run.Message!.ShouldContain("households_xxe.xlsx refused: the workbook cannot be read");
        run.Message!.ShouldNotContain("took longer than", customMessage: "refused for what they are, not by the guard's clock");
    }
}
