using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// Alkire–Foster measures (v_mpi_by_group, v_mpi_indicator) against a hand-computed example and,
/// as properties, over random seeded panels (shared/domain/poverty-standards.md).
/// </summary>
public sealed class AlkireFosterTests
{
    private const double Tolerance = 1e-12;

    // The hand example: ward DISU, 2024 (Decree 07, 12 indicators), two groups of 5 households.
    //
    //   group A (TDP01)                                          count  status
    //   A1  employment, health_insurance, water                    3    poor (income 1.5M): ON the cutoff 3/12
    //   A2  employment, dependents, nutrition, health_insurance,   6    not_poor (income 9M): AF-poor all the same
    //       water, sanitation
    //   A3  water, sanitation                                      2
    //   A4  —                                                      0
    //   A5  health_insurance                                       1
    //   group B (TDP02)
    //   B1  employment, health_insurance, adult_education,         4
    //       housing_quality
    //   B2  health_insurance, water, sanitation, telecom,          5
    //       information_means
    //   B3  employment, water, housing_area                        3    on the cutoff
    //   B4  —, B5 —                                                0
    //
    // Equal weights 1/12, k = 3/12. AF-poor: A1, A2 | B1, B2, B3.
    //   A: n 5, q 2, H 2/5, A = (3+6)/12/2 = 3/8, M0 = 9/60 = 3/20
    //   B: n 5, q 3, H 3/5, A = (4+5+3)/12/3 = 1/3, M0 = 12/60 = 1/5
    //   ward: n 10, q 5, H 1/2, A = 21/12/5 = 7/20, M0 = 21/120 = 7/40
    //   shares: A (5/10)(3/20)/(7/40) = 3/7, B = 4/7
    // Deprived households per indicator (uncensored | censored = also AF-poor), ward of 10:
    //   employment A1 A2 B1 B3 4|4; dependents A2 1|1; nutrition A2 1|1; health_insurance A1 A2 A5 B1 B2 5|4;
    //   adult_education B1 1|1; child_schooling 0|0; housing_quality B1 1|1; housing_area B3 1|1;
    //   water A1 A2 A3 B2 B3 5|4; sanitation A2 A3 B2 3|2; telecom B2 1|1; information_means B2 1|1.
    //   Censored total 21, so Σ w_j·h_j = 21/120 = M0, and contribution_pct of j = 100 × censored_j / 21.
    private static readonly (string Id, string Group, long Income, string[] Deprived)[] Example =
    [
        ("A1", "A", 1_500_000, ["employment", "health_insurance", "water"]),
        ("A2", "A", 9_000_000, ["employment", "dependents", "nutrition", "health_insurance", "water", "sanitation"]),
        ("A3", "A", 1_500_000, ["water", "sanitation"]),
        ("A4", "A", 1_500_000, []),
        ("A5", "A", 1_500_000, ["health_insurance"]),
        ("B1", "B", 1_500_000, ["employment", "health_insurance", "adult_education", "housing_quality"]),
        ("B2", "B", 1_500_000, ["health_insurance", "water", "sanitation", "telecom", "information_means"]),
        ("B3", "B", 1_500_000, ["employment", "water", "housing_area"]),
        ("B4", "B", 1_500_000, []),
        ("B5", "B", 1_500_000, []),
    ];

    private static readonly Dictionary<string, string> Columns = new(StringComparer.Ordinal)
    {
        ["employment"] = "lack_employment", ["dependents"] = "lack_dependents", ["nutrition"] = "lack_nutrition",
        ["health_insurance"] = "lack_health_insurance", ["adult_education"] = "lack_adult_education",
        ["child_schooling"] = "lack_child_schooling", ["housing_quality"] = "lack_housing_quality",
        ["housing_area"] = "lack_housing_area", ["water"] = "lack_water", ["sanitation"] = "lack_sanitation",
        ["telecom"] = "lack_telecom", ["information_means"] = "lack_information", ["waste"] = "lack_waste",
    };

