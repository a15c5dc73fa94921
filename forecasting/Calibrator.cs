using System.Globalization;
using System.Text.Json;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// Maps the boosted model's raw probability to a calibrated one. Fitted only on out-of-time
/// predictions (a model trained on the years before t, scored on t), so it learns how the model's
/// one-year-ahead forecasts drift from what happens, never from the year being forecast.
/// </summary>
/// <param name="Method"><c>none</c>, <c>shift</c> (one offset on the raw log-odds), <c>platt</c> (logistic on the raw log-odds) or <c>isotonic</c> (monotone steps, pool-adjacent-violators).</param>
/// <param name="Slope">Platt: coefficient on logit(p).</param>
/// <param name="Intercept">Platt: intercept.</param>
/// <param name="Knots">Isotonic: increasing raw probabilities at the centres of the fitted blocks.</param>
/// <param name="Values">Isotonic: the calibrated probability at each knot (non-decreasing); linear in between.</param>
public sealed record Calibrator(string Method, double Slope, double Intercept, double[] Knots, double[] Values)
{
    public const string None = "none";
    public const string Shift = "shift";
    public const string Platt = "platt";
    public const string Isotonic = "isotonic";

    // Calibrated probabilities stay strictly inside (0, 1): no household is certain either way,
    // and the log loss of a calibrator that said 0 would be infinite on the first surprise.
    private const double Floor = 1e-5;

    public static Calibrator Identity { get; } = new(None, 1, 0, [], []);

    public double Apply(double p) => Method switch
    {
        Platt or Shift => Math.Clamp(Sigmoid(Slope * Logit(p) + Intercept), Floor, 1 - Floor),
        Isotonic => Math.Clamp(Interpolate(p), Floor, 1 - Floor),
        _ => p,
    };

    public double[] Apply(IReadOnlyList<double> p)
    {
        var result = new double[p.Count];
        for (var i = 0; i < result.Length; i++) result[i] = Apply(p[i]);
        return result;
    }

    /// <summary>Weight of the prior that keeps Platt near "no change" (slope 1, intercept 0): worth about one household's log loss, nothing against thousands, decisive when the folds are separable.</summary>
    private const double Prior = 1.0;

    /// <summary>
    /// Platt scaling by Newton's method on the two parameters, with Platt's smoothed targets and a weak
    /// ridge prior towards the identity, so that a handful of events (a ward alone) cannot push it to a cliff.
    /// </summary>
    public static Calibrator FitPlatt(IReadOnlyList<double> p, IReadOnlyList<bool> y) => FitLogistic(p, y, slope: true);

    /// <summary>
    /// Platt with the slope held at 1: moves every household's log-odds by the same offset so that the
    /// expected count matches what happened, keeping the model's spread of risks as it is.
    /// </summary>
    public static Calibrator FitShift(IReadOnlyList<double> p, IReadOnlyList<bool> y) => FitLogistic(p, y, slope: false);

    private static Calibrator FitLogistic(IReadOnlyList<double> p, IReadOnlyList<bool> y, bool slope)
    {
        var positives = y.Count(v => v);
        var negatives = y.Count - positives;
        if (positives == 0 || negatives == 0) return Identity;
        double hi = (positives + 1.0) / (positives + 2.0), lo = 1.0 / (negatives + 2.0);
        var x = p.Select(Logit).ToArray();
        double Objective(double a, double b)
        {
            var sum = 0.5 * Prior * (((a - 1) * (a - 1)) + (b * b));
            for (var i = 0; i < x.Length; i++)
            {
                var z = a * x[i] + b;
                var t = y[i] ? hi : lo;
                // −[t·log σ(z) + (1−t)·log(1−σ(z))], written to stay finite for large |z|
                sum += Math.Max(z, 0) - (t * z) + Math.Log(1 + Math.Exp(-Math.Abs(z)));
            }
            return sum;
        }
        double a = 1, b = 0;
        var current = Objective(a, b);
        for (var iteration = 0; iteration < 100; iteration++)
        {
            double g0 = Prior * (a - 1), g1 = Prior * b, h00 = Prior, h01 = 0, h11 = Prior;
            for (var i = 0; i < x.Length; i++)
            {
                var q = Sigmoid(a * x[i] + b);
                var t = y[i] ? hi : lo;
                var w = q * (1 - q);
                g0 += (q - t) * x[i];
                g1 += q - t;
                h00 += w * x[i] * x[i];
                h01 += w * x[i];
                h11 += w;
            }
            var det = h00 * h11 - h01 * h01;
            if (!(det > 1e-300)) break;
            var da = slope ? (h11 * g0 - h01 * g1) / det : 0;
            var db = slope ? (h00 * g1 - h01 * g0) / det : g1 / h11;
            // Backtracking: a full Newton step can overshoot when the folds are nearly separable.
            var step = 1.0;
            var next = Objective(a - da, b - db);
            while (next > current && step > 1e-6)
            {
                step /= 2;
                next = Objective(a - (step * da), b - (step * db));
            }
            if (next > current) break;
            a -= step * da;
            b -= step * db;
            var improvement = current - next;
            current = next;
            if (improvement < 1e-12 * Math.Max(1, current)) break;
        }
        return double.IsFinite(a) && double.IsFinite(b) ? new Calibrator(slope ? Platt : Shift, a, b, [], []) : Identity;
    }

