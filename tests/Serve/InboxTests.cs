using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>The inbox through the real host: files dropped into the folder, the inbox job run by the scheduler, the mart and the folders read after.</summary>
[RunsLong]
public sealed class InboxTests
{
    /// <summary>Ward DISU's 2025 round: the seeded 40 households again, a few of them poor.</summary>
    internal static List<SnapshotRow> Round2025(int households = 40) =>
        Enumerable.Range(0, households).Select(i =>
        {
            var row = new SnapshotRow($"DISU-{i:D3}", 2025).InGroup(i % 2 == 0 ? "TDP01" : "TDP02", i % 2 == 0 ? "Tổ dân phố Nhân Vinh" : "Tổ dân phố Dị Sử");
            return i % 8 == 0 ? row.Poor() : row.NotPoor();
        }).ToList();

    [Fact]
    public async Task Should_load_a_ready_file_archive_it_without_sidecars_refresh_the_forecast_and_write_its_wards_reports()
    {
        await using var rig = ServeRig.Create();
        await rig.Start(o => o with { RefreshForecasts = true });
        rig.DropSnapshot("households_2025.csv", Round2025());

        await rig.RunInbox();

        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        var archived = rig.FilesUnder(rig.Archive).ShouldHaveSingleItem();
        Path.GetFileName(archived).ShouldEndWith("-households_2025.csv");
        rig.FilesUnder(rig.Quarantine).ShouldBeEmpty();
        rig.Count("SELECT count(*) FROM v_group_year WHERE ward_code = 'DISU' AND review_year = 2025").ShouldBe(2);
        rig.Count("SELECT sum(households) FROM v_group_year WHERE ward_code = 'DISU' AND review_year = 2025").ShouldBe(40);
        rig.Count("SELECT count(*) FROM dim_model WHERE list_contains(training_years, 2024)").ShouldBeGreaterThan(0);
        rig.Count("SELECT count(*) FROM fact_forecast WHERE base_year = 2025").ShouldBeGreaterThan(0);
        // Only the ward whose data changed gets new documents; csv reports are one file per sheet.
        rig.FilesUnder(Path.Combine(rig.Outbox, "DISU")).ShouldContain(f => Path.GetFileName(f).Contains("briefing", StringComparison.OrdinalIgnoreCase));
        Directory.Exists(Path.Combine(rig.Outbox, "NHAN")).ShouldBeFalse();
        var run = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Succeeded, run.Message);
        run.RowsAffected.ShouldBe(40);
        run.Trigger.ShouldBe("manual:test");
        var health = await rig.Health();
        health.GetProperty("status").GetString().ShouldBe("ok");
        health.GetProperty("last_load").GetDateTimeOffset().ShouldBe(
            rig.Read(c => JobRuns.LastLoad(c))!.Value);
        health.GetProperty("last_load").GetDateTimeOffset().ShouldBeGreaterThan(run.StartedAt);
    }

    [Fact]
    public async Task Should_forecast_each_ward_from_its_own_latest_round_when_their_latest_years_differ()
    {
        // DISU reaches 2025 with this load; NHAN's latest round stays 2024.
        await using var rig = ServeRig.Create();
        await rig.Start(o => o with { RefreshForecasts = true });
        rig.DropSnapshot("households_2025.csv", Round2025());

        await rig.RunInbox();

        var forecasts = rig.Read(c => c.Rows("""
            SELECT ward_code, base_year, target_year, households FROM v_group_forecast WHERE group_code IS NULL ORDER BY ward_code, base_year
            """)).Select(r => ((string)r[0]!, Convert.ToInt32(r[1]), Convert.ToInt32(r[2]), Convert.ToInt64(r[3]))).ToList();
        forecasts.ShouldContain(("DISU", 2025, 2026, 40L));
        forecasts.ShouldContain((TestService.WardB, 2024, 2025, 40L));
        var appendix = rig.Read(c => DiSu.Analytics.Reports.Appendix.AppendixModel.Read(c, new(2025, TestService.WardB)));
        appendix.HasForecast.ShouldBeTrue();
        appendix.Groups.ShouldAllBe(g => g.Expected != null);
        appendix.Total.Expected!.Poor.ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Should_archive_a_file_with_bad_rows_beside_an_errors_csv_naming_row_column_and_reason()
    {
        await using var rig = ServeRig.Create();
        await rig.Start();
        var rows = Round2025(10);
        rows[2] = rows[2].With("members", "nhiều"); // file row 4: header is row 1
        rig.DropSnapshot("households_2025.csv", rows);

        await rig.RunInbox();

        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        var archived = rig.FilesUnder(rig.Archive);
        archived.Count.ShouldBe(3);
        var data = archived.Where(f => f.EndsWith("-households_2025.csv", StringComparison.Ordinal)).ShouldHaveSingleItem();
        var errors = File.ReadAllLines(data + ".errors.csv");
        errors[0].ShouldBe("row,column,value,reason,reason_en");
        errors.Skip(1).ShouldHaveSingleItem().ShouldBe("4,members,nhiều,members: 'nhiều' phải là số nguyên từ 1 đến 50,members: 'nhiều' must be a whole number from 1 to 50");
        using var json = JsonDocument.Parse(File.ReadAllText(data + ".errors.json"));
        json.RootElement.GetProperty("rows_rejected").GetInt64().ShouldBe(1);
        json.RootElement.GetProperty("rows_loaded").GetInt64().ShouldBe(9);
        rig.Count("SELECT count(*) FROM fact_household_year WHERE ward_code = 'DISU' AND review_year = 2025 AND is_current").ShouldBe(9);
        var run = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Succeeded, run.Message);
        run.RowsAffected.ShouldBe(9);
    }

    [Fact]
    public async Task Should_write_rejected_values_that_a_spreadsheet_would_run_into_the_errors_csv_with_an_apostrophe()
    {
        await using var rig = ServeRig.Create();
        await rig.Start();
        var rows = Round2025(10);
        for (var i = 0; i < Hostile.Values.Length; i++)
            rows[i + 1] = rows[i + 1].With("members", Hostile.Values[i]); // file rows 3 to 8
        rig.DropSnapshot("households_2025.csv", rows);

        await rig.RunInbox();

        var data = rig.FilesUnder(rig.Archive).Single(f => f.EndsWith("-households_2025.csv", StringComparison.Ordinal));
        var errors = Hostile.ParseCsv(File.ReadAllText(data + ".errors.csv"));
        Hostile.Column(errors, "value").ShouldBe(Hostile.Values.Select(v => "'" + v));
        Hostile.Column(errors, "row").ShouldBe(["3", "4", "5", "6", "7", "8"]);
        Hostile.ShouldHoldNoFormula(errors, ".errors.csv");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE ward_code = 'DISU' AND review_year = 2025 AND is_current").ShouldBe(4);
    }

    [Fact]
    public async Task Should_quarantine_a_corrupt_workbook_and_a_file_that_is_not_input_each_with_an_errors_json()
    {
        await using var rig = ServeRig.Create();
        await rig.Start();
        var noise = new byte[4096];
        new Random(7).NextBytes(noise);
        rig.Drop("households_2025.xlsx", noise);
        rig.Drop("notes.txt", "ghi chú của cán bộ");

        await rig.RunInbox();

        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        rig.FilesUnder(rig.Archive).ShouldBeEmpty();
        var quarantined = rig.FilesUnder(rig.Quarantine);
        var names = quarantined.Select(f => Path.GetFileName(f)[(Path.GetFileName(f).IndexOf('-', StringComparison.Ordinal) + 1)..]).ToList();
        names.ShouldContain("households_2025.xlsx");
        names.ShouldContain("households_2025.xlsx.errors.json");
        names.ShouldContain("notes.txt");
        names.ShouldContain("notes.txt.errors.json");
        using (var workbook = JsonDocument.Parse(File.ReadAllText(quarantined.Single(f => f.EndsWith(".xlsx.errors.json", StringComparison.Ordinal)))))
        {
            workbook.RootElement.GetProperty("outcome").GetString().ShouldBe("refused");
            workbook.RootElement.GetProperty("reason").GetString()!.ShouldContain("không đọc được bảng tính");
            workbook.RootElement.GetProperty("reason_en").GetString()!.ShouldContain("workbook cannot be read");
        }
        using (var notes = JsonDocument.Parse(File.ReadAllText(quarantined.Single(f => f.EndsWith(".txt.errors.json", StringComparison.Ordinal)))))
            notes.RootElement.GetProperty("reason_en").GetString()!.ShouldContain("not an input file");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(0);
        var run = rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Failed);
        run.Message!.ShouldContain("households_2025.xlsx refused");
    }

    [Fact]
    public async Task Should_not_load_a_file_while_it_is_still_growing_and_load_it_once_it_has_settled()
    {
        await using var rig = ServeRig.Create();
        await rig.Start(o => o with { QuietSeconds = 5 });
        var whole = File.ReadAllBytes(SnapshotCsv.Write(rig.Folder.File("whole.csv"), Round2025()));
        var path = rig.Drop("households_2025.csv", whole[..(whole.Length / 4)]);

        // A slow copy: more bytes every 3 s of the fake clock, each time the inbox is looked at (the
        // service's own re-checks of a settling file also fire as the clock moves).
        foreach (var part in new[] { 2, 3, 4 })
        {
            await rig.RunInbox();
            File.Exists(path).ShouldBeTrue();
            rig.Clock.Advance(TimeSpan.FromSeconds(3));
            File.WriteAllBytes(path, whole[..(whole.Length * part / 4)]);
            File.SetLastWriteTimeUtc(path, rig.Clock.GetUtcNow().UtcDateTime);
        }
        await rig.RunInbox();
        File.Exists(path).ShouldBeTrue();
        rig.JobRuns(JobNames.Inbox).ShouldBeEmpty(); // looked at four times, never loaded
        rig.Count("SELECT count(*) FROM etl_load").ShouldBe(2);

        // Quiet for longer than QuietSeconds: it is loaded, whole.
        rig.Clock.Advance(TimeSpan.FromSeconds(6));
        await rig.RunInbox();

        File.Exists(path).ShouldBeFalse();
        rig.JobRuns(JobNames.Inbox).ShouldHaveSingleItem().RowsAffected.ShouldBe(40);
        rig.Count("SELECT count(*) FROM etl_reject").ShouldBe(0);
    }

    [Fact]
    public async Task Should_skip_a_file_delivered_again_archive_it_and_not_double_its_rows()
    {
        await using var rig = ServeRig.Create();
        await rig.Start();
        var rows = Round2025();
        rig.DropSnapshot("households_2025.csv", rows);
        await rig.RunInbox();
        rig.Clock.Advance(TimeSpan.FromMinutes(5));
        rig.DropSnapshot("households_2025 (copy).csv", rows);

        await rig.RunInbox();

        rig.FilesUnder(rig.Inbox).ShouldBeEmpty();
        rig.FilesUnder(rig.Archive).Count.ShouldBe(2);
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(40);
        rig.Count("SELECT count(*) FROM etl_load WHERE outcome = 'loaded' AND ward_years LIKE '%2025%'").ShouldBe(1);
        var runs = rig.JobRuns(JobNames.Inbox);
        runs.Count.ShouldBe(2);
        runs[1].Outcome.ShouldBe(JobOutcomes.Succeeded, runs[1].Message);
        runs[1].RowsAffected.ShouldBe(0);
        runs[1].Message!.ShouldContain("1 already loaded");
    }

    /// <summary>
    /// Fault injection: ledger rows the load-id sequence does not know of take the next ids, so each
    /// attempt's INSERT INTO etl_load breaks the primary key — a DuckDB error that is not the file's
    /// fault (as a full disk would be). Each attempt rolls back and uses up one id.
    /// </summary>
    [Fact]
    public async Task Should_keep_a_file_whose_load_failed_and_quarantine_it_after_MaxAttempts()
    {
        await using var rig = ServeRig.Create(connection =>
        {
            for (var id = 3; id <= 12; id++)
                connection.Execute("""
                    INSERT INTO etl_load (load_id, file_name, file_path, content_hash, outcome, loaded_by, started_at, finished_at)
                    VALUES (?, 'blocker', 'blocker', 'blocker', 'refused', 'tests', now(), now())
                    """, id);
        });
        await rig.Start(o => o with { MaxAttempts = 3 });
        var path = rig.DropSnapshot("households_2025.csv", Round2025());

        await rig.RunInbox();
        await rig.RunInbox();

        File.Exists(path).ShouldBeTrue();
        var runs = rig.JobRuns(JobNames.Inbox);
        runs.Count.ShouldBe(2);
        runs.ShouldAllBe(r => r.Outcome == JobOutcomes.Failed);
        runs[0].Message!.ShouldContain("attempt 1 of 3");
        runs[1].Message!.ShouldContain("attempt 2 of 3");
        runs[1].Message!.ShouldContain("load_id"); // DuckDB's reason, for officers and admins
        // /health needs no key: it names the failure but not a reason that may quote the file's values.
        var problem = (await rig.Health()).GetProperty("problems").EnumerateArray().Single().GetString()!;
        problem.ShouldContain("attempt 2 of 3; reason in job_run");
        problem.ShouldNotContain("load_id");

        await rig.RunInbox();

        File.Exists(path).ShouldBeFalse();
        var quarantined = rig.FilesUnder(rig.Quarantine);
        quarantined.Count.ShouldBe(2);
        using var json = JsonDocument.Parse(File.ReadAllText(quarantined.Single(f => f.EndsWith(".errors.json", StringComparison.Ordinal))));
        json.RootElement.GetProperty("outcome").GetString().ShouldBe("failed");
        json.RootElement.GetProperty("reason_en").GetString()!.ShouldContain("failed 3 times");
        rig.JobRuns(JobNames.Inbox)[2].Message!.ShouldContain("moved to quarantine");
        rig.Count("SELECT count(*) FROM fact_household_year WHERE review_year = 2025").ShouldBe(0);
    }
}
