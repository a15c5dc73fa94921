using ScottPlot;

namespace DiSu.Analytics.Reports.Charts;

/// <summary>The plan year's forecast as the target chart draws it: the expected rate and its 80% interval, in percent.</summary>
public sealed record ForecastMark(double Rate, double Low, double High);

/// <summary>
/// What the briefing's target chart draws: the poor-household rate of each loaded round up to the
/// plan year, the plan year's forecast with its 80% interval, and the plan year's target.
/// </summary>
public sealed record TargetChartData(int PlanYear, IReadOnlyList<(int Year, double Rate)> Actual, double? Target, ForecastMark? Forecast)
{
    /// <summary>Every value the chart draws a mark for (and labels): the y-axis must show them all.</summary>
    public IEnumerable<double> Values =>
        Actual.Select(a => a.Rate)
            .Concat(Target is { } t ? [t] : [])
            .Concat(Forecast is { } f ? [f.Rate, f.Low, f.High] : []);

    /// <summary>Where the forecast is drawn: beside the plan year's actual mark when there is one, so neither hides the other.</summary>
    public double ForecastX => Actual.Any(a => a.Year == PlanYear) ? PlanYear + TargetChart.ForecastOffset : PlanYear;
}

/// <summary>
/// The briefing's chart of the rate against the target, for reading at a glance: the y-axis zoomed
/// to the drawn values (not from 0: the rates of a ward differ by tenths of a percent), the actual
/// rates as a line, the forecast as a hollow circle with its interval drawn beside the plan year's
/// actual point, the target as a dashed line across the plot; every mark labelled with its value
/// as the text prints it (vi-VN), the legend under the plot. <see cref="Caption"/> describes what
/// <see cref="Build"/> draws, from the same data.
/// </summary>
public static class TargetChart
{
    /// <summary>How far right of the plan year the forecast is drawn when that year's result is loaded (years).</summary>
    public const double ForecastOffset = 0.28;

    public const string ActualLegend = "Tỷ lệ hộ nghèo";

    public static string ForecastLegend(int year) => $"Dự kiến năm {year}, khoảng tin cậy 80%";

    public static string TargetLegend(int year) => $"Mục tiêu năm {year}";

    private const float LabelSize = 9;