    private static SnapshotRow Household(string id, int year, string group, long income, IEnumerable<string> deprived, string ward = "DISU")
    {
        var row = new SnapshotRow(id, year).Deprived(0, income)
            .InGroup("TDP0" + (group == "A" ? "1" : group == "B" ? "2" : group), "Tổ " + group)
            .InWard(ward, "Phường " + ward);
        foreach (var code in deprived) row.Cells[Columns[code]] = "1";
        return row;
    }

    private static SnapshotRow[] ExampleRows(int year, Func<string[], string[]>? adapt = null) =>
        Example.Select(h => Household(h.Id, year, h.Group, h.Income, adapt is null ? h.Deprived : adapt(h.Deprived))).ToArray();

    private static TestMart ExampleMart() => TestMart.From("alkire-foster-example", mart =>
        mart.LoadSnapshot("2024.csv", ExampleRows(2024)).RowsRejected.ShouldBe(0));

    private sealed record Unit(string? Group, long N, long Q, double H, double? A, double M0, int? PrevYear,
        double? M0Prev, double? M0Change, double? M0ChangePct, double? HChange, double? Share, bool SmallCell,
        string Weighting, double K, string Standard);

    private static Dictionary<string, Unit> Units(TestMart mart, int year, string ward = "DISU") => mart.Rows("""
            SELECT group_code, households, mpi_poor, h, a, m0, prev_year, m0_prev, m0_change, m0_change_pct,
                   h_change, ward_share_pct, small_cell, weighting, k, standard_id
            FROM v_mpi_by_group WHERE ward_code = ? AND review_year = ?
            """, ward, year)
        .Select(r => new Unit((string?)r[0], (long)r[1]!, (long)r[2]!, (double)r[3]!, (double?)r[4], (double)r[5]!, (int?)r[6],
            (double?)r[7], (double?)r[8], (double?)r[9], (double?)r[10], (double?)r[11], (bool)r[12]!, (string)r[13]!, (double)r[14]!, (string)r[15]!))
        .ToDictionary(u => u.Group ?? "ward");

    private sealed record Indicator(double Weight, double Uncensored, double Censored, double Contribution, double? Pct);

    private static Dictionary<string, Indicator> Indicators(TestMart mart, int year, string? group) => mart.Rows("""
            SELECT indicator_code, weight, uncensored_h, censored_h, contribution, contribution_pct
            FROM v_mpi_indicator WHERE ward_code = 'DISU' AND review_year = ? AND group_code IS NOT DISTINCT FROM ?
            """, year, group)
        .ToDictionary(r => (string)r[0]!, r => new Indicator((double)r[1]!, (double)r[2]!, (double)r[3]!, (double)r[4]!, (double?)r[5]));

    private static void Close(double? actual, double expected) =>
        actual.ShouldNotBeNull().ShouldBe(expected, Tolerance);

    [Fact]
    public void Should_match_the_hand_example_with_equal_weights_and_k_3_of_12()
    {
        using var mart = ExampleMart();
        // A2 is AF-poor though its income puts it above the line: status is not 'poor'.
        mart.Scalar<string>("SELECT status FROM fact_household_year WHERE household_id = 'A2'").ShouldBe("not_poor");
        mart.Scalar<string>("SELECT status FROM fact_household_year WHERE household_id = 'A1'").ShouldBe("poor");

        var units = Units(mart, 2024);
        units.Keys.Order().ShouldBe(["TDP01", "TDP02", "ward"]);
        var (a, b, ward) = (units["TDP01"], units["TDP02"], units["ward"]);
        ward.Weighting.ShouldBe("equal");
        ward.K.ShouldBe(0.25);
        ward.Standard.ShouldBe("ND07_2021");

        (a.N, a.Q).ShouldBe((5L, 2L));
        Close(a.H, 0.4);
        Close(a.A, 3.0 / 8);
        Close(a.M0, 3.0 / 20);
        (b.N, b.Q).ShouldBe((5L, 3L));
        Close(b.H, 0.6);
        Close(b.A, 1.0 / 3);
        Close(b.M0, 0.2);
        (ward.N, ward.Q).ShouldBe((10L, 5L));
        Close(ward.H, 0.5);
        Close(ward.A, 7.0 / 20);
        Close(ward.M0, 7.0 / 40);

        Close(a.Share, 300.0 / 7);
        Close(b.Share, 400.0 / 7);
        Close(ward.Share, 100);
        (a.SmallCell, b.SmallCell, ward.SmallCell).ShouldBe((true, true, false));
        // A single round: nothing to compare with.
        ward.PrevYear.ShouldBeNull();
        ward.M0Prev.ShouldBeNull();
        ward.M0Change.ShouldBeNull();
        ward.M0ChangePct.ShouldBeNull();
        ward.HChange.ShouldBeNull();
    }

