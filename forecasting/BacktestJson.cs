using System.Text.Json;

namespace DiSu.Analytics.Forecasting;

/// <summary>The backtest's calibration, coverage and bias as JSON: stored with the model version and printed by <c>disu forecast backtest --json</c>.</summary>
public static class BacktestJson
{
    public static string Checks(IReadOnlyList<ForecastCheck> checks) => JsonSerializer.Serialize(checks.Select(Of));

    public static object Of(ForecastCheck c) => new
    {
        test_base_year = c.TestBaseYear, test_target_year = c.TestTargetYear,
        calibration = c.Uncertainty.Calibration.Method, calibration_choice = c.Uncertainty.Choice.En,
        calibration_folds = c.Uncertainty.Folds, calibration_events = c.Uncertainty.Events,
        group_tau = c.Uncertainty.Dispersion.GroupTau, ward_tau = c.Uncertainty.Dispersion.WardTau,
        raw = Scores(c.Raw), calibrated = Scores(c.Calibrated),
        coverage_before = Coverage(c.Before), coverage = Coverage(c.After),
        flows = Flows(c.Flows), flows_raw = Flows(c.FlowsRaw),
    };

    private static IEnumerable<object> Flows(IReadOnlyList<FlowBias> flows) =>
        flows.Select(f => new { flow = f.Flow, households = f.Households, expected = f.Expected, realised = f.Realised, bias = Finite(f.Bias) });

    private static object Scores(Scores s) => new
    {
        auc = Finite(s.Auc), brier = s.Brier, log_loss = s.LogLoss, ece = s.Ece,
        reliability = s.Reliability.Select(b => new { decile = b.Bin, count = b.Count, predicted = b.Predicted, observed = b.Observed }),
    };

    private static object Coverage(Intervals i) => new
    {
        group80 = One(i.Group80), group95 = One(i.Group95), ward80 = One(i.Ward80), ward95 = One(i.Ward95),
    };

    private static object One(Coverage c) => new { nominal = c.Level, units = c.Units, held = c.Held, above = c.Above, below = c.Below, share = Finite(c.Share) };

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;
}