    public static Plot Build(TargetChartData data, IReadOnlyList<SeriesBreak>? breaks = null)
    {
        ArgumentNullException.ThrowIfNull(data);
        var plot = ChartStyle.NewPlot();
        var yRange = YRange(data);
        var years = data.Actual.Select(a => a.Year).Append(data.PlanYear).Distinct().Order().ToList();
        if (data.Actual.Count > 0)
        {
            var line = plot.Add.Scatter(data.Actual.Select(a => (double)a.Year).ToArray(), data.Actual.Select(a => a.Rate).ToArray());
            line.Color = ChartStyle.Poor;
            line.LineWidth = 2;
            line.MarkerShape = MarkerShape.FilledCircle;
            line.MarkerSize = 7;
            line.LegendText = ActualLegend;
            for (var i = 0; i < data.Actual.Count; i++)
            {
                var (year, rate) = data.Actual[i];
                var (alignment, dx, dy) = BesideLine(
                    i > 0 ? data.Actual[i - 1].Rate : null, rate, i < data.Actual.Count - 1 ? data.Actual[i + 1].Rate : null,
                    markOnRight: data.Forecast is not null && year == data.PlanYear,
                    lineBelow: data.Target is { } t && t < rate && t > rate - ((yRange.Max - yRange.Min) * 0.12));
                Label(plot, year, rate, VietnameseNumbers.Percent(rate), alignment, ChartStyle.Poor, dy, dx);
            }
        }
        if (data.Target is { } target)
        {
            var rule = plot.Add.HorizontalLine(target);
            rule.Color = ChartStyle.Target;
            rule.LineWidth = 1.5f;
            rule.LinePattern = LinePattern.Dashed;
            rule.LegendText = TargetLegend(data.PlanYear);
            // At the left end, on the side away from the first actual point, so the line of rates never crosses it.
            var below = data.Actual.Count > 0 && data.Actual[0].Rate > target;
            Label(plot, years[0] - 0.45, target, $"Mục tiêu năm {data.PlanYear}: {VietnameseNumbers.Percent(target)}",
                below ? Alignment.UpperLeft : Alignment.LowerLeft, ChartStyle.Target, dy: below ? 3 : -3);
        }
        if (data.Forecast is { } f)
        {
            var x = data.ForecastX;
            var range = plot.Add.Line(x, f.Low, x, f.High);
            range.Color = ChartStyle.Muted;
            range.LineWidth = 2;
            foreach (var end in new[] { f.Low, f.High })
            {
                var cap = plot.Add.Line(x - 0.06, end, x + 0.06, end);
                cap.Color = ChartStyle.Muted;
                cap.LineWidth = 2;
            }
            // Hollow, so the interval line does not run through it: a white disc with a grey ring.
            var point = plot.Add.ScatterPoints(new[] { x }, new[] { f.Rate });
            point.MarkerShape = MarkerShape.FilledCircle;
            point.MarkerStyle.FillColor = Colors.White;
            point.MarkerStyle.OutlineColor = ChartStyle.Muted;
            point.MarkerStyle.OutlineWidth = 2;
            point.MarkerSize = 8;
            point.LegendText = ForecastLegend(data.PlanYear);
            // The expected rate and, under it, its interval, both right of the mark: one block of text however narrow the interval.
            Label(plot, x + 0.1, f.Rate, VietnameseNumbers.Percent(f.Rate), Alignment.LowerLeft, ForecastText, dy: 1, bold: true);
            Label(plot, x + 0.1, f.Rate, $"({Interval(f)})", Alignment.UpperLeft, ForecastText, dy: 1, size: 8.5f);
        }
        ChartStyle.YearAxis(plot, years);
        // Room on the right for the forecast's labels, on the left for the target's.
        plot.Axes.SetLimitsX(years[0] - 0.5, years[^1] + (data.Forecast is null ? 0.5 : 1.05));
        ChartStyle.ValueAxis(plot, "%");
        plot.Axes.SetLimitsY(yRange.Min, yRange.Max);
        ChartStyle.Breaks(plot, breaks ?? []);
        // One row under the plot, without a frame: the marks get the width, the legend only the height of a line.
        var legend = plot.ShowLegend(Edge.Bottom);
        legend.Padding = new PixelPadding(0, 0, 0, 4);
        plot.Legend.Orientation = Orientation.Horizontal;
        plot.Legend.OutlineWidth = 0;
        plot.Legend.ShadowColor = Colors.Transparent;
        plot.Legend.Padding = new PixelPadding(2);
        plot.Legend.InterItemPadding = new PixelPadding(14, 14, 2, 2);
        plot.Legend.TightHorizontalWrapping = true;
        return plot;
    }

    /// <summary>
    /// The drawn values and a margin for their labels: a little over a fifth of their spread below
    /// and under a third above (never below 0), so the marks fill most of the height.
    /// </summary>
    public static ScottPlot.Range YRange(TargetChartData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = data.Values.ToList();
        if (values.Count == 0)
            return new ScottPlot.Range(0, 1);
        var (low, high) = (values.Min(), values.Max());
        var spread = Math.Max(high - low, Math.Max(0.05, high * 0.2));
        return new ScottPlot.Range(Math.Max(0, low - (spread * 0.22)), high + (spread * 0.3));
    }

