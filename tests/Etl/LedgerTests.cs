using DiSu.Analytics.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>Atomic, idempotent loads: the ledger, re-delivery, ward-year replacement and failures.</summary>
public sealed class LedgerTests
{
    private static readonly string[] Tables =
    [
        "etl_load", "etl_reject", "geo_year", "dim_geo", "dim_household", "fact_household_year",
        "fact_transition", "fact_support", "fact_target",
    ];

    /// <summary>A fingerprint of every table's full content.</summary>
    private static string Fingerprint(TestMart mart) => string.Join("\n", Tables.Select(t =>
        $"{t}: {mart.Scalar<long>($"SELECT count(*) FROM {t}")} rows, hash {mart.Scalar<string>($"SELECT coalesce(bit_xor(hash(x))::VARCHAR, '-') FROM {t} x")}"));

    [Fact]
    public void Should_skip_a_redelivered_file_and_change_nothing()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new("H1"), new SnapshotRow("H2").Poor(), new SnapshotRow("H3").With("members", "0")]);
        var first = mart.Runner.LoadFile(path);
        var before = Fingerprint(mart);

        var copy = mart.Folder.File("same-content-other-name.csv");
        File.Copy(path, copy);
        var again = mart.Runner.LoadFile(path);
        var renamed = mart.Runner.LoadFile(copy);

        again.Outcome.ShouldBe(LoadOutcome.Skipped);
        renamed.Outcome.ShouldBe(LoadOutcome.Skipped);
        renamed.Message.ShouldNotBeNull().En.ShouldBe($"already loaded as load #{first.LoadId} (same content); nothing changed");
        Fingerprint(mart).ShouldBe(before);
    }

    [Fact]
    public void Should_replace_a_corrected_ward_year_as_a_unit_and_keep_the_old_as_history()
    {
        using var mart = new TestMart();
        var v1 = mart.LoadSnapshot("v1.csv", new SnapshotRow("H1").Poor(), new SnapshotRow("H2").Poor(), new SnapshotRow("H3"));
        var v2 = mart.LoadSnapshot("v2.csv", new SnapshotRow("H1").Poor(), new SnapshotRow("H3"), new SnapshotRow("H4"));

        v2.ReplacedLoads.ShouldBe([v1.LoadId!.Value]);
        mart.Rows("SELECT household_id FROM fact_household_year WHERE is_current ORDER BY 1").Select(r => r[0]).ShouldBe(["H1", "H3", "H4"]);
        mart.Rows("SELECT household_id, superseded_by_load FROM fact_household_year WHERE NOT is_current ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}").ShouldBe(["H1:2", "H2:2", "H3:2"]);
        mart.Rows("SELECT households, poor FROM v_ward_year").ShouldHaveSingleItem().ShouldBe([3L, 1L]);
        mart.Scalar<string>("SELECT replaced_loads FROM etl_load WHERE load_id = ?", v2.LoadId).ShouldBe("1");
    }

    [Fact]
    public void Should_leave_other_ward_years_alone_when_replacing_one()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("a.csv", new SnapshotRow("A1", 2023), new SnapshotRow("A1", 2024),
            new SnapshotRow("B1", 2024).InWard("W2", "Phường Hai"));
        mart.LoadSnapshot("fix.csv", new SnapshotRow("A1", 2024).Poor());
        mart.Rows("SELECT ward_code, review_year, status FROM fact_household_year WHERE is_current ORDER BY 1, 2")
            .Select(r => string.Join(":", r)).ShouldBe(["DISU:2023:not_poor", "DISU:2024:poor", "W2:2024:not_poor"]);
        mart.Scalar<string>("SELECT transition FROM fact_transition WHERE household_id = 'A1' AND review_year = 2024").ShouldBe("newly_poor");
    }

    [Theory]
    [InlineData(EtlStage.Validating)]
    [InlineData(EtlStage.Merging)]
    [InlineData(EtlStage.Dimensions)]
    [InlineData(EtlStage.Transitions)]
    [InlineData(EtlStage.Committing)]
    public void Should_leave_the_mart_exactly_as_before_when_a_load_fails_midway(EtlStage failAt)
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("2023.csv", new SnapshotRow("H1", 2023).Poor(), new SnapshotRow("H2", 2023));
        var before = Fingerprint(mart);

        var path = SnapshotCsv.Write(mart.Folder.File("2024.csv"), [new SnapshotRow("H1", 2024), new SnapshotRow("H3", 2024).With("members", "0")]);
        var failure = Should.Throw<EtlFailedException>(() => mart.Runner.LoadFile(path, new FailingProgress(failAt)));

        failure.Text.En.ShouldContain("rolled back; the mart is unchanged");
        Fingerprint(mart).ShouldBe(before);
        mart.Runner.LoadFile(path).Outcome.ShouldBe(LoadOutcome.Loaded);
    }

    [Fact]
    public void Should_record_a_refused_file_in_the_ledger_and_the_rejects()
    {
        using var mart = new TestMart();
        var refused = mart.LoadText("junk.csv", "hello,world\n1,2\n");
        // In Vietnamese for people, the English beside it for tools.
        mart.Rows("SELECT file_name, outcome, message, message_en FROM etl_load").ShouldHaveSingleItem()
            .ShouldBe(["junk.csv", "refused", refused.Message!.Vi, refused.Message.En]);
        mart.Rows("SELECT reason, reason_en FROM etl_reject").ShouldHaveSingleItem()
            .ShouldBe(["tệp bị từ chối: " + refused.Message.Vi, "file refused: " + refused.Message.En]);
    }

    [Fact]
    public void Should_load_folders_snapshots_first_whatever_the_file_names()
    {
        using var mart = new TestMart();
        var folder = Path.Combine(mart.Folder.Path, "inbox");
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "a_supports.csv"), "year,household_id,ward_code,program,amount_vnd\n2024,H1,DISU,health_insurance,1100000\n");
        SnapshotCsv.Write(Path.Combine(folder, "z_snapshot.csv"), [new SnapshotRow("H1").Poor()]);
        var results = mart.Runner.Load([folder]);
        results.Select(r => (r.Kind, r.RowsLoaded)).ShouldBe([("snapshot", 1L), ("support", 1L)]);
    }

    private sealed class FailingProgress(EtlStage failAt) : IProgress<EtlStage>
    {
        public void Report(EtlStage value)
        {
            if (value == failAt) throw new IOException($"simulated failure at {value}");
        }
    }
}

