using DiSu.Analytics.Forecasting;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>The pieces that make a forecast signable, on data whose true probabilities are known.</summary>
public sealed class CalibrationTests
{
    /// <summary>True log-odds x; the model's raw score is too flat and too low: σ(0.5x − 1).</summary>
    private static (List<double> Raw, List<bool> Y, List<double> Truth) Miscalibrated(int n, int seed)
    {
        var random = new Random(seed);
        var (raw, y, truth) = (new List<double>(), new List<bool>(), new List<double>());
        for (var i = 0; i < n; i++)
        {
            var x = -4 + 3 * Gaussian(random);
            var p = Calibrator.Sigmoid(x);
            truth.Add(p);
            raw.Add(Calibrator.Sigmoid(0.5 * x - 1));
            y.Add(random.NextDouble() < p);
        }
        return (raw, y, truth);
    }

    [Fact]
    public void Platt_scaling_recovers_a_known_distortion_and_removes_most_of_the_calibration_error()
    {
        var (raw, y, _) = Miscalibrated(40_000, seed: 1);
        var platt = Calibrator.FitPlatt(raw, y);

        platt.Method.ShouldBe(Calibrator.Platt);
        platt.Slope.ShouldBe(2.0, tolerance: 0.15);
        platt.Intercept.ShouldBe(2.0, tolerance: 0.3);
        var (test, testY, _) = Miscalibrated(40_000, seed: 2);
        var before = Scores.Of(test, testY).Ece;
        var after = Scores.Of(platt.Apply(test), testY).Ece;
        after.ShouldBeLessThan(before / 3);
        platt.Apply(test).Sum().ShouldBe(testY.Count(v => v), tolerance: 0.05 * testY.Count(v => v));
    }

    [Fact]
    public void Isotonic_calibration_is_monotone_keeps_the_observed_total_and_survives_a_json_round_trip()
    {
        var (raw, y, _) = Miscalibrated(20_000, seed: 3);
        var isotonic = Calibrator.FitIsotonic(raw, y);

        isotonic.Values.ShouldBe(isotonic.Values.Order().ToArray(), "calibrated values never decrease with the raw score");
        var grid = Enumerable.Range(0, 1001).Select(i => i / 1000.0).ToList();
        var mapped = isotonic.Apply(grid);
        for (var i = 1; i < mapped.Length; i++) mapped[i].ShouldBeGreaterThanOrEqualTo(mapped[i - 1]);
        // pool-adjacent-violators keeps the mean of each block, so the fitted total is the observed total
        isotonic.Apply(raw).Sum().ShouldBe(y.Count(v => v), tolerance: 0.01 * y.Count(v => v) + 1);
        Calibrator.FromJson(isotonic.ToJson()).Apply(grid).ShouldBe(mapped, tolerance: 1e-7);
        var platt = Calibrator.FitPlatt(raw, y);
        Calibrator.FromJson(platt.ToJson()).Apply(grid).ShouldBe(platt.Apply(grid));
    }

    [Fact]
    public void Without_a_shared_shock_the_predictive_count_is_the_poisson_binomial()
    {
        var p = Enumerable.Range(0, 300).Select(i => 0.002 + (i % 17) / 40.0).ToList();
        var plain = PoissonBinomial.Of(p);
        var predictive = PredictiveCount.Of(p, tau: 0);

        predictive.Mean.ShouldBe(plain.Mean, tolerance: 1e-9);
        predictive.Interval(0.80).ShouldBe(plain.Interval(0.80));
        predictive.Interval(0.95).ShouldBe(plain.Interval(0.95));
        for (var k = 0; k < 300; k += 7) predictive.Cumulative(k).ShouldBe(plain.Cumulative(k), tolerance: 1e-12);
    }

    [Fact]
    public void A_shared_shock_widens_the_interval_but_keeps_the_expected_count()
    {
        var p = Enumerable.Range(0, 500).Select(i => 0.01 + (i % 11) / 100.0).ToList();
        var independent = PredictiveCount.Of(p, 0);
        var shocked = PredictiveCount.Of(p, 0.5);

        var mean = Enumerable.Range(0, 501).Sum(k => k * (shocked.Cumulative(k) - (k == 0 ? 0 : shocked.Cumulative(k - 1))));
        mean.ShouldBe(p.Sum(), tolerance: 1e-4 * p.Sum());
        var (low, high) = shocked.Interval(0.80);
        var (iLow, iHigh) = independent.Interval(0.80);
        (high - low).ShouldBeGreaterThan((int)((iHigh - iLow) * 1.5));
        low.ShouldBeLessThanOrEqualTo(iLow);
        high.ShouldBeGreaterThanOrEqualTo(iHigh);
    }