    /// <summary>"Hình 1. Tỷ lệ hộ nghèo cuối các năm 2021–2024 (đường liền đỏ), …": what <see cref="Build"/> draws, and how.</summary>
    public static string Caption(TargetChartData data, string figure = "Hình 1")
    {
        ArgumentNullException.ThrowIfNull(data);
        var parts = new List<string>();
        if (data.Actual.Count > 0)
        {
            var (first, last) = (data.Actual.Min(a => a.Year), data.Actual.Max(a => a.Year));
            var span = first == last ? $"năm {first}" : $"các năm {first}–{last}";
            parts.Add($"tỷ lệ hộ nghèo cuối {span} (đường liền màu đỏ)");
        }
        if (data.Forecast is not null)
            parts.Add($"mức dự kiến năm {data.PlanYear} với khoảng tin cậy 80% (vòng tròn rỗng và đoạn thẳng màu xám)");
        if (data.Target is not null)
            parts.Add($"mục tiêu năm {data.PlanYear} (đường đứt nét màu xanh)");
        var text = parts.Count switch
        {
            0 => "chưa có số liệu để vẽ",
            1 => parts[0],
            _ => string.Join("; ", parts.Take(parts.Count - 1)) + " và " + parts[^1],
        };
        return $"{figure}. {char.ToUpper(text[0], VietnameseNumbers.Culture)}{text[1..]}; mỗi điểm ghi giá trị (%).";
    }

    /// <summary>"0,29% – 0,44%": the 80% interval as the briefing's text prints it.</summary>
    public static string Interval(ForecastMark forecast)
    {
        ArgumentNullException.ThrowIfNull(forecast);
        return $"{VietnameseNumbers.Percent(forecast.Low)} – {VietnameseNumbers.Percent(forecast.High)}";
    }

    /// <summary>Darker than the grey marks, so that the numbers read well in print.</summary>
    private static readonly Color ForecastText = Color.FromHex("#444444");

    /// <summary>
    /// Where a point's label goes so that the line through the point does not cross it: above
    /// and right of a point on a falling line, above and left on a rising one, above a peak, below
    /// a trough; at the ends, on the side the line does not come from (the last point stays left
    /// of a mark on its right, and above when the target line runs just below it). Returns the
    /// label's alignment and its offset in pixels.
    /// </summary>
    public static (Alignment Alignment, float Dx, float Dy) BesideLine(double? before, double value, double? after, bool markOnRight = false, bool lineBelow = false)
    {
        const float Side = 5, Up = -3, Down = 3, Clear = 7;
        var fromAbove = before > value;
        var fromBelow = before < value;
        var toBelow = after < value;
        var toAbove = after > value;
        return (before, after) switch
        {
            (null, null) => (Alignment.LowerCenter, 0, -Clear),
            (null, _) => toAbove ? (Alignment.UpperRight, -Side, Down) : (Alignment.LowerRight, -Side, Up),
            // The last point: away from where the line comes from, and left of the forecast beside it.
            (_, null) when markOnRight && fromAbove && lineBelow => (Alignment.LowerCenter, 0, -Clear),
            (_, null) when markOnRight => fromAbove ? (Alignment.UpperRight, -Side, Down) : (Alignment.LowerRight, -Side, Up),
            (_, null) => fromAbove ? (Alignment.UpperLeft, Side, Down) : (Alignment.LowerLeft, Side, Up),
            _ when fromAbove && toBelow => (Alignment.LowerLeft, Side, Up),
            _ when fromBelow && toAbove => (Alignment.LowerRight, -Side, Up),
            _ when fromAbove && toAbove => (Alignment.UpperCenter, 0, Clear),
            _ => (Alignment.LowerCenter, 0, -Clear),
        };
    }

    private static void Label(Plot plot, double x, double y, string text, Alignment alignment, Color colour, float dy, float dx = 0, bool bold = false, float size = LabelSize)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = size;
        label.LabelFontName = Layout.ReportFonts.FamilyName;
        label.LabelFontColor = colour;
        label.LabelBold = bold;
        label.LabelAlignment = alignment;
        label.LabelOffsetY = dy;
        label.LabelOffsetX = dx;
        // Numbers stay legible where the dashed target line or a grid line runs behind them.
        label.LabelBackgroundColor = Colors.White;
        label.LabelPadding = 1;
    }
}