/// <summary>One runner (one connection) loads many files of every kind and shape in a row.</summary>
public sealed class RunnerReuseTests
{
    [Fact]
    public void Should_load_files_of_every_kind_in_any_sequence_on_one_connection()
    {
        using var mart = new TestMart();
        var clean = SnapshotCsv.Write(mart.Folder.File("a.csv"), [new SnapshotRow("H1", 2023).Poor()]);
        var withBlank = mart.Folder.File("b.csv");
        File.WriteAllText(withBlank, File.ReadAllText(SnapshotCsv.Write(withBlank, [new SnapshotRow("H1", 2024)])) + "\n\n");
        var support = mart.Folder.File("c.csv");
        File.WriteAllText(support, "year,household_id,ward_code,program\n2024,H1,DISU,credit\n");
        var target = mart.Folder.File("d.csv");
        File.WriteAllText(target, "year,ward_code,target_poor_rate\n2024,DISU,0.31\n");
        foreach (var path in new[] { clean, support, withBlank, target, support + ".missing", clean })
            mart.Runner.LoadFile(path);
        foreach (var path in new[] { withBlank, clean })
            File.AppendAllText(path, "\n");
        mart.Runner.LoadFile(withBlank).Outcome.ShouldBe(LoadOutcome.Loaded);
        mart.Runner.LoadFile(clean).Outcome.ShouldBe(LoadOutcome.Loaded);
        mart.Scalar<long>("SELECT count(*) FROM etl_load WHERE outcome = 'loaded'").ShouldBe(6);
        mart.Scalar<long>("SELECT count(*) FROM duckdb_tables() WHERE temporary").ShouldBe(0, "staging tables must not outlive the load");
    }
}

