using DiSu.Analytics.Forecasting;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>The count of poor households in a group as a Poisson-binomial distribution.</summary>
public sealed class PoissonBinomialTests
{
    private const double Tolerance = 1e-12;
    private static readonly double[] QuantileLevels = [1e-6, 0.01, 0.025, 0.1, 0.25, 0.5, 0.75, 0.9, 0.975, 0.99, 1 - 1e-6];

    [Fact]
    public void Should_match_brute_force_enumeration_of_every_outcome_for_small_groups()
    {
        var random = new Random(20240611);
        for (var set = 0; set < 40; set++)
        {
            var probabilities = RandomProbabilities(random, random.Next(0, 13));
            var exact = BruteForce(probabilities);
            var distribution = PoissonBinomial.Of(probabilities);

            for (var k = -2; k <= probabilities.Length + 2; k++)
            {
                var inside = k >= 0 && k <= probabilities.Length;
                distribution.Probability(k).ShouldBe(inside ? exact[k] : 0, Tolerance, $"set {set}, P(X = {k})");
                var cumulative = k < 0 ? 0 : exact.Take(Math.Min(k, probabilities.Length) + 1).Sum();
                distribution.Cumulative(k).ShouldBe(cumulative, Tolerance, $"set {set}, P(X ≤ {k})");
                distribution.ProbabilityAtMost(k).ShouldBe(distribution.Cumulative(k));
            }
            foreach (var q in QuantileLevels)
                distribution.Quantile(q).ShouldBe(BruteForceQuantile(exact, q), $"set {set}, quantile {q}");
        }
    }

    [Fact]
    public void Should_match_the_untruncated_recursion_for_a_group_large_enough_to_be_split_and_convolved()
    {
        // Thousands of households span many leaves and merge levels, which the brute-force test never reaches.
        var random = new Random(7);
        var probabilities = Enumerable.Range(0, 3000).Select(_ => random.NextDouble()).ToArray();
        var direct = DirectRecursion(probabilities);
        var distribution = PoissonBinomial.Of(probabilities);

        for (var k = 0; k <= probabilities.Length; k++)
            distribution.Probability(k).ShouldBe(direct[k], Tolerance, $"P(X = {k})");
        var running = 0.0;
        for (var k = 0; k <= probabilities.Length; k++)
        {
            running += direct[k];
            distribution.Cumulative(k).ShouldBe(Math.Min(1, running), 1e-11, $"P(X ≤ {k})");
        }
    }

    [Fact]
    public void Should_report_mean_and_variance_as_the_sums_of_p_and_p_times_one_minus_p()
    {
        var random = new Random(11);
        var probabilities = RandomProbabilities(random, 500);
        var distribution = PoissonBinomial.Of(probabilities);

        distribution.Count.ShouldBe(500);
        distribution.Mean.ShouldBe(probabilities.Sum(), 1e-9);
        distribution.Variance.ShouldBe(probabilities.Sum(p => p * (1 - p)), 1e-9);

        // The distribution itself must agree with the closed forms, not just the properties.
        var mean = Enumerable.Range(0, 501).Sum(k => k * distribution.Probability(k));
        var variance = Enumerable.Range(0, 501).Sum(k => (k - mean) * (k - mean) * distribution.Probability(k));
        mean.ShouldBe(distribution.Mean, 1e-8);
        variance.ShouldBe(distribution.Variance, 1e-8);
    }

    [Fact]
    public void Should_equal_the_binomial_when_all_ten_households_have_probability_one_half()
    {
        var distribution = PoissonBinomial.Of(Enumerable.Repeat(0.5, 10));

        for (var k = 0; k <= 10; k++)
            distribution.Probability(k).ShouldBe(Choose(10, k) / 1024.0, 1e-15, $"P(X = {k})");
        distribution.Mean.ShouldBe(5);
        distribution.Variance.ShouldBe(2.5);
        distribution.Quantile(0.5).ShouldBe(5);
        distribution.Cumulative(4).ShouldBe(386 / 1024.0, 1e-15);
    }

    [Fact]
    public void Should_put_all_mass_on_zero_for_an_empty_group()
    {
        var distribution = PoissonBinomial.Of([]);

        distribution.Count.ShouldBe(0);
        distribution.Mean.ShouldBe(0);
        distribution.Variance.ShouldBe(0);
        distribution.Probability(0).ShouldBe(1);
        distribution.Probability(1).ShouldBe(0);
        distribution.Cumulative(-1).ShouldBe(0);
        distribution.Cumulative(0).ShouldBe(1);
        distribution.Quantile(0.5).ShouldBe(0);
        distribution.Quantile(1).ShouldBe(0);
        distribution.Interval(0.95).ShouldBe((0, 0));
    }

    [Fact]
    public void Should_treat_probabilities_zero_and_one_as_certain_outcomes()
    {
        var certain = PoissonBinomial.Of([1, 0, 1, 1, 0]);
        certain.Count.ShouldBe(5);
        certain.Mean.ShouldBe(3);
        certain.Variance.ShouldBe(0);
        certain.Probability(3).ShouldBe(1);
        certain.Probability(2).ShouldBe(0);
        certain.Cumulative(2).ShouldBe(0);
        certain.Cumulative(3).ShouldBe(1);
        certain.Interval(0.95).ShouldBe((3, 3));

        // Certain households shift the uncertain ones' distribution without widening it.
        var mixed = PoissonBinomial.Of([1, 0.3, 0, 1]);
        mixed.Probability(1).ShouldBe(0);
        mixed.Probability(2).ShouldBe(0.7, Tolerance);
        mixed.Probability(3).ShouldBe(0.3, Tolerance);
        mixed.Quantile(0.5).ShouldBe(2);
        mixed.Quantile(0.8).ShouldBe(3);
    }

