namespace DiSu.Analytics.Etl;

/// <summary>
/// What reading one workbook may cost; beyond it the file is refused before a sheet is parsed
/// (<see cref="XlsxGuard"/>). The sizes are a real workbook's with room to spare: a sheet at
/// Excel's own limit of 1,048,576 rows with the snapshot's 36 columns is about 1 GB of XML once
/// expanded as Excel writes it (shared strings) and 1.8 GB as MiniExcel writes it (inline
/// strings), compressed about 7:1 into a 150–250 MB file. A province of 1.2 million households
/// does not fit in one sheet at all: it comes as CSV or as one workbook per district or ward.
/// A zip bomb expands 100:1 and more (deflate reaches about 1,000:1 on repeated bytes).
/// </summary>
public sealed record XlsxLimits
{
    public static XlsxLimits Default { get; } = new();

    /// <summary>All entries together, as their sizes are declared (the zip reader stops an entry at its declared size).</summary>
    public long MaxExpandedBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>A workbook has a dozen entries; with many sheets, pictures and embedded objects some hundreds.</summary>
    public int MaxEntries { get; init; } = 1_000;

    /// <summary>Expanded size over compressed size of one entry (Apache POI's default minimum inflate ratio 0.01 is the same 100:1).</summary>
    public double MaxRatio { get; init; } = 100;

    /// <summary>Entries expanding to less than this are not judged by their ratio: they cannot cost much.</summary>
    public long RatioGraceBytes { get; init; } = 1024 * 1024;

    /// <summary>How much of each XML part is read to find its root element (and any DTD before it).</summary>
    public int PrologBytes { get; init; } = 64 * 1024;

    /// <summary>The longest the checks before reading may take.</summary>
    public TimeSpan InspectionTime { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest reading the rows may take; null: bounded only by the sizes (the loader).</summary>
    public TimeSpan? ReadTime { get; init; }
}
