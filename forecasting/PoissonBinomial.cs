using System.Globalization;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// The distribution of how many of a group's households will be poor next year, when household i is poor with
/// its own probability p_i, independently of the others (a Poisson-binomial distribution).
/// </summary>
/// <remarks>
/// <para>
/// Computed exactly by the standard recursion P'(k) = P(k)·(1−p) + P(k−1)·p, but not as one long pass: that
/// would cost n × (width of the distribution), too slow for a million households. Instead the households are
/// cut into leaves of <see cref="LeafSize"/>, each leaf gets its own recursion, and leaves are convolved
/// pairwise up a balanced tree. Convolution of exact distributions is exact, so this is the same answer as the
/// single pass up to rounding; the tree is built as a stack (like a binary counter) so only O(log n) partial
/// distributions are alive at once. Households with p = 0 are skipped and those with p = 1 only shift the
/// result, because neither adds any spread.
/// </para>
/// <para>
/// Truncation: after every leaf and every convolution, values are dropped from each end while the dropped mass
/// stays within a per-step budget. The budgets are sized from the number of steps so that the total mass
/// dropped, over both tails and all steps, is at most <see cref="TruncatedMassBound"/> (1e-12). Consequently
/// <see cref="Probability"/> is 0 for k outside the kept range, <see cref="Cumulative"/> is 0 below and 1 at
/// or above it, and every value is accurate to within 1e-12 (absolute) plus rounding. Only quantiles with q
/// within 1e-12 of 0 or 1 can be affected; the lower tail is trimmed too because for large groups it is as
/// negligible as the upper one, and keeping it would make the arrays as wide as the mean instead of a few
/// dozen standard deviations.
/// </para>
/// </remarks>
public sealed class PoissonBinomial
{
    /// <summary>Upper bound on the total probability mass the truncation discards.</summary>
    public const double TruncatedMassBound = 1e-12;

    /// <summary>
    /// Households per leaf. The leaf recursion is not truncated, so it costs about n·LeafSize/2 multiply-adds in
    /// total; 64 keeps that small while leaving the convolution tree shallow.
    /// </summary>
    internal const int LeafSize = 64;

    private readonly int offset;            // smallest k whose probability is kept
    private readonly double[] mass;         // this.mass[i] = P(X = offset + i)
    private readonly double[] cumulative;   // cumulative[i] = P(X ≤ offset + i)

    private PoissonBinomial(int count, double mean, double variance, Piece distribution)
    {
        Count = count;
        Mean = mean;
        Variance = variance;
        offset = distribution.Offset;
        this.mass = distribution.Mass;
        cumulative = new double[this.mass.Length];
        var running = 0.0;
        for (var i = 0; i < this.mass.Length; i++)
        {
            running += this.mass[i];
            cumulative[i] = running;
        }
    }

    /// <summary>Number of households, n (including those with p = 0 or p = 1).</summary>
    public int Count { get; }

    /// <summary>Expected number of poor households, Σp.</summary>
    public double Mean { get; }

    /// <summary>Variance of the number of poor households, Σp(1−p).</summary>
    public double Variance { get; }

    /// <summary>
    /// Builds the distribution. Enumerates <paramref name="probabilities"/> once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">A probability is NaN or outside [0, 1].</exception>
    public static PoissonBinomial Of(IEnumerable<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(probabilities);

        var uncertain = new List<double>();
        int count = 0, certain = 0;
        double mean = 0, variance = 0;
        foreach (var p in probabilities)
        {
            // Written as !(in range) so that NaN, which fails every comparison, is rejected too.
            if (!(p >= 0 && p <= 1))
                throw new ArgumentOutOfRangeException(nameof(probabilities), string.Create(CultureInfo.InvariantCulture,
                    $"Household probability at position {count} is {p}; every probability must be a number between 0 and 1 inclusive (NaN is not allowed)."));
            count++;
            mean += p;
            variance += p * (1 - p);
            if (p == 1)
                certain++;
            else if (p > 0)
                uncertain.Add(p);
        }

        var distribution = Combine(uncertain);
        return new PoissonBinomial(count, mean, variance, distribution with { Offset = distribution.Offset + certain });
    }

    /// <summary>P(X = k); 0 for k outside 0..n and for values dropped by the truncation.</summary>
    public double Probability(int k)
    {
        var i = (long)k - offset;
        return i >= 0 && i < this.mass.Length ? this.mass[i] : 0;
    }

    /// <summary>P(X ≤ k): 0 below the kept range, 1 at or above its top, never outside [0, 1].</summary>
    public double Cumulative(int k)
    {
        var i = (long)k - offset;
        return i < 0 ? 0 : CumulativeAt(i);
    }

    /// <summary>Same as <see cref="Cumulative"/>; reads better at call sites that test a threshold.</summary>
    public double ProbabilityAtMost(int k) => Cumulative(k);

