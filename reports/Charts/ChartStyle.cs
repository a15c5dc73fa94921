using ScottPlot;

namespace DiSu.Analytics.Reports.Charts;

/// <summary>
/// The look shared by every chart: the shipped font (through <see cref="Layout.ReportFonts"/>),
/// print-friendly sizes, a year axis with one integer tick per year (ScottPlot's default would
/// print 2,019), and Vietnamese decimal commas on value axes.
/// </summary>
public static class ChartStyle
{
    /// <summary>Colours that stay distinct in greyscale print.</summary>
    public static readonly Color Poor = Color.FromHex("#B2182B");
    public static readonly Color NearPoor = Color.FromHex("#EF8A62");
    public static readonly Color Target = Color.FromHex("#2166AC");
    public static readonly Color Escaped = Color.FromHex("#1A9850");
    public static readonly Color NewlyPoor = Color.FromHex("#D73027");
    public static readonly Color RePoor = Color.FromHex("#7B3294");
    public static readonly Color Muted = Color.FromHex("#777777");

    public static Plot NewPlot(string? title = null, string? yLabel = null)
    {
        _ = Layout.ReportFonts.Shared;
        var plot = new Plot();
        plot.Font.Set(Layout.ReportFonts.FamilyName);
        plot.Axes.Title.Label.FontSize = 12;
        plot.Axes.Title.Label.Bold = true;
        if (title is not null)
            plot.Title(title);
        if (yLabel is not null)
            plot.YLabel(yLabel, size: 10);
        foreach (var axis in new IAxis[] { plot.Axes.Left, plot.Axes.Bottom })
        {
            axis.TickLabelStyle.FontSize = 9;
            axis.Label.FontSize = 10;
        }
        plot.Legend.FontSize = 9;
        plot.Grid.MajorLineColor = Colors.Black.WithAlpha(0.12);
        return plot;
    }

    /// <summary>One tick per year, labelled 2021, 2022, …</summary>
    public static void YearAxis(Plot plot, IReadOnlyList<int> years)
    {
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        foreach (var year in years)
            ticks.AddMajor(year, year.ToString(System.Globalization.CultureInfo.InvariantCulture));
        plot.Axes.Bottom.TickGenerator = ticks;
        if (years.Count > 0)
            plot.Axes.SetLimitsX(years.Min() - 0.5, years.Max() + 0.5);
    }

    /// <summary>The minus sign (U+2212) the documents print before a count below an axis, as in "−5".</summary>
    public const string Minus = "\u2212";

    /// <summary>A whole count with its sign, "−5", "0", "12": for axes with values either side of zero.</summary>
    public static string SignedCount(double value)
    {
        var count = (long)Math.Round(value, MidpointRounding.AwayFromZero);
        return count < 0 ? Minus + VietnameseNumbers.Count(-count) : VietnameseNumbers.Count(count);
    }

    /// <summary>Value ticks with a decimal comma (0,44) and optional suffix (%).</summary>
    public static void ValueAxis(Plot plot, string suffix = "", int maxDecimals = 2)
    {
        var format = "#,0." + new string('#', maxDecimals);
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = v => v.ToString(format, VietnameseNumbers.Culture) + suffix,
        };
    }

    /// <summary>
    /// A dashed vertical line just before each break year (between it and the year before), with a
    /// short label inside the plot at its top right: the series is not directly comparable across it
    /// (the note under the chart says why). Call it once the axis limits are set: the label sits at
    /// the top. <paramref name="labels"/> false draws the lines only (small panels).
    /// </summary>
    public static void Breaks(Plot plot, IEnumerable<SeriesBreak> breaks, bool labels = true)
    {
        var top = plot.Axes.GetLimits().Top;
        foreach (var group in breaks.GroupBy(b => b.Year))
        {
            var line = plot.Add.VerticalLine(group.Key - 0.5);
            line.Color = Muted;
            line.LineWidth = 1.2f;
            line.LinePattern = LinePattern.Dashed;
            line.ExcludeFromLegend = true;
            if (!labels)
                continue;
            var label = plot.Add.Text(string.Join(" · ", group.Select(b => b.Label)) + " " + group.Key.ToString(System.Globalization.CultureInfo.InvariantCulture),
                group.Key - 0.5, top);
            label.LabelFontSize = 8;
            label.LabelFontName = Layout.ReportFonts.FamilyName;
            label.LabelFontColor = Colors.Black;
            label.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
            label.LabelAlignment = Alignment.UpperLeft;
            label.LabelOffsetX = 3;
            label.LabelOffsetY = 3;
        }
    }
}
