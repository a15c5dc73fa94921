using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

/// <summary>What a fragment draws with: the page canvas and the document's typesetter.</summary>
public sealed record DrawContext(SKCanvas Canvas, Typesetter Text);

/// <summary>
/// The unit the paginator places: never split across pages. A table row, a line of a paragraph,
/// a chart. <see cref="KeepWithNext"/> / <see cref="KeepWithPrevious"/> chain fragments onto one
/// page; <see cref="RepeatHeader"/> is drawn first when the fragment opens a page (table headers).
/// </summary>
public sealed record Fragment(float Height, Action<DrawContext, SKPoint, float> Draw)
{
    public bool KeepWithNext { get; init; }

    public bool KeepWithPrevious { get; init; }

    public Fragment? RepeatHeader { get; init; }

    /// <summary>Starts a new page unless the page is still empty (a form's second table opens a page of its own).</summary>
    public bool BreakBefore { get; init; }
}

/// <summary>A piece of a document body, laid out into fragments for a given width.</summary>
public abstract class Block
{
    public abstract IEnumerable<Fragment> Layout(Typesetter text, float width);

    /// <summary>All of the block's fragments as one, so it never breaks (falls back to breaking if taller than a page).</summary>
    public static Fragment Merge(IReadOnlyList<Fragment> parts)
    {
        var height = parts.Sum(p => p.Height);
        return new Fragment(height, (context, origin, width) =>
        {
            var y = origin.Y;
            foreach (var part in parts)
            {
                part.Draw(context, new SKPoint(origin.X, y), width);
                y += part.Height;
            }
        });
    }
}

/// <summary>What follows starts on a new page (nothing happens at the top of an empty page).</summary>
public sealed class PageBreak : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        yield return new Fragment(0, (_, _, _) => { }) { BreakBefore = true };
    }
}

/// <summary>Vertical space.</summary>
public sealed class Spacer(float height) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        yield return new Fragment(height, (_, _, _) => { });
    }
}

/// <summary>
/// Blocks kept on one page. With <paramref name="withPrevious"/> the group also stays with what
/// precedes it, e.g. a signature block never opens a page on its own.
/// </summary>
public sealed class KeepTogether(IReadOnlyList<Block> blocks, bool withPrevious = false) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        var parts = blocks.SelectMany(b => b.Layout(text, width)).ToList();
        yield return Merge(parts) with { KeepWithPrevious = withPrevious };
    }
}

/// <summary>Blocks side by side in columns of the given relative widths (e.g. the two-part letterhead).</summary>
public sealed class Columns(IReadOnlyList<(float Weight, Block Block)> columns, float gap = 12) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        var total = columns.Sum(c => c.Weight);
        var usable = width - (gap * (columns.Count - 1));
        var laid = columns.Select(c =>
        {
            var w = usable * c.Weight / total;
            return (Width: w, Fragment: Merge(c.Block.Layout(text, w).ToList()));
        }).ToList();
        yield return new Fragment(laid.Max(l => l.Fragment.Height), (context, origin, _) =>
        {
            var x = origin.X;
            foreach (var (w, fragment) in laid)
            {
                fragment.Draw(context, new SKPoint(x, origin.Y), w);
                x += w + gap;
            }
        });
    }
}

/// <summary>Wrapped text; each line is a fragment so long paragraphs flow across pages.</summary>
public sealed class Paragraph(string text, TextStyle? style = null, float spaceAfter = 4) : Block
{
    public TextStyle Style { get; } = style ?? TextStyle.Body;

    /// <summary>Keep the last line with the block that follows (headings, lead-in sentences).</summary>
    public bool KeepWithNext { get; init; }

    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width)
    {
        var lines = typesetter.Wrap(text, Style, width);
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            var last = i == lines.Count - 1;
            var height = Style.LineHeight + (last ? spaceAfter : 0);
            yield return new Fragment(height, (context, origin, w) =>
                context.Text.DrawLine(context.Canvas, line, Style, origin.X, origin.Y + Typesetter.Ascent(Style), w))
            {
                // No widow or orphan: a two-line paragraph stays whole, the first and last lines keep a neighbour.
                KeepWithNext = (last && KeepWithNext) || (!last && (i == 0 || i == lines.Count - 2)),
            };
        }
    }
}

/// <summary>A section heading: bold, space above, never the last thing on a page.</summary>
public sealed class Heading(string text, TextStyle? style = null) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width)
    {
        yield return new Fragment(6, (_, _, _) => { }) { KeepWithNext = true };
        foreach (var fragment in new Paragraph(text, style ?? TextStyle.Heading, spaceAfter: 3).Layout(typesetter, width))
            yield return fragment with { KeepWithNext = true };
    }
}

/// <summary>A thin horizontal rule.</summary>
public sealed class Rule(float widthFraction = 1, float spaceAround = 4) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        yield return new Fragment(spaceAround * 2, (context, origin, w) =>
        {
            using var paint = new SKPaint { Color = SKColors.Black, StrokeWidth = 0.6f, IsAntialias = true };
            var length = w * widthFraction;
            var x = origin.X + ((w - length) / 2);
            context.Canvas.DrawLine(x, origin.Y + spaceAround, x + length, origin.Y + spaceAround, paint);
        });
    }
}

/// <summary>Blocks one under another, measured as one (for use inside <see cref="Columns"/>).</summary>
public sealed class Stack(params Block[] blocks) : Block
{
    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width) =>
        [Merge(blocks.SelectMany(b => b.Layout(typesetter, width)).ToList())];
}