/// <summary>Re-delivery by content, not by bytes; and re-delivery after the mart changed.</summary>
public sealed class RedeliveryTests
{
    [Fact]
    public void Should_leave_an_unchanged_ward_year_alone_when_a_file_changes_only_another_ward()
    {
        using var mart = new TestMart();
        var v1 = mart.LoadSnapshot("v1.csv", new SnapshotRow("A1"), new SnapshotRow("A2").Poor(),
            new SnapshotRow("B1").InWard("W2", "Phường Hai"));
        var v2 = mart.LoadSnapshot("v2.csv", new SnapshotRow("A1").Poor(), new SnapshotRow("A2").Poor(),
            new SnapshotRow("B1").InWard("W2", "Phường Hai"));

        v2.RowsLoaded.ShouldBe(2);
        v2.Warnings.Select(w => w.En).ShouldContain($"unchanged, left as loaded before: W2:2024 (load #{v1.LoadId})");
        mart.Rows("SELECT ward_code, load_id FROM fact_household_year WHERE is_current GROUP BY ALL ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}").ShouldBe([$"DISU:{v2.LoadId}", $"W2:{v1.LoadId}"]);
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE NOT is_current AND ward_code = 'W2'").ShouldBe(0);
    }

    [Fact]
    public void Should_treat_the_same_rows_in_another_order_and_format_as_unchanged()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("v1.csv", new SnapshotRow("A1").With("income_per_capita_month", "1500000").Poor(), new SnapshotRow("A2"));
        var resaved = SnapshotCsv.Write(mart.Folder.File("resaved.csv"),
            [new SnapshotRow("A2"), new SnapshotRow("A1").Poor()], delimiter: ';', bom: true, newline: "\r\n");
        var result = mart.Runner.LoadFile(resaved);
        result.Outcome.ShouldBe(LoadOutcome.Loaded);
        result.RowsLoaded.ShouldBe(0);
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE NOT is_current").ShouldBe(0);
    }

    [Fact]
    public void Should_load_again_a_support_file_whose_households_were_not_loaded_the_first_time()
    {
        using var mart = new TestMart();
        var supports = mart.Folder.File("supports.csv");
        File.WriteAllText(supports, "year,household_id,ward_code,program\n2024,H1,DISU,credit\n");
        mart.Runner.LoadFile(supports).RowsRejected.ShouldBe(1);
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1").Poor());

        var again = mart.Runner.LoadFile(supports);
        again.Outcome.ShouldBe(LoadOutcome.Loaded);
        again.RowsLoaded.ShouldBe(1);
        mart.Runner.LoadFile(supports).Outcome.ShouldBe(LoadOutcome.Skipped);
    }

    [Fact]
    public void Should_load_again_a_snapshot_whose_conflict_was_corrected_elsewhere()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("a.csv", new SnapshotRow("H1"), new SnapshotRow("H2"));
        var b = SnapshotCsv.Write(mart.Folder.File("b.csv"), [new SnapshotRow("H1").InWard("W2", "Phường Hai"), new SnapshotRow("H3").InWard("W2", "Phường Hai")]);
        mart.Runner.LoadFile(b).RowsRejected.ShouldBe(1);
        mart.LoadSnapshot("a2.csv", new SnapshotRow("H2"));

        mart.Runner.LoadFile(b).RowsLoaded.ShouldBe(2);
        mart.Scalar<string>("SELECT ward_code FROM fact_household_year WHERE is_current AND household_id = 'H1'").ShouldBe("W2");
    }
}
