using System.Globalization;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// What turns a model's raw scores into probabilities and intervals one can sign: the calibrator and
/// the shared-shock spread, both fitted on the rolling-origin folds before the year forecast.
/// </summary>
/// <param name="Folds">Out-of-time base years the fit rests on.</param>
/// <param name="Households">Household-years in those folds.</param>
/// <param name="Events">Of them, poor at the next round: what the calibration really learns from.</param>
/// <param name="Choice">Why this calibration method, in words.</param>
public sealed record Uncertainty(Calibrator Calibrator, Dispersion Dispersion, int Folds, int Households, int Events, string Choice)
{
    /// <summary>Fewer poor-next outcomes than this in the folds and the calibration and intervals are called thin where they are printed.</summary>
    public const int ThinEvents = 50;

    // Isotonic steps need events in most of them; below this the two-parameter Platt is the safer fit.
    private const int IsotonicMinimumEvents = 100;

    public static Uncertainty None { get; } = new(Calibrator.Identity, Dispersion.Independent, 0, 0, 0,
        "no earlier year to calibrate on: raw probabilities, households treated as independent");

    public bool Thin => Events < ThinEvents;

    /// <summary>
    /// Chooses Platt or isotonic by the log loss on the latest fold of each fitted on the folds before
    /// it (a backtest of the calibration itself), refits the winner on every fold, then estimates the
    /// group and ward spread from the calibrated residuals of every fold.
    /// </summary>
    public static Uncertainty Fit(IReadOnlyList<Fold> folds)
    {
        if (folds.Count == 0) return None;
        var (p, y) = Pool(folds);
        var events = y.Count(v => v);
        if (events == 0 || events == y.Count) return None with { Folds = folds.Count, Households = y.Count, Events = events };
        string method, choice;
        if (folds.Count < 2)
            (method, choice) = (Calibrator.Platt, "platt: only one earlier year, so no year to choose the method on");
        else
        {
            var (earlierP, earlierY) = Pool(folds.Take(folds.Count - 1).ToList());
            var last = folds[^1];
            var lastY = last.Rows.Select(r => r.PoorNext).ToList();
            if (earlierY.Count(v => v) < IsotonicMinimumEvents)
                (method, choice) = (Calibrator.Platt, $"platt: too few events before {last.BaseYear} for isotonic steps");
            else
            {
                var platt = LogLoss(Calibrator.FitPlatt(earlierP, earlierY).Apply(last.Raw), lastY);
                var isotonic = LogLoss(Calibrator.FitIsotonic(earlierP, earlierY).Apply(last.Raw), lastY);
                method = isotonic < platt ? Calibrator.Isotonic : Calibrator.Platt;
                choice = string.Create(CultureInfo.InvariantCulture,
                    $"{method}: log loss on {last.BaseYear}→{last.TargetYear} {Math.Min(platt, isotonic):F5} against {Math.Max(platt, isotonic):F5} for {(method == Calibrator.Platt ? Calibrator.Isotonic : Calibrator.Platt)}");
            }
        }
        var calibrator = method == Calibrator.Isotonic ? Calibrator.FitIsotonic(p, y) : Calibrator.FitPlatt(p, y);
        return new Uncertainty(calibrator, Spread(folds, calibrator), folds.Count, y.Count, events, choice);
    }

    private static Dispersion Spread(IReadOnlyList<Fold> folds, Calibrator calibrator)
    {
        var groups = new List<(double, double, int)>();
        var wards = new List<(double, double, int)>();
        foreach (var fold in folds)
        {
            var p = calibrator.Apply(fold.Raw);
            var index = fold.Rows.Select((r, i) => (r, i)).ToList();
            foreach (var ward in index.GroupBy(x => x.r.WardCode))
            {
                wards.Add(Unit(ward, p));
                groups.AddRange(ward.GroupBy(x => x.r.GroupCode).Select(g => Unit(g, p)));
            }
        }
        return new Dispersion(Dispersion.EstimateTau(groups), Dispersion.EstimateTau(wards), groups.Count, wards.Count);
    }

    private static (double, double, int) Unit(IEnumerable<(HouseholdRow r, int i)> members, double[] p)
    {
        double e = 0, v = 0;
        var o = 0;
        foreach (var (r, i) in members)
        {
            e += p[i];
            v += p[i] * (1 - p[i]);
            if (r.PoorNext) o++;
        }
        return (e, v, o);
    }

    private static (List<double> P, List<bool> Y) Pool(IReadOnlyList<Fold> folds) =>
        (folds.SelectMany(f => f.Raw).ToList(), folds.SelectMany(f => f.Rows.Select(r => r.PoorNext)).ToList());

    internal static double LogLoss(IReadOnlyList<double> p, IReadOnlyList<bool> y)
    {
        var sum = 0.0;
        for (var i = 0; i < p.Count; i++)
        {
            var q = Math.Clamp(p[i], 1e-15, 1 - 1e-15);
            sum -= y[i] ? Math.Log(q) : Math.Log(1 - q);
        }
        return p.Count == 0 ? double.NaN : sum / p.Count;
    }
}
