using SkiaSharp;

namespace DiSu.Analytics.Reports.Layout;

/// <summary>Document metadata; <see cref="Created"/> comes from the injected clock.</summary>
public sealed record DocumentInfo(string Title, string Author, string Subject, string Keywords, DateTimeOffset Created);

/// <summary>Page size and margins in points (1 mm = 72 / 25.4 pt).</summary>
public sealed record PageSetup(float Width, float Height, float Left, float Top, float Right, float Bottom)
{
    private const float Mm = 72f / 25.4f;

    /// <summary>A4 portrait with the margins of Decree 30/2020 for administrative documents (left 30, right 15, top and bottom 20 mm).</summary>
    public static PageSetup A4Portrait { get; } = new(210 * Mm, 297 * Mm, 30 * Mm, 20 * Mm, 15 * Mm, 20 * Mm);

    public static PageSetup A4Landscape { get; } = new(297 * Mm, 210 * Mm, 20 * Mm, 15 * Mm, 20 * Mm, 12 * Mm);

    public float BodyWidth => Width - Left - Right;

    /// <summary>Space for the body: the header and footer lines sit inside the margins.</summary>
    public float BodyTop => Top + 14;

    public float BodyBottom => Height - Bottom - 22;
}

/// <summary>The running header (left) and footer (provenance, left; "Trang x/y", right).</summary>
public sealed record PageDecoration(string Header, string Footer);

/// <summary>A placed fragment: what to draw and where its top is.</summary>
public sealed record Placement(Fragment Fragment, float Top);

/// <summary>
/// Lays the body out into pages (pass one), then draws them knowing the page count (pass two),
/// so every footer can say "Trang x/y".
/// </summary>
public static class PdfWriter
{
    public static int Write(Stream output, DocumentInfo info, PageSetup page, PageDecoration decoration, IEnumerable<Block> body)
    {
        using var typesetter = new Typesetter(ReportFonts.Shared);
        var pages = Paginate(body.SelectMany(b => b.Layout(typesetter, page.BodyWidth)).ToList(), page);
        var metadata = new SKDocumentPdfMetadata
        {
            Title = Typesetter.Normalise(info.Title),
            Author = Typesetter.Normalise(info.Author),
            Subject = Typesetter.Normalise(info.Subject),
            Keywords = Typesetter.Normalise(info.Keywords),
            Creator = "DiSu.Analytics",
            Producer = "DiSu.Analytics (SkiaSharp PDF)",
            Creation = info.Created.UtcDateTime,
            Modified = info.Created.UtcDateTime,
            RasterDpi = 300,
            EncodingQuality = 101,
        };
        using (var document = SKDocument.CreatePdf(output, metadata))
        {
            for (var i = 0; i < pages.Count; i++)
            {
                var canvas = document.BeginPage(page.Width, page.Height);
                var context = new DrawContext(canvas, typesetter);
                foreach (var placement in pages[i])
                    placement.Fragment.Draw(context, new SKPoint(page.Left, placement.Top), page.BodyWidth);
                DrawDecoration(context, page, decoration, i + 1, pages.Count);
                document.EndPage();
            }
            document.Close();
        }
        return pages.Count;
    }

    /// <summary>
    /// Places fragments top to bottom. A chain of fragments linked by keep-with-next/previous
    /// moves to a new page as a whole when it does not fit and would fit on an empty page; a
    /// fragment that opens a page draws its repeat header (a table's header row) first.
    /// </summary>
    public static IReadOnlyList<IReadOnlyList<Placement>> Paginate(IReadOnlyList<Fragment> fragments, PageSetup page)
    {
        var pages = new List<List<Placement>> { new() };
        var y = page.BodyTop;
        var bodyHeight = page.BodyBottom - page.BodyTop;

        void NewPage()
        {
            pages.Add([]);
            y = page.BodyTop;
        }

        var i = 0;
        while (i < fragments.Count)
        {
            var end = i;
            while (end + 1 < fragments.Count && (fragments[end].KeepWithNext || fragments[end + 1].KeepWithPrevious))
                end++;
            var chain = fragments.Skip(i).Take(end - i + 1).ToList();
            // The repeated header is drawn only on a new page: it counts for whether the chain fits there, not here.
            var chainHeight = chain.Sum(f => f.Height);
            if (pages[^1].Count > 0 && y + chainHeight > page.BodyBottom && chainHeight + (chain[0].RepeatHeader?.Height ?? 0) <= bodyHeight)
                NewPage();
            foreach (var fragment in chain)
            {
                if (pages[^1].Count > 0 && (fragment.BreakBefore || y + fragment.Height > page.BodyBottom))
                    NewPage();
                if (pages[^1].Count == 0 && fragment.RepeatHeader is { } header)
                {
                    pages[^1].Add(new Placement(header, y));
                    y += header.Height;
                }
                if (pages[^1].Count == 0 && fragment.Height <= 12 && !fragment.KeepWithNext && chain.Count == 1)
                    continue; // a bare spacer at a page top only pushes the body down
                pages[^1].Add(new Placement(fragment, y));
                y += fragment.Height;
            }
            i = end + 1;
        }
        if (pages.Count > 1 && pages[^1].Count == 0)
            pages.RemoveAt(pages.Count - 1);
        return pages;
    }

    private static void DrawDecoration(DrawContext context, PageSetup page, PageDecoration decoration, int number, int count)
    {
        var small = TextStyle.Small with { Color = new SKColor(0x44, 0x44, 0x44) };
        using var rule = new SKPaint { Color = new SKColor(0x99, 0x99, 0x99), StrokeWidth = 0.4f, IsAntialias = true };
        var text = context.Text;
        text.DrawLine(context.Canvas, decoration.Header, small, page.Left, page.Top + 8, page.BodyWidth);
        context.Canvas.DrawLine(page.Left, page.Top + 11, page.Width - page.Right, page.Top + 11, rule);

        var pageLabel = $"Trang {number}/{count}";
        var labelWidth = text.Width(pageLabel, small) + 12;
        var footerTop = page.Height - page.Bottom - 16;
        context.Canvas.DrawLine(page.Left, footerTop - 3, page.Width - page.Right, footerTop - 3, rule);
        var lines = FooterLines(text, decoration.Footer, small, page.BodyWidth - labelWidth);
        for (var l = 0; l < Math.Min(lines.Count, 3); l++)
            text.DrawLine(context.Canvas, lines[l], small, page.Left, footerTop + 8 + (l * small.LineHeight), page.BodyWidth - labelWidth);
        text.DrawLine(context.Canvas, pageLabel, small with { Align = TextAlign.Right }, page.Left, footerTop + 8, page.BodyWidth);
    }

    /// <summary>Breaks the footer between its " · " parts where it can, so that "Mã nội dung: …" stays whole.</summary>
    private static List<string> FooterLines(Typesetter text, string footer, TextStyle style, float width)
    {
        var lines = new List<string>();
        var line = "";
        foreach (var part in footer.Split(" · "))
        {
            var candidate = line.Length == 0 ? part : line + " · " + part;
            if (text.Width(candidate, style) <= width)
            {
                line = candidate;
                continue;
            }
            if (line.Length > 0)
                lines.Add(line);
            var wrapped = text.Wrap(part, style, width);
            lines.AddRange(wrapped.Take(wrapped.Count - 1));
            line = wrapped[^1];
        }
        lines.Add(line);
        return lines;
    }
}
