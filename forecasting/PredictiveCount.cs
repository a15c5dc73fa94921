using System.Globalization;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// The predictive distribution of how many of a group's households will be poor: each household with
/// its own calibrated probability, plus a shock shared by the whole group or ward that moves every
/// household's log-odds by the same δ ~ N(−c, τ²). Given δ the count is Poisson-binomial; the shock
/// is integrated out by Gauss–Hermite quadrature. c is chosen so that the mean stays Σp, the
/// expected count printed next to the interval.
/// </summary>
/// <remarks>
/// τ = 0 is the plain Poisson-binomial (households independent, probabilities known). τ is estimated
/// from rolling-origin residuals (<see cref="Dispersion"/>): it carries the ward-year and group-year
/// variation and the model error the independent sum leaves out.
/// </remarks>
public sealed class PredictiveCount
{
    private const int Nodes = 24;
    private static readonly (double Z, double W)[] Quadrature = StandardNormalNodes(Nodes);

    private readonly (double Weight, PoissonBinomial Count)[] parts;

    private PredictiveCount(int households, double mean, double tau, (double, PoissonBinomial)[] parts)
    {
        Households = households;
        Mean = mean;
        Tau = tau;
        this.parts = parts;
    }

    public int Households { get; }

    /// <summary>Σp: the expected count, whatever τ.</summary>
    public double Mean { get; }

    public double Tau { get; }

    public static PredictiveCount Of(IReadOnlyList<double> probabilities, double tau)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        if (!(tau >= 0 && double.IsFinite(tau)))
            throw new ArgumentOutOfRangeException(nameof(tau), string.Create(CultureInfo.InvariantCulture, $"The shared-shock spread τ is {tau}; it must be a finite number ≥ 0."));
        var mean = 0.0;
        foreach (var p in probabilities) mean += p;
        if (tau == 0 || probabilities.Count == 0)
            return new PredictiveCount(probabilities.Count, mean, 0, [(1.0, PoissonBinomial.Of(probabilities))]);

        var logits = probabilities.Select(Calibrator.Logit).ToArray();
        var shift = Centre(logits, mean, tau);
        var parts = new (double, PoissonBinomial)[Quadrature.Length];
        for (var j = 0; j < Quadrature.Length; j++)
        {
            var delta = (tau * Quadrature[j].Z) - shift;
            parts[j] = (Quadrature[j].W, PoissonBinomial.Of(logits.Select(l => Calibrator.Sigmoid(l + delta))));
        }
        return new PredictiveCount(probabilities.Count, mean, tau, parts);
    }

    /// <summary>P(count ≤ k).</summary>
    public double Cumulative(int k)
    {
        var sum = 0.0;
        foreach (var (w, count) in parts) sum += w * count.Cumulative(k);
        return Math.Clamp(sum, 0, 1);
    }

    /// <summary>The smallest k with P(count ≤ k) ≥ q.</summary>
    public int Quantile(double q)
    {
        if (!(q > 0 && q <= 1))
            throw new ArgumentOutOfRangeException(nameof(q), string.Create(CultureInfo.InvariantCulture, $"Quantile level {q} is invalid; it must be greater than 0 and at most 1."));
        int low = 0, high = Households;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (Cumulative(middle) >= q - 1e-12) high = middle;
            else low = middle + 1;
        }
        return low;
    }

    /// <summary>Central interval holding at least <paramref name="level"/> of the predictive mass.</summary>
    public (int Low, int High) Interval(double level)
    {
        if (!(level >= 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), string.Create(CultureInfo.InvariantCulture, $"Interval level {level} is invalid; it must be at least 0 and less than 1."));
        var tail = (1 - level) / 2;
        return (Quantile(tail), Quantile(1 - tail));
    }

    /// <summary>Newton's method for c with E[Σ σ(l_i + τZ − c)] = Σp; the mean is decreasing in c.</summary>
    private static double Centre(double[] logits, double target, double tau)
    {
        var c = 0.0;
        for (var iteration = 0; iteration < 30; iteration++)
        {
            double value = 0, slope = 0;
            foreach (var (z, w) in Quadrature)
            {
                var delta = (tau * z) - c;
                foreach (var l in logits)
                {
                    var s = Calibrator.Sigmoid(l + delta);
                    value += w * s;
                    slope += w * s * (1 - s);
                }
            }
            if (slope <= 1e-300) break;
            var step = (value - target) / slope;
            c += step;
            if (Math.Abs(step) < 1e-10) break;
        }
        return c;
    }

    /// <summary>Gauss–Hermite nodes for E[f(Z)], Z ~ N(0, 1); nodes with negligible weight are dropped and the rest renormalised.</summary>
    private static (double Z, double W)[] StandardNormalNodes(int n)
    {
        // Physicists' Hermite nodes by Newton's method from the usual initial guesses (Numerical Recipes, gauher).
        var x = new double[n];
        var w = new double[n];
        var m = (n + 1) / 2;
        double z = 0;
        for (var i = 0; i < m; i++)
        {
            z = i switch
            {
                0 => Math.Sqrt(2 * n + 1) - 1.85575 * Math.Pow(2 * n + 1, -0.16667),
                1 => z - 1.14 * Math.Pow(n, 0.426) / z,
                2 => 1.86 * z - 0.86 * x[0],
                3 => 1.91 * z - 0.91 * x[1],
                _ => 2.0 * z - x[i - 2],
            };
            double pp = 0;
            for (var iteration = 0; iteration < 100; iteration++)
            {
                double p1 = 0.7511255444649425, p2 = 0; // π^(−1/4)
                for (var j = 0; j < n; j++)
                {
                    var p3 = p2;
                    p2 = p1;
                    p1 = z * Math.Sqrt(2.0 / (j + 1)) * p2 - Math.Sqrt((double)j / (j + 1)) * p3;
                }
                pp = Math.Sqrt(2.0 * n) * p2;
                var z1 = z;
                z = z1 - p1 / pp;
                if (Math.Abs(z - z1) <= 1e-14) break;
            }
            x[i] = z;
            x[n - 1 - i] = -z;
            w[i] = 2.0 / (pp * pp);
            w[n - 1 - i] = w[i];
        }
        var nodes = x.Select((xi, i) => (Z: Math.Sqrt(2) * xi, W: w[i] / Math.Sqrt(Math.PI))).Where(t => t.W > 1e-9).ToArray();
        var total = nodes.Sum(t => t.W);
        return nodes.Select(t => (t.Z, t.W / total)).OrderBy(t => t.Z).ToArray();
    }
}
