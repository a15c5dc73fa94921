using System.Globalization;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Synthetic;

public sealed class SnapshotGeneratorTests(SyntheticRuns runs) : IClassFixture<SyntheticRuns>
{
    private static readonly string[] DiSuGroups =
    [
        "Tổ dân phố Nhân Vinh", "Tổ dân phố Phan Bôi", "Tổ dân phố Trại", "Tổ dân phố Sài", "Tổ dân phố Trên",
        "Tổ dân phố Tháp", "Tổ dân phố Rừng", "Tổ dân phố Bưởi", "Tổ dân phố Thợ",
    ];

    private IEnumerable<(GeneratedRun Run, int Year, GeneratedCsv Snapshot)> AllSnapshots =>
        new[] { runs.Demo, runs.Provinces }.SelectMany(run => run.Years.Select(year => (run, year, run.Snapshot(year))));

    [Fact]
    public void Should_write_byte_identical_files_for_the_same_seed()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var result = new SnapshotGenerator().Generate(Small(), first.Path);
        new SnapshotGenerator().Generate(Small(), second.Path);

        result.Files.Count.ShouldBe(5);
        foreach (var file in result.Files)
        {
            var name = Path.GetFileName(file.Path);
            File.ReadAllBytes(file.Path).SequenceEqual(File.ReadAllBytes(second.File(name))).ShouldBeTrue(name);
        }
    }

    [Fact]
    public void Should_write_different_households_for_a_different_seed()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        new SnapshotGenerator().Generate(Small(seed: 1), first.Path);
        new SnapshotGenerator().Generate(Small(seed: 2), second.Path);

        File.ReadAllBytes(first.File("households_2024.csv"))
            .SequenceEqual(File.ReadAllBytes(second.File("households_2024.csv")))
            .ShouldBeFalse();
    }

    [Fact]
    public void Should_write_demo_with_fifteen_poor_households_in_2023()
    {
        var rows = runs.Demo.Snapshot(2023).RealRows.ToList();
        var poor = rows.Count(r => ContractRules.ComputedStatus(r) == "poor");

        rows.Count.ShouldBeInRange(3300, 3600);
        poor.ShouldBe(15);
        (100.0 * poor / rows.Count).ToString("0.00", CultureInfo.InvariantCulture).ShouldBe("0.44");
    }

    [Theory]
    [InlineData(2021, 0.0105)]
    [InlineData(2022, 0.0072)]
    [InlineData(2023, 0.0044)]
    [InlineData(2024, 0.0035)]
    [InlineData(2025, 0.0029)]
    [InlineData(2026, 0.0029 * 0.85)]
    public void Should_calibrate_each_demo_year_to_the_wards_poor_rate(int year, double rate)
    {
        // Dị Sử's households, also from 2025 when they are part of Đường Hào: each former ward is calibrated on its own.
        var rows = runs.Demo.Snapshot(year).RealRows.Where(r => r["household_id"].StartsWith("DISU-", StringComparison.Ordinal)).ToList();
        var poor = rows.Count(r => ContractRules.ComputedStatus(r) == "poor");
        var nearPoor = rows.Count(r => ContractRules.ComputedStatus(r) == "near_poor");

        poor.ShouldBe((int)Math.Round(rate * rows.Count, MidpointRounding.AwayFromZero));
        (1.0 * nearPoor / rows.Count).ShouldBeInRange(0.007, 0.014, "1.3 % down to 0.9 % by 2025, 0.77 % in 2026");
    }

    [Fact]
    public void Should_name_the_nine_residential_groups_of_Di_Su()
    {
        var rows = runs.Demo.Snapshot(2021).RealRows.ToList();
        var groups = rows.GroupBy(r => (Code: r["group_code"], Name: r["group_name"])).ToList();

        groups.Select(g => g.Key.Name).Order().ShouldBe(DiSuGroups.Order());
        groups.Select(g => g.Key.Code).Order().ShouldBe(Enumerable.Range(1, 9).Select(i => $"TDP{i:D2}"));
        groups.ShouldAllBe(g => g.Count() >= 250 && g.Count() <= 550);
        rows.ShouldAllBe(r => r["province_code"] == "33" && r["province_name"] == "Hưng Yên" && r["ward_code"] == "DISU"
            && r["ward_name"] == "Phường Dị Sử" && r["area"] == "urban");
    }

    [Fact]
    public void Should_write_2021_and_2022_like_the_review_software_and_later_years_as_plain_csv()
    {
        foreach (var year in runs.Demo.Years)
        {
            var csv = runs.Demo.Snapshot(year);
            var firstLine = File.ReadLines(Path.Combine(runs.Demo.Folder, $"households_{year}.csv")).First().TrimStart('\uFEFF');
            var exported = year <= 2022;

            csv.HasBom.ShouldBe(exported, $"{year} BOM");
            csv.Separator.ShouldBe(exported ? ';' : ',', $"{year} separator");
            csv.LineEnd.ShouldBe(exported ? "\r\n" : "\n", $"{year} line end");
            firstLine.ShouldStartWith(exported ? "nam_ra_soat;ma_tinh;ten_tinh;" : "review_year,province_code,province_name,");
            csv.Header.ShouldBe(InputContract.Snapshot.Select(c => c.Name));
        }
    }

    [Fact]
    public void Should_keep_every_real_row_within_the_contract()
    {
        foreach (var (run, year, csv) in AllSnapshots)
        {
            var notApplicable = ContractRules.Flags.Except(ContractRules.ApplicableFlags(year)).Single();
            foreach (var row in csv.RealRows)
            {
                var where = $"{year} {row["household_id"]}";
                ContractRules.Violations(row).ShouldBeEmpty(where);
                row[notApplicable].ShouldBe("", where);

                var dependants = int.Parse(row["members_children"], CultureInfo.InvariantCulture)
                    + int.Parse(row["members_elderly"], CultureInfo.InvariantCulture);
                row["lack_dependents"].ShouldBe(2 * dependants > int.Parse(row["members"], CultureInfo.InvariantCulture) ? "1" : "0", where);
                if (row["members_children"] == "0")
                {
                    row["lack_child_schooling"].ShouldBe("0", where);
                }
            }

            var ids = csv.RealRows.Select(r => r["household_id"]).ToList();
            ids.Distinct().Count().ShouldBe(ids.Count, $"{run.Options.Seed} {year}: household ids repeat");
        }
    }

    [Fact]
    public void Should_record_the_computed_class_except_a_few_swaps_that_keep_the_poor_count()
    {
        foreach (var (run, year, csv) in AllSnapshots)
        {
            // Per simulated ward: its households' ids start with its code, also where two former wards share one from 2025.
            foreach (var ward in csv.RealRows.GroupBy(r => (r["ward_code"], Simulated: r["household_id"][..r["household_id"].LastIndexOf('-')])))
            {
                var rows = ward.Select(r => (Row: r, Computed: ContractRules.ComputedStatus(r))).ToList();
                var where = $"{ward.Key} {year}";
                var disagreements = rows.Count(r => r.Row["recorded_status"] != "" && r.Row["recorded_status"] != r.Computed);

                rows.Count(r => r.Row["recorded_status"] == "poor").ShouldBe(rows.Count(r => r.Computed == "poor"), where);
                disagreements.ShouldBeInRange(run.Options.Demo ? 2 : 1, run.Options.Demo ? 3 : 5, where);
                rows.Count(r => r.Row["recorded_status"] == "").ShouldBeLessThanOrEqualTo(Math.Max(5, rows.Count / 50), where);
                rows.ShouldAllBe(r => (r.Row["main_cause"] != "") == (r.Row["recorded_status"] == "poor"), where);
            }
        }
    }

    [Fact]
    public void Should_add_about_one_percent_bad_rows_each_breaking_exactly_one_rule()
    {
        var run = runs.Provinces;
        var snapshots = run.Years.Select(run.Snapshot).ToList();
        var bad = snapshots.SelectMany(s => s.BadRows).ToList();
        var real = snapshots.Sum(s => s.RealRows.Count());

        (1.0 * bad.Count / real).ShouldBeInRange(0.008, 0.012);
        run.Result.DirtyRows.ShouldBe(bad.Count);
        bad.Select(r => r["household_id"]).Distinct().Count().ShouldBe(bad.Count);

        var broken = bad.Select(r => (Id: r["household_id"], Reasons: ContractRules.Violations(r))).ToList();
        broken.ShouldAllBe(b => b.Reasons.Count == 1);
        broken.Select(b => b.Reasons[0].Split(':')[0]).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8);
    }

    [Fact]
    public void Should_leave_real_rows_unchanged_when_dirt_is_added()
    {
        using var clean = new TempFolder();
        using var dirty = new TempFolder();
        new SnapshotGenerator().Generate(Small(dirt: 0), clean.Path);
        new SnapshotGenerator().Generate(Small(dirt: 0.05), dirty.Path);

        foreach (var name in new[] { "households_2024.csv", "households_2025.csv", "supports_2025.csv" })
        {
            File.ReadLines(dirty.File(name)).Where(l => !l.Contains(",BAD-", StringComparison.Ordinal))
                .ShouldBe(File.ReadLines(clean.File(name)), name);
        }
    }

    [Fact]
    public void Should_give_supports_only_to_households_in_that_years_snapshot()
    {
        foreach (var run in new[] { runs.Demo, runs.Provinces })
        {
            foreach (var year in run.Years)
            {
                var households = run.Snapshot(year).RealRows.ToDictionary(r => r["household_id"]);
                var supports = run.Supports(year);

                supports.Header.ShouldBe(InputContract.Support.Select(c => c.Name));
                supports.Rows.ShouldNotBeEmpty();
                foreach (var support in supports.Rows)
                {
                    var where = $"{year} {support["household_id"]} {support["program"]}";
                    households.TryGetValue(support["household_id"], out var household).ShouldBeTrue(where);
                    support["ward_code"].ShouldBe(household!["ward_code"], where);
                    support["year"].ShouldBe(year.ToString(CultureInfo.InvariantCulture), where);
                    ContractRules.Programs.ShouldContain(support["program"], where);
                    (support["amount_vnd"] == "" || ContractRules.Int(support["amount_vnd"]) >= 0).ShouldBeTrue(where);
                }

                var insured = supports.Rows.Where(s => s["program"] == "health_insurance").Select(s => s["household_id"]).ToHashSet();
                households.Values.Where(h => h["recorded_status"] is "poor" or "near_poor")
                    .ShouldAllBe(h => insured.Contains(h["household_id"]));
            }
        }
    }

    [Fact]
    public void Should_generate_plausible_rates_for_a_multi_province_population()
    {
        var run = runs.Provinces;
        var rates = new List<double>();
        foreach (var year in run.Years)
        {
            var rows = run.Snapshot(year).RealRows.Select(r => (Row: r, Status: ContractRules.ComputedStatus(r))).ToList();
            var poor = rows.Count(r => r.Status == "poor");
            rates.Add(1.0 * poor / rows.Count);

            rates[^1].ShouldBeInRange(0.003, 0.06);
            rows.Count(r => r.Status == "near_poor").ShouldBeGreaterThan(poor);
            foreach (var ward in rows.GroupBy(r => r.Row["ward_code"]))
            {
                ward.Key.ShouldMatch(@"^P0[1-3]W000[1-4]$");
                ward.Select(r => r.Row["area"]).Distinct().Count().ShouldBe(1, ward.Key);
                var prefix = ward.First().Row["area"] == "urban" ? "Tổ dân phố " : "Thôn ";
                ward.ShouldAllBe(r => r.Row["group_name"].StartsWith(prefix, StringComparison.Ordinal));
                (1.0 * ward.Count(r => r.Status == "poor") / ward.Count()).ShouldBeLessThanOrEqualTo(0.08, ward.Key);
            }

            rows.Select(r => r.Row["ward_code"]).Distinct().Count().ShouldBe(12);
        }

        rates[1].ShouldBeLessThan(rates[0]);
    }

    [Fact]
    public void Should_write_each_wards_target_as_seventy_percent_of_its_rate_two_years_in()
    {
        File.ReadAllText(Path.Combine(runs.Demo.Folder, "targets_2024.csv"))
            .ShouldBe("year,ward_code,group_code,target_poor_rate\n2024,DISU,,0.31\n");

        // Two years from 2026: the base year is the last one generated, the target the year after.
        var run = runs.Provinces;
        var targets = run.Read("targets_2028.csv").Rows;
        var rows2027 = run.Snapshot(2027).RealRows.ToList();
        targets.Count.ShouldBe(12);
        foreach (var target in targets)
        {
            var ward = rows2027.Where(r => r["ward_code"] == target["ward_code"]).ToList();
            var rate = 100.0 * ward.Count(r => ContractRules.ComputedStatus(r) == "poor") / ward.Count;
            target["year"].ShouldBe("2028");
            target["group_code"].ShouldBe("");
            target["target_poor_rate"].ShouldBe(Math.Round(0.7 * rate, 2, MidpointRounding.AwayFromZero).ToString("0.00", CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void Should_follow_households_across_years_with_churn_escapes_and_falls_back()
    {
        var run = runs.Demo;
        // Dị Sử's own households, under Đường Hào from 2025 (Mẫu Hào's are in files of their own until then).
        var statusByYear = run.Years.ToDictionary(y => y, y => run.Snapshot(y).RealRows
            .Where(r => r["household_id"].StartsWith("DISU-", StringComparison.Ordinal))
            .ToDictionary(r => r["household_id"], ContractRules.ComputedStatus));
        var seen = new HashSet<string>();
        var everPoor = new HashSet<string>();
        int escaped = 0, fellBack = 0, newlyPoor = 0;
        foreach (var year in run.Years.Skip(1))
        {
            var before = statusByYear[year - 1];
            var now = statusByYear[year];
            seen.UnionWith(before.Keys);
            everPoor.UnionWith(before.Where(h => h.Value == "poor").Select(h => h.Key));

            var stayed = now.Keys.Count(before.ContainsKey);
            (1.0 * stayed / before.Count).ShouldBeInRange(0.98, 0.995, $"{year}: share of last year's households still there");
            (1.0 * (now.Count - stayed) / before.Count).ShouldBeInRange(0.01, 0.02, $"{year}: share of new households");
            now.Keys.Where(id => !before.ContainsKey(id)).ShouldAllBe(id => !seen.Contains(id), $"{year}: a household came back");

            escaped += before.Count(h => h.Value == "poor" && now.GetValueOrDefault(h.Key) is "near_poor" or "average" or "not_poor");
            fellBack += now.Count(h => h.Value == "poor" && before.GetValueOrDefault(h.Key) is not (null or "poor") && everPoor.Contains(h.Key));
            newlyPoor += now.Count(h => h.Value == "poor" && before.ContainsKey(h.Key) && !everPoor.Contains(h.Key));
        }

        escaped.ShouldBeGreaterThan(0);
        fellBack.ShouldBeGreaterThan(0);
        newlyPoor.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Should_count_every_file_and_household_in_the_result()
    {
        var run = runs.Demo;
        var beforeMerger = run.Years.Where(y => y < 2025).ToList();
        run.Result.Files.Select(f => (f.Kind, f.Year)).ShouldBe(
        [
            .. run.Years.Select(y => ("snapshot", y)), .. run.Years.Select(y => ("support", y)),
            .. beforeMerger.SelectMany(y => new[] { ("snapshot", y), ("support", y) }), ("target", 2024), ("target", 2025), ("unit_change", 2025),
        ]);
        foreach (var file in run.Result.Files)
        {
            run.Read(Path.GetFileName(file.Path)).Rows.Count.ShouldBe((int)file.Rows, file.Path);
        }

        var snapshots = run.Result.Files.Where(f => f.Kind == "snapshot").Select(f => run.Read(Path.GetFileName(f.Path))).ToList();
        run.Result.Households.ShouldBe(snapshots.SelectMany(s => s.RealRows.Select(r => r["household_id"])).Distinct().Count());
        run.Result.DirtyRows.ShouldBe(snapshots.Sum(s => s.BadRows.Count()));
        run.Result.DirtyRows.ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Should_load_through_the_etl_with_exactly_the_bad_rows_rejected()
    {
        using var mart = new TestMart();
        foreach (var year in new[] { 2022, 2023 })
        {
            var csv = runs.Demo.Snapshot(year);
            var result = mart.Runner.LoadFile(Path.Combine(runs.Demo.Folder, $"households_{year}.csv"));

            result.Outcome.ShouldBe(LoadOutcome.Loaded, result.Message?.En);
            result.RowsLoaded.ShouldBe(csv.RealRows.Count(), $"{year}");
            result.RowsRejected.ShouldBe(csv.BadRows.Count(), $"{year}");
        }

        var ward2023 = mart.Rows("SELECT poor, households, poor_rate FROM v_ward_year WHERE ward_code = 'DISU' AND review_year = 2023").Single();
        ward2023[0].ShouldBe(15L);
        Convert.ToDouble(ward2023[2], CultureInfo.InvariantCulture).ToString("0.00", CultureInfo.InvariantCulture).ShouldBe("0.44");
    }

    [Fact]
    public void Should_report_progress_after_each_ward()
    {
        using var folder = new TempFolder();
        var reports = new ProgressRecorder();
        new SnapshotGenerator().Generate(Small(), folder.Path, reports);

        reports.Seen.Select(p => p.HouseholdsDone).ShouldBe(new long[] { 300, 600, 900, 1200 });
        reports.Seen.ShouldAllBe(p => p.HouseholdsTotal == 1200);
    }

    [Fact]
    public void Should_leave_no_files_when_cancelled()
    {
        using var folder = new TempFolder();
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Should.Throw<OperationCanceledException>(() => new SnapshotGenerator().Generate(Small(), folder.Path, ct: cancelled.Token));
        Directory.EnumerateFileSystemEntries(folder.Path).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("households", "HouseholdsPerWard must be between 10 and 1,000,000")]
    [InlineData("provinces", "Provinces must be between 1 and 99")]
    [InlineData("first-year", "FirstYear must be between 2021 and 2030, the review years a poverty standard covers")]
    [InlineData("years", "LastYear must be between FirstYear and 2030")]
    [InlineData("dirt", "DirtyRate must be between 0 and 0.5")]
    [InlineData("groups", "HouseholdsPerWard must be at least GroupsPerWard")]
    [InlineData("demo", "Demo requires Provinces = 1")]
    public void Should_reject_options_that_break_a_rule(string broken, string rule)
    {
        var options = broken switch
        {
            "households" => Small() with { HouseholdsPerWard = 5 },
            "provinces" => Small() with { Provinces = 0 },
            "first-year" => Small() with { FirstYear = 2019 },
            "years" => Small() with { LastYear = 2023 },
            "dirt" => Small() with { DirtyRate = 0.9 },
            "groups" => Small() with { GroupsPerWard = 50, HouseholdsPerWard = 20 },
            _ => GeneratorOptions.DiSuDemo with { WardsPerProvince = 2 },
        };
        using var folder = new TempFolder();

        Should.Throw<ArgumentException>(() => new SnapshotGenerator().Generate(options, folder.Path)).Message.ShouldContain(rule);
    }

    private static GeneratorOptions Small(int seed = 11, double dirt = 0.01) => new()
    {
        Demo = false,
        Seed = seed,
        Provinces = 2,
        WardsPerProvince = 2,
        HouseholdsPerWard = 300,
        FirstYear = 2024,
        LastYear = 2025,
        DirtyRate = dirt,
    };

    /// <summary>Records reports on the calling thread; <see cref="Progress{T}"/> would post them elsewhere.</summary>
    private sealed class ProgressRecorder : IProgress<GeneratorProgress>
    {
        public List<GeneratorProgress> Seen { get; } = [];

        public void Report(GeneratorProgress value) => Seen.Add(value);
    }
}
