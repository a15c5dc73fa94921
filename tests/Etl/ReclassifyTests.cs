using DiSu.Analytics.Etl;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>
/// `disu standards reclassify`: after a standard's correction, the loaded years it covers are
/// classified by its new version, the old classification kept in status_history, and every view
/// (v_household_year, v_group_year, v_ward_year and the transitions) follows.
/// </summary>
public sealed class ReclassifyTests
{
    private const long OldLine = 2_000_000;
    private const long NewLine = 2_600_000;

    private static void Correct(TestMart mart, string json)
    {
        var file = mart.Folder.File($"corrected-{Guid.NewGuid():N}.json");
        File.WriteAllText(file, json);
        StandardsCorrection.Apply(mart.Connection, file, mart.Clock, "tests");
    }

    private static ReclassifyResult Reclassify(TestMart mart, string standard = "ND07_2021") =>
        new Reclassifier(mart.Connection, mart.Clock, "tests").Run(standard);

    /// <summary>The rule of docs/poverty-standards.md with Decree 07's numbers and the raised urban line, written out here independently of the SQL.</summary>
    private static string Expected(HouseholdRow h)
    {
        var line = h.Area == "urban" ? NewLine : 1_500_000;
        var top = h.Area == "urban" ? 3_000_000 : 2_250_000;
        if (h.IncomePerCapitaMonth <= line) return h.DeprivationCount >= 3 ? "poor" : "near_poor";
        return h.IncomePerCapitaMonth <= top ? "average" : "not_poor";
    }

    private static IReadOnlyList<HouseholdRow> Households(TestMart mart) => mart.Connection.Read<HouseholdRow>("""
        SELECT review_year, household_id, ward_code || '/' || group_code AS group_code, area, income_per_capita_month, deprivation_count,
               computed_status, recorded_status, status, status_disagrees
        FROM v_household_year ORDER BY review_year, household_id
        """);

    [Fact]
    public void Should_reclassify_exactly_the_households_between_the_old_and_the_new_urban_line_and_keep_their_old_class()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var before = Households(mart);
        var between = before.Where(h => h.Area == "urban" && h.IncomePerCapitaMonth > OldLine && h.IncomePerCapitaMonth <= NewLine)
            .Select(h => (h.ReviewYear, h.HouseholdId)).ToHashSet();
        between.Count.ShouldBeGreaterThan(100);

        Correct(mart, $$"""{ "standards": [ { "id": "ND07_2021", "urban_line": {{NewLine}} } ] }""");
        var result = Reclassify(mart);

