namespace DiSu.Analytics.Reports.Layout;

/// <summary>
/// A heading and the blocks under it. When the section runs onto another page, that page opens
/// with the heading again, marked "(tiếp theo)", so that every page's content sits under its
/// heading (a table that continues also repeats its header row under it).
/// </summary>
public sealed class Section(string heading, IReadOnlyList<Block> blocks) : Block
{
    public const string Continued = "(tiếp theo)";

    public override IEnumerable<Fragment> Layout(Typesetter text, float width)
    {
        foreach (var fragment in new Heading(heading).Layout(text, width))
            yield return fragment;
        var continued = Merge(new Paragraph($"{heading} {Continued}", TextStyle.Heading, spaceAfter: 3).Layout(text, width).ToList());
        foreach (var block in blocks)
        {
            foreach (var fragment in block.Layout(text, width))
            {
                // A spacer that spills over would open a page with nothing but the heading under it.
                yield return block is Spacer
                    ? fragment
                    : fragment with { RepeatHeader = fragment.RepeatHeader is { } header ? Merge([continued, header]) : continued };
            }
        }
    }
}
