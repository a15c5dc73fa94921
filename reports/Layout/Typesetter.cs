using System.Text;
using SkiaSharp;
using SkiaSharp.HarfBuzz;

namespace DiSu.Analytics.Reports.Layout;

/// <summary>
/// Measures, wraps and draws text with HarfBuzz shaping. Not thread-safe: one per document.
/// Strings are NFC-normalised on the way in, so decomposed input (e.g. "ê" + combining acute)
/// draws and extracts the same as precomposed text.
/// </summary>
public sealed class Typesetter : IDisposable
{
    private readonly ReportFonts fonts;
    private readonly SKShaper regular;
    private readonly SKShaper bold;
    private readonly Dictionary<(string, float, bool), float> widths = [];
    private readonly Dictionary<(float, bool, bool), SKFont> skFonts = [];

    public Typesetter(ReportFonts fonts)
    {
        this.fonts = fonts;
        regular = new SKShaper(fonts.Regular);
        bold = new SKShaper(fonts.Bold);
    }

    public static string Normalise(string text) => text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);

    public float Width(string text, TextStyle style)
    {
        var key = (text, style.Size, style.Bold);
        if (!widths.TryGetValue(key, out var width))
        {
            width = text.Length == 0 ? 0 : Shaper(style).Shape(text, Font(style)).Width;
            widths[key] = width;
        }
        return width;
    }

    /// <summary>Greedy line breaking at spaces (and explicit newlines); a word longer than the line is cut.</summary>
    public IReadOnlyList<string> Wrap(string text, TextStyle style, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in Normalise(text).Split('\n'))
        {
            var line = new StringBuilder();
            foreach (var word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (Width(candidate, style) <= width)
                {
                    line.Clear().Append(candidate);
                    continue;
                }
                if (line.Length > 0)
                    lines.Add(line.ToString());
                line.Clear().Append(word);
                while (line.Length > 1 && Width(line.ToString(), style) > width)
                {
                    var cut = line.Length - 1;
                    while (cut > 1 && Width(line.ToString(0, cut), style) > width)
                        cut--;
                    lines.Add(line.ToString(0, cut));
                    line.Remove(0, cut);
                }
            }
            lines.Add(line.ToString());
        }
        return lines;
    }

    /// <summary>Draws one line with its baseline at <paramref name="baseline"/>, aligned within [x, x + width].</summary>
    public void DrawLine(SKCanvas canvas, string text, TextStyle style, float x, float baseline, float width)
    {
        if (text.Length == 0)
            return;
        text = Normalise(text);
        var left = style.Align switch
        {
            TextAlign.Center => x + ((width - Width(text, style)) / 2),
            TextAlign.Right => x + width - Width(text, style),
            _ => x,
        };
        using var paint = new SKPaint { Color = style.Color, IsAntialias = true };
        var font = Font(style);
        if (style.Italic)
        {
            // The shipped faces have no italic; a slant keeps captions distinguishable.
            canvas.Save();
            canvas.Translate(left, baseline);
            canvas.Skew(-0.2f, 0);
            canvas.DrawShapedText(Shaper(style), text, 0, 0, SKTextAlign.Left, font, paint);
            canvas.Restore();
            return;
        }
        canvas.DrawShapedText(Shaper(style), text, left, baseline, SKTextAlign.Left, font, paint);
    }

    /// <summary>Distance from the top of a line box to its baseline.</summary>
    public static float Ascent(TextStyle style) => style.Size * 0.95f;

    public void Dispose()
    {
        regular.Dispose();
        bold.Dispose();
        foreach (var font in skFonts.Values)
            font.Dispose();
    }

    private SKShaper Shaper(TextStyle style) => style.Bold ? bold : regular;

    private SKFont Font(TextStyle style)
    {
        var key = (style.Size, style.Bold, style.Italic);
        if (!skFonts.TryGetValue(key, out var font))
        {
            font = new SKFont(fonts.Face(style.Bold), style.Size) { Subpixel = true, Edging = SKFontEdging.SubpixelAntialias };
            skFonts[key] = font;
        }
        return font;
    }
}
