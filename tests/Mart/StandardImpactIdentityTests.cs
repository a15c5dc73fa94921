using DiSu.Analytics.Mart.Standards;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// The what-if under Decree 351/2025 on the Dị Sử demo and on the 20-ward generated panel, each at
/// its latest review year: the identities that hold whatever the data — groups add up to the ward,
/// the bounds are ordered, every household is counted once, the official counts are v_group_year's.
/// </summary>
public sealed class StandardImpactIdentityTests(GeneratedPanelFixture panel) : IClassFixture<GeneratedPanelFixture>
{
    private const string Other = "ND351_2025";

    [Fact]
    public void Should_hold_on_the_demo()
    {
        using var demo = DemoMartFixture.UntrainedCopy();
        Check(demo, expectedWards: 1);
    }

    [Fact]
    public void Should_hold_on_the_twenty_ward_panel()
    {
        Check(panel.Mart, expectedWards: GeneratedPanelFixture.Wards);
    }

    private static void Check(TestMart mart, int expectedWards)
    {
        // The demo ends at 2025 and the panel too; 2026, when loaded, is the year the 2027 plan starts from.
        var year = mart.Scalar<int>("SELECT max(review_year) FROM fact_household_year WHERE is_current");
        var current = mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND review_year = ?", year);
        StandardImpact.Store(mart.Connection, year, Other, null, TestMart.Epoch, "tests").ShouldBe(current);

        // Every current household once.
        mart.Scalar<long>("SELECT count(DISTINCT household_id) FROM standard_impact WHERE review_year = ?", year).ShouldBe(current);
        var rows = StandardImpact.Read(mart.Connection, year, Other, null);
        var wards = rows.Where(r => r.GroupCode is null).ToList();
        wards.Count.ShouldBe(expectedWards);
        wards.Sum(w => w.Households).ShouldBe(current);

        foreach (var ward in wards)
        {
            var groups = rows.Where(r => r.WardCode == ward.WardCode && r.GroupCode is not null).ToList();
            groups.ShouldNotBeEmpty();
            // Groups add up to the ward, figure by figure.
            foreach (var (name, of) in Figures)
                groups.Sum(of).ShouldBe(of(ward), $"{ward.WardCode} {name}");
            foreach (var r in groups.Append(ward))
            {
                r.PoorLow.ShouldBeLessThanOrEqualTo(r.PoorHigh, r.GroupCode);
                r.NearPoorLow.ShouldBeGreaterThanOrEqualTo(r.NearPoorHigh, r.GroupCode);
                (r.PoorLow + r.NearPoorLow).ShouldBe(r.PoorHigh + r.NearPoorHigh, "the bounds move households between poor and near-poor only");
                r.AverageLow.ShouldBe(r.AverageHigh, "the average band is income alone");
                r.ChangedLow.ShouldBe(r.ChangedIncomeLineLow + r.ChangedIndicatorDroppedLow + r.ChangedIndicatorAddedLow + r.ChangedCombinedLow);
                r.ChangedHigh.ShouldBe(r.ChangedIncomeLineHigh + r.ChangedIndicatorDroppedHigh + r.ChangedIndicatorAddedHigh + r.ChangedCombinedHigh);
                // Before 2027 the reviews did not collect waste, and only waste is missing.
                r.MissingIndicators.ShouldBe(["waste"]);
                r.HouseholdsMissing.ShouldBe(r.Households);
                r.YearStandardId.ShouldBe("ND07_2021");
            }
        }

        // The official counts are v_group_year's, group by group.
        mart.Scalar<long>("""
            SELECT count(*) FROM v_group_year g
            FULL JOIN (SELECT * FROM v_standard_impact WHERE group_code IS NOT NULL AND standard_id = ?) i
                 ON i.review_year = g.review_year AND i.ward_code = g.ward_code AND i.group_code = g.group_code
            WHERE coalesce(g.review_year, i.review_year) = ? AND coalesce(g.households, 0) > 0
              AND (i.households IS DISTINCT FROM g.households OR i.poor IS DISTINCT FROM g.poor
                   OR i.near_poor IS DISTINCT FROM g.near_poor OR i.average IS DISTINCT FROM g.average)
            """, Other, year).ShouldBe(0);
        // A higher poverty line cannot lower the poor count when waste counts as deprived.
        wards.Sum(w => w.PoorHigh).ShouldBeGreaterThanOrEqualTo(wards.Sum(w => w.ComputedPoor));
    }

    private static readonly (string Name, Func<StandardImpactRow, long> Of)[] Figures =
    [
        ("households", r => r.Households), ("poor", r => r.Poor), ("near_poor", r => r.NearPoor), ("average", r => r.Average),
        ("computed_poor", r => r.ComputedPoor), ("poor_low", r => r.PoorLow), ("poor_high", r => r.PoorHigh),
        ("near_poor_low", r => r.NearPoorLow), ("near_poor_high", r => r.NearPoorHigh), ("average_low", r => r.AverageLow),
        ("changed_low", r => r.ChangedLow), ("changed_high", r => r.ChangedHigh), ("changed_income_line_low", r => r.ChangedIncomeLineLow),
        ("changed_indicator_dropped_low", r => r.ChangedIndicatorDroppedLow), ("changed_indicator_added_high", r => r.ChangedIndicatorAddedHigh),
        ("changed_combined_high", r => r.ChangedCombinedHigh), ("households_missing", r => r.HouseholdsMissing),
    ];
}
