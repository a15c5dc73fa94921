using System.Globalization;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart.Text;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>The calibration, interval coverage and flow bias of each test year, as `disu forecast backtest` prints them, in the run's language.</summary>
internal static class BacktestTable
{
    public static void Write(CliContext context, BacktestReport report)
    {
        if (report.Checks.Count == 0) return;
        var (console, output) = (context.Console, context.Out);
        var english = context.Language == Language.English;
        var c = context.Language.Culture();
        var scores = new Table().Border(TableBorder.Rounded).Title(context.T(
            $"Xác suất đã hiệu chỉnh (chỉ khớp trên các năm kiểm định trước)", $"Calibrated probabilities (fitted on the earlier test years only)"));
        foreach (var h in english
                     ? new[] { "test year", "calibration", "τ group", "τ ward", "AUC raw", "AUC cal.", "Brier raw", "Brier cal.", "ECE raw", "ECE cal." }
                     : ["năm kiểm định", "hiệu chỉnh", "τ tổ, thôn", "τ phường, xã", "AUC thô", "AUC h.chỉnh", "Brier thô", "Brier h.chỉnh", "ECE thô", "ECE h.chỉnh"])
            scores.AddColumn(new TableColumn(h).RightAligned());
        foreach (var check in report.Checks)
            scores.AddRow(Year(check), check.Uncertainty.Calibration.Method, F(check.Uncertainty.Dispersion.GroupTau, 3, c), F(check.Uncertainty.Dispersion.WardTau, 3, c),
                F(check.Raw.Auc, 3, c), F(check.Calibrated.Auc, 3, c), F(check.Raw.Brier, 5, c), F(check.Calibrated.Brier, 5, c), F(check.Raw.Ece, 5, c), F(check.Calibrated.Ece, 5, c));
        console.Write(scores);

        var coverage = new Table().Border(TableBorder.Rounded).Title(context.T(
            $"Độ phủ của khoảng dự báo: số thực tế nằm trong khoảng (danh nghĩa 80% / 95%)", $"Interval coverage: realised count inside the interval (nominal 80% / 95%)"));
        foreach (var h in english
                     ? new[] { "test year", "groups", "80% groups", "95% groups", "wards", "80% wards", "95% wards", "before: 80% groups", "before: 80% wards" }
                     : ["năm kiểm định", "tổ, thôn", "80% tổ, thôn", "95% tổ, thôn", "phường, xã", "80% phường, xã", "95% phường, xã", "trước: 80% tổ, thôn", "trước: 80% phường, xã"])
            coverage.AddColumn(new TableColumn(h).RightAligned());
        foreach (var check in report.Checks)
            coverage.AddRow(Year(check), N(check.After.Group80.Units, c), Share(check.After.Group80, c), Share(check.After.Group95, c), N(check.After.Ward80.Units, c),
                Share(check.After.Ward80, c), Share(check.After.Ward95, c), Share(check.Before.Group80, c), Share(check.Before.Ward80, c));
        console.Write(coverage);

        var flows = new Table().Border(TableBorder.Rounded).Title(context.T(
            $"Dự kiến so với thực tế, theo từng luồng biến động (đã hiệu chỉnh)", $"Expected against realised, per flow (calibrated)"));
        flows.AddColumn(english ? "test year" : "năm kiểm định");
        foreach (var f in FlowBias.Order) flows.AddColumn(new TableColumn(f).RightAligned());
        foreach (var check in report.Checks)
            flows.AddRow([Year(check), .. check.Flows.Select(f => $"{F(f.Expected, 1, c)} / {N(f.Realised, c)} ({Percent(f.Bias, c)})")]);
        console.Write(flows);

        var last = report.Checks[^1];
        var u = last.Uncertainty;
        output.WriteLine(context.T($"hiệu chỉnh dùng cho {Year(last)}: {u.Calibration} — {u.Choice.Vi}; {u.Dispersion.Text.Vi}",
                                   $"calibration used for {Year(last)}: {u.Calibration} — {u.Choice.En}; {u.Dispersion.Text.En}"));
        var deciles = string.Join("  ", last.Calibrated.Reliability.Select(b => $"{F(b.Predicted, 4, c)}/{F(b.Observed, 4, c)}"));
        output.WriteLine(context.T($"độ tin cậy {Year(last)} (thập phân vị theo rủi ro, dự báo/thực tế, đã hiệu chỉnh): {deciles}",
                                   $"reliability {Year(last)} (deciles by risk, predicted/observed, calibrated): {deciles}"));
    }

    private static string Year(ForecastCheck c) => $"{c.TestBaseYear}→{c.TestTargetYear}";

    private static string Share(Coverage coverage, CultureInfo c) =>
        coverage.Units == 0 ? "—" : $"{F(100 * coverage.Share, 1, c)}% ({coverage.Above}↑ {coverage.Below}↓)";

    private static string Percent(double bias, CultureInfo c) => double.IsFinite(bias) ? (bias >= 0 ? "+" : "") + F(100 * bias, 1, c) + "%" : "—";

    private static string N(int n, CultureInfo c) => n.ToString("N0", c);

    private static string F(double v, int decimals, CultureInfo c) =>
        double.IsFinite(v) ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), c) : "—";
}
