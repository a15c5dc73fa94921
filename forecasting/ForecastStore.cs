using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting;

/// <summary>Writes household predictions and the group/ward aggregates; a new forecast of the same base year and wards supersedes the old.</summary>
internal static class ForecastStore
{
    public static void Write(DuckDBConnection connection, string modelId, IReadOnlyList<HouseholdRow> rows,
        double[] p, Dispersion dispersion, IReadOnlyList<(string Feature, double AucDrop)> importance)
    {
        // Each ward forecasts to its own next round; the last loaded year forecasts to the year after.
        static int TargetOf(HouseholdRow r) => r.TargetYear ?? r.BaseYear + 1;
        var baseYear = rows[0].BaseYear;
        foreach (var ward in rows.Select(r => r.WardCode).Distinct())
        {
            connection.Execute("UPDATE fact_forecast SET is_current = false WHERE is_current AND base_year = ? AND ward_code = ?", baseYear, ward);
            connection.Execute("UPDATE fact_group_forecast SET is_current = false WHERE is_current AND base_year = ? AND ward_code = ?", baseYear, ward);
        }
        using (var appender = connection.CreateAppender("fact_forecast"))
        {
            for (var i = 0; i < rows.Count; i++)
            {
                var r = rows[i];
                // One probability per household: the re-poor chance of a formerly poor household is its
                // calibrated chance of being poor, so re-poor figures add up the same in every document.
                var row = appender.CreateRow().AppendValue(modelId).AppendNullValue().AppendValue(r.HouseholdId)
                    .AppendValue(r.ProvinceCode).AppendValue(r.WardCode).AppendValue(r.GroupCode)
                    .AppendValue(r.BaseYear).AppendValue(TargetOf(r)).AppendValue(r.Status).AppendValue(p[i]);
                row = r.RePoorEligible ? row.AppendValue(p[i]) : row.AppendNullValue();
                row.AppendValue(true).EndRow();
            }
        }
        var targets = connection.Read<TargetRow>("SELECT year, ward_code, group_code, target_poor_rate FROM fact_target WHERE is_current")
            .ToDictionary(t => (t.Year, t.WardCode, t.GroupCode), t => t.TargetPoorRate);
        var index = rows.Select((r, i) => (r, i)).ToList();
        var direction = Importance.Direction(rows, p);
        using var groups = connection.CreateAppender("fact_group_forecast");
        foreach (var ward in index.GroupBy(x => (x.r.ProvinceCode, x.r.WardCode)))
        {
            var targetYear = TargetOf(ward.First().r);
            foreach (var group in ward.GroupBy(x => x.r.GroupCode))
                Append(groups, modelId, baseYear, targetYear, ward.Key.ProvinceCode, ward.Key.WardCode, group.Key,
                    group.ToList(), p, dispersion.GroupTau, targets, Importance.Drivers(group.Select(x => x.r).ToList(), rows, importance, direction));
            Append(groups, modelId, baseYear, targetYear, ward.Key.ProvinceCode, ward.Key.WardCode, null, ward.ToList(), p, dispersion.WardTau, targets, null);
        }
    }

    private static void Append(DuckDB.NET.Data.DuckDBAppender appender, string modelId, int baseYear, int targetYear, string province,
        string ward, string? group, List<(HouseholdRow r, int i)> members, double[] p, double tau,
        Dictionary<(int, string, string?), double> targets, string? drivers)
    {
        // The interval and the chance of meeting the target come from the same predictive distribution, whose mean is the expected count.
        var distribution = PredictiveCount.Of(members.Select(m => p[m.i]).ToList(), tau);
        var households = members.Count;
        var poorNow = members.Count(m => m.r.Status == "poor");
        var (low80, high80) = distribution.Interval(0.80);
        var (low95, high95) = distribution.Interval(0.95);
        // The flows use the same probabilities as the expected count, and the backtest's split of
        // households (FlowBias.FlowOf), so that poor now − escapes + new poor + re-poor = expected poor.
        var escapes = members.Where(m => FlowBias.FlowOf(m.r) == FlowBias.Escapes).Sum(m => 1 - p[m.i]);
        var rePoor = members.Where(m => FlowBias.FlowOf(m.r) == FlowBias.RePoor).Sum(m => p[m.i]);
        var newPoor = members.Where(m => FlowBias.FlowOf(m.r) is not (FlowBias.Escapes or FlowBias.RePoor)).Sum(m => p[m.i]);
        double? target = targets.TryGetValue((targetYear, ward, group), out var t) ? t : null;
        // The target is met when the count stays at or below target% of today's households.
        double? met = target is null ? null : distribution.Cumulative((int)Math.Floor(target.Value / 100 * households + 1e-9));
        var row = appender.CreateRow().AppendValue(modelId).AppendValue(baseYear).AppendValue(targetYear)
            .AppendValue(province).AppendValue(ward).AppendValue(group).AppendValue((long)households).AppendValue((long)poorNow)
            .AppendValue(100.0 * poorNow / households).AppendValue(distribution.Mean).AppendValue(100.0 * distribution.Mean / households)
            .AppendValue(low80).AppendValue(high80).AppendValue(low95).AppendValue(high95)
            .AppendValue(escapes).AppendValue(newPoor).AppendValue(rePoor).AppendValue(target).AppendValue(met).AppendValue(drivers)
            .AppendValue(true);
        row.EndRow();
    }

    private sealed record TargetRow
    {
        public int Year { get; init; }
        public required string WardCode { get; init; }
        public string? GroupCode { get; init; }
        public double TargetPoorRate { get; init; }
    }
}
