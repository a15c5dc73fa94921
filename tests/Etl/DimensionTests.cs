using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>SCD2 dimensions and groups that change or disappear.</summary>
public sealed class DimensionTests
{
    private static SnapshotRow In(string group, int year) =>
        new SnapshotRow("H1", year).InGroup(group, group == "TDP01" ? "Tổ dân phố Nhân Vinh" : "Tổ dân phố Trại");

    private static List<string> Versions(TestMart mart) =>
        mart.Rows("SELECT group_code, valid_from_year, valid_to_year, is_current FROM dim_household WHERE household_id = 'H1' ORDER BY valid_from_year")
            .Select(r => string.Join(":", r)).ToList();

    [Theory]
    [InlineData(2021, 2022, 2023)]
    [InlineData(2023, 2021, 2022)]
    [InlineData(2022, 2023, 2021)]
    public void Should_keep_a_household_that_moves_away_and_back_as_three_versions_whatever_the_load_order(params int[] order)
    {
        using var mart = new TestMart();
        var group = new Dictionary<int, string> { [2021] = "TDP01", [2022] = "TDP02", [2023] = "TDP01" };
        foreach (var year in order)
            mart.LoadSnapshot($"{year}.csv", In(group[year], year), new SnapshotRow("OTHER", year)).RowsRejected.ShouldBe(0);
        Versions(mart).ShouldBe(["TDP01:2021:2021:False", "TDP02:2022:2022:False", "TDP01:2023:9999:True"]);
    }

    [Fact]
    public void Should_version_a_renamed_group_and_close_a_group_that_disappears()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("2021.csv", new SnapshotRow("A", 2021), new SnapshotRow("B", 2021).InGroup("TDP02", "Tổ dân phố Trại").Poor());
        mart.LoadSnapshot("2022.csv", new SnapshotRow("A", 2022).With("group_name", "Tổ dân phố Nhân Vinh Mới"));
        mart.LoadSnapshot("2023.csv", new SnapshotRow("A", 2023));
        mart.Rows("SELECT group_code, group_name, valid_from_year, valid_to_year, is_current FROM dim_geo ORDER BY group_code, valid_from_year")
            .Select(r => string.Join(":", r)).ShouldBe([
                "TDP01:Tổ dân phố Nhân Vinh:2021:2021:False",
                "TDP01:Tổ dân phố Nhân Vinh Mới:2022:2022:False",
                "TDP01:Tổ dân phố Nhân Vinh:2023:9999:True",
                "TDP02:Tổ dân phố Trại:2021:2021:False",
            ]);
    }

    [Fact]
    public void Should_report_the_poor_households_that_left_a_group_that_no_longer_exists()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("2021.csv", new SnapshotRow("A", 2021), new SnapshotRow("B", 2021).InGroup("TDP02", "Tổ dân phố Trại").Poor());
        mart.LoadSnapshot("2022.csv", new SnapshotRow("A", 2022));
        mart.Rows("SELECT group_name, households, poor_start, left_poor, poor FROM v_group_year WHERE review_year = 2022 ORDER BY group_code")
            .Select(r => string.Join(":", r)).ShouldBe(["Tổ dân phố Nhân Vinh:1:0:0:0", "Tổ dân phố Trại:0:1:1:0"]);
        mart.Rows("SELECT groups, households, poor_start, left_poor, poor FROM v_ward_year WHERE review_year = 2022")
            .ShouldHaveSingleItem().ShouldBe([1L, 1L, 1L, 1L, 0L]);
    }

    [Fact]
    public void Should_list_a_wards_first_round_in_v_transitions_without_a_transition()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("2021.csv", new SnapshotRow("A", 2021));
        mart.Rows("SELECT household_id, prev_year, transition FROM v_transitions").ShouldHaveSingleItem().ShouldBe(["A", null, null]);
    }
}