    [Fact]
    public void Should_match_the_hand_example_indicator_by_indicator()
    {
        using var mart = ExampleMart();
        var wardRows = Indicators(mart, 2024, null);
        wardRows.Keys.Order().ShouldBe(["adult_education", "child_schooling", "dependents", "employment", "health_insurance",
            "housing_area", "housing_quality", "information_means", "nutrition", "sanitation", "telecom", "water"]);
        // (uncensored, censored) headcounts of the ward, from the table in the example's comment.
        var expected = new Dictionary<string, (double U, double C)>
        {
            ["employment"] = (0.4, 0.4), ["dependents"] = (0.1, 0.1), ["nutrition"] = (0.1, 0.1),
            ["health_insurance"] = (0.5, 0.4), ["adult_education"] = (0.1, 0.1), ["child_schooling"] = (0, 0),
            ["housing_quality"] = (0.1, 0.1), ["housing_area"] = (0.1, 0.1), ["water"] = (0.5, 0.4),
            ["sanitation"] = (0.3, 0.2), ["telecom"] = (0.1, 0.1), ["information_means"] = (0.1, 0.1),
        };
        foreach (var (code, (u, c)) in expected)
        {
            var row = wardRows[code];
            Close(row.Weight, 1.0 / 12);
            Close(row.Uncensored, u);
            Close(row.Censored, c);
            Close(row.Contribution, c / 12);
        }
        // contribution_pct = 100 × censored count / 21
        Close(wardRows["employment"].Pct, 400.0 / 21);
        Close(wardRows["health_insurance"].Pct, 400.0 / 21);
        Close(wardRows["water"].Pct, 400.0 / 21);
        Close(wardRows["sanitation"].Pct, 200.0 / 21);
        Close(wardRows["telecom"].Pct, 100.0 / 21);
        Close(wardRows["child_schooling"].Pct, 0);

        // Group A: censored counts employment 2, dependents 1, nutrition 1, health_insurance 2, water 2,
        // sanitation 1 (total 9 of 5 households × 12): contribution_pct = 100 × count / 9.
        var groupA = Indicators(mart, 2024, "TDP01");
        Close(groupA["health_insurance"].Uncensored, 0.6);
        Close(groupA["health_insurance"].Censored, 0.4);
        Close(groupA["health_insurance"].Contribution, 0.4 / 12);
        Close(groupA["health_insurance"].Pct, 200.0 / 9);
        Close(groupA["water"].Uncensored, 0.6);
        Close(groupA["sanitation"].Censored, 0.2);
        Close(groupA["sanitation"].Pct, 100.0 / 9);
        Close(groupA["telecom"].Uncensored, 0);
        // Group B: every deprived household there is AF-poor, so censored = uncensored.
        var groupB = Indicators(mart, 2024, "TDP02");
        Close(groupB["employment"].Censored, 0.4);
        Close(groupB["employment"].Pct, 200.0 / 12);
        Close(groupB["information_means"].Censored, 0.2);
        Close(groupB["information_means"].Pct, 100.0 / 12);
    }

