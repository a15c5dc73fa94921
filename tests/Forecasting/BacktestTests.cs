using DiSu.Analytics.Forecasting;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Forecasting;

public sealed class BacktestTests(ForecastFixture fixture, ITestOutputHelper output) : IClassFixture<ForecastFixture>
{
    [Fact]
    public void Should_never_train_on_its_test_year_and_score_every_trainer()
    {
        var report = Backtest.Run(fixture.Mart.Connection, Scope.All, seed: 1);
        foreach (var y in report.Years)
            output.WriteLine($"{y.TestBaseYear} {y.Trainer,-13} auc={y.Metrics.Auc:F3} brier={y.Metrics.Brier:F4} top10p={y.Metrics.PrecisionTop10:F3} gmae={y.Metrics.GroupMeanAbsoluteError:F2} exp={y.Metrics.TotalExpected:F1} obs={y.Metrics.TotalObserved}");
        output.WriteLine(report.Verdict);
        report.Years.ShouldNotBeEmpty();
        report.Years.ShouldAllBe(y => y.TrainLastYear < y.TestBaseYear);
        report.Years.Select(y => y.Trainer).Distinct().Count().ShouldBe(4);
    }
}
