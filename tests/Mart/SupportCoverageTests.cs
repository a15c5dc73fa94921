using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// Support coverage (v_support_coverage, v_support_gap) on a hand-made ward: 2023 and 2024 of DISU,
/// groups TDP01 and TDP02. In 2024:
/// TDP01: H01 poor (health insurance), H02 poor (health insurance only in 2023), H03 poor deprived
/// on housing quality (health insurance, housing), H08 poor with children (health insurance,
/// tuition), H07 not poor (health insurance, credit: out of scope);
/// TDP02: H04 poor deprived on housing area (housing only in 2023), H05 near-poor (credit, housing
/// without a housing deprivation), H06 escaped in 2024 and deprived on employment (health
/// insurance, vocational training).
/// </summary>
public sealed class SupportCoverageTests
{
    private const string Supports = """
        year,household_id,ward_code,program,amount_vnd
        2023,H02,DISU,health_insurance,1263600
        2023,H04,DISU,housing,40000000
        2024,H01,DISU,health_insurance,1263600
        2024,H03,DISU,health_insurance,1263600
        2024,H03,DISU,housing,40000000
        2024,H05,DISU,credit,50000000
        2024,H05,DISU,housing,30000000
        2024,H06,DISU,health_insurance,884500
        2024,H06,DISU,vocational_training,
        2024,H07,DISU,health_insurance,1263600
        2024,H07,DISU,credit,50000000
        2024,H08,DISU,health_insurance,1263600
        2024,H08,DISU,tuition,3000000

        """;

    /// <summary>Poor under Decree 07 (urban) with three deprivations no rule looks at, no children.</summary>
    private static SnapshotRow Poor(string id, int year, params string[] alsoLacking)
    {
        var row = new SnapshotRow(id, year).Deprived(0, 1_200_000)
            .With("lack_dependents", "1").With("lack_nutrition", "1").With("lack_telecom", "1")
            .With("members_children", "0");
        return alsoLacking.Aggregate(row, (r, flag) => r.With(flag, "1"));
    }

    private static SnapshotRow NearPoor(string id, int year) =>
        new SnapshotRow(id, year).Deprived(0, 1_200_000).With("lack_dependents", "1").With("members_children", "0");

    private static SnapshotRow NotPoor(string id, int year) =>
        new SnapshotRow(id, year).NotPoor().With("members_children", "0");

    private static SnapshotRow Tdp02(SnapshotRow row) => row.InGroup("TDP02", "Tổ dân phố Hòa Lạc");

    private static TestMart HandMadeWard() => TestMart.From("support-coverage-hand-made-ward", mart =>
    {
        mart.LoadSnapshot("s2023.csv",
            Poor("H02", 2023),
            Tdp02(Poor("H04", 2023, "lack_housing_area")),
            Tdp02(Poor("H06", 2023))).RowsRejected.ShouldBe(0);
        mart.LoadSnapshot("s2024.csv",
            Poor("H01", 2024),
            Poor("H02", 2024),
            Poor("H03", 2024, "lack_housing_quality"),
            NotPoor("H07", 2024),
            Poor("H08", 2024).With("members_children", "2"),
            Tdp02(Poor("H04", 2024, "lack_housing_area")),
            Tdp02(NearPoor("H05", 2024)),
            Tdp02(NotPoor("H06", 2024).With("lack_employment", "1"))).RowsRejected.ShouldBe(0);
        mart.LoadText("supports.csv", Supports).RowsRejected.ShouldBe(0);
    });

