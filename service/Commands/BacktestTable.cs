using System.Globalization;
using DiSu.Analytics.Forecasting;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>The calibration, interval coverage and flow bias of each test year, as `disu forecast backtest` prints them.</summary>
internal static class BacktestTable
{
    public static void Write(IAnsiConsole console, TextWriter output, BacktestReport report)
    {
        if (report.Checks.Count == 0) return;
        var scores = new Table().Border(TableBorder.Rounded).Title("Calibrated probabilities (fitted on the earlier test years only)");
        foreach (var h in new[] { "test year", "calibration", "τ group", "τ ward", "AUC raw", "AUC cal.", "Brier raw", "Brier cal.", "ECE raw", "ECE cal." })
            scores.AddColumn(new TableColumn(h).RightAligned());
        foreach (var c in report.Checks)
            scores.AddRow(Year(c), c.Uncertainty.Calibration.Method, F(c.Uncertainty.Dispersion.GroupTau, 3), F(c.Uncertainty.Dispersion.WardTau, 3),
                F(c.Raw.Auc, 3), F(c.Calibrated.Auc, 3), F(c.Raw.Brier, 5), F(c.Calibrated.Brier, 5), F(c.Raw.Ece, 5), F(c.Calibrated.Ece, 5));
        console.Write(scores);

        var coverage = new Table().Border(TableBorder.Rounded).Title("Interval coverage: realised count inside the interval (nominal 80% / 95%)");
        foreach (var h in new[] { "test year", "groups", "80% groups", "95% groups", "wards", "80% wards", "95% wards", "before: 80% groups", "before: 80% wards" })
            coverage.AddColumn(new TableColumn(h).RightAligned());
        foreach (var c in report.Checks)
            coverage.AddRow(Year(c), N(c.After.Group80.Units), Share(c.After.Group80), Share(c.After.Group95), N(c.After.Ward80.Units),
                Share(c.After.Ward80), Share(c.After.Ward95), Share(c.Before.Group80), Share(c.Before.Ward80));
        console.Write(coverage);

        var flows = new Table().Border(TableBorder.Rounded).Title("Expected against realised, per flow (calibrated)");
        flows.AddColumn("test year");
        foreach (var f in FlowBias.Order) flows.AddColumn(new TableColumn(f).RightAligned());
        foreach (var c in report.Checks)
            flows.AddRow([Year(c), .. c.Flows.Select(f => $"{F(f.Expected, 1)} / {N(f.Realised)} ({Percent(f.Bias)})")]);
        console.Write(flows);

        var last = report.Checks[^1];
        output.WriteLine($"calibration used for {Year(last)}: {last.Uncertainty.Calibration} — {last.Uncertainty.Choice}; {last.Uncertainty.Dispersion}");
        output.WriteLine($"reliability {Year(last)} (deciles by risk, predicted/observed, calibrated): " +
                         string.Join("  ", last.Calibrated.Reliability.Select(b => $"{F(b.Predicted, 4)}/{F(b.Observed, 4)}")));
    }

    private static string Year(ForecastCheck c) => $"{c.TestBaseYear}→{c.TestTargetYear}";

    private static string Share(Coverage c) => c.Units == 0 ? "—" : $"{F(100 * c.Share, 1)}% ({c.Above}↑ {c.Below}↓)";

    private static string Percent(double bias) => double.IsFinite(bias) ? (bias >= 0 ? "+" : "") + F(100 * bias, 1) + "%" : "—";

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string F(double v, int decimals) => double.IsFinite(v) ? v.ToString("F" + decimals, CultureInfo.InvariantCulture) : "—";
}
