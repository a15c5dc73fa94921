using DiSu.Analytics.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>Every row-level rule of contracts/inputs.md §1: the row is rejected with a reason, the rest loads.</summary>
[RunsLong]
public sealed class SnapshotContractTests
{
    [Theory]
    [InlineData("members", "0", "members: '0' must be a whole number from 1 to 50")]
    [InlineData("members", "51", "must be a whole number from 1 to 50")]
    [InlineData("members", "3.5", "must be a whole number from 1 to 50")]
    [InlineData("income_per_capita_month", "1,5tr", "income_per_capita_month: '1,5tr' is not a whole number of VND")]
    [InlineData("income_per_capita_month", "1.500", "is ambiguous")]
    [InlineData("income_per_capita_month", "1.500,000", "is not a whole number of VND")]
    [InlineData("income_per_capita_month", "-5", "is not a whole number of VND")]
    [InlineData("income_per_capita_month", "2000000000", "above 1,000,000,000")]
    [InlineData("income_per_capita_month", "", "income_per_capita_month is empty")]
    [InlineData("review_year", "20x4", "must be a year from 2000 to 2100")]
    [InlineData("review_year", "1999", "must be a year from 2000 to 2100")]
    [InlineData("review_year", "2015", "no poverty standard is defined for 2015")]
    [InlineData("province_code", "", "province_code is empty")]
    [InlineData("province_name", "", "province_name is empty")]
    [InlineData("ward_code", "", "ward_code is empty")]
    [InlineData("ward_name", "", "ward_name is empty")]
    [InlineData("group_code", "", "group_code is empty")]
    [InlineData("group_name", "", "group_name is empty")]
    [InlineData("household_id", "", "household_id is empty")]
    [InlineData("area", "city", "area: 'city' must be urban or rural")]
    [InlineData("lack_water", "2", "lack_water: '2' must be 0 or 1")]
    [InlineData("lack_water", "", "lack_water is not recorded; Decree 07/2021/NĐ-CP needs it for 2024")]
    [InlineData("lack_information", "", "lack_information is not recorded")]
    [InlineData("lack_waste", "x", "lack_waste: 'x' must be 0 or 1")]
    [InlineData("merit_household", "yes", "merit_household: 'yes' must be 0 or 1")]
    [InlineData("social_protection", "", "social_protection: '' must be 0 or 1")]
    [InlineData("ethnic_minority", "2", "must be 0 or 1")]
    [InlineData("head_sex", "X", "head_sex: 'X' must be M or F")]
    [InlineData("head_birth_year", "2025", "must be a year from 1900 to the review year")]
    [InlineData("head_birth_year", "1899", "must be a year from 1900 to the review year")]
    [InlineData("members_working_age", "5", "must be a whole number from 0 to members (4)")]
    [InlineData("members_children", "3", "members_working_age + members_children = 5 exceeds members (4)")]
    [InlineData("members_elderly", "5", "members_elderly: '5' must be a whole number from 0 to members (4)")]
    [InlineData("members_disabled", "9", "members_disabled: '9' must be a whole number from 0 to members (4)")]
    [InlineData("main_cause", "luck", "main_cause: 'luck' must be empty or one of land")]
    [InlineData("recorded_status", "rich", "recorded_status: 'rich' must be empty or poor, near_poor")]
    public void Should_reject_row_breaking_a_rule_and_load_the_rest(string column, string value, string reason)
    {
        using var mart = new TestMart();
        var result = mart.LoadSnapshot("s.csv", new SnapshotRow("GOOD1"), new SnapshotRow("BAD").With(column, value), new SnapshotRow("GOOD2"));

        result.Outcome.ShouldBe(LoadOutcome.Loaded);
        result.RowsRead.ShouldBe(3);
        result.RowsLoaded.ShouldBe(2);
        result.RowsRejected.ShouldBe(1);
        var rejects = mart.Rejects(row: 3);
        rejects.ShouldContain(r => r.Column == column && r.Reason.Contains(reason), $"got: {string.Join(" | ", rejects)}");
        mart.Rows("SELECT file_name, value FROM etl_reject WHERE row_no = 3 AND column_name = ?", column)
            .ShouldHaveSingleItem()[0].ShouldBe("s.csv");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE household_id LIKE 'GOOD%'").ShouldBe(2);
    }

