using DiSu.Analytics.Mart.Standards;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// The what-if under another standard (standard_impact, v_standard_impact) on a hand-made ward whose
/// answers are known household by household (<see cref="ImpactWard"/>): 2026 under Decree 351/2025,
/// waste not collected for most households, so that the low and high bounds differ.
/// </summary>
public sealed class StandardImpactTests
{
    private const string Other = "ND351_2025";
    private static readonly DateTimeOffset At = new(2027, 1, 5, 3, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Should_classify_every_household_at_both_bounds_with_its_reason()
    {
        using var mart = ImpactWard.Build();
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, null, At, "tests").ShouldBe(15);

        var rows = mart.Rows("""
            SELECT household_id, computed_status, status_low, status_high, coalesce(reason_low, '-'), coalesce(reason_high, '-'), array_to_string(missing_indicators, ',')
            FROM standard_impact ORDER BY ward_code, household_id
            """).Select(r => string.Join(" ", r)).ToList();

        rows.ShouldBe(
        [
            "U1 poor poor poor - - waste",
            "U10 not_poor not_poor not_poor - - waste",
            "U11 not_poor not_poor not_poor - - waste",
            "U2 poor near_poor poor indicator_dropped - waste",
            "U3 average poor poor income_line income_line waste",
            "U4 average near_poor poor income_line combined waste",
            "U5 near_poor poor poor indicator_added indicator_added ",
            "U6 average average average - - waste",
            "U7 not_poor average average income_line income_line waste",
            "U8 average near_poor near_poor income_line income_line ",
            "U9 poor poor poor - - waste",
            "R1 poor poor poor - - waste",
            "R2 average near_poor poor combined income_line waste",
            "R3 not_poor average average income_line income_line waste",
            "R4 near_poor near_poor near_poor - - ",
        ]);
    }

    [Fact]
    public void Should_count_each_group_and_ward_exactly()
    {
        using var mart = ImpactWard.Build();
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, null, At, "tests");

        var rows = StandardImpact.Read(mart.Connection, ImpactWard.Year, Other, null);

