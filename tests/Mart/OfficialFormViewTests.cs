using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// v_form_summary, the numbers of the yearly forms: every row adds up, a group starts where the
/// previous round ended it, a ward is the sum of its groups, and each kind of household that is not
/// a class change lands in the column docs/mart.md "The official forms" says, counted apart.
/// </summary>
public sealed class OfficialFormViewTests(DemoMartFixture demo, GeneratedPanelFixture panel)
    : IClassFixture<DemoMartFixture>, IClassFixture<GeneratedPanelFixture>
{
    private const string Broken = """
        SELECT count(*) FROM v_form_summary
        WHERE end_households <> start_households - escaped + returned + newly
           OR escaped <> escaped_in_unit + became_poor + moved_to_other_group + left_ward + correction_down
           OR newly <> newly_in_unit + from_poor + moved_from_other_group + entered_ward + correction_up
        """;

    // Group rows against v_group_year: start = the group's class count in the previous round, end and
    // households and DTTS = this round's. Returns the rows that disagree.
    private const string AgainstGroupYear = """
        SELECT count(*) FROM v_form_summary f
        JOIN v_group_year c ON c.review_year = f.review_year AND c.ward_code = f.ward_code AND c.group_code = f.group_code
        LEFT JOIN v_group_year p ON p.review_year = f.prev_year AND p.ward_code = f.ward_code AND p.group_code = f.group_code
        -- a new unit's first form starts from its predecessors' groups, restated into it
        LEFT JOIN v_group_year_as_is q ON q.review_year = f.prev_year AND q.ward_code = f.ward_code AND q.group_code = f.group_code
        WHERE f.unit_level = 'group' AND (
              f.start_households <> coalesce(CASE WHEN EXISTS (SELECT 1 FROM geo_step g WHERE g.next_ward_code = f.ward_code
                                                                   AND g.review_year = f.prev_year AND g.first_review_year <= f.review_year)
                                                  THEN CASE f.status_class WHEN 'poor' THEN q.poor ELSE q.near_poor END
                                                  ELSE CASE f.status_class WHEN 'poor' THEN p.poor ELSE p.near_poor END END, 0)
           OR f.end_households <> CASE f.status_class WHEN 'poor' THEN c.poor ELSE c.near_poor END
           OR f.end_dtts <> CASE f.status_class WHEN 'poor' THEN c.poor_dtts ELSE c.near_poor_dtts END
           OR f.households <> c.households OR f.households_dtts <> c.households_dtts)
        """;

    private const string WardIsSumOfGroups = """
        SELECT count(*) FROM (
            SELECT review_year, ward_code, status_class, households, households_dtts, start_households, start_dtts, escaped, returned, newly,
                   end_households, end_dtts, escaped_in_unit, became_poor, moved_to_other_group, left_ward, correction_down,
                   newly_in_unit, from_poor, moved_from_other_group, entered_ward, correction_up
            FROM v_form_summary WHERE unit_level = 'ward'
            EXCEPT ALL
            SELECT review_year, ward_code, status_class, sum(households), sum(households_dtts), sum(start_households), sum(start_dtts),
                   sum(escaped), sum(returned), sum(newly), sum(end_households), sum(end_dtts), sum(escaped_in_unit), sum(became_poor),
                   sum(moved_to_other_group), sum(left_ward), sum(correction_down), sum(newly_in_unit), sum(from_poor),
                   sum(moved_from_other_group), sum(entered_ward), sum(correction_up)
            FROM v_form_summary WHERE unit_level = 'group' GROUP BY ALL)
        """;

    [Fact]
    public void Should_add_up_every_row_and_start_each_group_where_its_previous_round_ended_on_the_demo()
    {
        demo.Mart.Scalar<long>("SELECT count(*) FROM v_form_summary").ShouldBeGreaterThan(0);
        demo.Mart.Scalar<long>(Broken).ShouldBe(0);
        demo.Mart.Scalar<long>(AgainstGroupYear).ShouldBe(0);
        demo.Mart.Scalar<long>(WardIsSumOfGroups).ShouldBe(0);
        // The published figure: 15 poor households at the end of 2023 are the 2024 form's start.
        demo.Mart.Scalar<long>("SELECT start_households FROM v_form_summary WHERE review_year = 2024 AND ward_code = 'DISU' AND unit_level = 'ward' AND status_class = 'poor'")
            .ShouldBe(15);
    }

    [Fact]
    public void Should_add_up_on_twenty_generated_wards_with_urban_and_rural_units_and_ethnic_minorities()
    {
        var mart = panel.Mart;
        mart.Scalar<long>("SELECT count(DISTINCT area) FROM v_form_summary WHERE unit_level = 'ward'").ShouldBe(2);
        mart.Scalar<long>("SELECT sum(households_dtts) FROM v_form_summary WHERE unit_level = 'ward' AND status_class = 'poor'").ShouldBeGreaterThan(0);
        mart.Scalar<long>(Broken).ShouldBe(0);
        mart.Scalar<long>(AgainstGroupYear).ShouldBe(0);
        mart.Scalar<long>(WardIsSumOfGroups).ShouldBe(0);
        // Generated households move in and out: the form counts them in their columns, not as escapes.
        mart.Scalar<long>("SELECT sum(left_ward + entered_ward) FROM v_form_summary WHERE unit_level = 'ward'").ShouldBeGreaterThan(0);
        // Ethnic-minority households in both sections, and among the poor at the end of some year.
        mart.Scalar<long>("SELECT count(DISTINCT area) FROM v_form_summary WHERE unit_level = 'ward' AND households_dtts > 0").ShouldBe(2);
        mart.Scalar<long>("SELECT sum(end_dtts) FROM v_form_summary WHERE unit_level = 'ward' AND status_class = 'poor'").ShouldBeGreaterThan(0);
    }

    [Fact]
    public void Should_place_each_household_that_is_not_a_class_change_in_its_column_on_a_hand_made_ward()
    {
        using var mart = HandMadeWard();
        Row(mart, 2023, "TDP01", "poor").ShouldBe(new Placed(Start: 3, Escaped: 2, Returned: 0, Newly: 1, End: 2,
            EscapedInUnit: 1, LeftWard: 1, NewlyInUnit: 1));
        Row(mart, 2023, "TDP02", "poor").ShouldBe(new Placed(Start: 2, Escaped: 1, Returned: 0, Newly: 1, End: 2,
            EscapedInUnit: 1, EnteredWard: 1));
        Row(mart, 2023, "TDP01", "near_poor").ShouldBe(new Placed(Start: 1, Escaped: 1, Returned: 0, Newly: 2, End: 2,
            BecamePoor: 1, NewlyInUnit: 1, MovedFromOtherGroup: 1));
        Row(mart, 2023, "TDP02", "near_poor").ShouldBe(new Placed(Start: 1, Escaped: 1, Returned: 0, Newly: 0, End: 0,
            MovedToOtherGroup: 1));
        Row(mart, 2024, "TDP01", "poor").ShouldBe(new Placed(Start: 2, Escaped: 1, Returned: 1, Newly: 0, End: 2, EscapedInUnit: 1));
        Row(mart, 2024, "TDP01", "near_poor").ShouldBe(new Placed(Start: 2, Escaped: 0, Returned: 0, Newly: 1, End: 3, FromPoor: 1));
        // H3, an ethnic-minority household, is poor at the end of 2023 and so at the start of 2024.
        mart.Scalar<long>("SELECT end_dtts FROM v_form_summary WHERE review_year = 2023 AND group_code = 'TDP01' AND status_class = 'poor'").ShouldBe(1);
        mart.Scalar<long>("SELECT start_dtts FROM v_form_summary WHERE review_year = 2024 AND group_code = 'TDP01' AND status_class = 'poor'").ShouldBe(1);
        mart.Scalar<long>(Broken).ShouldBe(0);
        mart.Scalar<long>(WardIsSumOfGroups).ShouldBe(0);
    }

    [Fact]
    public void Should_start_from_the_recorded_approved_start_and_put_the_difference_in_a_column()
    {
        using var mart = HandMadeWard();
        var change = FormStarts.Record(mart.Connection, mart.Clock, 2024, "DISU", "tdp01", "poor", 3, null, "Quyết định số 45/QĐ-UBND ngày 25/12/2023", "tests");
        change.ShouldBe(new FormStartChange("TDP01", "Tổ dân phố Nhân Vinh", 2, 3, 2, null, change.EntryId));
        Row(mart, 2024, "TDP01", "poor").ShouldBe(new Placed(Start: 3, Escaped: 2, Returned: 1, Newly: 0, End: 2, EscapedInUnit: 1, CorrectionDown: 1));
        FormStarts.Record(mart.Connection, mart.Clock, 2024, "DISU", "TDP01", "poor", 1, 1, "Quyết định số 46/QĐ-UBND", "tests");
        Row(mart, 2024, "TDP01", "poor").ShouldBe(new Placed(Start: 1, Escaped: 1, Returned: 1, Newly: 1, End: 2, EscapedInUnit: 1, CorrectionUp: 1));
        mart.Rows("SELECT start_source, start_basis, start_dtts FROM v_form_summary WHERE review_year = 2024 AND unit_level = 'ward' AND status_class = 'poor'")[0]
            .ShouldBe(new object?[] { "approved", "Quyết định số 46/QĐ-UBND", 1L });
        mart.Scalar<long>(Broken).ShouldBe(0);
    }

    [Fact]
    public void Should_keep_the_first_delivery_start_when_a_corrected_delivery_replaced_the_previous_round()
    {
        using var mart = HandMadeWard();
        mart.Scalar<long?>("SELECT first_delivery_start FROM v_form_summary WHERE review_year = 2024 AND group_code = 'TDP01' AND status_class = 'poor'").ShouldBeNull();
        // The corrected 2023 delivery: H2 was poor after all.
        SnapshotRow A(string id) => new SnapshotRow(id, 2023).With("review_year", "2023");
        SnapshotRow B(string id) => A(id).InGroup("TDP02", "Tổ dân phố Đông");
        mart.LoadSnapshot("s2023-corrected.csv",
            A("H1").Poor(), A("H2").Poor(), A("H3").Poor().With("ethnic_minority", "1"), A("H4").NearPoor(), A("H6").NearPoor(),
            B("H7").Poor(), B("H8").NotPoor(), B("H9").NotPoor(), B("H10").Poor()).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Loaded);
        mart.Rows("""
            SELECT unit_level, review_start, first_delivery_start, start_households FROM v_form_summary
            WHERE review_year = 2024 AND (group_code = 'TDP01' OR group_code IS NULL) AND status_class = 'poor' ORDER BY unit_level
            """).ShouldBe([new object?[] { "group", 3L, 2L, 3L }, new object?[] { "ward", 5L, 4L, 5L }]);
        mart.Scalar<long>(Broken).ShouldBe(0);
    }

    [Theory]
    [InlineData(2022, "TDP01", 1L, "không có biểu tổng hợp năm 2022")]
    [InlineData(2024, "TDP09", 1L, "không có trong biểu năm 2024")]
    [InlineData(2024, "TDP01", 6L, "phải từ 0 đến 5")]
    [InlineData(2024, "TDP01", -1L, "phải từ 0 đến 5")]
    public void Should_refuse_a_start_that_cannot_be_one_and_record_nothing(int year, string group, long households, string reason)
    {
        using var mart = HandMadeWard();
        Should.Throw<DiSu.Analytics.Mart.MartException>(() =>
                FormStarts.Record(mart.Connection, mart.Clock, year, "DISU", group, "poor", households, null, "QĐ 1", "tests"))
            .Message.ShouldContain(reason);
        mart.Scalar<long>("SELECT count(*) FROM form_start").ShouldBe(0);
    }

    private sealed record Placed(long Start, long Escaped, long Returned, long Newly, long End, long EscapedInUnit = 0, long BecamePoor = 0,
        long MovedToOtherGroup = 0, long LeftWard = 0, long CorrectionDown = 0, long NewlyInUnit = 0, long FromPoor = 0,
        long MovedFromOtherGroup = 0, long EnteredWard = 0, long CorrectionUp = 0);

    private static Placed Row(TestMart mart, int year, string group, string statusClass)
    {
        var r = mart.Rows("""
            SELECT start_households, escaped, returned, newly, end_households, escaped_in_unit, became_poor, moved_to_other_group,
                   left_ward, correction_down, newly_in_unit, from_poor, moved_from_other_group, entered_ward, correction_up
            FROM v_form_summary WHERE review_year = ? AND group_code = ? AND status_class = ?
            """, year, group, statusClass).Single().Select(v => (long)v!).ToArray();
        return new Placed(r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10], r[11], r[12], r[13], r[14]);
    }

    /// <summary>
    /// Two groups over three rounds. 2023: H2 escapes, H5 leaves the ward, H3 (ethnic minority) goes
    /// near-poor → poor, H4 becomes near-poor, H6 (near-poor) moves TDP02 → TDP01, H9 escapes, H10
    /// arrives poor. 2024: H1 goes poor → near-poor, H2 is poor again (poor in 2022).
    /// </summary>
    private static TestMart HandMadeWard()
    {
        var mart = new TestMart();
        SnapshotRow A(string id, int year) => new SnapshotRow(id, year).With("review_year", year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        SnapshotRow B(string id, int year) => A(id, year).InGroup("TDP02", "Tổ dân phố Đông");
        mart.LoadSnapshot("s2022.csv",
            A("H1", 2022).Poor(), A("H2", 2022).Poor(), A("H3", 2022).NearPoor().With("ethnic_minority", "1"), A("H4", 2022).NotPoor(), A("H5", 2022).Poor(),
            B("H6", 2022).NearPoor(), B("H7", 2022).Poor(), B("H8", 2022).NotPoor(), B("H9", 2022).Poor()).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Loaded);
        mart.LoadSnapshot("s2023.csv",
            A("H1", 2023).Poor(), A("H2", 2023).NotPoor(), A("H3", 2023).Poor().With("ethnic_minority", "1"), A("H4", 2023).NearPoor(), A("H6", 2023).NearPoor(),
            B("H7", 2023).Poor(), B("H8", 2023).NotPoor(), B("H9", 2023).NotPoor(), B("H10", 2023).Poor()).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Loaded);
        mart.LoadSnapshot("s2024.csv",
            A("H1", 2024).NearPoor(), A("H2", 2024).Poor(), A("H3", 2024).Poor().With("ethnic_minority", "1"), A("H4", 2024).NearPoor(), A("H6", 2024).NearPoor(),
            B("H7", 2024).Poor(), B("H8", 2024).NotPoor(), B("H9", 2024).NotPoor(), B("H10", 2024).Poor()).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Loaded);
        return mart;
    }
}
