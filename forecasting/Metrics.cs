namespace DiSu.Analytics.Forecasting;

/// <summary>Scores of probabilities against what happened.</summary>
public sealed record Metrics(
    int Count, int Positives, double Auc, double Brier, double LogLoss,
    IReadOnlyList<CalibrationBin> Calibration,
    double PrecisionTop5, double RecallTop5, double PrecisionTop10, double RecallTop10,
    double GroupMeanAbsoluteError, double TotalExpected, int TotalObserved)
{
    public static Metrics Of(IReadOnlyList<double> p, IReadOnlyList<bool> y, IReadOnlyList<string> groups)
    {
        var n = p.Count;
        var positives = y.Count(v => v);
        var brier = 0.0;
        var logLoss = 0.0;
        for (var i = 0; i < n; i++)
        {
            var o = y[i] ? 1.0 : 0.0;
            brier += (p[i] - o) * (p[i] - o);
            var q = Math.Clamp(p[i], 1e-15, 1 - 1e-15);
            logLoss -= o * Math.Log(q) + (1 - o) * Math.Log(1 - q);
        }
        var order = Enumerable.Range(0, n).OrderByDescending(i => p[i]).ThenBy(i => i).ToArray();
        var (p5, r5) = TopK(order, y, positives, 0.05);
        var (p10, r10) = TopK(order, y, positives, 0.10);
        var byGroup = Enumerable.Range(0, n).GroupBy(i => groups[i])
            .Select(g => Math.Abs(g.Sum(i => p[i]) - g.Count(i => y[i]))).ToList();
        return new Metrics(n, positives, AreaUnderCurve(p, y), n == 0 ? 0 : brier / n, n == 0 ? 0 : logLoss / n,
            Calibrate(order, p, y), p5, r5, p10, r10, byGroup.Count == 0 ? 0 : byGroup.Average(), p.Sum(), positives);
    }

    /// <summary>Area under the ROC curve by ranks (ties share their mean rank).</summary>
    public static double AreaUnderCurve(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var positives = y.Count(v => v);
        var negatives = y.Count - positives;
        if (positives == 0 || negatives == 0) return double.NaN;
        var order = Enumerable.Range(0, p.Count).OrderBy(i => p[i]).ToArray();
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && p[order[end + 1]] == p[order[start]]) end++;
            var rank = (start + end) / 2.0 + 1;
            for (var k = start; k <= end; k++)
                if (y[order[k]]) rankSum += rank;
            start = end + 1;
        }
        return (rankSum - positives * (positives + 1) / 2.0) / ((double)positives * negatives);
    }

    private static (double Precision, double Recall) TopK(int[] order, IReadOnlyList<bool> y, int positives, double share)
    {
        var k = Math.Max(1, (int)Math.Round(order.Length * share));
        if (order.Length == 0) return (0, 0);
        var hits = order.Take(k).Count(i => y[i]);
        return ((double)hits / k, positives == 0 ? 0 : (double)hits / positives);
    }

    /// <summary>Ten bins of equal size by predicted risk: mean predicted against observed share.</summary>
    private static List<CalibrationBin> Calibrate(int[] descending, IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var bins = new List<CalibrationBin>();
        var ascending = descending.Reverse().ToArray();
        for (var b = 0; b < 10; b++)
        {
            var from = ascending.Length * b / 10;
            var to = ascending.Length * (b + 1) / 10;
            if (to <= from) continue;
            var slice = ascending[from..to];
            bins.Add(new CalibrationBin(b + 1, slice.Length, slice.Average(i => p[i]), slice.Average(i => y[i] ? 1.0 : 0.0)));
        }
        return bins;
    }
}

public sealed record CalibrationBin(int Bin, int Count, double Predicted, double Observed);