    /// <summary>The smallest k with P(X ≤ k) ≥ <paramref name="q"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="q"/> is not in (0, 1].</exception>
    public int Quantile(double q)
    {
        // q = 0 is refused because "smallest k with P(X ≤ k) ≥ 0" is always 0 whatever the data, which is
        // never what a caller asking for a quantile means.
        if (!(q > 0 && q <= 1))
            throw new ArgumentOutOfRangeException(nameof(q), string.Create(CultureInfo.InvariantCulture,
                $"Quantile level {q} is invalid; it must be greater than 0 and at most 1."));

        // The last kept index always qualifies because CumulativeAt treats it as 1.
        int low = 0, high = this.mass.Length - 1;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (CumulativeAt(middle) >= q)
                high = middle;
            else
                low = middle + 1;
        }
        return offset + low;
    }

    /// <summary>
    /// Central interval holding at least <paramref name="level"/> of the mass:
    /// (Quantile((1−level)/2), Quantile(1−(1−level)/2)).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="level"/> is not in [0, 1).</exception>
    public (int Low, int High) Interval(double level)
    {
        // level = 1 would need Quantile(0), which is refused for the reason given there.
        if (!(level >= 0 && level < 1))
            throw new ArgumentOutOfRangeException(nameof(level), string.Create(CultureInfo.InvariantCulture,
                $"Interval level {level} is invalid; it must be at least 0 and less than 1 (for example 0.95)."));
        var tail = (1 - level) / 2;
        return (Quantile(tail), Quantile(1 - tail));
    }

    private double CumulativeAt(long i) =>
        // Rounding can leave the running sum a hair off 1 at the top; report the top as exactly 1 so that
        // Cumulative is a proper distribution function, and clamp below it for the same reason.
        i >= this.mass.Length - 1 ? 1 : Math.Min(1, cumulative[i]);

    private static Piece Combine(List<double> uncertain)
    {
        if (uncertain.Count == 0)
            return new Piece(0, [1.0]);

        var leaves = (uncertain.Count + LeafSize - 1) / LeafSize;
        // A binary tree over L leaves has L − 1 merges, so there are 2L − 1 trims, each with two tails.
        var budget = TruncatedMassBound / (2.0 * ((2.0 * leaves) - 1));

        var stack = new List<(int Level, Piece Piece)>();
        for (var start = 0; start < uncertain.Count; start += LeafSize)
        {
            var size = Math.Min(LeafSize, uncertain.Count - start);
            var piece = Leaf(uncertain.GetRange(start, size)).Trim(budget);
            var level = 0;
            while (stack.Count > 0 && stack[^1].Level == level)
            {
                piece = Convolve(stack[^1].Piece, piece).Trim(budget);
                stack.RemoveAt(stack.Count - 1);
                level++;
            }
            stack.Add((level, piece));
        }

        var result = stack[^1].Piece;
        for (var i = stack.Count - 2; i >= 0; i--)
            result = Convolve(stack[i].Piece, result).Trim(budget);
        return result;
    }

    // The standard recursion, updated in place from the top down so each old value is read before it is
    // overwritten.
    private static Piece Leaf(List<double> probabilities)
    {
        var mass = new double[probabilities.Count + 1];
        mass[0] = 1;
        var length = 1;
        foreach (var p in probabilities)
        {
            var q = 1 - p;
            mass[length] = mass[length - 1] * p;
            for (var k = length - 1; k > 0; k--)
                mass[k] = (mass[k] * q) + (mass[k - 1] * p);
            mass[0] *= q;
            length++;
        }
        return new Piece(0, mass);
    }

    private static Piece Convolve(Piece a, Piece b)
    {
        var result = new double[a.Mass.Length + b.Mass.Length - 1];
        for (var i = 0; i < a.Mass.Length; i++)
        {
            var weight = a.Mass[i];
            if (weight == 0)
                continue;
            var target = result.AsSpan(i, b.Mass.Length);
            for (var j = 0; j < target.Length; j++)
                target[j] += weight * b.Mass[j];
        }
        return new Piece(a.Offset + b.Offset, result);
    }

    /// <summary>A stretch of a distribution: Mass[i] = P(X = Offset + i).</summary>
    private readonly record struct Piece(int Offset, double[] Mass)
    {
        /// <summary>Drops values from each end while the mass dropped at that end stays within the budget.</summary>
        public Piece Trim(double budget)
        {
            int low = 0, high = Mass.Length - 1;
            var dropped = 0.0;
            while (low < high && dropped + Mass[low] <= budget)
                dropped += Mass[low++];
            dropped = 0.0;
            while (high > low && dropped + Mass[high] <= budget)
                dropped += Mass[high--];
            return low == 0 && high == Mass.Length - 1 ? this : new Piece(Offset + low, Mass[low..(high + 1)]);
        }
    }
}
