using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Forms;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The note under a form's table (<see cref="FormNotes"/>), the same sentences on the page and in
/// the documents: where the start comes from, and only the non-zero counts of what the escaped and
/// newly columns hold beyond class changes.
/// </summary>
public sealed class FormNotesTests
{
    [Fact]
    public void A_start_from_the_previous_review_with_no_moves_says_so_and_lists_no_column_contents()
    {
        var model = Model(FormClass.Poor, Row("T1", "Tổ 1"));
        var notes = FormNotes.For(model, model.Poor);
        notes.ShouldBe([
            "Hộ nghèo đầu năm (3) là kết quả rà soát năm 2023, vòng rà soát trước đó trong kho dữ liệu.",
            "Trên mọi dòng: hộ nghèo cuối năm (13) = hộ nghèo đầu năm (3) − số hộ thoát nghèo (7) + số hộ tái nghèo (9) + số hộ nghèo phát sinh (11); "
            + "mọi tỷ lệ tính trên tổng số hộ dân cư (1) của đơn vị.",
        ]);
    }

    [Fact]
    public void The_near_poor_note_lists_each_non_zero_count_of_both_columns_in_vi_VN_and_leaves_out_the_zeros()
    {
        var model = Model(FormClass.NearPoor,
            Row("T1", "Tổ 1") with { BecamePoor = 1200, LeftWard = 3, FromPoor = 2 },
            Row("T2", "Tổ 2") with { BecamePoor = 4, MovedToOtherGroup = 1, MovedFromOtherGroup = 1, EnteredWard = 5 });
        var notes = FormNotes.For(model, model.NearPoor);
        notes.ShouldContain("Cột số hộ thoát cận nghèo (7) gồm cả 1.204 hộ chuyển thành hộ nghèo; 1 hộ chuyển sang tổ dân phố, thôn khác trong cùng phường, xã "
                            + "và 3 hộ không còn trong kết quả rà soát của phường, xã (chuyển đi, tách, nhập hộ).");
        notes.ShouldContain("Cột số hộ cận nghèo phát sinh (11) gồm cả 2 hộ từ hộ nghèo chuyển thành hộ cận nghèo; 1 hộ chuyển đến từ tổ dân phố, thôn khác "
                            + "trong cùng phường, xã và 5 hộ mới có trong kết quả rà soát của phường, xã (chuyển đến, tách, nhập hộ).");
        notes.ShouldNotContain(n => n.Contains("chênh lệch", StringComparison.Ordinal), "no correction: no sentence about one");
    }

    [Fact]
    public void An_approved_start_cites_its_decision_the_review_count_and_the_correction_in_its_column()
    {
        var approved = Row("T1", "Tổ 1") with
        {
            StartHouseholds = 12, ReviewStart = 10, StartSource = "approved", StartBasis = "Quyết định số 15/QĐ-UBND ngày 20/01/2024", CorrectionDown = 2,
        };
        var all = Model(FormClass.Poor, approved);
        FormNotes.For(all, all.Poor)[0].ShouldBe("Hộ nghèo đầu năm (3) là số được phê duyệt theo Quyết định số 15/QĐ-UBND ngày 20/01/2024 (theo kết quả rà soát năm 2023 là 10 hộ).");
        FormNotes.For(all, all.Poor).ShouldContain("Cột số hộ thoát nghèo (7) gồm cả 2 hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát năm 2023.");

        var some = Model(FormClass.Poor, approved, Row("T2", "Tổ 2") with { StartHouseholds = 5, ReviewStart = 5 });
        FormNotes.For(some, some.Poor)[0].ShouldBe(
            "Hộ nghèo đầu năm (3) của Tổ 1 là số được phê duyệt theo Quyết định số 15/QĐ-UBND ngày 20/01/2024; "
            + "của các đơn vị khác là kết quả rà soát năm 2023 (tổng theo kết quả rà soát năm 2023 là 15 hộ).");
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