    /// <summary>
    /// Groups whose households share a yearly shock on the log-odds, as in a bad year for one ward:
    /// the spread is estimated from one set of years and the intervals are checked on another.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(0.6)]
    public void The_estimated_spread_gives_intervals_that_hold_their_coverage_on_new_shocked_years(double tau)
    {
        var random = new Random(7 + (int)(tau * 10));
        var groups = Enumerable.Range(0, 400).Select(g =>
            Enumerable.Range(0, 60 + g % 140).Select(_ => -3.2 + 1.2 * Gaussian(random)).ToArray()).ToList();
        var expected = groups.Select(l => l.Select(x => ShockedMean(x, tau)).ToList()).ToList();

        var fit = groups.Select((l, g) => (expected[g].Sum(), expected[g].Sum(q => q * (1 - q)), Draw(l, tau, random))).ToList();
        var estimate = Dispersion.EstimateTau(fit);
        estimate.ShouldBe(tau, tolerance: 0.12);

        int held80 = 0, held95 = 0;
        for (var g = 0; g < groups.Count; g++)
        {
            var count = PredictiveCount.Of(expected[g], estimate);
            var realised = Draw(groups[g], tau, random);
            var (l80, h80) = count.Interval(0.80);
            var (l95, h95) = count.Interval(0.95);
            if (realised >= l80 && realised <= h80) held80++;
            if (realised >= l95 && realised <= h95) held95++;
        }
        // Counts are whole numbers, so a central interval holds at least its level; sampling error on 400 groups is about ±2–3 points.
        (held80 / 400.0).ShouldBeInRange(0.76, 0.93);
        (held95 / 400.0).ShouldBeInRange(0.92, 1.0);
    }

    [Fact]
    public void Calibration_is_fitted_on_earlier_folds_only_and_says_why_it_chose_its_method()
    {
        static Fold FoldOf(int year, int seed)
        {
            var (raw, y, _) = Miscalibrated(5_000, seed);
            var rows = y.Select((v, i) => new HouseholdRow { HouseholdId = $"H{i}", WardCode = $"W{i % 10}", GroupCode = $"G{i % 3}", Status = "average", PoorNext = v, PresentNext = true, BaseYear = year, TargetYear = year + 1 }).ToList();
            return new Fold(year, year + 1, rows, raw.ToArray());
        }
        var folds = new[] { FoldOf(2022, 11), FoldOf(2023, 12) };

        Uncertainty.Fit([]).ShouldBe(Uncertainty.None);
        var one = Uncertainty.Fit(folds[..1]);
        one.Calibration.Method.ShouldBe(Calibrator.None);
        one.Calibration.Segments.ShouldBeEmpty();
        one.Choice.En.ShouldContain("only one earlier year");
        var two = Uncertainty.Fit(folds);
        two.Choice.En.ShouldContain("before 2023→2024 and scored on it");
        // the latest fold alone holds enough events, so the calibration rests on it alone
        two.Folds.ShouldBe(1);
        two.Events.ShouldBe(folds[^1].Rows.Count(r => r.PoorNext));
    }

    [Fact]
    public void A_distortion_that_repeats_every_year_is_corrected_and_one_that_does_not_is_left_alone()
    {
        // The model's raw scores are too flat and too low every year: the correction beats chance and is kept.
        static Fold FoldOf(int year, int seed, bool distorted)
        {
            var (raw, y, truth) = Miscalibrated(20_000, seed);
            var rows = y.Select((v, i) => new HouseholdRow { HouseholdId = $"H{i}", WardCode = $"W{i % 40}", GroupCode = $"G{i % 3}", Status = "average", PoorNext = v, PresentNext = true, BaseYear = year, TargetYear = year + 1 }).ToList();
            return new Fold(year, year + 1, rows, distorted ? raw.ToArray() : truth.ToArray());
        }
        var distorted = new[] { FoldOf(2022, 21, true), FoldOf(2023, 22, true) };
        var next = FoldOf(2024, 23, true);
        var fitted = Uncertainty.Fit(distorted);
        fitted.Calibration.Segments.ShouldContainKey(Calibration.Other);
        var realised = next.Rows.Count(r => r.PoorNext);
        next.Raw.Sum().ShouldBeLessThan(0.8 * realised, "the raw scores are far too low");
        fitted.Calibration.Apply(next.Rows, next.Raw).Sum().ShouldBe(realised, tolerance: 0.05 * realised);

        // Scores that are already right: no correction beats chance, so none is applied.
        var honest = Uncertainty.Fit([FoldOf(2022, 31, false), FoldOf(2023, 32, false)]);
        honest.Calibration.Segments.ShouldBeEmpty();
        honest.Choice.En.ShouldContain("other none");
    }

    private static int Draw(double[] logits, double tau, Random random)
    {
        var delta = tau * Gaussian(random);
        return logits.Count(l => random.NextDouble() < Calibrator.Sigmoid(l + delta));
    }

    /// <summary>E[σ(x + τZ)] by a fine midpoint rule: the household's probability once the shock is averaged out.</summary>
    private static double ShockedMean(double x, double tau)
    {
        if (tau == 0) return Calibrator.Sigmoid(x);
        double sum = 0, weight = 0;
        for (var z = -6.0; z <= 6.0; z += 0.01)
        {
            var w = Math.Exp(-z * z / 2);
            sum += w * Calibrator.Sigmoid(x + tau * z);
            weight += w;
        }
        return sum / weight;
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