    [Theory]
    [InlineData("income_per_capita_month", "1.500.000", 1_500_000L)]
    [InlineData("income_per_capita_month", "1,500,000", 1_500_000L)]
    [InlineData("income_per_capita_month", "1 500 000", 1_500_000L)]
    [InlineData("income_per_capita_month", "0", 0L)]
    public void Should_accept_unambiguous_thousands_separators(string column, string value, long expected)
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1").With(column, value)).RowsLoaded.ShouldBe(1);
        mart.Scalar<long>("SELECT income_per_capita_month FROM fact_household_year").ShouldBe(expected);
    }

    [Theory]
    [InlineData("area", "thanh_thi", "area", "urban")]
    [InlineData("area", "Nong_Thon", "area", "rural")]
    [InlineData("head_sex", "Nữ", "head_sex", "F")]
    [InlineData("head_sex", "nam", "head_sex", "M")]
    [InlineData("recorded_status", "can_ngheo", "recorded_status", "near_poor")]
    [InlineData("recorded_status", "KHONG_NGHEO", "recorded_status", "not_poor")]
    [InlineData("main_cause", "Illness", "main_cause", "illness")]
    public void Should_accept_aliases_of_coded_values(string column, string value, string stored, string expected)
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1").With(column, value)).RowsLoaded.ShouldBe(1);
        mart.Scalar<string>($"SELECT {stored} FROM fact_household_year").ShouldBe(expected);
    }

    [Fact]
    public void Should_require_waste_and_not_information_from_2027()
    {
        using var mart = new TestMart();
        var result = mart.LoadSnapshot("s.csv",
            new SnapshotRow("OK", 2027),
            new SnapshotRow("NOWASTE", 2027).With("lack_waste", ""));
        result.RowsLoaded.ShouldBe(1);
        mart.Rejects(row: 3).ShouldContain(r => r.Column == "lack_waste" && r.Reason.Contains("351/2025/NĐ-CP"));
    }

    [Fact]
    public void Should_reject_both_rows_of_a_duplicate_household_and_name_the_pair()
    {
        using var mart = new TestMart();
        var result = mart.LoadSnapshot("s.csv", new SnapshotRow("H1"), new SnapshotRow("DUP"), new SnapshotRow("DUP"));
        result.RowsLoaded.ShouldBe(1);
        result.RowsRejected.ShouldBe(2);
        mart.Rejects(row: 3).ShouldHaveSingleItem().Reason.ShouldContain("household_id 'DUP' appears 2 times in review year 2024 of this file (rows 3, 4)");
        mart.Rejects(row: 4).ShouldHaveSingleItem().Reason.ShouldContain("(rows 3, 4)");
    }

    [Fact]
    public void Should_allow_the_same_household_in_different_years_of_one_file()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1", 2023), new SnapshotRow("H1", 2024)).RowsLoaded.ShouldBe(2);
    }

    [Fact]
    public void Should_report_a_household_already_in_another_ward_that_year_as_a_conflict()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("a.csv", new SnapshotRow("H1"), new SnapshotRow("H2")).RowsLoaded.ShouldBe(2);
        var result = mart.LoadSnapshot("b.csv",
            new SnapshotRow("H1").InWard("OTHER", "Phường Khác"), new SnapshotRow("H3").InWard("OTHER", "Phường Khác"));
        result.RowsLoaded.ShouldBe(1);
        mart.Rows("SELECT reason_en FROM etl_reject WHERE file_name = 'b.csv'").ShouldHaveSingleItem()[0]
            .ShouldBe("household_id 'H1' is already in ward DISU for 2024 (load #1); a household belongs to one ward per year — correct the ward or the other file");
        mart.Scalar<string>("SELECT ward_code FROM fact_household_year WHERE household_id = 'H1'").ShouldBe("DISU");
    }

    [Fact]
    public void Should_reject_a_row_whose_group_name_disagrees_with_the_rest_of_the_group()
    {
        using var mart = new TestMart();
        var result = mart.LoadSnapshot("s.csv", new SnapshotRow("H1"), new SnapshotRow("H2"),
            new SnapshotRow("H3").With("group_name", "Tổ Nhân Vinh (sai)"));
        result.RowsLoaded.ShouldBe(2);
        mart.Rejects(row: 4).ShouldHaveSingleItem().Reason.ShouldContain("differs from 'Tổ dân phố Nhân Vinh'");
    }

    [Fact]
    public void Should_name_every_row_when_two_names_tie_instead_of_picking_one()
    {
        using var mart = new TestMart();
        var result = mart.LoadSnapshot("s.csv",
            new SnapshotRow("H1").With("group_name", "Tổ Trại"), new SnapshotRow("H2").With("group_name", "Tổ Trai"),
            new SnapshotRow("H3").With("group_name", "Tổ Trại"), new SnapshotRow("H4").With("group_name", "Tổ Trai"));
        result.RowsLoaded.ShouldBe(0);
        mart.Rejects(row: 2).ShouldHaveSingleItem().Reason
            .ShouldBe("group_name differs between the rows of group DISU/TDP01 in 2024 ('Tổ Trai' in 2 rows, 'Tổ Trại' in 2 rows); make them agree");
    }

    [Fact]
    public void Should_store_names_nfc_normalised()
    {
        using var mart = new TestMart();
        var decomposed = "Tổ dân phố Tháp".Normalize(System.Text.NormalizationForm.FormD);
        mart.LoadSnapshot("s.csv", new SnapshotRow("H1").With("group_name", decomposed)).RowsLoaded.ShouldBe(1);
        mart.Scalar<string>("SELECT group_name FROM geo_year").ShouldBe("Tổ dân phố Tháp".Normalize(System.Text.NormalizationForm.FormC));
    }
}
