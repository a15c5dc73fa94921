using DiSu.Analytics.Forecasting;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Forecasting;

public sealed class ForecasterTests(ForecastFixture fixture, ITestOutputHelper output) : IClassFixture<ForecastFixture>
{
    [Fact]
    public void Should_store_a_model_version_its_zip_and_group_forecasts_with_intervals()
    {
        var mart = fixture.Mart;
        var forecaster = new Forecaster(mart.Connection, mart.Clock, mart.MartPath);
        var result = forecaster.Train(new ForecastOptions(2024, Scope.All, Seed: 3));

        File.Exists(result.ModelPath).ShouldBeTrue();
        result.TrainingYears.ShouldBe([2021, 2022, 2023]);
        mart.Rows("SELECT trainer, target, training_years, scope FROM dim_model WHERE model_id = ?", result.ModelId).ShouldHaveSingleItem()[0].ShouldBe("lightgbm");
        var households = mart.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND review_year = 2024");
        mart.Scalar<long>("SELECT count(*) FROM v_household_risk WHERE base_year = 2024").ShouldBe(households);
        foreach (var r in mart.Rows("SELECT group_name, households, poor_now, round(expected_poor, 1), low80, high80, low95, high95, target_poor_rate, round(p_target_met, 3), top_drivers FROM v_group_forecast ORDER BY ward_code, group_code NULLS LAST"))
            output.WriteLine(string.Join(" | ", r));
        mart.Scalar<long>("SELECT count(*) FROM v_group_forecast WHERE NOT (low95 <= low80 AND low80 <= expected_poor + 1 AND expected_poor <= high80 + 1 AND high80 <= high95)").ShouldBe(0);
        mart.Scalar<long>("SELECT count(*) FROM v_group_forecast WHERE group_code IS NULL").ShouldBe(4);
        // the flows add up to the expected count
        mart.Scalar<double>("SELECT max(abs(poor_now - expected_escapes + expected_new_poor + expected_re_poor - expected_poor)) FROM v_group_forecast")
            .ShouldBeLessThan(1e-6);
        // ward totals equal the sum of their groups
        mart.Scalar<double>("""
            SELECT max(abs(w.expected_poor - g.s)) FROM v_group_forecast w
            JOIN (SELECT ward_code, sum(expected_poor) AS s FROM v_group_forecast WHERE group_code IS NOT NULL GROUP BY 1) g USING (ward_code)
            WHERE w.group_code IS NULL
            """).ShouldBeLessThan(1e-6);
    }

    [Fact]
    public void Should_predict_the_same_from_the_saved_zip_as_from_the_trained_model()
    {
        var rows = FeatureSet.Build(fixture.Mart.Connection, [2021, 2022, 2023], Scope.All);
        var training = rows.Where(r => r.BaseYear < 2023 && r.PresentNext).ToList();
        var scoring = rows.Where(r => r.BaseYear == 2023).ToList();
        var model = RiskModel.Train(RiskModel.Gbm, training, seed: 5);
        var path = fixture.Mart.Folder.File("m.zip");
        model.Save(path);
        RiskModel.Load(RiskModel.Gbm, path, seed: 5).Predict(scoring).ShouldBe(model.Predict(scoring));
        RiskModel.Train(RiskModel.Gbm, training, seed: 5).Predict(scoring).ShouldBe(model.Predict(scoring), "same data and seed, same model");
    }
}
