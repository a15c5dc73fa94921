using System.Globalization;
using DiSu.Analytics.Reports.Charts;
using ScottPlot;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>The trend report's own charts; the rate lines come from the shared <see cref="RateChart"/>.</summary>
public static class TrendCharts
{
    public static IReadOnlyList<RatePoint> RatePoints(IEnumerable<TrendYear> years) =>
        years.Select(y => new RatePoint(y.Year, y.PoorRate, y.NearPoorRate, y.TargetPoorRate)).ToList();

    /// <summary>A group's rates as one panel of the small multiples: short title, no legend (the ward chart has it).</summary>
    public static Plot GroupRates(GroupTrend group, IReadOnlyList<int> years, IReadOnlyList<SeriesBreak>? breaks = null)
    {
        var plot = RateChart.Build(ShortName(group.Name) + (group.AnySmallCell ? " (*)" : ""), RatePoints(group.Years));
        plot.Axes.Title.Label.FontSize = 10;
        plot.Axes.Left.Label.Text = "";
        plot.Axes.Bottom.TickLabelStyle.FontSize = 8;
        plot.Axes.Left.TickLabelStyle.FontSize = 8;
        // Every panel spans the same years so the small multiples line up.
        ChartStyle.YearAxis(plot, years);
        // The panels are small: the lines only; the ward chart and the tables' notes name the breaks.
        ChartStyle.Breaks(plot, breaks ?? [], labels: false);
        plot.HideLegend();
        return plot;
    }

    /// <summary>Chuyển đến: an increase from outside, set apart from the reds of poverty arising in the unit.</summary>
    private static readonly Color Entered = Color.FromHex("#F1B6DA");

    /// <summary>Chuyển đi: a decrease that is no escape, in grey beside the escapes' green.</summary>
    private static readonly Color Left = Color.FromHex("#9E9E9E");

    /// <summary>
    /// Flows per year in the words of <see cref="FlowWords"/>: the increases (phát sinh mới, tái
    /// nghèo, chuyển đến) stacked above the axis, the decreases (thoát nghèo, chuyển đi) below it,
    /// so a year reads as "in" against "out" and their difference is the change in poor households.
    /// Every flow is drawn; the first loaded round has none and shows empty.
    /// </summary>
    public static Plot Flows(IReadOnlyList<TrendYear> years, IReadOnlyList<int> axisYears, IReadOnlyList<SeriesBreak>? breaks = null)
    {
        var plot = ChartStyle.NewPlot("Biến động hộ nghèo trong năm", "Số hộ");
        var bars = new List<Bar>();
        foreach (var year in years.Where(y => y.HasFlows))
        {
            bars.AddRange(Stack(year.Year, 1, [(year.NewPoor, ChartStyle.NewlyPoor), (year.RePoor, ChartStyle.RePoor), (year.Entered, Entered)]));
            bars.AddRange(Stack(year.Year, -1, [(year.Escaped, ChartStyle.Escaped), (year.Left, Left)]));
            Label(plot, year.Year, year.Increases, year.Increases > 0 ? "+" + VietnameseNumbers.Count(year.Increases) : "0", Alignment.LowerCenter);
            Label(plot, year.Year, -year.Decreases, year.Decreases > 0 ? "−" + VietnameseNumbers.Count(year.Decreases) : "0", Alignment.UpperCenter);
        }
        plot.Add.Bars(bars);
        var zero = plot.Add.HorizontalLine(0);
        zero.Color = Colors.Black;
        zero.LineWidth = 1;

        var low = years.Select(y => (double)y.Decreases).DefaultIfEmpty(0).Max();
        var high = years.Select(y => (double)y.Increases).DefaultIfEmpty(0).Max();
        ChartStyle.YearAxis(plot, axisYears);
        // Whole households, signed: decreases below the axis read as negative numbers.
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            LabelFormatter = Signed,
        };
        // Room for the totals written above and below the bars.
        var pad = Math.Max(1.5, Math.Max(low, high) * 0.25);
        plot.Axes.SetLimitsY(-(low + pad), high + pad);
        ChartStyle.Breaks(plot, breaks ?? []);
        plot.Legend.ManualItems.Add(Item(FlowWords.NewPoor, ChartStyle.NewlyPoor));
        plot.Legend.ManualItems.Add(Item(FlowWords.RePoor, ChartStyle.RePoor));
        plot.Legend.ManualItems.Add(Item(FlowWords.Entered, Entered));
        plot.Legend.ManualItems.Add(Item(FlowWords.Escaped, ChartStyle.Escaped));
        plot.Legend.ManualItems.Add(Item(FlowWords.Left, Left));
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>"−10", "0", "10": a count with a true minus sign.</summary>
    public static string Signed(double value)
    {
        var count = (long)Math.Round(value);
        return count < 0 ? "−" + VietnameseNumbers.Count(-count) : VietnameseNumbers.Count(count);
    }

    /// <summary>Segments stacked from the axis upwards (<paramref name="direction"/> 1) or downwards (−1), empty ones left out.</summary>
    private static IEnumerable<Bar> Stack(int year, int direction, IReadOnlyList<(long? Value, Color Colour)> parts)
    {
        var at = 0.0;
        foreach (var (value, colour) in parts)
        {
            if (value is not > 0)
                continue;
            var next = at + (direction * value.Value);
            yield return Segment(year, at, next, colour);
            at = next;
        }
    }

