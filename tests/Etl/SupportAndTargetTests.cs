using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>Support records and plan targets (contracts/inputs.md §2–3).</summary>
public sealed class SupportAndTargetTests
{
    private static TestMart MartWithHouseholds() => TestMart.From("support-and-target-households", mart =>
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1").Poor(), new SnapshotRow("H2").NearPoor()));

    [Fact]
    public void Should_load_supports_and_reject_each_broken_rule_with_its_reason()
    {
        using var mart = MartWithHouseholds();
        var result = mart.LoadText("supports.csv", """
            year,household_id,ward_code,program,amount_vnd
            2024,H1,DISU,health_insurance,1.100.000
            2024,H2,DISU,credit,
            2024,H9,DISU,credit,50000000
            2024,H1,OTHER,credit,1
            2024,H1,DISU,lottery,1
            2024,H1,DISU,credit,-5
            20x4,H1,DISU,credit,1

            """);
        result.RowsLoaded.ShouldBe(2);
        result.RowsRejected.ShouldBe(5);
        mart.Rejects(row: 4).ShouldHaveSingleItem().Reason.ShouldBe("household_id 'H9' is not in any loaded snapshot of ward DISU; load that ward's household snapshot first, or correct the code");
        mart.Rejects(row: 5).ShouldHaveSingleItem().Reason.ShouldContain("is not in any loaded snapshot of ward OTHER");
        mart.Rejects(row: 6).ShouldHaveSingleItem().Reason.ShouldStartWith("program: 'lottery' is not a program code; use one of livelihood");
        mart.Rejects(row: 7).ShouldHaveSingleItem().Reason.ShouldContain("amount_vnd: '-5' is not a whole number of VND");
        mart.Rejects(row: 8).ShouldHaveSingleItem().Reason.ShouldBe("year: '20x4' must be a year from 2000 to 2100");
        mart.Rows("SELECT household_id, program_code, amount_vnd FROM fact_support ORDER BY 1")
            .Select(r => string.Join(":", r)).ShouldBe(["H1:health_insurance:1100000", "H2:credit:"]);
    }

    [Fact]
    public void Should_replace_a_ward_years_supports_with_a_corrected_file()
    {
        using var mart = MartWithHouseholds();
        mart.LoadText("s1.csv", "year,household_id,ward_code,program\n2024,H1,DISU,credit\n2024,H2,DISU,credit\n");
        mart.LoadText("s2.csv", "nam;ma_ho;ma_xa;chuong_trinh;so_tien\n2024;H1;DISU;tuition;200000\n");
        mart.Rows("SELECT household_id, program_code FROM fact_support WHERE is_current").ShouldHaveSingleItem().ShouldBe(["H1", "tuition"]);
        mart.Scalar<long>("SELECT count(*) FROM fact_support WHERE NOT is_current").ShouldBe(2);
    }

    [Theory]
    [InlineData("0.31", 0.31)]
    [InlineData("0,31", 0.31)]
    [InlineData("0.31%", 0.31)]
    [InlineData("12", 12.0)]
    public void Should_load_a_ward_target_in_percent(string value, double expected)
    {
        using var mart = MartWithHouseholds();
        mart.LoadText("t.csv", $"year;ward_code;group_code;target_poor_rate\n2024;DISU;;{value}\n").RowsLoaded.ShouldBe(1);
        mart.Scalar<double>("SELECT target_poor_rate FROM v_ward_year WHERE review_year = 2024").ShouldBe(expected);
    }

    [Fact]
    public void Should_warn_when_a_target_looks_like_a_percent_formatted_cell()
    {
        using var mart = MartWithHouseholds();
        var result = mart.LoadText("t.csv", "year,ward_code,target_poor_rate\n2024,DISU,0.0031\n");
        result.RowsLoaded.ShouldBe(1);
        result.Warnings.ShouldHaveSingleItem().En.ShouldContain("target_poor_rate 0.0031 is below 0.01 percent");
    }

    [Fact]
    public void Should_show_a_groups_target_in_v_group_year()
    {
        using var mart = MartWithHouseholds();
        mart.LoadText("t.csv", "year,ward_code,group_code,target_poor_rate\n2024,DISU,TDP01,0.5\n").RowsLoaded.ShouldBe(1);
        mart.Scalar<double>("SELECT target_poor_rate FROM v_group_year WHERE group_code = 'TDP01'").ShouldBe(0.5);
        mart.Scalar<double?>("SELECT target_poor_rate FROM v_ward_year").ShouldBeNull();
    }

    [Theory]
    [InlineData("abc", "target_poor_rate: 'abc' must be a percent from 0 to 100")]
    [InlineData("101", "must be a percent from 0 to 100")]
    [InlineData("", "target_poor_rate is empty")]
    public void Should_reject_a_target_that_is_not_a_percent(string value, string reason)
    {
        using var mart = MartWithHouseholds();
        var result = mart.LoadText("t.csv", $"year,ward_code,group_code,target_poor_rate\n2024,DISU,,{value}\n2024,DISU,TDP01,0.2\n");
        result.RowsLoaded.ShouldBe(1);
        mart.Rejects(row: 2).ShouldHaveSingleItem().Reason.ShouldContain(reason);
    }

    [Fact]
    public void Should_reject_a_target_given_twice_and_replace_targets_on_correction()
    {
        using var mart = MartWithHouseholds();
        mart.LoadText("t1.csv", "year,ward_code,group_code,target_poor_rate\n2024,DISU,,0.4\n2024,DISU,,0.3\n").RowsRejected.ShouldBe(2);
        mart.LoadText("t2.csv", "year,ward_code,group_code,target_poor_rate\n2024,DISU,,0.4\n").RowsLoaded.ShouldBe(1);
        mart.LoadText("t3.csv", "year,ward_code,group_code,target_poor_rate\n2024,DISU,,0.31\n").ReplacedLoads.Count.ShouldBe(1);
        mart.Scalar<double>("SELECT target_poor_rate FROM fact_target WHERE is_current").ShouldBe(0.31);
    }
}
