namespace DiSu.Analytics.Forecasting;

/// <summary>
/// Permutation feature importance: how much the AUC drops when one feature's values are shuffled
/// across households (seeded), on a sample of at most 20,000 labelled households. Model-agnostic.
/// </summary>
public static class Importance
{
    public static IReadOnlyList<(string Feature, double AucDrop)> Of(RiskModel model, IReadOnlyList<HouseholdRow> labelled, int seed)
    {
        var random = new Random(seed);
        var sample = labelled.Count <= 20_000 ? labelled.ToList() : labelled.OrderBy(_ => random.Next()).Take(20_000).ToList();
        var y = sample.Select(r => r.PoorNext).ToList();
        if (y.Distinct().Count() < 2) return [];
        var baseline = Metrics.AreaUnderCurve(model.Predict(sample), y);
        var result = new List<(string, double)>();
        for (var j = 0; j < HouseholdRow.FeatureCount; j++)
        {
            var values = sample.Select(r => r.Features[j]).OrderBy(_ => random.Next()).ToArray();
            var shuffled = sample.Select((r, i) =>
            {
                var copy = new HouseholdRow { Features = (float[])r.Features.Clone(), Status = r.Status, GroupPoorRate = r.GroupPoorRate };
                copy.Features[j] = values[i];
                return copy;
            }).ToList();
            result.Add((FeatureSet.Names[j], baseline - Metrics.AreaUnderCurve(model.Predict(shuffled), y)));
        }
        return result.OrderByDescending(r => r.Item2).ToList();
    }

    /// <summary>The sign of each feature's correlation with the predicted risk (+1 raises it, −1 lowers it).</summary>
    public static Dictionary<string, double> Direction(IReadOnlyList<HouseholdRow> rows, double[] p)
    {
        var result = new Dictionary<string, double>();
        var meanP = p.Average();
        for (var j = 0; j < HouseholdRow.FeatureCount; j++)
        {
            var mean = rows.Average(r => (double)r.Features[j]);
            var covariance = rows.Select((r, i) => (r.Features[j] - mean) * (p[i] - meanP)).Sum();
            result[FeatureSet.Names[j]] = Math.Sign(covariance);
        }
        return result;
    }

    /// <summary>
    /// A group's drivers: important features on which the group's households differ most from the
    /// scope's (importance × difference of means in standard deviations), strongest first.
    /// </summary>
    public static string Drivers(IReadOnlyList<HouseholdRow> group, IReadOnlyList<HouseholdRow> all,
        IReadOnlyList<(string Feature, double AucDrop)> importance, IReadOnlyDictionary<string, double> direction, int top = 3)
    {
        var scores = new List<(string Feature, double Score, double Sd)>();
        foreach (var (feature, drop) in importance.Where(i => i.AucDrop > 0))
        {
            if (feature is "group_poor_rate" or "ward_poor_rate" or "group_near_poor_rate" or "group_poor_rate_change" or "urban") continue;
            var j = FeatureSet.Index(feature);
            var mean = all.Average(r => (double)r.Features[j]);
            var sd = Math.Sqrt(all.Average(r => Math.Pow(r.Features[j] - mean, 2)));
            if (sd == 0) continue;
            var shift = (group.Average(r => (double)r.Features[j]) - mean) / sd;
            // Only a shift in the direction that raises risk pushes the group's forecast up.
            scores.Add((feature, drop * shift * direction.GetValueOrDefault(feature), shift));
        }
        return string.Join(", ", scores.Where(s => s.Score > 0 && Math.Abs(s.Sd) >= 0.05).OrderByDescending(s => s.Score).Take(top)
            .Select(s => $"{s.Feature} ({(s.Sd >= 0 ? "+" : "-")}{Math.Abs(s.Sd).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)} sd)"));
    }
}