    [Fact]
    public void Should_give_central_intervals_that_contain_the_mean_and_widen_with_the_level()
    {
        var random = new Random(3);
        var distribution = PoissonBinomial.Of(RandomProbabilities(random, 400));

        var narrow = distribution.Interval(0.8);
        var wide = distribution.Interval(0.95);

        ((double)narrow.Low).ShouldBeLessThanOrEqualTo(distribution.Mean);
        ((double)narrow.High).ShouldBeGreaterThanOrEqualTo(distribution.Mean);
        wide.Low.ShouldBeLessThan(narrow.Low);
        wide.High.ShouldBeGreaterThan(narrow.High);
        wide.ShouldBe((distribution.Quantile(0.025), distribution.Quantile(0.975)));
        (distribution.Cumulative(wide.High) - distribution.Cumulative(wide.Low - 1)).ShouldBeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void Should_handle_a_large_group_in_a_narrow_window_with_an_interval_close_to_the_normal_approximation()
    {
        var random = new Random(42);
        var probabilities = Enumerable.Range(0, 200_000).Select(_ => random.NextDouble() * 0.008).ToArray();

        var distribution = PoissonBinomial.Of(probabilities);
        var (low, high) = distribution.Interval(0.95);

        distribution.Count.ShouldBe(200_000);
        var sd = Math.Sqrt(distribution.Variance);
        // What keeps it fast (a few tens of milliseconds, never asserted): the arrays hold a few dozen
        // standard deviations around the mean, not all 200,001 counts.
        Enumerable.Range(0, 200_001).Count(k => distribution.Probability(k) > 0).ShouldBeLessThan((int)(40 * sd));
        // Around 800 poor households with sd ≈ 28: the exact interval should sit within a couple of households
        // of mean ± 1.96·sd (the residual is discreteness and a slight right skew).
        ((double)low).ShouldBe(distribution.Mean - (1.96 * sd), 2.5);
        ((double)high).ShouldBe(distribution.Mean + (1.96 * sd), 2.5);

        // Truncation keeps all but a negligible sliver of the mass.
        Enumerable.Range(0, 2000).Sum(distribution.Probability).ShouldBe(1, 1e-11);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Should_refuse_a_probability_outside_zero_to_one_and_say_which_and_why(double bad)
    {
        var error = Should.Throw<ArgumentOutOfRangeException>(() => PoissonBinomial.Of([0.2, 0.4, bad, 0.1]));

        error.ParamName.ShouldBe("probabilities");
        error.Message.ShouldContain("position 2");
        error.Message.ShouldContain("must be a number between 0 and 1 inclusive");
    }

    [Fact]
    public void Should_refuse_quantile_and_interval_levels_that_have_no_meaning()
    {
        var distribution = PoissonBinomial.Of([0.2, 0.5]);

        Should.Throw<ArgumentOutOfRangeException>(() => distribution.Quantile(0)).Message.ShouldContain("greater than 0 and at most 1");
        Should.Throw<ArgumentOutOfRangeException>(() => distribution.Quantile(1.01));
        Should.Throw<ArgumentOutOfRangeException>(() => distribution.Quantile(double.NaN));
        Should.Throw<ArgumentOutOfRangeException>(() => distribution.Interval(1)).Message.ShouldContain("at least 0 and less than 1");
        Should.Throw<ArgumentOutOfRangeException>(() => distribution.Interval(-0.5));
        Should.Throw<ArgumentNullException>(() => PoissonBinomial.Of(null!));
    }

    // Mixes in exact 0s and 1s now and then, because those take a different path.
    private static double[] RandomProbabilities(Random random, int count) =>
        Enumerable.Range(0, count).Select(_ => random.Next(10) switch
        {
            0 => 0.0,
            1 => 1.0,
            _ => random.NextDouble(),
        }).ToArray();

    private static double[] BruteForce(double[] probabilities)
    {
        var n = probabilities.Length;
        var exact = new double[n + 1];
        for (var outcome = 0; outcome < 1 << n; outcome++)
        {
            var weight = 1.0;
            for (var i = 0; i < n; i++)
                weight *= (outcome & (1 << i)) != 0 ? probabilities[i] : 1 - probabilities[i];
            exact[int.PopCount(outcome)] += weight;
        }
        return exact;
    }

    private static int BruteForceQuantile(double[] exact, double q)
    {
        var running = 0.0;
        for (var k = 0; k < exact.Length - 1; k++)
        {
            running += exact[k];
            if (running >= q)
                return k;
        }
        return exact.Length - 1;
    }

    private static double[] DirectRecursion(double[] probabilities)
    {
        var mass = new double[probabilities.Length + 1];
        mass[0] = 1;
        for (var i = 0; i < probabilities.Length; i++)
        {
            var p = probabilities[i];
            for (var k = i + 1; k > 0; k--)
                mass[k] = (mass[k] * (1 - p)) + (mass[k - 1] * p);
            mass[0] *= 1 - p;
        }
        return mass;
    }

    private static double Choose(int n, int k)
    {
        var result = 1.0;
        for (var i = 1; i <= k; i++)
            result = result * (n - k + i) / i;
        return result;
    }
}
