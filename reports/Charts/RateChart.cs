using ScottPlot;

namespace DiSu.Analytics.Reports.Charts;

/// <summary>A point of a rate line: year, poor and near-poor rate (percent), the plan target if any.</summary>
public sealed record RatePoint(int Year, double? PoorRate, double? NearPoorRate, double? Target);

/// <summary>Poor and near-poor rates over the years as lines, with the plan's targets as markers.</summary>
public static class RateChart
{
    public static Plot Build(string title, IReadOnlyList<RatePoint> points, bool nearPoor = true, (int Year, double Rate, double Low, double High)? forecast = null)
    {
        var plot = ChartStyle.NewPlot(title, "Tỷ lệ (%)");
        var years = points.Select(p => p.Year).ToList();
        AddLine(plot, points.Where(p => p.PoorRate.HasValue).Select(p => (p.Year, p.PoorRate!.Value)).ToList(), ChartStyle.Poor, "Tỷ lệ hộ nghèo");
        if (nearPoor)
            AddLine(plot, points.Where(p => p.NearPoorRate.HasValue).Select(p => (p.Year, p.NearPoorRate!.Value)).ToList(), ChartStyle.NearPoor, "Tỷ lệ hộ cận nghèo");
        var targets = points.Where(p => p.Target.HasValue).ToList();
        if (targets.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(targets.Select(t => (double)t.Year).ToArray(), targets.Select(t => t.Target!.Value).ToArray());
            marks.Color = ChartStyle.Target;
            marks.MarkerShape = MarkerShape.FilledDiamond;
            marks.MarkerSize = 9;
            marks.LegendText = "Mục tiêu kế hoạch";
        }
        if (forecast is { } f)
        {
            var range = plot.Add.Line(f.Year, f.Low, f.Year, f.High);
            range.Color = ChartStyle.Muted;
            range.LineWidth = 2;
            var point = plot.Add.ScatterPoints(new double[] { f.Year }, new[] { f.Rate });
            point.Color = ChartStyle.Muted;
            point.MarkerShape = MarkerShape.OpenCircle;
            point.MarkerSize = 8;
            point.LegendText = "Dự kiến (khoảng 80%)";
            if (!years.Contains(f.Year))
                years.Add(f.Year);
        }
        ChartStyle.YearAxis(plot, years.Order().ToList());
        ChartStyle.ValueAxis(plot, "%");
        plot.Axes.Left.Min = 0;
        plot.Axes.AutoScaleY();
        plot.Axes.SetLimitsY(0, Math.Max(0.1, MaxValue(points, forecast) * 1.2));
        plot.ShowLegend(Alignment.UpperRight);
        return plot;
    }

    /// <summary>
    /// What <see cref="Build"/> draws on a set of panels, for their caption: "Tỷ lệ hộ nghèo (đỏ
    /// đậm), hộ cận nghèo (cam) và mục tiêu (hình thoi xanh)", naming the targets only when a
    /// panel has one to draw.
    /// </summary>
    public static string Key(IEnumerable<IReadOnlyList<RatePoint>> panels, bool nearPoor = true)
    {
        var points = panels.SelectMany(p => p).ToList();
        var rates = new List<string>();
        if (points.Any(p => p.PoorRate.HasValue))
            rates.Add("hộ nghèo (đỏ đậm)");
        if (nearPoor && points.Any(p => p.NearPoorRate.HasValue))
            rates.Add("hộ cận nghèo (cam)");
        var targets = points.Any(p => p.Target.HasValue);
        var parts = new List<string>();
        if (rates.Count > 0)
            parts.Add("tỷ lệ " + string.Join(targets ? ", " : " và ", rates));
        if (targets)
            parts.Add("mục tiêu (hình thoi xanh)");
        var text = string.Join(" và ", parts);
        return text.Length == 0 ? text : char.ToUpper(text[0], VietnameseNumbers.Culture) + text[1..];
    }

    private static double MaxValue(IReadOnlyList<RatePoint> points, (int Year, double Rate, double Low, double High)? forecast) =>
        points.SelectMany(p => new[] { p.PoorRate, p.NearPoorRate, p.Target }).Where(v => v.HasValue).Select(v => v!.Value)
            .Append(forecast?.High ?? 0).DefaultIfEmpty(0).Max();

    private static void AddLine(Plot plot, List<(int Year, double Value)> line, Color color, string legend)
    {
        if (line.Count == 0)
            return;
        var scatter = plot.Add.Scatter(line.Select(l => (double)l.Year).ToArray(), line.Select(l => l.Value).ToArray());
        scatter.Color = color;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 6;
        scatter.LegendText = legend;
    }
}
