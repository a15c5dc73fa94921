using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

/// <summary>
/// A ScottPlot chart drawn as vectors onto the page. The plot is built fresh for each drawing
/// (a Plot is mutable) and rendered once off-screen first: ScottPlot's first render lays out
/// twice, which on a PDF canvas would leave every label in the text layer twice.
/// </summary>
public sealed class Chart(Func<ScottPlot.Plot> build, float height, string? caption = null) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width)
    {
        var parts = new List<Fragment>
        {
            new(height, (context, origin, w) => Draw(context.Canvas, origin, (int)w, (int)height)),
        };
        if (caption is not null)
            parts.AddRange(new Paragraph(caption, TextStyle.Caption with { Align = TextAlign.Center }).Layout(typesetter, width));
        yield return Merge(parts);
    }

    private void Draw(SKCanvas canvas, SKPoint origin, int width, int height1)
    {
        _ = ReportFonts.Shared;
        var plot = build();
        using (var scratch = SKSurface.Create(new SKImageInfo(width, height1)))
            plot.Render(scratch.Canvas, width, height1);
        canvas.Save();
        canvas.Translate(origin.X, origin.Y);
        canvas.ClipRect(new SKRect(0, 0, width, height1));
        plot.Render(canvas, width, height1);
        canvas.Restore();
    }
}