    /// <summary>Isotonic regression by pool-adjacent-violators over the raw probabilities in increasing order.</summary>
    public static Calibrator FitIsotonic(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        if (p.Count == 0 || y.All(v => v) || !y.Any(v => v)) return Identity;
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToArray();
        // Blocks: sum of raw p, sum of y, count. Equal raw values start in one block.
        var sumP = new List<double>();
        var sumY = new List<double>();
        var count = new List<double>();
        foreach (var i in order)
        {
            if (count.Count > 0 && p[i] == sumP[^1] / count[^1])
            {
                sumP[^1] += p[i]; sumY[^1] += y[i] ? 1 : 0; count[^1]++;
            }
            else
            {
                sumP.Add(p[i]); sumY.Add(y[i] ? 1 : 0); count.Add(1);
            }
            while (count.Count > 1 && sumY[^2] / count[^2] >= sumY[^1] / count[^1])
            {
                sumP[^2] += sumP[^1]; sumY[^2] += sumY[^1]; count[^2] += count[^1];
                sumP.RemoveAt(sumP.Count - 1); sumY.RemoveAt(sumY.Count - 1); count.RemoveAt(count.Count - 1);
            }
        }
        var knots = sumP.Select((s, k) => s / count[k]).ToArray();
        var values = sumY.Select((s, k) => s / count[k]).ToArray();
        return new Calibrator(Isotonic, 1, 0, knots, values);
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        method = Method, slope = Slope, intercept = Intercept,
        knots = Knots.Select(k => Math.Round(k, 8)), values = Values.Select(v => Math.Round(v, 8)),
    });

    public static Calibrator FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return Identity;
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        double[] Array(string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetDouble()).ToArray();
        return new Calibrator(root.GetProperty("method").GetString() ?? None, root.GetProperty("slope").GetDouble(),
            root.GetProperty("intercept").GetDouble(), Array("knots"), Array("values"));
    }

    public override string ToString() => Method switch
    {
        Platt => string.Create(CultureInfo.InvariantCulture, $"platt (slope {Slope:F3}, intercept {Intercept:F3})"),
        Shift => string.Create(CultureInfo.InvariantCulture, $"shift {Intercept:+0.000;-0.000}"),
        Isotonic => $"isotonic ({Knots.Length} steps)",
        _ => "none",
    };

    private double Interpolate(double p)
    {
        if (Knots.Length == 0) return p;
        if (p <= Knots[0]) return Values[0];
        if (p >= Knots[^1]) return Values[^1];
        var hi = System.Array.BinarySearch(Knots, p);
        if (hi >= 0) return Values[hi];
        hi = ~hi;
        var lo = hi - 1;
        var w = (p - Knots[lo]) / (Knots[hi] - Knots[lo]);
        return Values[lo] + w * (Values[hi] - Values[lo]);
    }

    public static double Logit(double p)
    {
        var q = Math.Clamp(p, 1e-7, 1 - 1e-7);
        return Math.Log(q / (1 - q));
    }

    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
}
