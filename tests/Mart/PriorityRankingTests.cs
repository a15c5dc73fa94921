using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// PriorityRanking: a planner's trial weights rank the groups exactly as v_priority_groups would
/// with those weights stored as the settings, and the stored weights give the view's own rows.
/// </summary>
public sealed class PriorityRankingTests
{
    [Fact]
    public void Should_give_the_views_rows_with_the_weights_the_settings_hold()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var stored = PriorityWeights.Read(mart.Connection);
        stored.ShouldBe(new PriorityWeights(30, 25, 15, 20, 10));

        var view = PriorityRanking.Read<Row>(mart.Connection, "DISU", 2023);
        var trial = PriorityRanking.Read<Row>(mart.Connection, "DISU", 2023, stored);

        view.Count.ShouldBe(9);
        trial.ShouldBe(view);
    }

    [Theory]
    [InlineData(50, 0, 10, 40, 0, 2023)]
    [InlineData(0, 0, 0, 0, 1, 2023)]
    [InlineData(100, 100, 0, 3, 7, 2024)]
    public void Should_rank_with_trial_weights_as_the_view_ranks_once_they_are_stored(int poor, int expected, int rePoor, int m0, int uncovered, int round)
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var weights = new PriorityWeights(poor, expected, rePoor, m0, uncovered);

        var trial = PriorityRanking.Read<Row>(mart.Connection, "DISU", round, weights);
        for (var i = 0; i < PriorityWeights.Keys.Count; i++)
            mart.Connection.Execute("UPDATE mart_setting SET value = ? WHERE key = ?", weights.Values[i].ToString(System.Globalization.CultureInfo.InvariantCulture), PriorityWeights.Keys[i]);
        var view = PriorityRanking.Read<Row>(mart.Connection, "DISU", round);

        trial.Count.ShouldBeGreaterThan(0);
        trial.ShouldBe(view);
        trial.ShouldNotBe(PriorityRanking.Read<Row>(mart.Connection, "DISU", round, new PriorityWeights(30, 25, 15, 20, 10)),
            "other weights must change the scores, or the test compares nothing");
    }

    [Fact]
    public void Should_read_only_the_ward_and_round_asked_for()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        PriorityRanking.Read<Row>(mart.Connection, "NOWHERE", 2023, new PriorityWeights(1, 1, 1, 1, 1)).ShouldBeEmpty();
        PriorityRanking.Read<Row>(mart.Connection, "DISU", 2019, new PriorityWeights(1, 1, 1, 1, 1)).ShouldBeEmpty();
        Should.Throw<ArgumentOutOfRangeException>(() => PriorityRanking.Read<Row>(mart.Connection, "DISU", 2023, new PriorityWeights(-1, 1, 1, 1, 1)));
    }

    private sealed record Row
    {
        public required string GroupCode { get; init; }
        public long PriorityRank { get; init; }
        public double Score { get; init; }
        public double ScorePoorRate { get; init; }
        public double ScoreExpectedRate { get; init; }
        public double ScoreRePoor { get; init; }
        public double ScoreM0 { get; init; }
        public double ScoreUncovered { get; init; }
        public required string WeightsVi { get; init; }
        public double? ExpectedRate { get; init; }
        public double? M0 { get; init; }
        public string? RecommendationVi { get; init; }
    }
}
