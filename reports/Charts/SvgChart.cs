using DiSu.Analytics.Reports.Layout;
using SkiaSharp;

namespace DiSu.Analytics.Reports.Charts;

/// <summary>
/// A chart of the documents as SVG for the web pages: the same ScottPlot plot, font and numbers as
/// the PDF, drawn onto Skia's SVG canvas (text stays text, so it scales and can be read aloud).
/// </summary>
public static class SvgChart
{
    public static string Of(Func<ScottPlot.Plot> build, int width, int height)
    {
        _ = ReportFonts.Shared;
        var plot = build();
        // ScottPlot lays out on its first render; render once off-screen so the SVG holds one layout.
        using (var scratch = SKSurface.Create(new SKImageInfo(width, height)))
            plot.Render(scratch.Canvas, width, height);
        using var stream = new MemoryStream();
        using (var canvas = SKSvgCanvas.Create(SKRect.Create(width, height), stream))
            plot.Render(canvas, width, height);
        var svg = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        // A viewBox instead of a fixed size, so that the page scales the chart to its column (and a phone's width).
        var size = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"width=\"{width}\" height=\"{height}\"");
        var root = svg.IndexOf(size, StringComparison.Ordinal);
        return root < 0 ? svg : string.Concat(svg.AsSpan(0, root), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"viewBox=\"0 0 {width} {height}\""), svg.AsSpan(root + size.Length));
    }
}
