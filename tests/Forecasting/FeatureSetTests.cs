using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>Labels come from the ward's next round; features never look past the base year.</summary>
public sealed class FeatureSetTests
{
    // status per year 2021..2024: P poor, N near-poor, . not poor, - absent
    private static readonly Dictionary<string, string> Panel = new()
    {
        ["STAY"] = "PPPP", ["ESCAPE"] = "PP..", ["REPOOR"] = "P..P", ["NEWPOOR"] = "...P", ["NEAR2POOR"] = "..NP",
        ["ENTER_POOR"] = "---P", ["LEAVE_POOR"] = "PPP-", ["BACK_AGAIN"] = "P-.P", ["FINE"] = "....",
    };

    private static SnapshotRow[] Year(int year, Dictionary<string, string> panel) => StatusPanel.Year(panel, year);

    /// <summary>A copy of the panel's rounds 2021–2024 loaded (once per test run).</summary>
    private static TestMart LoadPanel() => TestMart.From("feature-set-panel", mart =>
    {
        for (var year = 2021; year <= 2024; year++)
            mart.LoadSnapshot($"{year}.csv", Year(year, Panel)).RowsRejected.ShouldBe(0);
    });

    [Fact]
    public void Should_label_each_household_by_its_status_in_the_next_round()
    {
        using var mart = LoadPanel();
        var rows = FeatureSet.Build(mart.Connection, [2023], Scope.All).ToDictionary(r => r.HouseholdId);
        string Describe(string id) => rows.TryGetValue(id, out var r)
            ? $"{r.Status}>{(r.PresentNext ? (r.PoorNext ? "poor" : "not_poor") : "gone")}{(r.RePoorEligible ? " eligible" : "")}"
            : "no row";
        Describe("STAY").ShouldBe("poor>poor");
        Describe("ESCAPE").ShouldBe("not_poor>not_poor eligible");
        Describe("REPOOR").ShouldBe("not_poor>poor eligible");
        Describe("NEWPOOR").ShouldBe("not_poor>poor");
        Describe("NEAR2POOR").ShouldBe("near_poor>poor");
        Describe("ENTER_POOR").ShouldBe("no row");
        Describe("LEAVE_POOR").ShouldBe("poor>gone");
        Describe("BACK_AGAIN").ShouldBe("not_poor>poor eligible");
        Describe("FINE").ShouldBe("not_poor>not_poor");
        rows.Values.ShouldAllBe(r => r.BaseYear == 2023 && r.TargetYear == 2024);
        rows["ESCAPE"].Features[FeatureSet.Index("newly_escaped")].ShouldBe(1f);
        rows["STAY"].Features[FeatureSet.Index("poor_rounds_before")].ShouldBe(2f);
    }

    [Fact]
    public void Should_not_change_any_feature_when_the_next_year_changes()
    {
        using var mart = LoadPanel();
        var before = FeatureSet.Build(mart.Connection, [2023], Scope.All).OrderBy(r => r.HouseholdId).ToList();

        // A corrected 2024 with every status turned around, households added and removed.
        var flipped = Panel.ToDictionary(p => p.Key, p => p.Value[..3] + (p.Value[3] == 'P' ? "." : "P"));
        flipped["NEWCOMER"] = "---P";
        mart.LoadSnapshot("2024-corrected.csv", Year(2024, flipped)).RowsRejected.ShouldBe(0);
        var after = FeatureSet.Build(mart.Connection, [2023], Scope.All).OrderBy(r => r.HouseholdId).ToList();

        after.Select(r => r.HouseholdId).ShouldBe(before.Select(r => r.HouseholdId));
        for (var i = 0; i < before.Count; i++)
            after[i].Features.ShouldBe(before[i].Features, $"{before[i].HouseholdId}");
        after.Count(r => r.PoorNext).ShouldNotBe(before.Count(r => r.PoorNext));
    }

    [Fact]
    public void Should_restrict_features_to_the_pooling_scope()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("s.csv", new SnapshotRow("A", 2023), new SnapshotRow("B", 2023).InWard("W2", "Phường Hai"));
        FeatureSet.Build(mart.Connection, [2023], Scope.Ward("W2")).ShouldHaveSingleItem().HouseholdId.ShouldBe("B");
        FeatureSet.Build(mart.Connection, [2023], Scope.Province("33")).Count.ShouldBe(2);
        FeatureSet.Build(mart.Connection, [2023], Scope.All).Single(r => r.HouseholdId == "A").TargetYear.ShouldBeNull();
    }
}

public sealed class SkippedRoundTests
{
    /// <summary>Ward DISU reviewed every year from 2021; ward W2 every year but 2023.</summary>
    private static TestMart WardSkippingTwentyThree(int lastYear)
    {
        var mart = new TestMart();
        for (var year = 2021; year <= lastYear; year++)
        {
            var rows = new List<SnapshotRow>();
            for (var i = 0; i < 40; i++)
            {
                var a = new SnapshotRow($"A{i}", year);
                rows.Add((i + year) % 5 == 0 ? a.Poor() : a.NotPoor());
                if (year != 2023)
                {
                    var b = new SnapshotRow($"B{i}", year).InWard("W2", "Phường Hai");
                    rows.Add((i + year) % 4 == 0 ? b.Poor() : b.NotPoor());
                }
            }
            mart.LoadSnapshot($"{year}.csv", [.. rows]).RowsRejected.ShouldBe(0);
        }
        return mart;
    }

    [Fact]
    public void Should_not_train_on_an_outcome_after_the_base_year_when_a_ward_skipped_a_round()
    {
        // Ward W2 has no 2023 round: its 2022 households are labelled by 2024, which is unknown in 2023.
        using var mart = WardSkippingTwentyThree(lastYear: 2024);
        var result = new Forecaster(mart.Connection, mart.Clock, mart.MartPath).Train(new ForecastOptions(2023, Scope.All, Seed: 1));
        var expected = FeatureSet.Build(mart.Connection, [2021, 2022], Scope.All).Count(r => r.TargetYear <= 2023 && r.PresentNext);
        result.TrainingRows.ShouldBe(expected);
        FeatureSet.Build(mart.Connection, [2022], Scope.Ward("W2")).ShouldAllBe(r => r.TargetYear == 2024);
        mart.Rows("SELECT DISTINCT ward_code, target_year FROM v_group_forecast ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}").ShouldBe(["DISU:2024"], "W2 has no 2023 round to forecast from");
    }

    [Fact]
    public void Should_forecast_each_ward_to_its_own_next_round()
    {
        using var mart = WardSkippingTwentyThree(lastYear: 2025);
        new Forecaster(mart.Connection, mart.Clock, mart.MartPath).Train(new ForecastOptions(2022, Scope.All, Seed: 1));
        // DISU's next round after 2022 is 2023; W2 skipped 2023, so its next round is 2024.
        mart.Rows("SELECT DISTINCT ward_code, target_year FROM v_group_forecast ORDER BY 1")
            .Select(r => $"{r[0]}:{r[1]}").ShouldBe(["DISU:2023", "W2:2024"]);
    }
}
