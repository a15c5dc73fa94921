using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>Transitions against the ward's previous round, over a multi-year panel.</summary>
public sealed class TransitionTests
{
    // status per year 2021..2024: P = poor, N = near-poor, . = not poor, - = absent
    private static readonly Dictionary<string, string> Panel = new()
    {
        ["STAY"] = "PPPP",
        ["ESCAPE"] = "PP..",
        ["REPOOR"] = "P..P",
        ["NEWPOOR"] = "...P",
        ["NEAR2POOR"] = "..NP",
        ["NEAR_REPOOR"] = "P.NP",
        ["ENTER_POOR"] = "---P",
        ["LEAVE_POOR"] = "PPP-",
        ["BACK_AGAIN"] = "P-.P",
        ["FINE"] = "....",
    };

    private static SnapshotRow[] Year(int year) => StatusPanel.Year(Panel, year);

    private static void LoadYears(TestMart mart, params int[] years)
    {
        foreach (var year in years)
            mart.LoadSnapshot($"s{year}.csv", Year(year)).RowsRejected.ShouldBe(0);
    }

    private static List<string> Transitions(TestMart mart, int year) =>
        mart.Rows("SELECT household_id, transition, poor_rounds_before, years_since_escape FROM fact_transition WHERE review_year = ? ORDER BY 1", year)
            .Select(r => $"{r[0]}:{r[1]}:{r[2]}:{r[3]}").ToList();

    [Fact]
    public void Should_code_every_transition_of_the_panel()
    {
        using var mart = new TestMart();
        LoadYears(mart, 2021, 2022, 2023, 2024);
        Transitions(mart, 2024).ShouldBe([
            "BACK_AGAIN:re_poor:1:",
            "ENTER_POOR:entered:0:",
            "ESCAPE:stayed_not_poor:2:1",
            "FINE:stayed_not_poor:0:",
            "LEAVE_POOR:left:3:",
            "NEAR2POOR:near_poor_to_poor:0:",
            "NEAR_REPOOR:re_poor:1:",
            "NEWPOOR:newly_poor:0:",
            "REPOOR:re_poor:1:",
            "STAY:stayed_poor:3:",
        ]);
        Transitions(mart, 2023).ShouldContain("ESCAPE:escaped:2:0");
        Transitions(mart, 2022).ShouldContain("BACK_AGAIN:left:1:");
        Transitions(mart, 2023).ShouldContain("BACK_AGAIN:entered:1:0");
        Transitions(mart, 2021).ShouldAllBe(t => t.Split(':', StringSplitOptions.None)[1] == "");
    }

    [Fact]
    public void Should_reconcile_start_and_end_of_year_in_the_ward_and_every_group()
    {
        using var mart = new TestMart();
        LoadYears(mart, 2021, 2022, 2023, 2024);
        var broken = mart.Scalar<long>("""
            SELECT count(*) FROM v_group_year WHERE prev_year IS NOT NULL AND
              poor <> poor_start - escaped - left_poor + re_poor + newly_poor + near_poor_to_poor + entered_poor
            """);
        broken.ShouldBe(0);
        mart.Rows("SELECT poor_start, escaped, left_poor, re_poor, newly_poor, near_poor_to_poor, entered_poor, stayed_poor, poor FROM v_ward_year WHERE review_year = 2024")
            .ShouldHaveSingleItem().ShouldBe([2L, 0L, 1L, 3L, 1L, 1L, 1L, 1L, 7L]);
    }

    [Fact]
    public void Should_count_newly_escaped_households_within_the_configured_window()
    {
        using var mart = new TestMart();
        LoadYears(mart, 2021, 2022, 2023, 2024);
        // ESCAPE escaped in 2023: newly escaped in 2023 and 2024 with the default window of 3 years.
        mart.Scalar<long>("SELECT newly_escaped FROM v_ward_year WHERE review_year = 2024").ShouldBe(1);
        mart.Connection.Execute("UPDATE mart_setting SET value = '1' WHERE key = 'newly_escaped_years'");
        mart.Scalar<long>("SELECT newly_escaped FROM v_ward_year WHERE review_year = 2024").ShouldBe(0);
        // 2023: ESCAPE and BACK_AGAIN (poor in 2021, away in 2022, back and not poor in 2023) escaped that year.
        mart.Scalar<long>("SELECT newly_escaped FROM v_ward_year WHERE review_year = 2023").ShouldBe(2);
    }

    [Fact]
    public void Should_give_the_same_transitions_when_years_arrive_out_of_order()
    {
        using var inOrder = new TestMart();
        LoadYears(inOrder, 2021, 2022, 2023, 2024);
        using var shuffled = new TestMart();
        LoadYears(shuffled, 2024, 2022, 2021, 2023);
        for (var year = 2021; year <= 2024; year++)
            Transitions(shuffled, year).ShouldBe(Transitions(inOrder, year), $"year {year}");
        shuffled.Rows("SELECT * FROM dim_household ORDER BY household_id, valid_from_year")
            .ShouldBe(inOrder.Rows("SELECT * FROM dim_household ORDER BY household_id, valid_from_year"));
    }
}
