namespace DiSu.Analytics.Forecasting;

/// <summary>How well one test year's forecast held: probabilities before and after calibration, interval coverage, and bias per flow.</summary>
/// <param name="Uncertainty">Fitted on the folds before the test year only.</param>
/// <param name="Before">Raw probabilities, households independent: the forecast as it was before calibration.</param>
/// <param name="After">Calibrated probabilities with the shared-shock spread: the forecast as printed.</param>
public sealed record ForecastCheck(int TestBaseYear, int TestTargetYear, Uncertainty Uncertainty, Scores Raw, Scores Calibrated,
    Intervals Before, Intervals After, IReadOnlyList<FlowBias> Flows, IReadOnlyList<FlowBias> FlowsRaw)
{
    public static ForecastCheck Of(Fold fold, Uncertainty uncertainty)
    {
        var y = fold.Rows.Select(r => r.PoorNext).ToList();
        var p = uncertainty.Calibration.Apply(fold.Rows, fold.Raw);
        return new ForecastCheck(fold.BaseYear, fold.TargetYear, uncertainty, Scores.Of(fold.Raw, y), Scores.Of(p, y),
            Intervals.Of(fold.Rows, fold.Raw, Dispersion.Independent), Intervals.Of(fold.Rows, p, uncertainty.Dispersion),
            FlowBias.Of(fold.Rows, p), FlowBias.Of(fold.Rows, fold.Raw));
    }
}

/// <param name="Ece">Expected calibration error over ten equal-count bins by predicted risk.</param>
public sealed record Scores(double Auc, double Brier, double LogLoss, double Ece, IReadOnlyList<CalibrationBin> Reliability)
{
    public static Scores Of(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var m = Metrics.Of(p, y, p.Select(_ => "").ToList());
        var ece = m.Calibration.Sum(b => (double)b.Count / Math.Max(1, p.Count) * Math.Abs(b.Predicted - b.Observed));
        return new Scores(m.Auc, m.Brier, m.LogLoss, ece, m.Calibration);
    }
}

/// <summary>How often the realised count fell inside the interval, and on which side it missed.</summary>
public sealed record Coverage(double Level, int Units, int Held, int Above, int Below)
{
    public double Share => Units == 0 ? double.NaN : (double)Held / Units;

    public static Coverage operator +(Coverage a, Coverage b) => new(a.Level, a.Units + b.Units, a.Held + b.Held, a.Above + b.Above, a.Below + b.Below);
}

public sealed record Intervals(Coverage Group80, Coverage Group95, Coverage Ward80, Coverage Ward95)
{
    public static Intervals Of(IReadOnlyList<HouseholdRow> rows, double[] p, Dispersion dispersion)
    {
        var index = rows.Select((r, i) => (r, i)).ToList();
        var (g80, g95, w80, w95) = (Empty(0.80), Empty(0.95), Empty(0.80), Empty(0.95));
        foreach (var ward in index.GroupBy(x => x.r.WardCode))
        {
            (w80, w95) = Add(w80, w95, ward.ToList(), p, dispersion.WardTau);
            foreach (var group in ward.GroupBy(x => x.r.GroupCode))
                (g80, g95) = Add(g80, g95, group.ToList(), p, dispersion.GroupTau);
        }
        return new Intervals(g80, g95, w80, w95);
    }

    public static Intervals operator +(Intervals a, Intervals b) =>
        new(a.Group80 + b.Group80, a.Group95 + b.Group95, a.Ward80 + b.Ward80, a.Ward95 + b.Ward95);

    private static Coverage Empty(double level) => new(level, 0, 0, 0, 0);

    private static (Coverage, Coverage) Add(Coverage c80, Coverage c95, List<(HouseholdRow r, int i)> members, double[] p, double tau)
    {
        var count = PredictiveCount.Of(members.Select(m => p[m.i]).ToList(), tau);
        var realised = members.Count(m => m.r.PoorNext);
        return (c80 + Check(c80.Level, count.Interval(0.80), realised), c95 + Check(c95.Level, count.Interval(0.95), realised));
    }

    private static Coverage Check(double level, (int Low, int High) interval, int realised) =>
        new(level, 1, realised >= interval.Low && realised <= interval.High ? 1 : 0, realised > interval.High ? 1 : 0, realised < interval.Low ? 1 : 0);
}

/// <summary>
/// Expected against realised for one flow between rounds. Escapes count poor households not poor at
/// the next round; the newly poor are split by where they come from; re-poor are households poor in
/// an earlier round, not poor now, poor again.
/// </summary>
public sealed record FlowBias(string Flow, int Households, double Expected, int Realised)
{
    public const string Escapes = "escapes";
    public const string FromAverage = "newly_poor_from_average";
    public const string FromNearPoor = "newly_poor_from_near_poor";
    public const string FromNotPoor = "newly_poor_from_not_poor";
    public const string RePoor = "re_poor";
    public const string Total = "poor_next";

    public static IReadOnlyList<string> Order { get; } = [Total, Escapes, FromNearPoor, FromAverage, FromNotPoor, RePoor];

    /// <summary>(expected − realised) / realised.</summary>
    public double Bias => Realised == 0 ? double.NaN : (Expected - Realised) / Realised;

    public static FlowBias operator +(FlowBias a, FlowBias b) => new(a.Flow, a.Households + b.Households, a.Expected + b.Expected, a.Realised + b.Realised);

    public static IReadOnlyList<FlowBias> Of(IReadOnlyList<HouseholdRow> rows, double[] p)
    {
        var sums = Order.ToDictionary(f => f, f => new FlowBias(f, 0, 0, 0));
        for (var i = 0; i < rows.Count; i++)
        {
            var r = rows[i];
            var poor = r.PoorNext ? 1 : 0;
            sums[Total] += new FlowBias(Total, 1, p[i], poor);
            var flow = FlowOf(r);
            sums[flow] += flow == Escapes ? new FlowBias(flow, 1, 1 - p[i], 1 - poor) : new FlowBias(flow, 1, p[i], poor);
        }
        return Order.Select(f => sums[f]).ToList();
    }

    /// <summary>The flow a household at base year can take; the same split the forecast tables use.</summary>
    public static string FlowOf(HouseholdRow r) => r.Status switch
    {
        "poor" => Escapes,
        _ when r.RePoorEligible => RePoor,
        "near_poor" => FromNearPoor,
        "average" => FromAverage,
        _ => FromNotPoor,
    };
}
