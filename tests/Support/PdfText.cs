using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace DiSu.Analytics.Tests.Support;

/// <summary>What a reader's PDF tool extracts: per page, lines of words in reading order.</summary>
public sealed record PdfText(IReadOnlyList<IReadOnlyList<string>> Pages, string Title, string Author, string Subject, string? CreationDate)
{
    public static PdfText Read(string path)
    {
        using var document = PdfDocument.Open(path);
        var pages = document.GetPages().Select(Lines).ToList();
        var info = document.Information;
        return new PdfText(pages, info.Title ?? "", info.Author ?? "", info.Subject ?? "", info.CreationDate);
    }

    public string All => string.Join("\n", Pages.Select(p => string.Join("\n", p)));

    /// <summary>All lines joined by spaces: for sentences that wrap.</summary>
    public string Flow => string.Join(" ", Pages.SelectMany(p => p));

    public string Page(int number) => string.Join("\n", Pages[number - 1]);

    /// <summary>Words grouped into lines by baseline (within 2 pt), top to bottom, left to right.</summary>
    private static IReadOnlyList<string> Lines(Page page)
    {
        var lines = new List<(double Y, List<Word> Words)>();
        foreach (var word in page.GetWords().OrderByDescending(w => w.BoundingBox.Bottom).ThenBy(w => w.BoundingBox.Left))
        {
            var line = lines.FindIndex(l => Math.Abs(l.Y - word.BoundingBox.Bottom) < 2);
            if (line < 0)
                lines.Add((word.BoundingBox.Bottom, [word]));
            else
                lines[line].Words.Add(word);
        }
        return lines.Select(l => string.Join(" ", l.Words.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text))).ToList();
    }
}