        result.RunId.ShouldBe(1);
        var history = mart.Connection.Read<HistoryRow>("""
            SELECT review_year, household_id, old_computed_status, new_computed_status, old_status, new_status, from_version, to_version
            FROM status_history WHERE run_id = 1
            """);
        history.Where(h => h.OldComputedStatus != h.NewComputedStatus).Select(h => (h.ReviewYear, h.HouseholdId)).ToHashSet().SetEquals(between).ShouldBeTrue();
        history.ShouldAllBe(h => h.FromVersion == 1 && h.ToVersion == 2);
        var was = before.ToDictionary(h => (h.ReviewYear, h.HouseholdId));
        foreach (var h in history)
            (h.OldComputedStatus, h.OldStatus).ShouldBe((was[(h.ReviewYear, h.HouseholdId)].ComputedStatus, was[(h.ReviewYear, h.HouseholdId)].Status), h.HouseholdId);
        var after = Households(mart);
        after.Count.ShouldBe(before.Count);
        after.ShouldAllBe(h => h.ComputedStatus == Expected(h));
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND standard_version <> 2").ShouldBe(0);
        result.PerYear.Sum(y => y.ComputedChanged).ShouldBe(between.Count);
        mart.Scalar<long>("SELECT computed_changed FROM reclassify_run WHERE run_id = 1").ShouldBe(between.Count);
    }

    [Fact]
    public void Should_count_the_recomputed_classes_in_v_group_year_and_keep_the_start_to_end_identity_with_rebuilt_transitions()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var before = Households(mart);
        Correct(mart, $$"""{ "standards": [ { "id": "ND07_2021", "urban_line": {{NewLine}} } ] }""");

        var result = Reclassify(mart);

        result.PerYear.Sum(y => y.StatusChanged).ShouldBeGreaterThan(0);
        var expected = before.GroupBy(h => (h.ReviewYear, h.GroupCode)).ToDictionary(g => g.Key, g => (
            Poor: g.LongCount(h => (h.RecordedStatus ?? Expected(h)) == "poor"),
            ComputedPoor: g.LongCount(h => Expected(h) == "poor")));
        var groups = mart.Connection.Read<GroupRow>("SELECT review_year, ward_code || '/' || group_code AS group_code, poor, computed_poor FROM v_group_year WHERE households > 0");
        groups.Count.ShouldBe(expected.Count);
        foreach (var g in groups)
            (g.Poor, g.ComputedPoor).ShouldBe(expected[(g.ReviewYear, g.GroupCode)], $"{g.ReviewYear} {g.GroupCode}");

        var wards = mart.Connection.Read<WardRow>("""
            SELECT review_year, poor, poor_start, escaped, left_poor, re_poor, newly_poor, near_poor_to_poor, entered_poor
            FROM v_ward_year_as_is WHERE ward_code = 'DUONGHAO' ORDER BY review_year
            """); // the demo's one ward as it is now: Dị Sử and Mẫu Hào until 2024, Đường Hào since
        wards.Count.ShouldBe(6);
        foreach (var (previous, year) in wards.Zip(wards.Skip(1)))
        {
            year.PoorStart.ShouldBe((long?)previous.Poor, $"{year.ReviewYear}: poor at the start is {previous.ReviewYear}'s poor");
            ((long?)year.Poor).ShouldBe(year.PoorStart - year.Escaped - year.LeftPoor + year.RePoor + year.NewlyPoor + year.NearPoorToPoor + year.EnteredPoor,
                $"{year.ReviewYear}: start − exits + entries = end");
        }
        mart.Scalar<long>("""
            SELECT count(*) FROM fact_transition t
            JOIN fact_household_year f ON f.is_current AND f.review_year = t.review_year AND f.household_id = t.household_id AND f.ward_code = t.ward_code
            WHERE t.status IS DISTINCT FROM f.status
            """).ShouldBe(0);
    }

    [Fact]
    public void Should_do_nothing_the_second_time_and_nothing_when_the_version_did_not_change()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        Reclassify(mart).NothingToDo.ShouldBeTrue();
        Correct(mart, $$"""{ "standards": [ { "id": "ND07_2021", "urban_line": {{NewLine}} } ] }""");
        Reclassify(mart).NothingToDo.ShouldBeFalse();
        var history = mart.Scalar<long>("SELECT count(*) FROM status_history");
        var transitions = mart.Scalar<string>("SELECT md5(string_agg(household_id || review_year || coalesce(transition, '-'), ',' ORDER BY review_year, household_id)) FROM fact_transition");

        var again = Reclassify(mart);

        again.NothingToDo.ShouldBeTrue();
        again.RunId.ShouldBeNull();
        mart.Scalar<long>("SELECT count(*) FROM status_history").ShouldBe(history);
        mart.Scalar<long>("SELECT count(*) FROM reclassify_run").ShouldBe(1);
        mart.Scalar<string>("SELECT md5(string_agg(household_id || review_year || coalesce(transition, '-'), ',' ORDER BY review_year, household_id)) FROM fact_transition").ShouldBe(transitions);
    }

    [Fact]
    public void Should_let_the_communes_recorded_status_win_and_say_where_the_rule_now_disagrees()
    {
        using var mart = new TestMart();
        // Both deprived on 3 indicators with 2,300,000 a month: average under 2,000,000, poor under 2,500,000.
        var recorded = new SnapshotRow("RECORDED", 2023).Deprived(3, 2_300_000).With("recorded_status", "average");
        var computed = new SnapshotRow("COMPUTED", 2023).Deprived(3, 2_300_000);
        var other = new SnapshotRow("OTHER", 2023).NotPoor();
        mart.LoadSnapshot("s2023.csv", recorded, computed, other).RowsLoaded.ShouldBe(3);
        mart.LoadSnapshot("s2024.csv", recorded.With("review_year", "2024"), computed.With("review_year", "2024"), other.With("review_year", "2024")).RowsLoaded.ShouldBe(3);
        Correct(mart, """{ "standards": [ { "id": "ND07_2021", "urban_line": 2500000 } ] }""");

        var result = Reclassify(mart);

        var rows = mart.Connection.Read<HouseholdRow>("""
            SELECT review_year, household_id, ward_code || '/' || group_code AS group_code, area, income_per_capita_month, deprivation_count,
                   computed_status, recorded_status, status, status_disagrees
            FROM v_household_year ORDER BY household_id, review_year
            """).ToDictionary(h => (h.HouseholdId, h.ReviewYear));
        rows[("RECORDED", 2023)].ShouldSatisfyAllConditions(
            h => h.ComputedStatus.ShouldBe("poor"), h => h.Status.ShouldBe("average"), h => h.StatusDisagrees.ShouldBeTrue());
        rows[("COMPUTED", 2023)].ShouldSatisfyAllConditions(
            h => h.ComputedStatus.ShouldBe("poor"), h => h.Status.ShouldBe("poor"), h => h.StatusDisagrees.ShouldBeFalse());
        rows[("OTHER", 2024)].Status.ShouldBe("not_poor");
        result.PerYear.Select(y => (y.ReviewYear, y.Households, y.ComputedChanged, y.StatusChanged)).ShouldBe([(2023, 3L, 2L, 1L), (2024, 3L, 2L, 1L)]);
        mart.Connection.Read<TransitionRow>("SELECT household_id, transition FROM v_transitions WHERE review_year = 2024 ORDER BY household_id")
            .Select(t => (t.HouseholdId, t.Transition)).ShouldBe([("COMPUTED", "stayed_poor"), ("OTHER", "stayed_not_poor"), ("RECORDED", "stayed_not_poor")]);
        mart.Scalar<long>("SELECT poor FROM v_ward_year WHERE review_year = 2024").ShouldBe(1);
    }

    [Fact]
    public void Should_refuse_a_standard_the_mart_does_not_have_naming_those_it_has()
    {
        using var mart = new TestMart();

        var refused = Should.Throw<MartException>(() => Reclassify(mart, "ND99"));

        refused.Text.En.ShouldBe("--standard ND99: the mart has no such standard; known: ND07_2021, ND351_2025");
        refused.Text.Vi.ShouldStartWith("--standard ND99: kho dữ liệu không có chuẩn nghèo này");
    }

    [Fact]
    public void Should_rebuild_the_transitions_of_given_ward_years_as_the_load_made_them()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var before = mart.Scalar<string>("SELECT md5(string_agg(household_id || review_year || coalesce(transition, '-') || poor_rounds_before || coalesce(years_since_escape, -1), ',' ORDER BY review_year, household_id)) FROM fact_transition");
        mart.Connection.Execute("DELETE FROM fact_transition WHERE review_year >= 2023");

        var rebuilt = Transitions.Rebuild(mart.Connection, [new WardYear(DemoMartFixture.Ward, 2023), new WardYear("MAUHAO", 2023)]);

        rebuilt.ShouldBe(6); // Dị Sử's and Mẫu Hào's 2023 and 2024, then Đường Hào's 2025 and 2026, which continue them
        mart.Scalar<string>("SELECT md5(string_agg(household_id || review_year || coalesce(transition, '-') || poor_rounds_before || coalesce(years_since_escape, -1), ',' ORDER BY review_year, household_id)) FROM fact_transition")
            .ShouldBe(before);
    }

    private sealed record HouseholdRow
    {
        public int ReviewYear { get; init; }
        public required string HouseholdId { get; init; }
        public required string GroupCode { get; init; }
        public required string Area { get; init; }
        public long IncomePerCapitaMonth { get; init; }
        public int DeprivationCount { get; init; }
        public required string ComputedStatus { get; init; }
        public string? RecordedStatus { get; init; }
        public required string Status { get; init; }
        public bool StatusDisagrees { get; init; }
    }

    private sealed record HistoryRow
    {
        public int ReviewYear { get; init; }
        public required string HouseholdId { get; init; }
        public required string OldComputedStatus { get; init; }
        public required string NewComputedStatus { get; init; }
        public required string OldStatus { get; init; }
        public required string NewStatus { get; init; }
        public int FromVersion { get; init; }
        public int ToVersion { get; init; }
    }

    private sealed record GroupRow
    {
        public int ReviewYear { get; init; }
        public required string GroupCode { get; init; }
        public long Poor { get; init; }
        public long ComputedPoor { get; init; }
    }

    private sealed record WardRow
    {
        public int ReviewYear { get; init; }
        public long Poor { get; init; }
        public long? PoorStart { get; init; }
        public long? Escaped { get; init; }
        public long? LeftPoor { get; init; }
        public long? RePoor { get; init; }
        public long? NewlyPoor { get; init; }
        public long? NearPoorToPoor { get; init; }
        public long? EnteredPoor { get; init; }
    }

    private sealed record TransitionRow
    {
        public required string HouseholdId { get; init; }
        public string? Transition { get; init; }
    }
}
