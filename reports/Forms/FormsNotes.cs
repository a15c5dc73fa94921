using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>The note under a summary in the PDF: the sentences of <see cref="FormNotes"/>, numbered, as the page and the XLSX give them.</summary>
public static class FormsNotes
{
    private static readonly TextStyle Style = new(9f);

    public static IEnumerable<Block> Compose(FormsModel model, FormTable table)
    {
        // "Ghi chú:" opens the first sentence's line rather than a line of its own: a form that
        // nearly fills its last page keeps its signatures there.
        foreach (var (line, i) in FormNotes.For(model, table).Select((l, i) => (l, i)))
            yield return new Paragraph($"{(i == 0 ? "Ghi chú: " : "")}{i + 1}. {line}", Style, 0);
    }
}
