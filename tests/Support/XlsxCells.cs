using System.Globalization;
using System.IO.Compression;
using System.Xml.Linq;

namespace DiSu.Analytics.Tests.Support;

/// <summary>One cell as stored in the workbook: its type attribute, raw text and number format code.</summary>
public sealed record StoredCell(string Reference, string? Type, string Text, string Format)
{
    /// <summary>The stored number, for a numeric cell (no type attribute).</summary>
    public double Number => Type is null ? double.Parse(Text, CultureInfo.InvariantCulture) : throw new InvalidOperationException($"{Reference} is not a number but '{Type}': {Text}");

    public string Column => new(Reference.TakeWhile(char.IsAsciiLetter).ToArray());

    public int Row => int.Parse(Reference.AsSpan(Column.Length), CultureInfo.InvariantCulture);
}

/// <summary>A sheet's cells by reference, with the header row's text per column.</summary>
public sealed record StoredSheet(string Name, IReadOnlyList<StoredCell> Cells)
{
    public StoredCell Cell(string reference) => Cells.Single(c => c.Reference == reference);

    public IReadOnlyDictionary<string, string> Headers => Cells.Where(c => c.Row == 1).ToDictionary(c => c.Column, c => c.Text);

    /// <summary>The cells below the header in the column headed <paramref name="header"/>.</summary>
    public IReadOnlyList<StoredCell> Column(string header)
    {
        var column = Headers.Single(h => h.Value == header).Key;
        return Cells.Where(c => c.Row > 1 && c.Column == column).ToList();
    }
}

/// <summary>
/// Reads what an XLSX file stores, below what a reading library makes of it: the cell types, the
/// raw numbers and each cell's number format code, so tests can check formats and units.
/// </summary>
public static class XlsxCells
{
    private static readonly XNamespace Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static readonly XNamespace Rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private static readonly XNamespace PackageRel = "http://schemas.openxmlformats.org/package/2006/relationships";

    // Excel's built-in formats the tests meet; our writer declares its own from 164 on.
    private static readonly Dictionary<int, string> BuiltIn = new() { [0] = "General", [1] = "0", [2] = "0.00", [3] = "#,##0", [4] = "#,##0.00", [9] = "0%", [10] = "0.00%", [14] = "m/d/yyyy" };

    public static IReadOnlyList<StoredSheet> Read(string path)
    {
        using var zip = ZipFile.OpenRead(path);
        XDocument Load(string name) => XDocument.Load(zip.GetEntry(name)!.Open());
        var styles = Load("xl/styles.xml").Root!;
        var codes = styles.Element(Main + "numFmts")?.Elements(Main + "numFmt")
            .ToDictionary(f => (int)f.Attribute("numFmtId")!, f => (string)f.Attribute("formatCode")!) ?? [];
        var formats = styles.Element(Main + "cellXfs")!.Elements(Main + "xf")
            .Select(xf => (int)xf.Attribute("numFmtId")!)
            .Select(id => codes.TryGetValue(id, out var code) ? code : BuiltIn.GetValueOrDefault(id, "#" + id.ToString(CultureInfo.InvariantCulture)))
            .ToList();
        var targets = Load("xl/_rels/workbook.xml.rels").Root!.Elements(PackageRel + "Relationship")
            .ToDictionary(r => (string)r.Attribute("Id")!, r => (string)r.Attribute("Target")!);
        return Load("xl/workbook.xml").Root!.Element(Main + "sheets")!.Elements(Main + "sheet").Select(sheet =>
        {
            var part = "xl/" + targets[(string)sheet.Attribute(Rel + "id")!].TrimStart('/').Replace("xl/", "", StringComparison.Ordinal);
            var cells = Load(part).Descendants(Main + "c").Select(c => new StoredCell(
                (string)c.Attribute("r")!,
                (string?)c.Attribute("t"),
                (string?)c.Element(Main + "v") ?? string.Concat(c.Descendants(Main + "t").Select(t => t.Value)),
                formats[(int?)c.Attribute("s") ?? 0])).ToList();
            return new StoredSheet((string)sheet.Attribute("name")!, cells);
        }).ToList();
    }
}