    [Fact]
    public void Should_apply_a_changed_cutoff_at_query_time()
    {
        using var mart = ExampleMart();
        // k = 5/12: only A2 (6 of 12) and B2 (5 of 12, on the cutoff) stay AF-poor.
        //   A: q 1, H 1/5, A 1/2, M0 1/10;  B: q 1, H 1/5, A 5/12, M0 1/12;
        //   ward: q 2, H 1/5, A 11/24, M0 11/120; shares 600/11 and 500/11.
        mart.Connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'af_cutoff'", (5.0 / 12).ToString("R", CultureInfo.InvariantCulture));
        var units = Units(mart, 2024);
        var (a, b, ward) = (units["TDP01"], units["TDP02"], units["ward"]);
        Close(ward.K, 5.0 / 12);
        (a.Q, b.Q, ward.Q).ShouldBe((1L, 1L, 2L));
        Close(a.A, 0.5);
        Close(a.M0, 0.1);
        Close(b.A, 5.0 / 12);
        Close(b.M0, 1.0 / 12);
        Close(ward.H, 0.2);
        Close(ward.A, 11.0 / 24);
        Close(ward.M0, 11.0 / 120);
        Close(a.Share, 600.0 / 11);
        Close(b.Share, 500.0 / 11);
        // Above everyone's score: nobody is AF-poor, A is NULL and shares are undefined.
        mart.Connection.Execute("UPDATE mart_setting SET value = '0.75' WHERE key = 'af_cutoff'");
        var none = Units(mart, 2024)["ward"];
        (none.Q, none.H, none.A, none.M0, none.Share).ShouldBe((0L, 0.0, (double?)null, 0.0, (double?)null));
        Indicators(mart, 2024, null)["water"].Pct.ShouldBeNull();
    }

    [Fact]
    public void Should_match_the_hand_example_with_custom_weights()
    {
        using var mart = ExampleMart();
        // Relative weights: water 4, every other indicator 1 (no row) → water 4/15, the others 1/15.
        // Scores: A1 6/15, A2 9/15, A3 5/15, A4 0, A5 1/15 | B1 4/15, B2 8/15, B3 6/15, B4 0, B5 0.
        // k = 1/4: AF-poor A1 A2 A3 | B1 B2 B3.
        //   A: q 3, H 3/5, A = (20/15)/3 = 4/9, M0 = 4/15;  B: q 3, H 3/5, A = (18/15)/3 = 2/5, M0 = 6/25
        //   ward: q 6, H 3/5, A = (38/15)/6 = 19/45, M0 = 19/75
        //   water: 5 of 10 deprived and AF-poor: h 1/2, contribution 2/15, pct (2/15)/(19/75) = 1000/19 %
        mart.Connection.Execute("INSERT INTO af_custom_weight VALUES ('water', 4)");
        mart.Connection.Execute("UPDATE mart_setting SET value = 'custom' WHERE key = 'af_weighting'");
        var units = Units(mart, 2024);
        var (a, b, ward) = (units["TDP01"], units["TDP02"], units["ward"]);
        ward.Weighting.ShouldBe("custom");
        (a.Q, b.Q, ward.Q).ShouldBe((3L, 3L, 6L));
        Close(a.A, 4.0 / 9);
        Close(a.M0, 4.0 / 15);
        Close(b.A, 2.0 / 5);
        Close(b.M0, 6.0 / 25);
        Close(ward.H, 0.6);
        Close(ward.A, 19.0 / 45);
        Close(ward.M0, 19.0 / 75);
        var water = Indicators(mart, 2024, null)["water"];
        Close(water.Weight, 4.0 / 15);
        Close(water.Censored, 0.5);
        Close(water.Contribution, 2.0 / 15);
        Close(water.Pct, 1000.0 / 19);
        Close(Indicators(mart, 2024, null)["telecom"].Weight, 1.0 / 15);
    }

