using System.Globalization;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// A hand-made review of 2026 (Decree 07 in force) whose classification under Decree 351/2025 is
/// known household by household: incomes just under and over each line, two or three deprivations,
/// information_means deprived (dropped by the new standard), waste not collected (NULL) or recorded,
/// an urban ward (lines 2.0 M / 2.8 M, band tops 3.0 M / 4.2 M) and a rural commune (1.5 M / 2.2 M,
/// 2.25 M / 3.3 M). Each household's comment gives its class under Decree 07 → at the low bound
/// (waste not deprived) / at the high bound (waste deprived), and the reason at each bound.
/// </summary>
internal static class ImpactWard
{
    public const string Urban = "DISU";
    public const string Rural = "XATH";
    public const int Year = 2026;

    public static TestMart Build() => TestMart.From("impact-hand-made-ward", mart =>
        mart.LoadSnapshot("impact-2026.csv", [.. Rows()]).Outcome.ShouldBe(DiSu.Analytics.Etl.LoadOutcome.Loaded));

    public static IEnumerable<SnapshotRow> Rows()
    {
        SnapshotRow U(string id, long income, int common, string group = "TDP01") => Household(id, income, common)
            .InGroup(group, group == "TDP01" ? "Tổ dân phố Nhân Vinh" : "Tổ dân phố Phan Bôi");
        SnapshotRow R(string id, long income, int common) => Household(id, income, common)
            .InWard(Rural, "Xã Thử Nghiệm").InGroup("TH01", "Thôn Một").With("area", "rural");

        // TDP01
        yield return U("U1", 1_900_000, 3);                                        // poor → poor / poor
        yield return U("U2", 1_900_000, 2).With("lack_information", "1");         // poor → near-poor (dropped) / poor
        yield return U("U3", 2_500_000, 3);                                        // average → poor (line) / poor (line)
        yield return U("U4", 2_500_000, 2);                                        // average → near-poor (line) / poor (combined)
        yield return U("U5", 2_000_000, 2).With("lack_waste", "1");               // near-poor → poor (added) / poor (added); waste recorded
        yield return U("U6", 2_800_001, 4);                                        // average → average / average
        yield return U("U7", 3_500_000, 0);                                        // not poor → average (line) / average (line)
        yield return U("U8", 2_800_000, 0).With("lack_waste", "0");               // average → near-poor (line) / near-poor (line); waste recorded
        // TDP02
        yield return U("U9", 1_000_000, 5, "TDP02").With("lack_information", "1"); // poor → poor / poor
        yield return U("U10", 5_000_000, 0, "TDP02");                              // not poor → not poor / not poor
        yield return U("U11", 5_000_000, 0, "TDP02").With("recorded_status", "poor"); // recorded poor, computed not poor → not poor / not poor: no change
        // TH01 (rural)
        yield return R("R1", 1_500_000, 3);                                        // poor → poor / poor
        yield return R("R2", 2_000_000, 2).With("lack_information", "1");         // average → near-poor (combined) / poor (line)
        yield return R("R3", 2_250_001, 0);                                        // not poor → average (line) / average (line)
        yield return R("R4", 1_400_000, 1).With("lack_waste", "0");               // near-poor → near-poor / near-poor
    }

    /// <summary>Income and the first <paramref name="common"/> indicators that both standards share deprived; information_means and waste as the row leaves them (0 and not collected).</summary>
    private static SnapshotRow Household(string id, long income, int common)
    {
        var row = new SnapshotRow(id, Year).With("review_year", Year.ToString(CultureInfo.InvariantCulture))
            .With("income_per_capita_month", income.ToString(CultureInfo.InvariantCulture));
        for (var i = 0; i < 11; i++)
            row = row.With(SnapshotRow.Columns[11 + i], i < common ? "1" : "0");
        return row.With("lack_information", "0").With("lack_waste", "");
    }
}