    /// <summary>
    /// Uncensored deprivation rate (percent of all households) per indicator (rows) and group
    /// (columns, the ward last). Indicators run down the side because their names are long;
    /// each cell carries its value so the colours need not be read exactly.
    /// </summary>
    public static Plot Deprivations(DeprivationMatrix matrix, IReadOnlyList<GroupTrend> groups, string wardLabel)
    {
        var plot = ChartStyle.NewPlot();
        var columns = groups.Select(g => (Label: ShortName(g.Name), Rate: (Func<string, double?>)(code => matrix.Cell(g.Code, code)?.UncensoredRate)))
            .Append((Label: wardLabel, Rate: code => matrix.WardCell(code)?.UncensoredRate))
            .ToList();
        var rows = matrix.Indicators;
        var values = new double[rows.Count, columns.Count];
        for (var r = 0; r < rows.Count; r++)
            for (var c = 0; c < columns.Count; c++)
                values[r, c] = columns[c].Rate(rows[r].Code) ?? double.NaN;

        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Amp();
        heatmap.NaNCellColor = Colors.White;
        // Cells as vector rectangles: a bitmap would be resampled (blurred) in the PDF.
        heatmap.RenderStrategy = new ScottPlot.Plottables.Heatmap.RenderStrategies.Rectangles();
        var finite = values.Cast<double>().Where(double.IsFinite).ToList();
        var max = finite.DefaultIfEmpty(1).Max();
        heatmap.ManualRange = new ScottPlot.Range(0, Math.Max(1, max));

        for (var r = 0; r < rows.Count; r++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                if (!double.IsFinite(values[r, c]))
                    continue;
                var text = plot.Add.Text(VietnameseNumbers.Rate(values[r, c], 1), c, rows.Count - 1 - r);
                text.LabelFontSize = 7.5f;
                text.LabelAlignment = Alignment.MiddleCenter;
                text.LabelFontColor = values[r, c] > max * 0.6 ? Colors.White : Colors.Black;
                text.LabelFontName = Layout.ReportFonts.FamilyName;
            }
        }

        // The ward column is a total, not one more group: set it apart.
        var divider = plot.Add.VerticalLine(columns.Count - 1.5);
        divider.Color = Colors.White;
        divider.LineWidth = 3;

        var x = new ScottPlot.TickGenerators.NumericManual();
        for (var c = 0; c < columns.Count; c++)
            x.AddMajor(c, Wrap(columns[c].Label, 6));
        plot.Axes.Bottom.TickGenerator = x;
        plot.Axes.Bottom.TickLabelStyle.FontSize = 8.5f;
        var y = new ScottPlot.TickGenerators.NumericManual();
        for (var r = 0; r < rows.Count; r++)
            y.AddMajor(rows.Count - 1 - r, rows[r].Label);
        plot.Axes.Left.TickGenerator = y;
        plot.Axes.Left.TickLabelStyle.FontSize = 8.5f;
        plot.Axes.SetLimits(-0.5, columns.Count - 0.5, -0.5, rows.Count - 0.5);
        plot.Grid.IsVisible = false;

        // The unit goes on the ticks: a rotated colour-bar title collides with them at this size.
        var bar = plot.Add.ColorBar(heatmap);
        bar.Width = 10;
        bar.Axis.TickLabelStyle.FontSize = 8;
        bar.Axis.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => v.ToString("#,0.#", VietnameseNumbers.Culture) + "%",
        };
        return plot;
    }

    /// <summary>"Tổ dân phố Nhân Vinh" → "Nhân Vinh": the kind of group is said once, in the heading.</summary>
    public static string ShortName(string name)
    {
        foreach (var prefix in new[] { "Tổ dân phố ", "Thôn ", "Tổ ", "Ấp ", "Bản ", "Khu phố " })
        {
            if (name.StartsWith(prefix, StringComparison.Ordinal) && name.Length > prefix.Length)
                return name[prefix.Length..];
        }
        return name;
    }

    /// <summary>A column label broken at spaces into lines of about <paramref name="width"/> characters, so labels stay horizontal.</summary>
    public static string Wrap(string text, int width)
    {
        var lines = new List<string>();
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (lines.Count > 0 && lines[^1].Length + 1 + word.Length <= width)
                lines[^1] += " " + word;
            else
                lines.Add(word);
        }
        return string.Join('\n', lines);
    }

    private static Bar Segment(int year, double from, double to, Color colour) => new()
    {
        Position = year,
        ValueBase = from,
        Value = to,
        FillColor = colour,
        LineWidth = 0,
        Size = 0.55,
    };

    private static void Label(Plot plot, int year, double at, string text, Alignment alignment)
    {
        var label = plot.Add.Text(text, year, at);
        label.LabelFontSize = 9;
        label.LabelAlignment = alignment;
        label.LabelFontName = Layout.ReportFonts.FamilyName;
        label.LabelOffsetY = alignment == Alignment.LowerCenter ? -2 : 2;
    }

    private static LegendItem Item(string text, Color colour) => new() { LabelText = text, FillColor = colour };

    internal static string Year(int year) => year.ToString(CultureInfo.InvariantCulture);
}
