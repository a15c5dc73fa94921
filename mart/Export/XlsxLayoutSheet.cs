namespace DiSu.Analytics.Mart.Export;

/// <summary>Where a cell's text sits across the cell.</summary>
public enum XlsxAlign
{
    General,
    Left,
    Center,
    Right,
}

/// <summary>
/// How a cell of a laid-out sheet looks: its number format, font, alignment and a thin border.
/// Styles are values: two equal ones are one entry of the workbook's style table.
/// </summary>
public sealed record XlsxStyle
{
    /// <summary>The default cell: General, Calibri 11, no border.</summary>
    public static readonly XlsxStyle Plain = new();

    /// <summary>An Excel number format code (<see cref="XlsxFormats"/>); null is General.</summary>
    public string? Format { get; init; }

    /// <summary>The font's name; null is the workbook's Calibri.</summary>
    public string? Font { get; init; }

    /// <summary>The font's size in points; null is 11.</summary>
    public double? Size { get; init; }

    public bool Bold { get; init; }

    public bool Italic { get; init; }

    public XlsxAlign Horizontal { get; init; }

    /// <summary>Centred top to bottom (a header cell spanning rows); else at the bottom, as Excel's default.</summary>
    public bool Middle { get; init; }

    /// <summary>Long text breaks into lines inside the cell instead of running over its neighbours.</summary>
    public bool Wrap { get; init; }

    /// <summary>A thin line on all four sides (the form's table).</summary>
    public bool Border { get; init; }

    internal bool HasAlignment => Horizontal != XlsxAlign.General || Middle || Wrap;
}

/// <summary>A rectangle of cells, 1-based and inclusive (row 1, column 1 is A1).</summary>
public readonly record struct XlsxRange(int FirstRow, int FirstColumn, int LastRow, int LastColumn)
{
    public bool Overlaps(XlsxRange other) =>
        FirstRow <= other.LastRow && other.FirstRow <= LastRow && FirstColumn <= other.LastColumn && other.FirstColumn <= LastColumn;

    public bool Contains(int row, int column) => row >= FirstRow && row <= LastRow && column >= FirstColumn && column <= LastColumn;

    /// <summary>"A5:B7".</summary>
    public override string ToString() => XlsxLayoutSheet.Reference(FirstRow, FirstColumn) + ":" + XlsxLayoutSheet.Reference(LastRow, LastColumn);
}

/// <summary>
/// A sheet laid out cell by cell, as a printed form is: values at given rows and columns, merged
/// ranges, column widths and row heights, one style per cell, and the page it prints on (A4
/// landscape, one page wide; the header rows repeated on every page; the print area). Rows and
/// columns are 1-based. Values only, never formulas: text keeps the formula guard of
/// <see cref="SpreadsheetText"/>, as on every sheet of <see cref="XlsxWorkbook"/>, which writes it
/// (<see cref="XlsxWorkbook.AddSheet(XlsxLayoutSheet)"/>) with the same bytes for the same sheet.
/// </summary>
public sealed class XlsxLayoutSheet
{
    // Excel's own limits: 1,048,576 rows and 16,384 columns (XFD).
    private const int MaxRow = 1_048_576;
    private const int MaxColumn = 16_384;

    private readonly SortedDictionary<(int Row, int Column), (object? Value, XlsxStyle Style)> cells = [];
    private readonly List<XlsxRange> merges = [];
    private readonly SortedDictionary<int, double> widths = [];
    private readonly SortedDictionary<int, double> heights = [];

    public XlsxLayoutSheet(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
    }

    /// <summary>The name asked for; the workbook makes it valid and unique.</summary>
    public string Name { get; }

    /// <summary>Landscape (the forms) or portrait.</summary>
    public bool Landscape { get; set; } = true;

    /// <summary>Rows printed at the top of every page (the table's header), or null.</summary>
    public (int First, int Last)? PrintTitleRows { get; set; }

    /// <summary>The part of the sheet that prints, or null for all of it.</summary>
    public XlsxRange? PrintArea { get; set; }

    internal IEnumerable<KeyValuePair<(int Row, int Column), (object? Value, XlsxStyle Style)>> Cells => cells;

    internal IReadOnlyList<XlsxRange> Merges => merges;

    internal IReadOnlyDictionary<int, double> Widths => widths;

    internal IReadOnlyDictionary<int, double> Heights => heights;

    /// <summary>
    /// Puts <paramref name="value"/> (text, a number, or null for an empty cell that still shows its
    /// style, such as a bordered blank) at <paramref name="row"/>, <paramref name="column"/>.
    /// </summary>
    public void Set(int row, int column, object? value, XlsxStyle? style = null)
    {
        Check(row, column);
        cells[(row, column)] = (value, style ?? XlsxStyle.Plain);
    }

    /// <summary>
    /// Merges <paramref name="range"/> and puts <paramref name="value"/> in its top-left cell; every
    /// other cell of the range gets the style too (Excel draws a merged range's border from them).
    /// </summary>
    public void Merge(XlsxRange range, object? value, XlsxStyle? style = null)
    {
        Check(range.FirstRow, range.FirstColumn);
        Check(range.LastRow, range.LastColumn);
        if (range.LastRow < range.FirstRow || range.LastColumn < range.FirstColumn)
            throw new ArgumentException($"Merged range {range} is empty.", nameof(range));
        if (range.FirstRow == range.LastRow && range.FirstColumn == range.LastColumn)
            throw new ArgumentException($"Merged range {range} is a single cell.", nameof(range));
        // Excel refuses a file whose merged ranges overlap ("We found a problem with some content").
        foreach (var taken in merges)
            if (taken.Overlaps(range))
                throw new ArgumentException($"Merged range {range} overlaps {taken}.", nameof(range));
        merges.Add(range);
        for (var r = range.FirstRow; r <= range.LastRow; r++)
        for (var c = range.FirstColumn; c <= range.LastColumn; c++)
            Set(r, c, r == range.FirstRow && c == range.FirstColumn ? value : null, style);
    }

    /// <summary>Column <paramref name="column"/>'s width, in characters of the default font.</summary>
    public void Width(int column, double characters)
    {
        Check(1, column);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(characters);
        widths[column] = characters;
    }

    /// <summary>Row <paramref name="row"/>'s height in points (Excel does not fit a merged, wrapped cell's height itself).</summary>
    public void Height(int row, double points)
    {
        Check(row, 1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(points);
        heights[row] = points;
    }

    /// <summary>"C7" for row 7, column 3.</summary>
    public static string Reference(int row, int column) => ColumnName(column) + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"A" for 1, "AA" for 27.</summary>
    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static void Check(int row, int column)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(row, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(row, MaxRow);
        ArgumentOutOfRangeException.ThrowIfLessThan(column, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(column, MaxColumn);
    }
}
