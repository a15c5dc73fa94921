using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// What turns a model's raw scores into probabilities and intervals one can sign: the calibrator and
/// the shared-shock spread, both fitted on the rolling-origin folds before the year forecast.
/// </summary>
/// <param name="Folds">Out-of-time base years the calibration rests on (the latest ones, <see cref="Recent"/>).</param>
/// <param name="Households">Household-years in those folds.</param>
/// <param name="Events">Of them, poor at the next round: what the calibration really learns from.</param>
/// <param name="Choice">Why this calibration method, in words.</param>
public sealed record Uncertainty(Calibration Calibration, Dispersion Dispersion, int Folds, int Households, int Events, Message Choice)
{
    /// <summary>Fewer poor-next outcomes than this in the folds and the calibration and intervals are called thin where they are printed.</summary>
    public const int ThinEvents = 50;

    /// <summary>Standard deviations of chance a correction must beat the raw scores by, on the year it is judged.</summary>
    public const double ChanceBar = 2;

    // Isotonic steps need events in most of them; below this the two-parameter Platt is the safer fit.
    private const int IsotonicMinimumEvents = 100;

    public static Uncertainty None { get; } = new(Calibration.Identity, Dispersion.Independent, 0, 0, 0,
        new Message("không có năm trước để hiệu chỉnh: dùng xác suất thô, các hộ được coi là độc lập",
                    "no earlier year to calibrate on: raw probabilities, households treated as independent"));

    public bool Thin => Events < ThinEvents;

    /// <summary>
    /// Chooses none, shift, Platt or isotonic for each segment by the error of its expected flows on the
    /// latest fold, each fitted on the folds before it (a backtest of the calibration itself), refits the winner on the latest fold(s) (<see cref="Recent"/>),
    /// then estimates the group and ward spread from the calibrated residuals of those same folds.
    /// </summary>
    public static Uncertainty Fit(IReadOnlyList<Fold> folds)
    {
        if (folds.Count == 0) return None;
        var (rows, p) = Pool(folds);
        var events = rows.Count(r => r.PoorNext);
        if (events == 0 || events == rows.Count) return None with { Folds = folds.Count, Households = rows.Count, Events = events };
        var methods = Calibration.SegmentNames.ToDictionary(s => s, _ => Calibrator.None);
        Message choice;
        if (folds.Count < 2)
            choice = new Message("không hiệu chỉnh (none): chỉ có một năm trước, nên không có năm nào để một phép hiệu chỉnh chứng tỏ nó hơn may rủi",
                                 "none: only one earlier year, so no year on which a correction could show it beats chance");
        else
        {
            var (earlierRows, earlierP) = Pool(Recent(folds.Take(folds.Count - 1).ToList()));
            var last = folds[^1];
            var parts = new List<Message>();
            // The ward-level spread of the raw scores on the fold judged: how far a year's count strays by
            // shocks no calibration can know.
            var wardTau = Spread([last], Calibration.Identity).WardTau;
            foreach (var segment in Calibration.SegmentNames)
            {
                if (Judge(segment, earlierRows, earlierP, last, wardTau) is not { } judged) continue;
                methods[segment] = judged.Method;
                parts.Add(judged.Reason);
            }
            choice = Message.Join("; ", parts).After(
                $"theo từng nhóm hộ, khớp trên các năm trước {last.BaseYear}→{last.TargetYear} và chấm trên năm đó theo sai số của số hộ biến động dự kiến: ",
                $"per segment, fitted on the year(s) before {last.BaseYear}→{last.TargetYear} and scored on it by the error of its expected flows (households): ");
        }
        var recent = Recent(folds);
        var (fitRows, fitP) = Pool(recent);
        var calibration = Calibration.Fit(methods, fitRows, fitP);
        // The spread from the same recent folds: their models are the ones most like the model in use, so
        // their errors are the ones the next forecast will make; the first years' drift would only widen it.
        return new Uncertainty(calibration, Spread(recent, calibration), recent.Count, fitRows.Count, fitRows.Count(r => r.PoorNext), choice);
    }