    [Fact]
    public void Should_match_the_hand_example_with_nested_weights_and_the_change_between_years()
    {
        using var mart = ExampleMart();
        // The same households in 2027 (Decree 351: information_means dropped, waste added), B2 with
        // waste instead of information_means. Nested weights under Decree 351: six dimensions of 1/6;
        // water & sanitation has water, sanitation, waste (1/18 each), information only telecom (1/6),
        // the other four dimensions two indicators each (1/12). Under Decree 07 every dimension has two
        // indicators, so nested = equal = 1/12 in 2024.
        // 2027 scores (k = 1/4): A1 2/12 + 1/18 = 8/36 (no longer poor), A2 4/12 + 2/18 = 16/36,
        //   A3 2/18, A5 1/12 | B1 4/12 = 12/36, B2 1/12 + 3/18 + 1/6 = 15/36, B3 2/12 + 1/18 = 8/36 (not poor).
        //   A: q 1, H 1/5, A 4/9, M0 4/45;  B: q 2, H 2/5, A 27/72 = 3/8, M0 3/20
        //   ward: q 3, H 3/10, A 43/108, M0 43/360
        //   telecom: B2 only, h 1/10, contribution 1/60, pct (1/60)/(43/360) = 600/43 %
        //   water: A2, B2 (A1, A3, B3 are not AF-poor), h 1/5, contribution 1/90, pct 400/43 %
        // Change against 2024 (nested = equal there: ward M0 7/40, H 1/2; group A M0 3/20):
        //   ward m0_change 43/360 − 63/360 = −1/18, m0_change_pct = 100 × (−1/18)/(7/40) = −2000/63,
        //   h_change 3/10 − 1/2 = −1/5; group A m0_change 4/45 − 3/20 = −11/180.
        mart.LoadSnapshot("2027.csv", ExampleRows(2027, d => d.Select(c => c == "information_means" ? "waste" : c).ToArray()))
            .RowsRejected.ShouldBe(0);
        mart.Connection.Execute("UPDATE mart_setting SET value = 'nested' WHERE key = 'af_weighting'");

        Indicators(mart, 2024, null).Values.ShouldAllBe(i => Math.Abs(i.Weight - 1.0 / 12) < Tolerance);
        var units = Units(mart, 2027);
        var (a, b, ward) = (units["TDP01"], units["TDP02"], units["ward"]);
        ward.Standard.ShouldBe("ND351_2025");
        ward.Weighting.ShouldBe("nested");
        (a.Q, b.Q, ward.Q).ShouldBe((1L, 2L, 3L));
        Close(a.H, 0.2);
        Close(a.A, 4.0 / 9);
        Close(a.M0, 4.0 / 45);
        Close(b.A, 3.0 / 8);
        Close(b.M0, 3.0 / 20);
        Close(ward.H, 0.3);
        Close(ward.A, 43.0 / 108);
        Close(ward.M0, 43.0 / 360);

        var indicators = Indicators(mart, 2027, null);
        indicators.ContainsKey("information_means").ShouldBeFalse();
        Close(indicators["waste"].Weight, 1.0 / 18);
        Close(indicators["employment"].Weight, 1.0 / 12);
        Close(indicators["telecom"].Weight, 1.0 / 6);
        Close(indicators["telecom"].Contribution, 1.0 / 60);
        Close(indicators["telecom"].Pct, 600.0 / 43);
        Close(indicators["water"].Censored, 0.2);
        Close(indicators["water"].Contribution, 1.0 / 90);
        Close(indicators["water"].Pct, 400.0 / 43);

        ward.PrevYear.ShouldBe(2024);
        Close(ward.M0Prev, 7.0 / 40);
        Close(ward.M0Change, -1.0 / 18);
        Close(ward.M0ChangePct, -2000.0 / 63);
        Close(ward.HChange, -0.2);
        a.PrevYear.ShouldBe(2024);
        Close(a.M0Change, -11.0 / 180);
    }

