namespace DiSu.Analytics.Reports.Layout;

/// <summary>How full each page's body is when <see cref="PdfWriter"/> lays a document out: 0 (empty) to 1.</summary>
public static class PageFill
{
    public static IReadOnlyList<double> Of(IEnumerable<Block> body, PageSetup page)
    {
        using var typesetter = new Typesetter(ReportFonts.Shared);
        return Of(body, page, typesetter);
    }

    /// <summary>With a typesetter of the caller's, whose measurements carry over when many layouts are tried.</summary>
    public static IReadOnlyList<double> Of(IEnumerable<Block> body, PageSetup page, Typesetter typesetter)
    {
        ArgumentNullException.ThrowIfNull(page);
        ArgumentNullException.ThrowIfNull(typesetter);
        var pages = PdfWriter.Paginate(body.SelectMany(b => b.Layout(typesetter, page.BodyWidth)).ToList(), page);
        return pages.Select(p => p.Count == 0 ? 0 : (double)((p[^1].Top + p[^1].Fragment.Height - page.BodyTop) / (page.BodyBottom - page.BodyTop))).ToList();
    }

    /// <summary>No page more than half empty; the last may be shorter only when the document has one page.</summary>
    public static bool NoPageHalfEmpty(IReadOnlyList<double> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        return fills.Count == 1 || fills.All(f => f >= 0.5);
    }
}
