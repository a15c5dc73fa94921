using DiSu.Analytics.Tests.Docs;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>The unit-change file: every row loaded or rejected with its reason, idempotent, corrections kept as history.</summary>
public sealed class UnitChangeLoadTests
{
    private static TestMart TwoWards()
    {
        var mart = new TestMart();
        mart.LoadSnapshot("disu.csv", new SnapshotRow("H1"), new SnapshotRow("H2").InGroup("TDP02", "Tổ dân phố Phan Bôi")).RowsRejected.ShouldBe(0);
        mart.LoadSnapshot("other.csv", new SnapshotRow("H3").InWard("OTHER", "Phường Khác")).RowsRejected.ShouldBe(0);
        return mart;
    }

    [Fact]
    public void Should_load_or_reject_every_row_with_a_reason_naming_its_column()
    {
        using var mart = TwoWards();
        var result = mart.LoadText("units.csv", InputsDocTests.BrokenUnitChanges);
        result.RowsRead.ShouldBe(26);
        result.RowsLoaded.ShouldBe(1);
        result.RowsRejected.ShouldBe(25);
        mart.Rejects(3).ShouldBe([("effective_date", "effective_date is empty; give the date the reorganisation took effect, e.g. 2025-07-01")]);
        mart.Rejects(5).ShouldBe([("effective_date", "effective_date: '2024-01-01' is not after the first review of unit DISU (2024); a change takes effect after the unit was reviewed")]);
        mart.Rejects(11).ShouldBe([("old_code", "old_code: group code 'TDP01' exists in 2 wards; write it with its ward as WARD/GROUP, e.g. DISU/TDP01")]);
        mart.RejectsVi(13).ShouldBe([("old_name", "old_name (ten_cu): 'Phường Sai' khác tên của DISU trong kho ('Phường Dị Sử'); hãy kiểm tra mã hoặc tên")]);
        mart.Rejects(16).ShouldBe([("new_code", "new_code: 'DISU' is the old unit itself; a unit cannot be merged into itself")]);
        mart.Rejects(24).ShouldBe([("share", "split of DISU: the shares sum to 0.9, they must sum to 1 (rows 24, 25)")]);
        mart.Rejects(26).ShouldBe([("new_code", "the changes dated 2026-04-01 form a cycle (DISU comes back to itself); correct the new codes")]);
        mart.Rows("SELECT level, kind, old_ward_code, old_code, new_code, first_review_year FROM unit_change")
            .ShouldBe([["ward", "merge", "OTHER", "OTHER", "DUONGHAO", 2025]]);
    }

    [Fact]
    public void Should_change_nothing_when_the_same_file_comes_twice_and_keep_a_correction_as_history()
    {
        using var mart = TwoWards();
        const string First = "effective_date,level,kind,old_code,new_code,new_name,parent_code\n2025-07-01,group,move,DISU/TDP02,T2,Tổ Hai,\n";
        mart.LoadText("units.csv", First).RowsLoaded.ShouldBe(1);
        mart.LoadText("again.csv", First).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Skipped);
        // ngày 20/12 is after the review closed: first reviewed in 2026. Vietnamese headers and aliases.
        mart.LoadText("fixed.csv", "ngay_hieu_luc;cap;loai;ma_cu;ma_moi;ten_moi\n01/07/2025;to;doi_ten;DISU/TDP02;T02;Tổ Hai\n20/12/2025;xa;sap_nhap;OTHER;DUONGHAO;Phường Đường Hào\n")
            .RowsLoaded.ShouldBe(2);
        mart.Rows("SELECT kind, new_code, first_review_year, is_current, superseded_by_load IS NOT NULL FROM unit_change ORDER BY load_id, source_row")
            .ShouldBe([["move", "T2", 2025, false, true], ["rename", "T02", 2025, true, false], ["merge", "DUONGHAO", 2026, true, false]]);
        mart.Rows("SELECT as_is_ward_code, as_is_group_code FROM v_household_unit ORDER BY household_id")
            .ShouldBe([["DISU", "TDP01"], ["DISU", "T02"], ["DUONGHAO", "TDP01"]]);
    }
}
