using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Forms;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The note under a form's table (<see cref="FormNotes"/>), the same sentences on the page and in
/// the documents (worded as the XLSX's note): where the start comes from, and only the non-zero
/// counts of what columns (7) and (11) hold beyond escapes and new cases.
/// </summary>
public sealed class FormNotesTests
{
    [Fact]
    public void A_start_from_the_previous_review_with_no_moves_says_so_and_lists_no_column_contents()
    {
        var model = Model(FormClass.Poor, Row("T1", "Tổ 1") with { EscapedInUnit = 3, Escaped = 3, NewlyInUnit = 1, Newly = 1 });
        FormNotes.For(model, model.Poor).ShouldBe([
            "Số hộ đầu năm (cột 3) là kết quả rà soát cuối năm 2023.",
            "Trên mỗi dòng: cột (13) = cột (3) − cột (7) + cột (9) + cột (11); các tỷ lệ % tính trên tổng số hộ dân cư của đơn vị (cột 1), để trống khi đơn vị không có hộ dân cư.",
        ]);
    }

    [Fact]
    public void The_near_poor_note_lists_each_non_zero_count_of_both_columns_in_vi_VN_and_leaves_out_the_zeros()
    {
        var model = Model(FormClass.NearPoor,
            Row("T1", "Tổ 1") with { EscapedInUnit = 7, BecamePoor = 1200, LeftWard = 3, FromPoor = 2 },
            Row("T2", "Tổ 2") with { BecamePoor = 4, MovedToOtherGroup = 1, MovedFromOtherGroup = 1, EnteredWard = 5, NewlyInUnit = 2 });
        var notes = FormNotes.For(model, model.NearPoor);
        notes.ShouldContain("Cột (7) ngoài 7 hộ thoát cận nghèo còn gồm 1.204 hộ cận nghèo trở thành hộ nghèo (Tổ 1: 1.200, Tổ 2: 4); "
                            + "1 hộ chuyển sang tổ dân phố, thôn khác trong phường, xã (Tổ 2: 1); 3 hộ chuyển đi hoặc không còn trong kết quả rà soát (Tổ 1: 3).");
        notes.ShouldContain("Cột (11) ngoài 2 hộ cận nghèo phát sinh còn gồm 2 hộ nghèo trở thành hộ cận nghèo (Tổ 1: 2); "
                            + "1 hộ chuyển đến từ tổ dân phố, thôn khác trong phường, xã (Tổ 2: 1); 5 hộ chuyển đến hoặc mới tách hộ (Tổ 2: 5).");
        notes.ShouldNotContain(n => n.Contains("chênh lệch", StringComparison.Ordinal), "no correction: no sentence about one");
    }

    [Fact]
    public void A_start_that_a_corrected_delivery_changed_says_what_the_first_delivery_had()
    {
        var model = Model(FormClass.Poor, Row("T1", "Tổ 1") with { ReviewStart = 3, FirstDeliveryStart = 2 });
        FormNotes.For(model, model.Poor).ShouldContain(
            "Kết quả rà soát cuối năm 2023 đã được đính chính sau lần giao dữ liệu đầu: theo lần giao đầu có 2 hộ nghèo, theo dữ liệu đã đính chính có 3 hộ.");
        var unchanged = Model(FormClass.Poor, Row("T1", "Tổ 1") with { ReviewStart = 3 });
        FormNotes.For(unchanged, unchanged.Poor).ShouldNotContain(n => n.Contains("đính chính", StringComparison.Ordinal));
    }

    [Fact]
    public void An_approved_start_cites_its_decision_the_review_count_and_the_correction_in_its_column()
    {
        var approved = Row("T1", "Tổ 1") with
        {
            StartHouseholds = 12, ReviewStart = 10, StartSource = "approved", StartBasis = "Quyết định số 15/QĐ-UBND ngày 20/01/2024", CorrectionDown = 2,
        };
        var all = Model(FormClass.Poor, approved);
        FormNotes.For(all, all.Poor)[0].ShouldBe("Số hộ đầu năm (cột 3) của Tổ 1 theo Quyết định số 15/QĐ-UBND ngày 20/01/2024; kết quả rà soát cuối năm 2023 của cả bảng là 10 hộ.");
        FormNotes.For(all, all.Poor).ShouldContain("Cột (7) ngoài 0 hộ thoát nghèo còn gồm 2 hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát cuối năm 2023 (Tổ 1: 2).");

        var some = Model(FormClass.Poor, approved, Row("T2", "Tổ 2") with { StartHouseholds = 5, ReviewStart = 5 });
        FormNotes.For(some, some.Poor)[0].ShouldBe(
            "Số hộ đầu năm (cột 3) của Tổ 1 theo Quyết định số 15/QĐ-UBND ngày 20/01/2024; các đơn vị còn lại theo kết quả rà soát cuối năm 2023; "
            + "kết quả rà soát cuối năm 2023 của cả bảng là 15 hộ.");
    }

    private static FormRow Row(string code, string name) => new() { UnitCode = code, UnitName = name, Area = "urban", StartSource = "review" };

    /// <summary>A ward's forms for 2024 with <paramref name="rows"/> in its urban section of the <paramref name="kind"/> table (the other table empty).</summary>
    private static FormsModel Model(FormClass kind, params FormRow[] rows)
    {
        FormTable Table(FormClass k, IReadOnlyList<FormRow> r)
        {
            var sections = FormsModel.SectionTitles.Select(s =>
            {
                var inSection = r.Where(x => x.Area == s.Area).ToList();
                return new FormSection(s.Number, s.Title, s.Area, inSection, FormRow.Sum(s.Number, s.Title, s.Area, inSection));
            }).ToList();
            return new FormTable(k, sections, FormRow.Sum("", "Tổng cộng", "", sections.Select(s => s.Subtotal).ToList()));
        }
        return new FormsModel(FormLevel.Ward, "W", "Phường W", "P", "Tỉnh P", new ReviewYear(2024), 2023,
            Table(FormClass.Poor, kind == FormClass.Poor ? rows : []), Table(FormClass.NearPoor, kind == FormClass.NearPoor ? rows : []));
    }
}