    [Fact]
    public void Should_return_only_the_filtered_ward_with_the_same_figures_as_unfiltered()
    {
        using var mart = new TestMart();
        var random = new Random(7);
        foreach (var year in new[] { 2023, 2024 })
            mart.LoadSnapshot($"{year}.csv", RandomPanel(random, year, wards: 3, groups: 2, perGroup: 6)).RowsRejected.ShouldBe(0);
        // Rounded: parallel sums may add in another order, which moves the last bits.
        const string Sql = "SELECT review_year, ward_code, group_code, households, mpi_poor, round(m0, 12), round(m0_change, 12), round(ward_share_pct, 9) FROM v_mpi_by_group";
        const string Order = " ORDER BY review_year, group_code NULLS FIRST";
        static string Line(object?[] row) => string.Join("|", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture)));
        var filtered = mart.Rows(Sql + " WHERE ward_code = 'W2'" + Order).Select(Line).ToList();
        filtered.Count.ShouldBe(2 * 3);
        filtered.ShouldAllBe(r => r.Split('|', StringSplitOptions.None)[1] == "W2");
        var all = mart.Rows(Sql + Order).Select(Line).Where(r => r.Split('|', StringSplitOptions.None)[1] == "W2").ToList();
        filtered.ShouldBe(all);
        mart.Rows("SELECT DISTINCT ward_code FROM v_mpi_indicator WHERE ward_code = 'W2'").ShouldHaveSingleItem()[0].ShouldBe("W2");
        // The filter reaches the scan of fact_household_year (0004's lesson): the plan filters the table itself.
        foreach (var view in new[] { "v_mpi_by_group", "v_mpi_indicator" })
        {
            var plan = (string)mart.Rows($"EXPLAIN (FORMAT json) SELECT * FROM {view} WHERE ward_code = 'W2'")[0][1]!;
            var factScans = Scans(System.Text.Json.JsonDocument.Parse(plan, new System.Text.Json.JsonDocumentOptions { MaxDepth = 1024 }).RootElement)
                .Where(s => s.GetProperty("Table").GetString()!.EndsWith(".fact_household_year", StringComparison.Ordinal)).ToList();
            factScans.ShouldNotBeEmpty(view);
            factScans.ShouldAllBe(s => s.GetProperty("Filters").ToString().Contains("ward_code='W2'", StringComparison.Ordinal), view);
        }
    }

    private static IEnumerable<System.Text.Json.JsonElement> Scans(System.Text.Json.JsonElement node)
    {
        if (node.ValueKind == System.Text.Json.JsonValueKind.Array)
            return node.EnumerateArray().SelectMany(Scans);
        var own = node.TryGetProperty("extra_info", out var info) && info.ValueKind == System.Text.Json.JsonValueKind.Object
            && info.TryGetProperty("Table", out _) ? [info] : Array.Empty<System.Text.Json.JsonElement>();
        return node.TryGetProperty("children", out var children) ? own.Concat(Scans(children)) : own;
    }

    [Theory]
    [InlineData(1, "equal")]
    [InlineData(2, "nested")]
    [InlineData(3, "custom")]
    [InlineData(4, "equal")]
    [InlineData(5, "custom")]
    public void Should_keep_the_af_identities_on_random_panels(int seed, string weighting)
    {
        using var mart = new TestMart();
        var random = new Random(seed);
        var years = seed % 2 == 0 ? new[] { 2023, 2024 } : new[] { 2026, 2027 };
        foreach (var year in years)
            mart.LoadSnapshot($"{year}.csv", RandomPanel(random, year, wards: 2 + random.Next(2), groups: 2 + random.Next(3), perGroup: 4 + random.Next(8)))
                .RowsRejected.ShouldBe(0);
        var k = new[] { 0.25, 1.0 / 3, 0.5, 1.0 / 12 }[random.Next(4)];
        mart.Connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'af_cutoff'", k.ToString("R", CultureInfo.InvariantCulture));
        mart.Connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'af_weighting'", weighting);
        foreach (var code in Columns.Keys)
            mart.Connection.Execute("INSERT INTO af_custom_weight VALUES (?, ?)", code, (double)random.Next(0, 5) + 1);

        var units = mart.Rows("""
            SELECT review_year, ward_code, group_code, households, mpi_poor, h, a, m0, prev_year, m0_prev, m0_change, h_change, ward_share_pct
            FROM v_mpi_by_group
            """).Select(r => (Year: (int)r[0]!, Ward: (string)r[1]!, Group: (string?)r[2], N: (long)r[3]!, Q: (long)r[4]!, H: (double)r[5]!,
                A: (double?)r[6], M0: (double)r[7]!, Prev: (int?)r[8], M0Prev: (double?)r[9], M0Change: (double?)r[10], HChange: (double?)r[11], Share: (double?)r[12]))
            .ToList();
        var indicators = mart.Rows("""
            SELECT review_year, ward_code, group_code, weight, uncensored_h, censored_h, contribution, contribution_pct
            FROM v_mpi_indicator
            """).Select(r => (Year: (int)r[0]!, Ward: (string)r[1]!, Group: (string?)r[2], W: (double)r[3]!, U: (double)r[4]!, C: (double)r[5]!,
                Contribution: (double)r[6]!, Pct: (double?)r[7]))
            .ToList();
        units.ShouldNotBeEmpty();
        units.Where(u => u.Q > 0).ShouldNotBeEmpty();
        foreach (var u in units)
        {
            var key = $"{u.Year} {u.Ward} {u.Group}";
            if (u.Q == 0) { u.A.ShouldBeNull(key); u.M0.ShouldBe(0, key); }
            else u.M0.ShouldBe(u.H * u.A!.Value, Tolerance, key);                 // M0 = H·A
            var own = indicators.Where(i => i.Year == u.Year && i.Ward == u.Ward && i.Group == u.Group).ToList();
            own.Count.ShouldBe(12, key);
            own.Sum(i => i.W).ShouldBe(1, Tolerance, key);                          // weights normalised
            own.Sum(i => i.W * i.C).ShouldBe(u.M0, Tolerance, key);                  // M0 = Σ w_j·h_j
            own.ShouldAllBe(i => i.C >= 0 && i.C <= i.U + Tolerance && i.U <= 1);   // 0 ≤ h_j ≤ uncensored
            own.ShouldAllBe(i => Math.Abs(i.Contribution - i.W * i.C) < Tolerance);
            if (u.M0 > 0) own.Sum(i => i.Pct!.Value).ShouldBe(100, 1e-9, key);
            else own.ShouldAllBe(i => i.Pct == null);

            var prev = units.Where(p => p.Ward == u.Ward && p.Group == u.Group && p.Year == u.Prev).ToList();
            if (prev.Count == 1)
            {
                u.M0Change.ShouldNotBeNull(key).ShouldBe(u.M0 - prev[0].M0, Tolerance, key);
                u.M0Prev.ShouldNotBeNull(key).ShouldBe(prev[0].M0, Tolerance, key);
                u.HChange.ShouldNotBeNull(key).ShouldBe(u.H - prev[0].H, Tolerance, key);
            }
            else u.M0Change.ShouldBeNull(key);
        }
        foreach (var ward in units.Where(u => u.Group is null))
        {
            var groups = units.Where(u => u.Group is not null && u.Year == ward.Year && u.Ward == ward.Ward).ToList();
            var key = $"{ward.Year} {ward.Ward}";
            var hadPrevious = ward.Year == years[1] && units.Any(u => u.Ward == ward.Ward && u.Year == years[0]);
            ward.Prev.ShouldBe(hadPrevious ? years[0] : null, key);
            groups.Sum(g => g.N).ShouldBe(ward.N, key);
            groups.Sum(g => g.Q).ShouldBe(ward.Q, key);
            groups.Sum(g => (double)g.N / ward.N * g.M0).ShouldBe(ward.M0, Tolerance, key); // M0 = Σ (n_g/n)·M0_g
            if (ward.M0 > 0)
            {
                ward.Share.ShouldBe(100);
                groups.Sum(g => g.Share!.Value).ShouldBe(100, 1e-9, key);                     // shares add up
                foreach (var g in groups)
                    g.Share!.Value.ShouldBe(100 * g.N * g.M0 / (ward.N * ward.M0), 1e-9, key);
            }
            else groups.ShouldAllBe(g => g.Share == null);
        }
    }

    /// <summary>Households with random deprivations (each flag 30 %) and incomes around the line.</summary>
    private static SnapshotRow[] RandomPanel(Random random, int year, int wards, int groups, int perGroup)
    {
        var standard = year >= 2027
            ? Columns.Keys.Where(c => c != "information_means").ToArray()
            : Columns.Keys.Where(c => c != "waste").ToArray();
        var rows = new List<SnapshotRow>();
        for (var w = 1; w <= wards; w++)
            for (var g = 1; g <= groups; g++)
                for (var h = 1; h <= perGroup; h++)
                {
                    // A household may move between groups of its ward or be absent in a year.
                    if (random.NextDouble() < 0.1) continue;
                    var group = random.NextDouble() < 0.1 ? 1 + random.Next(groups) : g;
                    rows.Add(Household($"W{w}-{g}-{h}", year, group.ToString(CultureInfo.InvariantCulture),
                        random.NextDouble() < 0.5 ? 1_200_000 : 5_000_000,
                        standard.Where(_ => random.NextDouble() < 0.3), ward: $"W{w}"));
                }
        return [.. rows];
    }
}
