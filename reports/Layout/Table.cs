using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

public sealed record TableColumn(string Header, float Weight, TextAlign Align = TextAlign.Left);

public enum RowKind
{
    Body,

    /// <summary>A totals row: bold, shaded, kept with the row above it.</summary>
    Total,

    /// <summary>A section line ("I. Khu vực thành thị"): bold, kept with the row below it.</summary>
    Section,
}

public sealed record TableRow(IReadOnlyList<string> Cells, RowKind Kind = RowKind.Body);

/// <summary>
/// A cell of a header band spanning <paramref name="Span"/> columns. A null <paramref name="Text"/>
/// leaves the place open: the column headers below it reach up into it (a header merged down, as
/// "STT" in an official form spans every band).
/// </summary>
public sealed record HeaderCell(string? Text, int Span = 1);

/// <summary>
/// A ruled table. Rows never split; the header (its bands, the column headers, the row of column
/// numbers) repeats at the top of every page the table continues on, and never stands alone at a
/// page bottom.
/// </summary>
public sealed class Table(IReadOnlyList<TableColumn> columns, IReadOnlyList<TableRow> rows) : Block
{
    private static readonly SKColor HeaderShade = new(0xE8, 0xEC, 0xF2);
    private static readonly SKColor TotalShade = new(0xF3, 0xF3, 0xF3);

    public TextStyle Style { get; init; } = new(10f);

    /// <summary>Space between a cell's rule and its text; a dense form may take less than the 3 pt documents use.</summary>
    public float Padding { get; init; } = 3f;

    /// <summary>
    /// Bands above the column headers, top first; each band's spans add up to the number of columns.
    /// Empty: the column headers alone, as before.
    /// </summary>
    public IReadOnlyList<IReadOnlyList<HeaderCell>> HeaderBands { get; init; } = [];

    /// <summary>A row under the column headers naming each column, e.g. "(1)", "(2)", as official forms number them; null for none.</summary>
    public IReadOnlyList<string>? ColumnNumbers { get; init; }

    public override IEnumerable<Fragment> Layout(Typesetter typesetter, float width)
    {
        var total = columns.Sum(c => c.Weight);
        var widths = columns.Select(c => width * c.Weight / total).ToArray();
        var headerStyle = Style with { Bold = true, Align = TextAlign.Center };
        var header = (HeaderBands.Count == 0
            ? Row(typesetter, widths, columns.Select(c => c.Header).ToList(), _ => headerStyle, HeaderShade)
            : Banded(typesetter, widths, headerStyle)) with { KeepWithNext = true };
        if (ColumnNumbers is { } numbers)
        {
            if (numbers.Count != columns.Count)
                throw new ArgumentException($"The table has {numbers.Count} column numbers for {columns.Count} columns.", nameof(ColumnNumbers));
            var numberStyle = Style with { Italic = true, Align = TextAlign.Center, Size = Style.Size - 0.5f };
            header = Block.Merge([header, Row(typesetter, widths, numbers, _ => numberStyle, null)]) with { KeepWithNext = true };
        }
        yield return header;
        foreach (var row in rows)
        {
            if (row.Cells.Count != columns.Count)
                throw new ArgumentException($"A table row has {row.Cells.Count} cells for {columns.Count} columns.", nameof(rows));
            var isTotal = row.Kind == RowKind.Total;
            var bold = row.Kind != RowKind.Body;
            var fragment = Row(typesetter, widths, row.Cells, i => Style with { Bold = bold, Align = columns[i].Align }, isTotal ? TotalShade : null);
            yield return fragment with
            {
                RepeatHeader = header with { KeepWithNext = false }, KeepWithPrevious = isTotal, KeepWithNext = row.Kind == RowKind.Section,
            };
        }
    }

