using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

public sealed record TableColumn(string Header, float Weight, TextAlign Align = TextAlign.Left);

public enum RowKind
{
    Body,

    /// <summary>A totals row: bold, shaded, kept with the row above it.</summary>
    Total,
}

public sealed record TableRow(IReadOnlyList<string> Cells, RowKind Kind = RowKind.Body);

/// <summary>
/// A ruled table. Rows never split; the header row repeats at the top of every page the table
/// continues on, and never stands alone at a page bottom.
/// </summary>
public sealed class Table(IReadOnlyList<TableColumn> columns, IReadOnlyList<TableRow> rows) : Block
{
    private const float Padding = 3f;
    private static readonly SKColor HeaderShade = new(0xE8, 0xEC, 0xF2);
    private static readonly SKColor TotalShade = new(0xF3, 0xF3, 0xF3);

    public TextStyle Style { get; init; } = new(10f);

    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => width * c.Weight / total).ToArray();
        var headerStyle = Style with { Bold = true, Align = TextAlign.Center };
        var header = Row(typesetter, widths, columns.Select(c => c.Header).ToList(), _ => headerStyle, HeaderShade) with { KeepWithNext = true };
        yield return header;
        foreach (var row in rows)
        {
            if (row.Cells.Count != columns.Count)
                throw new ArgumentException($"A table row has {row.Cells.Count} cells for {columns.Count} columns.", nameof(rows));
            var isTotal = row.Kind == RowKind.Total;
            var fragment = Row(typesetter, widths, row.Cells, i => Style with { Bold = isTotal, Align = columns[i].Align }, isTotal ? TotalShade : null);
            yield return fragment with { RepeatHeader = header with { KeepWithNext = false }, KeepWithPrevious = isTotal };
        }
    }

    private Fragment Row(Typesetter typesetter, float[] widths, IReadOnlyList<string> cells, Func<int, TextStyle> style, SKColor? shade)
    {
        var wrapped = cells.Select((cell, i) => typesetter.Wrap(cell, style(i), widths[i] - (2 * Padding))).ToList();
        var height = wrapped.Max(lines => lines.Count) * Style.LineHeight + (2 * Padding);
        return new Fragment(height, (context, origin, _) =>
        {
            var canvas = context.Canvas;
            var rowWidth = widths.Sum();
            if (shade is { } colour)
            {
                using var fill = new SKPaint { Color = colour, Style = SKPaintStyle.Fill };
                canvas.DrawRect(origin.X, origin.Y, rowWidth, height, fill);
            }
            using var line = new SKPaint { Color = SKColors.Black, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke, IsAntialias = true };
            var x = origin.X;
            for (var i = 0; i < widths.Length; i++)
            {
                var cellStyle = style(i);
                var lines = wrapped[i];
                // Header cells are centred vertically too; body cells start at the top.
                var top = origin.Y + Padding + (cellStyle.Align == TextAlign.Center && shade == HeaderShade
                    ? (height - (2 * Padding) - (lines.Count * Style.LineHeight)) / 2
                    : 0);
                for (var l = 0; l < lines.Count; l++)
                    context.Text.DrawLine(canvas, lines[l], cellStyle, x + Padding, top + (l * Style.LineHeight) + Typesetter.Ascent(Style), widths[i] - (2 * Padding));
                canvas.DrawRect(x, origin.Y, widths[i], height, line);
                x += widths[i];
            }
        });
    }
}
