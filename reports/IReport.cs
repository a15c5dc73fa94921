using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports;

/// <summary>
/// A document over an immutable model: the PDF body composed of small pieces, and the same
/// numbers as sheets for XLSX and CSV.
/// </summary>
public interface IReport
{
    /// <summary><c>appendix</c>, <c>trend</c> or <c>briefing</c>.</summary>
    string Kind { get; }

    /// <summary>File name without extension, e.g. <c>appendix-2024-DISU</c>.</summary>
    string FileStem { get; }

    DocumentInfo Info { get; }

    PageSetup Page { get; }

    PageDecoration Decoration { get; }

    Provenance Provenance { get; }

    IReadOnlyList<DataSheet> Sheets { get; }

    IEnumerable<Block> Compose();
}