    /// <summary>
    /// The bands and the column headers as one fragment: each band cell over the columns it spans,
    /// each column header from the lowest band cell above it that has text (or from the top) down.
    /// </summary>
    private Fragment Banded(Typesetter typesetter, float[] widths, TextStyle style)
    {
        // For each band and column: the band cell covering it (its first column, span and text).
        var cover = new (int First, int Span, string? Text)[HeaderBands.Count, widths.Length];
        for (var b = 0; b < HeaderBands.Count; b++)
        {
            var column = 0;
            foreach (var cell in HeaderBands[b])
            {
                if (cell.Span < 1 || column + cell.Span > widths.Length)
                    throw new ArgumentException($"Header band {b + 1} spans more than the table's {widths.Length} columns.", nameof(HeaderBands));
                for (var c = column; c < column + cell.Span; c++)
                    cover[b, c] = (column, cell.Span, cell.Text);
                column += cell.Span;
            }
            if (column != widths.Length)
                throw new ArgumentException($"Header band {b + 1} spans {column} of the table's {widths.Length} columns.", nameof(HeaderBands));
        }
        // A column header reaches up through the open band places right above it; an open place above text is a mistake.
        var reach = new int[widths.Length];
        for (var c = 0; c < widths.Length; c++)
        {
            var top = HeaderBands.Count;
            while (top > 0 && cover[top - 1, c].Text is null)
                top--;
            for (var b = 0; b < top; b++)
            {
                if (cover[b, c].Text is null)
                    throw new ArgumentException($"Header band {b + 1} leaves column {c + 1} open above a band cell with text.", nameof(HeaderBands));
            }
            reach[c] = top;
        }
        float Span(int first, int span) => widths.Skip(first).Take(span).Sum();
        float Needed(string text, float w) => typesetter.Wrap(text, style, w - (2 * Padding)).Count * Style.LineHeight + (2 * Padding);
        var bandHeights = new float[HeaderBands.Count];
        for (var b = 0; b < HeaderBands.Count; b++)
        {
            bandHeights[b] = Style.LineHeight + (2 * Padding);
            for (var c = 0; c < widths.Length; c++)
            {
                if (cover[b, c] is { Text: { } text } cell && cell.First == c)
                    bandHeights[b] = Math.Max(bandHeights[b], Needed(text, Span(c, cell.Span)));
            }
        }
        var headerHeight = Style.LineHeight + (2 * Padding);
        for (var c = 0; c < widths.Length; c++)
            headerHeight = Math.Max(headerHeight, Needed(columns[c].Header, widths[c]) - bandHeights.Skip(reach[c]).Sum());
        var bandTops = new float[HeaderBands.Count + 1];
        for (var b = 0; b < HeaderBands.Count; b++)
            bandTops[b + 1] = bandTops[b] + bandHeights[b];
        var height = bandTops[^1] + headerHeight;

        return new Fragment(height, (context, origin, _) =>
        {
            var canvas = context.Canvas;
            using var fill = new SKPaint { Color = HeaderShade, Style = SKPaintStyle.Fill };
            canvas.DrawRect(origin.X, origin.Y, widths.Sum(), height, fill);
            using var line = new SKPaint { Color = SKColors.Black, StrokeWidth = 0.5f, Style = SKPaintStyle.Stroke, IsAntialias = true };
            void Cell(string text, float x, float y, float w, float h)
            {
                var lines = typesetter.Wrap(text, style, w - (2 * Padding));
                var top = y + Padding + ((h - (2 * Padding) - (lines.Count * Style.LineHeight)) / 2);
                for (var l = 0; l < lines.Count; l++)
                    context.Text.DrawLine(canvas, lines[l], style, x + Padding, top + (l * Style.LineHeight) + Typesetter.Ascent(Style), w - (2 * Padding));
                canvas.DrawRect(x, y, w, h, line);
            }
            for (var b = 0; b < HeaderBands.Count; b++)
            {
                for (var c = 0; c < widths.Length; c++)
                {
                    if (cover[b, c] is { Text: { } text } cell && cell.First == c)
                        Cell(text, origin.X + Span(0, c), origin.Y + bandTops[b], Span(c, cell.Span), bandHeights[b]);
                }
            }
            for (var c = 0; c < widths.Length; c++)
                Cell(columns[c].Header, origin.X + Span(0, c), origin.Y + bandTops[reach[c]], widths[c], height - bandTops[reach[c]]);
        });
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
