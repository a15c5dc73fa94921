using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>The classification rule of poverty-standards.md at its boundaries, from the seeded standards.</summary>
public sealed class ClassificationTests
{
    [Theory]
    // Decree 07/2021, urban: line 2,000,000, average band up to 3,000,000, k = 3
    [InlineData(2024, "urban", 2_000_000, 3, "poor")]
    [InlineData(2024, "urban", 2_000_000, 2, "near_poor")]
    [InlineData(2024, "urban", 2_000_001, 12, "average")]
    [InlineData(2024, "urban", 3_000_000, 0, "average")]
    [InlineData(2024, "urban", 3_000_001, 0, "not_poor")]
    [InlineData(2024, "urban", 0, 3, "poor")]
    // rural: line 1,500,000, band up to 2,250,000
    [InlineData(2024, "rural", 1_500_000, 3, "poor")]
    [InlineData(2024, "rural", 1_500_001, 3, "average")]
    [InlineData(2024, "rural", 2_250_000, 0, "average")]
    [InlineData(2024, "rural", 2_250_001, 0, "not_poor")]
    // 2026 is still Decree 07; 2027 is Decree 351/2025 (urban 2,800,000; rural 2,200,000)
    [InlineData(2026, "urban", 2_000_001, 5, "average")]
    [InlineData(2027, "urban", 2_000_001, 5, "poor")]
    [InlineData(2027, "urban", 2_800_000, 3, "poor")]
    [InlineData(2027, "urban", 2_800_001, 3, "average")]
    [InlineData(2027, "rural", 2_200_000, 2, "near_poor")]
    [InlineData(2027, "rural", 2_200_001, 2, "average")]
    public void Should_classify_by_the_standard_in_force(int year, string area, long income, int deprivations, string expected)
    {
        using var mart = new TestMart();
        var row = new SnapshotRow("H1", year).Deprived(deprivations, income).With("area", area);
        mart.LoadSnapshot("s.csv", row).RowsLoaded.ShouldBe(1);
        mart.Rows("SELECT computed_status, deprivation_count, standard_id FROM fact_household_year").ShouldHaveSingleItem()
            .ShouldBe([expected, deprivations, year <= 2026 ? "ND07_2021" : "ND351_2025"]);
    }

    [Fact]
    public void Should_count_only_the_indicators_of_the_standard_in_force()
    {
        using var mart = new TestMart();
        // Two real deprivations plus information means (dropped in 2027) and waste (added in 2027).
        var y2026 = new SnapshotRow("A", 2026).Deprived(2, 1_000_000).With("lack_information", "1");
        var y2027 = new SnapshotRow("B", 2027).Deprived(2, 1_000_000).With("lack_information", "1");
        var y2027Waste = new SnapshotRow("C", 2027).Deprived(2, 1_000_000).With("lack_waste", "1");
        mart.LoadSnapshot("s.csv", y2026, y2027, y2027Waste).RowsLoaded.ShouldBe(3);
        mart.Rows("SELECT household_id, deprivation_count, computed_status FROM fact_household_year ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}:{r[2]}").ShouldBe(["A:3:poor", "B:2:near_poor", "C:3:poor"]);
    }

    [Fact]
    public void Should_keep_recorded_status_beside_computed_and_count_disagreements()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s.csv",
            new SnapshotRow("AGREE").Poor().With("recorded_status", "poor"),
            new SnapshotRow("BOARD_SAYS_POOR").NearPoor().With("recorded_status", "ngheo"),
            new SnapshotRow("NOT_RECORDED").NearPoor());
        mart.Rows("SELECT household_id, computed_status, recorded_status, status, status_disagrees FROM fact_household_year ORDER BY 1")
            .Select(r => string.Join(":", r)).ShouldBe([
                "AGREE:poor:poor:poor:False",
                "BOARD_SAYS_POOR:near_poor:poor:poor:True",
                "NOT_RECORDED:near_poor::near_poor:False",
            ]);
        mart.Rows("SELECT poor, computed_poor, status_disagreements, status_not_recorded FROM v_ward_year").ShouldHaveSingleItem()
            .ShouldBe([2L, 1L, 1L, 1L]);
    }

    [Fact]
    public void Should_seed_both_standards_with_unconfirmed_values_marked()
    {
        using var mart = new TestMart();
        mart.Rows("SELECT review_year, standard_id FROM dim_period WHERE review_year IN (2021, 2026, 2027, 2030) ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}").ShouldBe(["2021:ND07_2021", "2026:ND07_2021", "2027:ND351_2025", "2030:ND351_2025"]);
        mart.Rows("SELECT standard_id, urban_line, rural_line, min_deprivations, average_band_confirmed, len(indicators) FROM dim_standard ORDER BY 1")
            .Select(r => string.Join(":", r)).ShouldBe(["ND07_2021:2000000:1500000:3:True:12", "ND351_2025:2800000:2200000:3:False:12"]);
        mart.Scalar<bool>("SELECT list_contains(indicators, 'waste') AND NOT list_contains(indicators, 'information_means') FROM dim_standard WHERE standard_id = 'ND351_2025'")
            .ShouldBeTrue();
    }
}