    /// <summary>"group program in_scope entitled reached gap coverage reached_not_entitled entitled_poor gap_poor".</summary>
    private static List<string> Coverage(TestMart mart, int year, string ward = "DISU") =>
        mart.Rows("""
            SELECT group_code, program_code, in_scope, entitled, reached, gap, round(coverage_pct, 1),
                   reached_not_entitled, entitled_poor, gap_poor
            FROM v_support_coverage WHERE ward_code = ? AND review_year = ?
            ORDER BY group_code, program_code
            """, ward, year)
            .Select(r => string.Join(" ", r.Select(v => v is null ? "-" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();

    private static string Ids(object? list) =>
        list is System.Collections.IEnumerable ids ? string.Join(",", ids.Cast<object>()) : "-";

    [Fact]
    public void Should_count_entitled_reached_and_gap_per_group_and_program_by_hand()
    {
        using var mart = HandMadeWard();
        Coverage(mart, 2024).ShouldBe([
            "TDP01 credit 4 4 0 4 0 0 4 4",
            "TDP01 education_support 4 1 0 1 0 0 1 1",
            "TDP01 electricity 4 4 0 4 0 0 4 4",
            "TDP01 health_insurance 4 4 3 1 75 0 4 1",
            "TDP01 housing 4 1 1 0 100 0 1 0",
            "TDP01 job_placement 4 0 0 0 - 0 0 0",
            "TDP01 tuition 4 1 1 0 100 0 1 0",
            "TDP01 vocational_training 4 0 0 0 - 0 0 0",
            "TDP01 water_sanitation 4 0 0 0 - 0 0 0",
            "TDP02 credit 3 3 1 2 33.3 0 1 1",
            "TDP02 education_support 3 0 0 0 - 0 0 0",
            "TDP02 electricity 3 1 0 1 0 0 1 1",
            "TDP02 health_insurance 3 3 1 2 33.3 0 1 1",
            "TDP02 housing 3 1 0 1 0 1 1 1",
            "TDP02 job_placement 3 1 0 1 0 0 0 0",
            "TDP02 tuition 3 0 0 0 - 0 0 0",
            "TDP02 vocational_training 3 1 1 0 100 0 0 0",
            "TDP02 water_sanitation 3 0 0 0 - 0 0 0",
        ]);
    }

    [Fact]
    public void Should_match_support_to_the_review_year_it_was_given_in()
    {
        using var mart = HandMadeWard();
        // H02's card and H04's house were given in 2023: they count in 2023, not in 2024 (above).
        Coverage(mart, 2023).Where(r => r.Contains(" health_insurance ") || r.Contains(" housing ")).ShouldBe([
            "TDP01 health_insurance 1 1 1 0 100 0 1 0",
            "TDP01 housing 1 0 0 0 - 0 0 0",
            "TDP02 health_insurance 2 2 0 2 0 0 2 2",
            "TDP02 housing 2 1 1 0 100 0 1 0",
        ]);
    }

    [Fact]
    public void Should_list_exactly_the_households_entitled_but_not_reached()
    {
        using var mart = HandMadeWard();
        mart.Rows("""
                SELECT group_code, household_id, status, newly_escaped, program_code, rule_ids, entitled_by
                FROM v_support_gap WHERE ward_code = 'DISU' AND review_year = 2024
                ORDER BY group_code, household_id, program_code
                """)
            .Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]} {r[4]} [{Ids(r[5])}] {r[6]}")
            .ToList()
            .ShouldBe([
                "TDP01 H01 poor False credit [4] poor",
                "TDP01 H01 poor False electricity [18] poor",
                "TDP01 H02 poor False credit [4] poor",
                "TDP01 H02 poor False electricity [18] poor",
                "TDP01 H02 poor False health_insurance [1] poor",
                "TDP01 H03 poor False credit [4] poor",
                "TDP01 H03 poor False electricity [18] poor",
                "TDP01 H08 poor False credit [4] poor",
                "TDP01 H08 poor False education_support [9] poor + children",
                "TDP01 H08 poor False electricity [18] poor",
                "TDP02 H04 poor False credit [4] poor",
                "TDP02 H04 poor False electricity [18] poor",
                "TDP02 H04 poor False health_insurance [1] poor",
                "TDP02 H04 poor False housing [12] poor + housing_area",
                "TDP02 H05 near_poor False health_insurance [2] near_poor",
                "TDP02 H06 not_poor True credit [6] newly_escaped",
                "TDP02 H06 not_poor True job_placement [26] newly_escaped + employment",
            ]);
    }

    [Fact]
    public void Should_entitle_by_a_deprivation_only_households_deprived_in_it()
    {
        using var mart = HandMadeWard();
        // Housing: rule 11 (poor + housing_quality) for H03, rule 12 (poor + housing_area) for H04;
        // H05's housing support has no rule behind it; the other poor households are not entitled.
        mart.Rows("""
                SELECT household_id, rule_ids, reached FROM support_household_program
                WHERE review_year = 2024 AND program_code = 'housing' ORDER BY household_id
                """)
            .Select(r => $"{r[0]} {Ids(r[1])} {r[2]}")
            .ToList()
            .ShouldBe(["H01 - False", "H02 - False", "H03 11 True", "H04 12 False", "H05 - True", "H06 - False", "H08 - False"]);
    }

    [Fact]
    public void Should_read_the_rules_at_query_time()
    {
        using var mart = HandMadeWard();
        mart.Connection.Execute("""
            INSERT INTO dim_entitlement VALUES
                (100, 'near_poor', 'dependents', false, 'livelihood', 'Thử nghiệm', 'A rule added by an administrator.')
            """);
        mart.Connection.Execute("DELETE FROM dim_entitlement WHERE program_code = 'electricity'");
        var rows = Coverage(mart, 2024);
        rows.ShouldContain("TDP02 livelihood 3 1 0 1 0 0 0 0");
        rows.ShouldContain("TDP01 livelihood 4 0 0 0 - 0 0 0");
        rows.ShouldNotContain(r => r.Contains(" electricity "));
    }

    [Fact]
    public void Should_seed_rules_whose_programs_indicators_and_statuses_exist()
    {
        using var mart = new TestMart();
        mart.Scalar<long>("SELECT count(*) FROM dim_entitlement").ShouldBeGreaterThan(20);
        mart.Rows("SELECT rule_id, program_code FROM dim_entitlement WHERE program_code NOT IN (SELECT program_code FROM dim_program)")
            .ShouldBeEmpty();
        mart.Rows("""
            SELECT rule_id, indicator_code FROM dim_entitlement
            WHERE indicator_code IS NOT NULL AND indicator_code NOT IN (SELECT indicator_code FROM dim_indicator)
            """).ShouldBeEmpty();
        mart.Rows("SELECT DISTINCT status FROM dim_entitlement ORDER BY 1").Select(r => (string)r[0]!)
            .ShouldBe(["near_poor", "newly_escaped", "poor"]);
        mart.Rows("""
            SELECT status, indicator_code, requires_children, program_code FROM dim_entitlement
            GROUP BY ALL HAVING count(*) > 1
            """).ShouldBeEmpty();
    }

    [Fact]
    public void Should_return_only_the_filtered_ward_on_a_mart_of_several_wards()
    {
        using var mart = HandMadeWard();
        mart.LoadSnapshot("other2024.csv",
            Poor("X01", 2024).InWard("DHAO", "Phường Đường Hào"),
            Poor("X02", 2024).InWard("DHAO", "Phường Đường Hào").InGroup("TDP09", "Tổ dân phố 9")).RowsRejected.ShouldBe(0);
        mart.LoadText("other-supports.csv", "year,household_id,ward_code,program\n2024,X01,DHAO,health_insurance\n").RowsRejected.ShouldBe(0);

        mart.Rows("SELECT DISTINCT ward_code, ward_name FROM v_support_coverage WHERE ward_code = 'DHAO'")
            .ShouldHaveSingleItem().ShouldBe(["DHAO", "Phường Đường Hào"]);
        Coverage(mart, 2024, "DHAO").Where(r => r.Contains(" health_insurance ")).ShouldBe([
            "TDP01 health_insurance 1 1 1 0 100 0 1 0",
            "TDP09 health_insurance 1 1 0 1 0 0 1 1",
        ]);
        Coverage(mart, 2024).Count.ShouldBe(18);
        Coverage(mart, 2024).ShouldContain("TDP01 health_insurance 4 4 3 1 75 0 4 1");
        mart.Rows("SELECT DISTINCT ward_code FROM v_support_gap WHERE ward_code = 'DHAO'").ShouldHaveSingleItem();
        mart.Scalar<long>("SELECT count(*) FROM v_support_gap WHERE ward_code = 'DISU' AND review_year = 2024").ShouldBe(17);
    }
}
