namespace DiSu.Analytics.Tests.Etl;

/// <summary>
/// A reorganisation of units (merges, a split, a rename) seen through the mart: the as-is series
/// of today's units is the sum of their predecessors' as-was series, household by household, and a
/// household whose unit only changed code is neither an exit nor an entry.
/// </summary>
public sealed class ReorganisationTests
{
    [Fact]
    public void Should_restate_every_household_year_into_the_unit_it_is_part_of_today()
    {
        using var baseline = ReorganisedPanel.Baseline();
        using var mart = ReorganisedPanel.Reorganised();
        var before = baseline.Rows("SELECT review_year, household_id, ward_code, group_code FROM v_household_year");
        var today = mart.Rows("SELECT review_year, household_id, as_is_ward_code, as_is_group_code FROM v_household_unit")
            .ToDictionary(r => ((int)r[0]!, (string)r[1]!), r => (Ward: (string)r[2]!, Group: (string)r[3]!));
        today.Count.ShouldBe(before.Count);
        foreach (var r in before)
        {
            var unit = today[((int)r[0]!, (string)r[1]!)];
            var expected = ReorganisedPanel.Today((string)r[2]!, (string)r[3]!);
            if (expected is not null)
                unit.ShouldBe(expected.Value, $"{r[1]} in {r[0]}");
            else
                unit.Ward.ShouldBeOneOf("P01W0004A", "P01W0004B");
        }
    }

    [Fact]
    public void Should_give_each_unit_of_today_the_sum_of_its_predecessors_as_they_were()
    {
        using var baseline = ReorganisedPanel.Baseline();
        using var mart = ReorganisedPanel.Reorganised();
        // 0012 is 0001 + 0002 in every year; 0003 + 0031 is 0003; 0004A + 0004B is 0004.
        foreach (var (today, before) in new[]
                 {
                     ("'P01W0012'", "'P01W0001', 'P01W0002'"), ("'P01W0003', 'P01W0031'", "'P01W0003'"),
                     ("'P01W0004A', 'P01W0004B'", "'P01W0004'"),
                 })
        {
            const string Sums = "review_year, sum(households), sum(poor), sum(near_poor), sum(average), sum(households_dtts)";
            mart.Rows($"SELECT {Sums} FROM v_ward_year_as_is WHERE ward_code IN ({today}) GROUP BY 1 ORDER BY 1")
                .ShouldBe(baseline.Rows($"SELECT {Sums} FROM v_ward_year WHERE ward_code IN ({before}) GROUP BY 1 ORDER BY 1"), today);
        }
        // The merged groups T05 of 0012: 0002's T02 and T03, to 2023 as they were.
        mart.Rows("SELECT review_year, households, poor FROM v_group_year_as_is WHERE ward_code = 'P01W0012' AND group_code = 'T05' AND review_year < 2024 ORDER BY 1")
            .ShouldBe(baseline.Rows("""
                SELECT review_year, sum(households)::BIGINT, sum(poor)::BIGINT FROM v_group_year
                WHERE ward_code = 'P01W0002' AND group_code IN ('T02', 'T03') AND review_year < 2024 GROUP BY 1 ORDER BY 1
                """));
        mart.Rows("SELECT DISTINCT ward_name FROM v_ward_year_as_is WHERE ward_code = 'P01W0012'").ShouldBe([["Xã Hợp Nhất"]]);
        mart.Rows("SELECT DISTINCT group_name FROM v_group_year_as_is WHERE ward_code = 'P01W0003' AND group_code = 'T02R'").ShouldBe([["Thôn Đổi Tên"]]);
    }

    [Fact]
    public void Should_not_count_a_change_of_unit_as_an_exit_or_an_entry()
    {
        using var baseline = ReorganisedPanel.Baseline();
        using var mart = ReorganisedPanel.Reorganised();
        const string PerHousehold = """
            SELECT review_year, household_id, transition, prev_status, status, poor_rounds_before, years_since_escape
            FROM fact_transition WHERE review_year >= 2024 ORDER BY ALL
            """;
        var reorganised = mart.Rows(PerHousehold);
        reorganised.Count.ShouldBeGreaterThan(1000);
        Differences(reorganised, baseline.Rows(PerHousehold)).ShouldBeEmpty();
        // The as-was view of a new unit starts its first year from its predecessors' last round.
        mart.Rows("SELECT prev_year, poor_start FROM v_ward_year WHERE ward_code = 'P01W0012' AND review_year = 2024")
            .ShouldBe(baseline.Rows("SELECT max(review_year), sum(poor)::BIGINT FROM v_ward_year WHERE ward_code IN ('P01W0001', 'P01W0002') AND review_year = 2023"));
    }

    [Fact]
    public void Should_balance_start_exits_entries_and_end_in_every_unit_as_it_was_and_as_it_is()
    {
        using var mart = ReorganisedPanel.Reorganised();
        foreach (var view in new[] { "v_group_year", "v_group_year_as_is", "v_ward_year", "v_ward_year_as_is" })
            mart.Scalar<long>($"""
                SELECT count(*) FROM {view} WHERE prev_year IS NOT NULL AND
                  poor <> poor_start - escaped - left_poor + re_poor + newly_poor + near_poor_to_poor + entered_poor
                """).ShouldBe(0, view);
    }

    [Fact]
    public void Should_give_the_same_mart_when_the_changes_arrive_before_the_new_rounds()
    {
        using var after = ReorganisedPanel.Reorganised();
        using var before = ReorganisedPanel.ChangesBeforeNewRounds();
        foreach (var query in new[]
                 {
                     "SELECT * EXCLUDE (mapping) FROM v_household_unit",
                     "SELECT * FROM fact_transition",
                     "SELECT * FROM v_group_year_as_is",
                     "SELECT * FROM v_ward_year",
                     "SELECT * EXCLUDE (geo_key) FROM dim_geo",
                 })
            Differences(before.Rows(query), after.Rows(query)).ShouldBeEmpty(query);
    }

    /// <summary>Rows of one result missing from the other (both ways), the first few, as text.</summary>
    private static List<string> Differences(List<object?[]> a, List<object?[]> b)
    {
        static List<string> Lines(List<object?[]> rows) => rows.Select(r => string.Join("|", r)).Order(StringComparer.Ordinal).ToList();
        var (x, y) = (Lines(a), Lines(b));
        return x.Except(y).Select(l => "only first: " + l).Concat(y.Except(x).Select(l => "only second: " + l)).Take(5)
            .Concat(x.Count == y.Count ? [] : [$"{x.Count} rows against {y.Count}"]).ToList();
    }

    [Fact]
    public void Should_link_retired_units_to_their_successors_in_the_geography_dimension()
    {
        using var mart = ReorganisedPanel.Reorganised();
        mart.Rows("""
            SELECT ward_code, group_code, valid_to_year, is_current, successor_ward_code, successor_group_code
            FROM dim_geo WHERE ward_code IN ('P01W0002', 'P01W0003') ORDER BY 1, 2, 3
            """).ShouldBe([
            ["P01W0002", "T01", 2023, false, "P01W0012", "T04"],
            ["P01W0002", "T02", 2023, false, "P01W0012", "T05"],
            ["P01W0002", "T03", 2023, false, "P01W0012", "T05"],
            ["P01W0003", "T01", 9999, true, null, null],
            ["P01W0003", "T02", 2023, false, "P01W0003", "T02R"],
            ["P01W0003", "T02R", 9999, true, null, null],
            ["P01W0003", "T03", 2023, false, "P01W0031", "T01"],
        ]);
    }
}
