using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml.Linq;

namespace DiSu.Analytics.Tests.Support;

/// <summary>One cell of a laid-out sheet as stored: its value, number format, font and border, and whether it holds a formula.</summary>
public sealed record LaidOutCell(string Reference, string? Type, string Text, string Format, bool Bold, bool Italic, bool Border, string? Horizontal, bool Wrap, bool Formula)
{
    public string Column => new(Reference.TakeWhile(char.IsAsciiLetter).ToArray());

    public int Row => int.Parse(Reference.AsSpan(Column.Length), CultureInfo.InvariantCulture);

    /// <summary>A numeric cell (no type attribute) with a value; an empty cell has no value.</summary>
    public bool IsNumber => Type is null && Text.Length > 0;

    public double Number => IsNumber ? double.Parse(Text, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"{Reference} is not a number: '{Type}' '{Text}'");
}

/// <summary>A laid-out sheet: its cells, merged ranges, column widths, row heights and page setup.</summary>
public sealed record LaidOutSheet(string Name, IReadOnlyList<LaidOutCell> Cells, IReadOnlyList<string> Merges,
    IReadOnlyDictionary<string, string> PageSetup, bool FitToPage, IReadOnlyDictionary<int, double> Widths, IReadOnlyDictionary<int, double> Heights)
{
    public LaidOutCell Cell(string reference) => Cells.Single(c => c.Reference == reference);

    public LaidOutCell? Find(string reference) => Cells.SingleOrDefault(c => c.Reference == reference);

    public IReadOnlyList<LaidOutCell> Row(int row) => Cells.Where(c => c.Row == row).ToList();

    /// <summary>The first cell whose text is <paramref name="text"/>.</summary>
    public LaidOutCell Text(string text) => Cells.First(c => c.Type is not null && c.Text == text);

    /// <summary>
    /// The sheet as a text grid, a row a line, each column cut to its width (numbers as a vi-VN
    /// reader sees them: 1.234 and 12,34%), so a test's output shows the layout without a spreadsheet.
    /// </summary>
    public string Grid(int lastColumn)
    {
        var text = new StringBuilder();
        var ranges = Merges.Select(m => (First: Parse(m.Split(':')[0]), Last: Parse(m.Split(':')[1]))).ToList();
        int Width(int column) => (int)Math.Round(Widths.GetValueOrDefault(column, 9));
        foreach (var row in Cells.Select(c => c.Row).Distinct().Order())
        {
            text.Append(CultureInfo.InvariantCulture, $"{row,3} ");
            for (var c = 1; c <= lastColumn; c++)
            {
                // A merged range reads as one wide cell, its text in its first row only.
                var merged = ranges.FirstOrDefault(m => row >= m.First.Row && row <= m.Last.Row && c >= m.First.Column && c <= m.Last.Column);
                var last = merged == default ? c : Math.Min(merged.Last.Column, lastColumn);
                var width = Enumerable.Range(c, last - c + 1).Sum(Width) + (last - c);
                var cell = Find(ColumnName(c) + row.ToString(CultureInfo.InvariantCulture));
                var shown = merged != default && merged.First.Row != row ? "" : cell is null ? "" : Shown(cell);
                text.Append(shown.Length > width ? shown[..width] : shown.PadRight(width)).Append('|');
                c = last;
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    private static string Shown(LaidOutCell cell)
    {
        if (!cell.IsNumber) return cell.Text;
        var vi = CultureInfo.GetCultureInfo("vi-VN");
        return cell.Format switch
        {
            "0.00%" => (cell.Number * 100).ToString("F2", vi) + "%",
            "#,##0" => cell.Number.ToString("#,0", vi),
            _ => cell.Number.ToString(vi),
        };
    }

    public static (int Row, int Column) Parse(string reference)
    {
        var letters = new string(reference.TakeWhile(char.IsAsciiLetter).ToArray());
        var column = letters.Aggregate(0, (n, ch) => n * 26 + (ch - 'A' + 1));
        return (int.Parse(reference.AsSpan(letters.Length), CultureInfo.InvariantCulture), column);
    }

    public static string ColumnName(int column)
    {
        var name = "";
        for (var n = column; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }
}

/// <summary>A defined name of workbook.xml: its name, the sheet it belongs to (localSheetId) and its formula text.</summary>
public sealed record DefinedName(string Name, int? Sheet, string Value);

/// <summary>
/// Reads what a laid-out XLSX stores (merged ranges, styles, page setup, defined names), below
/// what a reading library makes of it, so tests can check a form's layout; see <see cref="XlsxCells"/> for plain sheets.
/// </summary>
public sealed record LaidOutBook(IReadOnlyList<LaidOutSheet> Sheets, IReadOnlyList<DefinedName> Names)
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";
    private static readonly Dictionary<int, string> BuiltIn = new() { [0] = "General", [1] = "0", [3] = "#,##0", [10] = "0.00%" };

    public LaidOutSheet this[string name] => Sheets.Single(s => s.Name == name);

    public static LaidOutBook Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        XDocument Load(string name) => XDocument.Load(zip.GetEntry(name)!.Open());
        var styles = Load("xl/styles.xml").Root!;
        var codes = styles.Element(Main + "numFmts")?.Elements(Main + "numFmt")
            .ToDictionary(f => (int)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!) ?? [];
        var fonts = styles.Element(Main + "fonts")!.Elements(Main + "font").ToList();
        var borders = styles.Element(Main + "borders")!.Elements(Main + "border").ToList();
        var xfs = styles.Element(Main + "cellXfs")!.Elements(Main + "xf").Select(xf =>
        {
            var id = (int)xf.Attribute("numFmtId")!;
            var font = fonts[(int)xf.Attribute("fontId")!];
            var border = borders[(int)xf.Attribute("borderId")!];
            var alignment = xf.Element(Main + "alignment");
            return (Format: codes.TryGetValue(id, out var code) ? code : BuiltIn.GetValueOrDefault(id, "#" + id.ToString(CultureInfo.InvariantCulture)),
                Bold: font.Element(Main + "b") is not null, Italic: font.Element(Main + "i") is not null,
                Border: new[] { "left", "right", "top", "bottom" }.All(side => (string?)border.Element(Main + side)?.Attribute("style") == "thin"),
                Horizontal: (string?)alignment?.Attribute("horizontal"), Wrap: (string?)alignment?.Attribute("wrapText") == "1");
        }).ToList();
        var targets = Load("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRel + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        var workbook = Load("xl/workbook.xml").Root!;
        var sheets = workbook.Element(Main + "sheets")!.Elements(Main + "sheet").Select(sheet =>
        {
            var part = Load("xl/" + targets[(string)sheet.Attribute(Rel + "id")!]).Root!;
            var cells = part.Descendants(Main + "c").Select(c =>
            {
                var xf = xfs[(int?)c.Attribute("s") ?? 0];
                return new LaidOutCell((string)c.Attribute("r")!, (string?)c.Attribute("t"),
                    (string?)c.Element(Main + "v") ?? string.Concat(c.Descendants(Main + "t").Select(t => t.Value)),
                    xf.Format, xf.Bold, xf.Italic, xf.Border, xf.Horizontal, xf.Wrap, c.Element(Main + "f") is not null);
            }).ToList();
            var merges = part.Element(Main + "mergeCells")?.Elements(Main + "mergeCell").Select(m => (string)m.Attribute("ref")!).ToList() ?? [];
            var setup = part.Element(Main + "pageSetup")?.Attributes().ToDictionary(a => a.Name.LocalName, a => a.Value) ?? [];
            var fit = (string?)part.Element(Main + "sheetPr")?.Element(Main + "pageSetUpPr")?.Attribute("fitToPage") == "1";
            var widths = part.Element(Main + "cols")?.Elements(Main + "col")
                .ToDictionary(c => (int)c.Attribute("min")!, c => double.Parse((string)c.Attribute("width")!, CultureInfo.InvariantCulture)) ?? [];
            var heights = part.Element(Main + "sheetData")!.Elements(Main + "row").Where(r => r.Attribute("ht") is not null)
                .ToDictionary(r => (int)r.Attribute("r")!, r => double.Parse((string)r.Attribute("ht")!, CultureInfo.InvariantCulture));
            return new LaidOutSheet((string)sheet.Attribute("name")!, cells, merges, setup, fit, widths, heights);
        }).ToList();
        var names = workbook.Element(Main + "definedNames")?.Elements(Main + "definedName")
            .Select(n => new DefinedName((string)n.Attribute("name")!, (int?)n.Attribute("localSheetId"), n.Value)).ToList() ?? [];
        return new LaidOutBook(sheets, names);
    }

    /// <summary>Every part of the package that holds a formula (an <c>&lt;f&gt;</c> element) anywhere.</summary>
    public static IReadOnlyList<string> PartsWithFormulas(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        return zip.Entries.Where(e => e.FullName.EndsWith(".xml", StringComparison.Ordinal))
            .Where(e => XDocument.Load(e.Open()).Descendants(Main + "f").Any())
            .Select(e => e.FullName).ToList();
    }
}