        // households | official poor, near-poor, average | computed poor | poor low, high | near-poor low, high | average low, high
        // | changed low, high | by line | dropped | added | combined (each low/high) | households missing
        rows.Select(Figures).ShouldBe(
        [
            "DISU/TDP01 8 | 2 1 4 | 2 | 3 5 | 3 1 | 2 2 | 6 5 | 4 3 | 1 0 | 1 1 | 0 1 | 6 waste",
            "DISU/TDP02 3 | 2 0 0 | 1 | 1 1 | 0 0 | 0 0 | 0 0 | 0 0 | 0 0 | 0 0 | 0 0 | 3 waste",
            "DISU/- 11 | 4 1 4 | 3 | 4 6 | 3 1 | 2 2 | 6 5 | 4 3 | 1 0 | 1 1 | 0 1 | 9 waste",
            "XATH/TH01 4 | 1 1 1 | 1 | 1 2 | 2 1 | 1 1 | 2 2 | 1 2 | 0 0 | 0 0 | 1 0 | 3 waste",
            "XATH/- 4 | 1 1 1 | 1 | 1 2 | 2 1 | 1 1 | 2 2 | 1 2 | 0 0 | 0 0 | 1 0 | 3 waste",
        ]);
        var ward = rows.Single(r => r.WardCode == ImpactWard.Urban && r.GroupCode is null);
        ward.PoorRate!.Value.ShouldBe(100.0 * 4 / 11, 1e-9);
        ward.PoorRateLow!.Value.ShouldBe(100.0 * 4 / 11, 1e-9);
        ward.PoorRateHigh!.Value.ShouldBe(100.0 * 6 / 11, 1e-9);
        ward.YearStandardId.ShouldBe("ND07_2021");
        ward.WardName.ShouldBe("Phường Dị Sử");
        ward.GroupName.ShouldBeNull();
        ward.ComputedAt.ShouldBe(At.UtcDateTime);
        ward.ComputedBy.ShouldBe("tests");
    }

    [Fact]
    public void Should_give_the_official_counts_of_v_group_year()
    {
        using var mart = ImpactWard.Build();
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, null, At, "tests");

        mart.Rows("""
            SELECT count(*) FROM v_standard_impact i
            JOIN v_group_year g ON g.review_year = i.review_year AND g.ward_code = i.ward_code AND g.group_code = i.group_code
            WHERE g.households <> i.households OR g.poor <> i.poor OR g.near_poor <> i.near_poor OR g.average <> i.average
               OR g.computed_poor <> i.computed_poor OR g.group_name <> i.group_name
            UNION ALL SELECT count(*) FROM v_standard_impact WHERE group_code IS NOT NULL
            """).Select(r => (long)r[0]!).ShouldBe([0L, 3L]);
    }

    [Fact]
    public void Should_read_the_same_figures_without_writing_when_nothing_is_stored()
    {
        using var mart = ImpactWard.Build();

        // Nothing stored: the view's text over the classification (what a read-only report gets).
        var computed = StandardImpact.Read(mart.Connection, ImpactWard.Year, Other, ImpactWard.Urban);
        mart.Scalar<long>("SELECT count(*) FROM standard_impact").ShouldBe(0);
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, ImpactWard.Urban, At, "tests");
        var stored = StandardImpact.Read(mart.Connection, ImpactWard.Year, Other, ImpactWard.Urban);

        computed.Select(r => r with { ComputedAt = null, ComputedBy = null, MissingIndicators = [] })
            .ShouldBe(stored.Select(r => r with { ComputedAt = null, ComputedBy = null, MissingIndicators = [] }));
        computed.Select(r => string.Join(",", r.MissingIndicators)).ShouldBe(stored.Select(r => string.Join(",", r.MissingIndicators)));
        computed.ShouldAllBe(r => r.ComputedAt == null);
        stored.ShouldAllBe(r => r.ComputedAt != null);
    }

    [Fact]
    public void Should_replace_only_the_same_year_and_standard_and_never_touch_the_official_status()
    {
        using var mart = ImpactWard.Build();
        const string Official = "SELECT bit_xor(hash(household_id, status, computed_status, deprivation_count, is_current)) FROM fact_household_year";
        var before = mart.Scalar<long>(Official);
        StandardImpact.Store(mart.Connection, ImpactWard.Year, "ND07_2021", null, At, "tests").ShouldBe(15);
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, null, At, "tests").ShouldBe(15);
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, null, At.AddHours(1), "again").ShouldBe(15);
        StandardImpact.Store(mart.Connection, ImpactWard.Year, Other, ImpactWard.Rural, At.AddHours(2), "rural only").ShouldBe(4);

        mart.Rows("SELECT standard_id, computed_by, count(*) FROM standard_impact GROUP BY ALL ORDER BY ALL")
            .Select(r => $"{r[0]} {r[1]} {r[2]}")
            .ShouldBe(["ND07_2021 tests 15", "ND351_2025 again 11", "ND351_2025 rural only 4"]);
        mart.Scalar<long>(Official).ShouldBe(before);
        // Under its own standard nobody changes class, and the bounds are not needed: Decree 07's indicators were all collected.
        var own = StandardImpact.Read(mart.Connection, ImpactWard.Year, "ND07_2021", null);
        own.ShouldAllBe(r => r.ChangedLow == 0 && r.ChangedHigh == 0 && r.MissingIndicators.Length == 0 && r.PoorLow == r.ComputedPoor);
    }

    [Fact]
    public void Should_name_what_is_wrong_with_the_request_in_both_languages()
    {
        using var mart = ImpactWard.Build();
        string En(int year, string standard, string? ward = null) => StandardImpact.Problem(mart.Connection, year, standard, ward)!.En;

        En(1999, Other).ShouldBe("--year 1999: the review year must be from 2000 to 2100.");
        En(2026, "'; DROP TABLE fact_household_year; --").ShouldBe(
            "--standard ''; DROP TABLE fact_household_year; --': there is no such poverty standard; known standards: " +
            "ND07_2021 (07/2021/NĐ-CP, 2021–2026), ND351_2025 (351/2025/NĐ-CP, 2027–2030).");
        En(2025, Other).ShouldBe("--year 2025: the mart has no review data for 2025; loaded years: 2026.");
        En(2026, Other, "NOPE").ShouldBe("--ward 'NOPE': the mart has no such ward; loaded codes: DISU, XATH.");
        StandardImpact.Problem(mart.Connection, 2026, Other, "disu").ShouldBeNull();
        StandardImpact.Problem(mart.Connection, 2025, Other, "XATH")!.Vi.ShouldBe(
            "--year 2025: XATH chưa có kết quả rà soát năm 2025; các năm đã nạp: 2026.");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(15);
    }

    private static string Figures(StandardImpactRow r) =>
        $"{r.WardCode}/{r.GroupCode ?? "-"} {r.Households} | {r.Poor} {r.NearPoor} {r.Average} | {r.ComputedPoor} | {r.PoorLow} {r.PoorHigh} | " +
        $"{r.NearPoorLow} {r.NearPoorHigh} | {r.AverageLow} {r.AverageHigh} | {r.ChangedLow} {r.ChangedHigh} | " +
        $"{r.ChangedIncomeLineLow} {r.ChangedIncomeLineHigh} | {r.ChangedIndicatorDroppedLow} {r.ChangedIndicatorDroppedHigh} | " +
        $"{r.ChangedIndicatorAddedLow} {r.ChangedIndicatorAddedHigh} | {r.ChangedCombinedLow} {r.ChangedCombinedHigh} | " +
        $"{r.HouseholdsMissing} {string.Join(",", r.MissingIndicators)}";
}
