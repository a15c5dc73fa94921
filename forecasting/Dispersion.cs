namespace DiSu.Analytics.Forecasting;

/// <summary>
/// How much more the realised counts of groups and wards vary than independent households with known
/// probabilities would: the spread τ of a shared shock on the log-odds (<see cref="PredictiveCount"/>),
/// one for residential groups and one for whole wards, estimated from rolling-origin residuals.
/// </summary>
/// <param name="GroupTau">τ for a residential group's count.</param>
/// <param name="WardTau">τ for a ward's count.</param>
/// <param name="GroupUnits">Group-years the estimate rests on.</param>
/// <param name="WardUnits">Ward-years the estimate rests on.</param>
public sealed record Dispersion(double GroupTau, double WardTau, int GroupUnits, int WardUnits)
{
    public static Dispersion Independent { get; } = new(0, 0, 0, 0);

    private const double MaxTau = 3;

    // Fewer units than this and one surprise decides τ; the caveat then says the intervals may be too narrow.
    public const int MinimumUnits = 10;

    /// <summary>
    /// Maximises the likelihood of the realised counts under a normal approximation of the predictive
    /// distribution, variance V + V²(e^{τ²} − 1), where V = Σp(1−p): the independent variance plus a
    /// shared shock that scales the odds (lognormal for rare events, τ²V² for small τ). A normal
    /// approximation keeps this linear in households; the coverage it buys is checked by the backtest.
    /// </summary>
    public static double EstimateTau(IReadOnlyList<(double Expected, double Variance, int Observed)> units)
    {
        var usable = units.Where(u => u.Variance > 1e-9).ToList();
        if (usable.Count < MinimumUnits) return 0;
        double NegativeLogLikelihood(double tau)
        {
            var inflation = Math.Exp(tau * tau) - 1;
            var sum = 0.0;
            foreach (var (e, v, o) in usable)
            {
                // half a household of rounding: counts are whole numbers
                var variance = v + (v * v * inflation) + (1.0 / 12);
                var r = o - e;
                sum += 0.5 * (Math.Log(variance) + (r * r / variance));
            }
            return sum;
        }
        // Golden-section search on [0, MaxTau]; the likelihood is unimodal in τ for this family.
        double a = 0, b = MaxTau;
        var g = (Math.Sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = NegativeLogLikelihood(c), fd = NegativeLogLikelihood(d);
        for (var i = 0; i < 60; i++)
        {
            if (fc < fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = NegativeLogLikelihood(c); }
            else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = NegativeLogLikelihood(d); }
        }
        var best = (a + b) / 2;
        return NegativeLogLikelihood(0) <= NegativeLogLikelihood(best) ? 0 : best;
    }

    public override string ToString() => Text.En;

    /// <summary>The spread as people read it, in both languages.</summary>
    public DiSu.Analytics.Mart.Text.Message Text => DiSu.Analytics.Mart.Text.Message.Of(
        $"τ tổ, thôn {GroupTau:F3} ({GroupUnits} tổ-năm), τ phường, xã {WardTau:F3} ({WardUnits} phường-năm)",
        $"τ group {GroupTau:F3} ({GroupUnits} group-years), τ ward {WardTau:F3} ({WardUnits} ward-years)");
}