    /// <summary>The method for one segment, fitted on the earlier folds and judged on the latest; null when either has none of the segment's households.</summary>
    private static (string Method, Message Reason)? Judge(string segment, List<HouseholdRow> earlierRows, List<double> earlierP, Fold last, double wardTau)
    {
        var before = Enumerable.Range(0, earlierRows.Count).Where(i => Calibration.SegmentOf(earlierRows[i]) == segment).ToList();
        var now = Enumerable.Range(0, last.Rows.Count).Where(i => Calibration.SegmentOf(last.Rows[i]) == segment).ToList();
        if (now.Count == 0 || before.Count == 0) return null;
        var (segmentRows, segmentP) = (before.Select(i => earlierRows[i]).ToList(), before.Select(i => earlierP[i]).ToList());
        var (lastRows, lastRaw) = (now.Select(i => last.Rows[i]).ToList(), now.Select(i => last.Raw[i]).ToArray());
        // "none" competes too: when the model's drift changes from year to year (a short panel whose
        // first years know no household's past), last year's correction can make next year worse.
        var candidates = segmentRows.Count(r => r.PoorNext) < IsotonicMinimumEvents
            ? new[] { Calibrator.None, Calibrator.Shift, Calibrator.Platt }
            : [Calibrator.None, Calibrator.Shift, Calibrator.Platt, Calibrator.Isotonic];
        // Judged on what the documents print, the expected count of the segment's flows: household
        // log loss rewards flattening confident scores (Platt), which can lift the tiny risks of tens
        // of thousands of never-poor households into a visible surplus of "newly poor".
        var errors = candidates.ToDictionary(m => m, m =>
            FlowError(lastRows, Calibration.Fit(m, segmentRows, segmentP).Apply(lastRows, lastRaw)));
        // A correction must beat the raw scores by more than chance: two standard deviations of the
        // segment's realised flow under the year's shared shocks (the variance PredictiveCount uses),
        // the usual 5 % bar. Less, and last year's luck would be carried into next year.
        var best = errors.MinBy(e => e.Value).Key;
        // Wards have their shocks independently, so the shared part adds up ward by ward.
        var byWard = lastRows.Where(r => r.PoorNext != (r.Status == "poor")).GroupBy(r => r.WardCode).Select(g => (double)g.Count()).ToList();
        var noise = Math.Sqrt(1 + byWard.Sum() + ((Math.Exp(wardTau * wardTau) - 1) * byWard.Sum(f => f * f)));
        var method = errors[Calibrator.None] - errors[best] > ChanceBar * noise ? best : Calibrator.None;
        var scored = Message.Join(", ", errors.Select(e => Message.Of($"{e.Key} {e.Value:F1}", $"{e.Key} {e.Value:F1}")));
        return (method, Message.Of($"{segment} {method} ({scored.Vi}; ngưỡng may rủi {ChanceBar * noise:F1})",
                                   $"{segment} {method} ({scored.En}; chance bar {ChanceBar * noise:F1})"));
    }

    /// <summary>
    /// The latest folds, newest first, until they hold <see cref="ThinEvents"/> poor-next outcomes. The
    /// latest fold's model is the one most like the model in use (trained on nearly the same years); the
    /// first years of a panel know little of a household's past (who was poor before), so their models
    /// drift differently and would teach the calibration the wrong correction.
    /// </summary>
    private static List<Fold> Recent(IReadOnlyList<Fold> folds)
    {
        var taken = new List<Fold>();
        for (var i = folds.Count - 1; i >= 0 && (taken.Count == 0 || taken.Sum(f => f.Rows.Count(r => r.PoorNext)) < ThinEvents); i--)
            taken.Insert(0, folds[i]);
        return taken;
    }

    private static Dispersion Spread(IReadOnlyList<Fold> folds, Calibration calibration)
    {
        var groups = new List<(double, double, int)>();
        var wards = new List<(double, double, int)>();
        foreach (var fold in folds)
        {
            var p = calibration.Apply(fold.Rows, fold.Raw);
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

    private static (List<HouseholdRow> Rows, List<double> P) Pool(IReadOnlyList<Fold> folds) =>
        (folds.SelectMany(f => f.Rows).ToList(), folds.SelectMany(f => f.Raw).ToList());

    /// <summary>Σ over flows (escapes, newly poor from each status, re-poor) of |expected − realised|.</summary>
    internal static double FlowError(IReadOnlyList<HouseholdRow> rows, double[] p) =>
        FlowBias.Of(rows, p).Where(f => f.Flow != FlowBias.Total).Sum(f => Math.Abs(f.Expected - f.Realised));
}
