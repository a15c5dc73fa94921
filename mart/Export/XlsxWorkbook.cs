using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;

namespace DiSu.Analytics.Mart.Export;

/// <summary>A cell to write: its value and, for a number or date, its Excel number format (null: General).</summary>
public readonly record struct XlsxCell(object? Value, string? Format = null);

/// <summary>Excel number format codes the product uses; Excel shows them in the reader's own locale (0,44% in vi-VN).</summary>
public static class XlsxFormats
{
    /// <summary>Counts of households, amounts: whole, with thousands separators.</summary>
    public const string Count = "#,##0";

    /// <summary>Years, ranks, codes: whole, no separators (2024, not 2.024).</summary>
    public const string Integer = "0";

    /// <summary>Expected counts, indices: at least two decimals, up to four.</summary>
    public const string Decimal = "#,##0.00##";

    /// <summary>Rates: the fraction stored, shown as a percentage with two decimals.</summary>
    public const string Percent = "0.00%";

    public const string Date = "dd/mm/yyyy";

    public const string DateTime = "dd/mm/yyyy hh:mm:ss";

    public const string Time = "hh:mm:ss";
}

/// <summary>
/// Writes an XLSX workbook sheet by sheet, rows streamed as they come. Our own small writer, not
/// MiniExcel's: MiniExcel 1.x gives a number format per column only (<c>DynamicExcelColumn.Format</c>),
/// and a report's key–value sheet holds counts, rates and years in one column. Every number is a
/// numeric cell with its own format; text cells get the formula guard of <see cref="SpreadsheetText"/>;
/// the header row is bold, frozen and filtered. The same sheets give the same bytes (fixed entry
/// times, no creation date), so a re-run that changed nothing leaves an identical file. A sheet laid
/// out like a printed form (<see cref="XlsxLayoutSheet"/>) goes in beside them and shares their styles.
/// </summary>
public sealed class XlsxWorkbook : IDisposable
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
    private const int MaxCellText = 32_767;
    private const int WidthSample = 200;

    // Zip entries carry a time; a fixed one keeps the file the same from run to run.
    private static readonly DateTimeOffset EntryTime = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTime ExcelEpoch = new(1899, 12, 30);
    private static readonly DateTime FirstSerialDate = new(1900, 3, 1);

    private readonly ZipArchive zip;
    private readonly XlsxSheetNames names = new();
    private readonly List<Sheet> sheets = [];

    // The cellXfs table: 0 is General, 1 the bold header, then each style in order of first use.
    private readonly List<XlsxStyle> styles = [XlsxStyle.Plain, HeaderStyle];
    private readonly Dictionary<XlsxStyle, int> styleIndex = new() { [XlsxStyle.Plain] = 0, [HeaderStyle] = 1 };
    private static readonly XlsxStyle HeaderStyle = new() { Bold = true };
    private bool finished;

    public XlsxWorkbook(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
    }

    /// <summary>The sheets' names as written (valid and unique, see <see cref="XlsxSheetNames"/>).</summary>
    public IReadOnlyList<string> SheetNames => sheets.Select(s => s.Name).ToList();

    /// <summary>A sheet's name, its filter range, and what it prints (defined names of workbook.xml).</summary>
    private sealed record Sheet(string Name, string Filter, XlsxRange? PrintArea = null, (int First, int Last)? PrintTitleRows = null);

    /// <summary>Adds a sheet: a bold header row, then one row per item of <paramref name="rows"/>. Returns the rows written.</summary>
    public long AddSheet(string name, IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<XlsxCell>> rows)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        var sheetName = names.Next(name);
        var index = sheets.Count + 1;

        // Column widths come before the rows in the file: measure the first rows, then stream on.
        using var source = rows.GetEnumerator();
        var sample = new List<IReadOnlyList<XlsxCell>>();
        while (sample.Count < WidthSample && source.MoveNext())
            sample.Add(source.Current);
        var widths = Widths(headers, sample);

        var entry = zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        long written = 0;
        using (var xml = Xml(entry.Open()))
        {
            xml.WriteStartElement("worksheet", Main);
            xml.WriteAttributeString("xmlns", "r", null, Relationships);
            xml.WriteStartElement("sheetViews", Main);
            xml.WriteStartElement("sheetView", Main);
            xml.WriteAttributeString("workbookViewId", "0");
            xml.WriteStartElement("pane", Main);
            xml.WriteAttributeString("ySplit", "1");
            xml.WriteAttributeString("topLeftCell", "A2");
            xml.WriteAttributeString("activePane", "bottomLeft");
            xml.WriteAttributeString("state", "frozen");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteEndElement();
            if (widths.Count > 0)
            {
                xml.WriteStartElement("cols", Main);
                for (var c = 0; c < widths.Count; c++)
                {
                    xml.WriteStartElement("col", Main);
                    xml.WriteAttributeString("min", Number(c + 1));
                    xml.WriteAttributeString("max", Number(c + 1));
                    xml.WriteAttributeString("width", widths[c].ToString("0.##", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("customWidth", "1");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteStartElement("sheetData", Main);
            WriteRow(xml, 1, headers.Select(h => new XlsxCell(h)).ToList(), header: true);
            foreach (var row in sample)
                WriteRow(xml, ++written + 1, row, header: false);
            while (source.MoveNext())
                WriteRow(xml, ++written + 1, source.Current, header: false);
            xml.WriteEndElement();
            var columns = Math.Max(headers.Count, 1);
            var filter = $"A1:{Column(columns - 1)}{written + 1}";
            if (headers.Count > 0)
            {
                xml.WriteStartElement("autoFilter", Main);
                xml.WriteAttributeString("ref", filter);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            sheets.Add(new Sheet(sheetName, headers.Count > 0 ? filter : ""));
        }
        return written;
    }

    /// <summary>
    /// Adds a sheet laid out cell by cell (a printed form): its cells with their styles, merged
    /// ranges, column widths, row heights, the page setup (A4, fitted to one page wide) and the print
    /// area and title rows. Returns the sheet's name as written.
    /// </summary>
    public string AddSheet(XlsxLayoutSheet layout)
    {
        ObjectDisposedException.ThrowIf(finished, this);
        ArgumentNullException.ThrowIfNull(layout);
        var sheetName = names.Next(layout.Name);
        var index = sheets.Count + 1;
        var entry = zip.CreateEntry($"xl/worksheets/sheet{index}.xml", CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using (var xml = Xml(entry.Open()))
        {
            xml.WriteStartElement("worksheet", Main);
            xml.WriteAttributeString("xmlns", "r", null, Relationships);
            // Fit to page: with fitToWidth 1 and fitToHeight 0 below, as many pages long as it needs, one wide.
            xml.WriteStartElement("sheetPr", Main);
            xml.WriteStartElement("pageSetUpPr", Main);
            xml.WriteAttributeString("fitToPage", "1");
            xml.WriteEndElement();
            xml.WriteEndElement();
            xml.WriteStartElement("sheetViews", Main);
            xml.WriteStartElement("sheetView", Main);
            xml.WriteAttributeString("workbookViewId", "0");
            xml.WriteEndElement();
            xml.WriteEndElement();
            if (layout.Widths.Count > 0)
            {
                xml.WriteStartElement("cols", Main);
                foreach (var (column, width) in layout.Widths)
                {
                    xml.WriteStartElement("col", Main);
                    xml.WriteAttributeString("min", Number(column));
                    xml.WriteAttributeString("max", Number(column));
                    xml.WriteAttributeString("width", width.ToString("0.##", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("customWidth", "1");
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteStartElement("sheetData", Main);
            var byRow = layout.Cells.GroupBy(c => c.Key.Row).ToDictionary(g => g.Key, g => g.ToList());
            foreach (var row in byRow.Keys.Union(layout.Heights.Keys).Order())
            {
                xml.WriteStartElement("row", Main);
                xml.WriteAttributeString("r", Number(row));
                if (layout.Heights.TryGetValue(row, out var height))
                {
                    xml.WriteAttributeString("ht", height.ToString("0.##", CultureInfo.InvariantCulture));
                    xml.WriteAttributeString("customHeight", "1");
                }
                foreach (var ((r, c), (value, style)) in byRow.GetValueOrDefault(row) ?? [])
                    WriteLayoutCell(xml, XlsxLayoutSheet.Reference(r, c), value, style);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
            if (layout.Merges.Count > 0)
            {
                xml.WriteStartElement("mergeCells", Main);
                xml.WriteAttributeString("count", Number(layout.Merges.Count));
                foreach (var range in layout.Merges)
                {
                    xml.WriteStartElement("mergeCell", Main);
                    xml.WriteAttributeString("ref", range.ToString());
                    xml.WriteEndElement();
                }
                xml.WriteEndElement();
            }
            xml.WriteStartElement("printOptions", Main);
            xml.WriteAttributeString("horizontalCentered", "1");
            xml.WriteEndElement();
            xml.WriteStartElement("pageMargins", Main);
            foreach (var (side, inches) in new[] { ("left", "0.4"), ("right", "0.4"), ("top", "0.6"), ("bottom", "0.6"), ("header", "0.3"), ("footer", "0.3") })
                xml.WriteAttributeString(side, inches);
            xml.WriteEndElement();
            // paperSize 9 is A4.
            xml.WriteStartElement("pageSetup", Main);
            xml.WriteAttributeString("paperSize", "9");
            xml.WriteAttributeString("orientation", layout.Landscape ? "landscape" : "portrait");
            xml.WriteAttributeString("fitToWidth", "1");
            xml.WriteAttributeString("fitToHeight", "0");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        sheets.Add(new Sheet(sheetName, "", layout.PrintArea, layout.PrintTitleRows));
        return sheetName;
    }

    /// <summary>Writes the workbook's parts; the sheets are complete after this.</summary>
    public void Dispose()
    {
        if (finished) return;
        try
        {
            // A workbook needs at least one sheet.
            if (sheets.Count == 0)
                AddSheet("Trang", [], []);
            finished = true;
            WriteWorkbook();
            WriteStyles();
            Part("xl/_rels/workbook.xml.rels", xml =>
            {
                const string Ns = "http://schemas.openxmlformats.org/package/2006/relationships";
                xml.WriteStartElement("Relationships", Ns);
                for (var i = 1; i <= sheets.Count; i++)
                    Relationship(xml, Ns, $"rId{i}", Relationships + "/worksheet", $"worksheets/sheet{i}.xml");
                Relationship(xml, Ns, $"rId{sheets.Count + 1}", Relationships + "/styles", "styles.xml");
                xml.WriteEndElement();
            });
            Part("_rels/.rels", xml =>
            {
                const string Ns = "http://schemas.openxmlformats.org/package/2006/relationships";
                xml.WriteStartElement("Relationships", Ns);
                Relationship(xml, Ns, "rId1", Relationships + "/officeDocument", "xl/workbook.xml");
                xml.WriteEndElement();
            });
            Part("[Content_Types].xml", xml =>
            {
                const string Ns = "http://schemas.openxmlformats.org/package/2006/content-types";
                xml.WriteStartElement("Types", Ns);
                Default(xml, Ns, "rels", "application/vnd.openxmlformats-package.relationships+xml");
                Default(xml, Ns, "xml", "application/xml");
                Override(xml, Ns, "/xl/workbook.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml");
                for (var i = 1; i <= sheets.Count; i++)
                    Override(xml, Ns, $"/xl/worksheets/sheet{i}.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml");
                Override(xml, Ns, "/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml");
                xml.WriteEndElement();
            });
        }
        finally
        {
            finished = true;
            zip.Dispose();
        }
    }

    private void WriteRow(XmlWriter xml, long number, IReadOnlyList<XlsxCell> cells, bool header)
    {
        xml.WriteStartElement("row", Main);
        xml.WriteAttributeString("r", Number(number));
        for (var c = 0; c < cells.Count; c++)
        {
            var (value, format) = cells[c];
            if (value is null or DBNull) continue;
            var reference = Column(c) + Number(number);
            if (header)
            {
                WriteText(xml, reference, SpreadsheetText.Neutralise(value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), style: 1);
                continue;
            }
            switch (value)
            {
                case bool b:
                    xml.WriteStartElement("c", Main);
                    xml.WriteAttributeString("r", reference);
                    xml.WriteAttributeString("t", "b");
                    xml.WriteElementString("v", Main, b ? "1" : "0");
                    xml.WriteEndElement();
                    break;
                case string text:
                    WriteText(xml, reference, SpreadsheetText.Neutralise(text), style: 0);
                    break;
                case DateTime or DateOnly or DateTimeOffset or TimeOnly or TimeSpan when Serial(value) is { } serial:
                    WriteNumber(xml, reference, serial, Style(format ?? DefaultFormat(value)));
                    break;
                // The shortest text that reads back to the same number (Excel keeps 15 digits of it).
                case var numeric when InvariantNumber.IsNumber(numeric) && !SpreadsheetText.IsText(numeric):
                    WriteNumber(xml, reference, InvariantNumber.Text(numeric)!, format is null ? 0 : Style(format));
                    break;
                default:
                    // NaN and infinities (no such number in a sheet), dates before 1 March 1900, anything else: text.
                    WriteText(xml, reference, SpreadsheetText.Neutralise(InvariantNumber.Text(value) ?? DateText(value) ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), style: 0);
                    break;
            }
        }
        xml.WriteEndElement();
    }

    /// <summary>A cell of a laid-out sheet: the same value rules as a row's, with the cell's own style (a blank keeps its border).</summary>
    private void WriteLayoutCell(XmlWriter xml, string reference, object? value, XlsxStyle style)
    {
        var index = Style(style);
        switch (value)
        {
            case null or DBNull:
                if (index == 0) break;
                xml.WriteStartElement("c", Main);
                xml.WriteAttributeString("r", reference);
                xml.WriteAttributeString("s", Number(index));
                xml.WriteEndElement();
                break;
            case bool b:
                WriteText(xml, reference, b ? "Có" : "Không", index);
                break;
            case string text:
                WriteText(xml, reference, SpreadsheetText.Neutralise(text), index);
                break;
            case DateTime or DateOnly or DateTimeOffset or TimeOnly or TimeSpan when Serial(value) is { } serial:
                WriteNumber(xml, reference, serial, Style(style with { Format = style.Format ?? DefaultFormat(value) }));
                break;
            case var numeric when InvariantNumber.IsNumber(numeric) && !SpreadsheetText.IsText(numeric):
                WriteNumber(xml, reference, InvariantNumber.Text(numeric)!, index);
                break;
            default:
                WriteText(xml, reference, SpreadsheetText.Neutralise(InvariantNumber.Text(value) ?? DateText(value) ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), index);
                break;
        }
    }

    private static void WriteNumber(XmlWriter xml, string reference, string value, int style)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", reference);
        if (style != 0)
            xml.WriteAttributeString("s", Number(style));
        xml.WriteElementString("v", Main, value);
        xml.WriteEndElement();
    }

    private static void WriteText(XmlWriter xml, string reference, string text, int style)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", reference);
        if (style != 0)
            xml.WriteAttributeString("s", Number(style));
        xml.WriteAttributeString("t", "inlineStr");
        xml.WriteStartElement("is", Main);
        xml.WriteStartElement("t", Main);
        var escaped = Escape(text.Length > MaxCellText ? text[..MaxCellText] : text);
        if (escaped.Length > 0 && (char.IsWhiteSpace(escaped[0]) || char.IsWhiteSpace(escaped[^1])))
            xml.WriteAttributeString("xml", "space", null, "preserve");
        xml.WriteString(escaped);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    /// <summary>The cellXfs index of a number format alone.</summary>
    private int Style(string format) => Style(new XlsxStyle { Format = format });

    /// <summary>The cellXfs index of a style: 0 is General, 1 the bold header, then one per style in order of first use.</summary>
    private int Style(XlsxStyle style)
    {
        if (!styleIndex.TryGetValue(style, out var index))
        {
            index = styles.Count;
            styles.Add(style);
            styleIndex.Add(style, index);
        }
        return index;
    }

    private void WriteWorkbook() => Part("xl/workbook.xml", xml =>
    {
        xml.WriteStartElement("workbook", Main);
        xml.WriteAttributeString("xmlns", "r", null, Relationships);
        xml.WriteStartElement("sheets", Main);
        for (var i = 0; i < sheets.Count; i++)
        {
            xml.WriteStartElement("sheet", Main);
            xml.WriteAttributeString("name", sheets[i].Name);
            xml.WriteAttributeString("sheetId", Number(i + 1));
            xml.WriteAttributeString("id", Relationships, $"rId{i + 1}");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        // Excel keeps each sheet's filter range, print area and printed title rows under these names.
        if (sheets.Any(s => s.Filter.Length > 0 || s.PrintArea is not null || s.PrintTitleRows is not null))
        {
            xml.WriteStartElement("definedNames", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                var quoted = $"'{sheets[i].Name.Replace("'", "''", StringComparison.Ordinal)}'!";
                if (sheets[i].Filter.Length > 0)
                {
                    var parts = sheets[i].Filter.Split(':');
                    DefinedName(xml, "_xlnm._FilterDatabase", i, $"{quoted}{Absolute(parts[0])}:{Absolute(parts[1])}", hidden: true);
                }
                if (sheets[i].PrintArea is { } area)
                    DefinedName(xml, "_xlnm.Print_Area", i,
                        $"{quoted}{Absolute(XlsxLayoutSheet.Reference(area.FirstRow, area.FirstColumn))}:{Absolute(XlsxLayoutSheet.Reference(area.LastRow, area.LastColumn))}", hidden: false);
                if (sheets[i].PrintTitleRows is { } titles)
                    DefinedName(xml, "_xlnm.Print_Titles", i, $"{quoted}${Number(titles.First)}:${Number(titles.Last)}", hidden: false);
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    });

    private static void DefinedName(XmlWriter xml, string name, int sheet, string value, bool hidden)
    {
        xml.WriteStartElement("definedName", Main);
        xml.WriteAttributeString("name", name);
        xml.WriteAttributeString("localSheetId", Number(sheet));
        if (hidden)
            xml.WriteAttributeString("hidden", "1");
        xml.WriteString(value);
        xml.WriteEndElement();
    }

    private void WriteStyles() => Part("xl/styles.xml", xml =>
    {
        // Custom number formats are numbered from 164 on (below that Excel has its built-in ones),
        // fonts and borders from the defaults on, each in order of first use.
        var formats = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var format in styles.Select(s => s.Format).OfType<string>())
            formats.TryAdd(format, 164 + formats.Count);
        var fonts = new Dictionary<(string?, double?, bool, bool), int> { [(null, null, false, false)] = 0, [(null, null, true, false)] = 1 };
        foreach (var style in styles)
            fonts.TryAdd(FontKey(style), fonts.Count);
        var bordered = styles.Any(s => s.Border);
        xml.WriteStartElement("styleSheet", Main);
        if (formats.Count > 0)
        {
            xml.WriteStartElement("numFmts", Main);
            xml.WriteAttributeString("count", Number(formats.Count));
            foreach (var (code, id) in formats)
            {
                xml.WriteStartElement("numFmt", Main);
                xml.WriteAttributeString("numFmtId", Number(id));
                xml.WriteAttributeString("formatCode", code);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteStartElement("fonts", Main);
        xml.WriteAttributeString("count", Number(fonts.Count));
        foreach (var (name, size, bold, italic) in fonts.Keys)
            Font(xml, name, size, bold, italic);
        xml.WriteEndElement();
        xml.WriteStartElement("fills", Main);
        xml.WriteAttributeString("count", "2");
        foreach (var pattern in new[] { "none", "gray125" })
        {
            xml.WriteStartElement("fill", Main);
            xml.WriteStartElement("patternFill", Main);
            xml.WriteAttributeString("patternType", pattern);
            xml.WriteEndElement();
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("borders", Main);
        xml.WriteAttributeString("count", bordered ? "2" : "1");
        xml.WriteStartElement("border", Main);
        foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" })
            xml.WriteElementString(side, Main, null);
        xml.WriteEndElement();
        if (bordered)
        {
            xml.WriteStartElement("border", Main);
            foreach (var side in new[] { "left", "right", "top", "bottom" })
            {
                xml.WriteStartElement(side, Main);
                xml.WriteAttributeString("style", "thin");
                xml.WriteStartElement("color", Main);
                xml.WriteAttributeString("indexed", "64");
                xml.WriteEndElement();
                xml.WriteEndElement();
            }
            xml.WriteElementString("diagonal", Main, null);
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
        xml.WriteStartElement("cellStyleXfs", Main);
        xml.WriteAttributeString("count", "1");
        Xf(xml, numFmtId: 0, fontId: 0, inCellXfs: false);
        xml.WriteEndElement();
        xml.WriteStartElement("cellXfs", Main);
        xml.WriteAttributeString("count", Number(styles.Count));
        foreach (var style in styles)
            Xf(xml, style.Format is { } code ? formats[code] : 0, fonts[FontKey(style)], inCellXfs: true, style);
        xml.WriteEndElement();
        xml.WriteStartElement("cellStyles", Main);
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("cellStyle", Main);
        xml.WriteAttributeString("name", "Normal");
        xml.WriteAttributeString("xfId", "0");
        xml.WriteAttributeString("builtinId", "0");
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteEndElement();
    });

    private static (string?, double?, bool, bool) FontKey(XlsxStyle style) => (style.Font, style.Size, style.Bold, style.Italic);

    private static void Font(XmlWriter xml, string? name, double? size, bool bold, bool italic)
    {
        xml.WriteStartElement("font", Main);
        if (bold) xml.WriteElementString("b", Main, null);
        if (italic) xml.WriteElementString("i", Main, null);
        xml.WriteStartElement("sz", Main);
        xml.WriteAttributeString("val", (size ?? 11).ToString("0.#", CultureInfo.InvariantCulture));
        xml.WriteEndElement();
        xml.WriteStartElement("name", Main);
        xml.WriteAttributeString("val", name ?? "Calibri");
        xml.WriteEndElement();
        // Font family 2 is sans-serif (Calibri); a named font leaves it to the reader's font table.
        if (name is null)
        {
            xml.WriteStartElement("family", Main);
            xml.WriteAttributeString("val", "2");
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static void Xf(XmlWriter xml, int numFmtId, int fontId, bool inCellXfs, XlsxStyle? style = null)
    {
        xml.WriteStartElement("xf", Main);
        xml.WriteAttributeString("numFmtId", Number(numFmtId));
        xml.WriteAttributeString("fontId", Number(fontId));
        xml.WriteAttributeString("fillId", "0");
        xml.WriteAttributeString("borderId", style is { Border: true } ? "1" : "0");
        if (inCellXfs)
        {
            xml.WriteAttributeString("xfId", "0");
            if (numFmtId != 0) xml.WriteAttributeString("applyNumberFormat", "1");
            if (fontId != 0) xml.WriteAttributeString("applyFont", "1");
            if (style is { Border: true }) xml.WriteAttributeString("applyBorder", "1");
            if (style is { HasAlignment: true })
            {
                xml.WriteAttributeString("applyAlignment", "1");
                xml.WriteStartElement("alignment", Main);
                if (style.Horizontal != XlsxAlign.General)
                    xml.WriteAttributeString("horizontal", style.Horizontal.ToString().ToLowerInvariant());
                if (style.Middle)
                    xml.WriteAttributeString("vertical", "center");
                if (style.Wrap)
                    xml.WriteAttributeString("wrapText", "1");
                xml.WriteEndElement();
            }
        }
        xml.WriteEndElement();
    }

    private void Part(string path, Action<XmlWriter> write)
    {
        var entry = zip.CreateEntry(path, CompressionLevel.Optimal);
        entry.LastWriteTime = EntryTime;
        using var xml = Xml(entry.Open());
        write(xml);
    }

    private static XmlWriter Xml(Stream stream) => XmlWriter.Create(stream, new XmlWriterSettings
    {
        Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false),
        CloseOutput = true,
    });

    private static void Relationship(XmlWriter xml, string ns, string id, string type, string target)
    {
        xml.WriteStartElement("Relationship", ns);
        xml.WriteAttributeString("Id", id);
        xml.WriteAttributeString("Type", type);
        xml.WriteAttributeString("Target", target);
        xml.WriteEndElement();
    }

    private static void Default(XmlWriter xml, string ns, string extension, string type)
    {
        xml.WriteStartElement("Default", ns);
        xml.WriteAttributeString("Extension", extension);
        xml.WriteAttributeString("ContentType", type);
        xml.WriteEndElement();
    }

    private static void Override(XmlWriter xml, string ns, string part, string type)
    {
        xml.WriteStartElement("Override", ns);
        xml.WriteAttributeString("PartName", part);
        xml.WriteAttributeString("ContentType", type);
        xml.WriteEndElement();
    }

    /// <summary>Dates and times as Excel's serial day numbers; null before 1 March 1900, where Excel's calendar is off by a day.</summary>
    private static string? Serial(object value)
    {
        double? days = value switch
        {
            DateTime t when t >= FirstSerialDate => (t - ExcelEpoch).TotalDays,
            DateOnly d when d.ToDateTime(TimeOnly.MinValue) >= FirstSerialDate => (d.ToDateTime(TimeOnly.MinValue) - ExcelEpoch).TotalDays,
            DateTimeOffset o when o.DateTime >= FirstSerialDate => (o.DateTime - ExcelEpoch).TotalDays,
            TimeOnly t => t.ToTimeSpan().TotalDays,
            TimeSpan s when s >= TimeSpan.Zero => s.TotalDays,
            _ => null,
        };
        return days is { } d2 ? InvariantNumber.Format(d2) : null;
    }

    private static string DefaultFormat(object value) => value switch
    {
        DateOnly => XlsxFormats.Date,
        DateTime t when t.TimeOfDay == TimeSpan.Zero => XlsxFormats.Date,
        TimeOnly or TimeSpan => XlsxFormats.Time,
        _ => XlsxFormats.DateTime,
    };

    /// <summary>A date or time a cell cannot hold as a date, spelled as query results spell it (one value format).</summary>
    private static string? DateText(object value) => value switch
    {
        DateTime or DateOnly or DateTimeOffset => Reading.ResultValues.Text(Reading.ResultValues.Convert(value)),
        _ => null,
    };

    /// <summary>
    /// Text as OOXML stores it: a character XML 1.0 cannot carry becomes <c>_xHHHH_</c>, and an
    /// underscore that would start such an escape is written <c>_x005F_</c>, so Excel shows the text as it was.
    /// </summary>
    internal static string Escape(string text)
    {
        StringBuilder? result = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            if (c == '_' && LooksEscaped(text, i))
                replacement = "_x005F_";
            else if (char.IsSurrogate(c))
            {
                if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    result?.Append(c).Append(text[i + 1]);
                    i++;
                    continue;
                }
                replacement = "\uFFFD";
            }
            else if (!XmlConvert.IsXmlChar(c))
                replacement = $"_x{(int)c:X4}_";
            if (replacement is not null)
            {
                result ??= new StringBuilder(text, 0, i, text.Length + 16);
                result.Append(replacement);
            }
            else
            {
                result?.Append(c);
            }
        }
        return result?.ToString() ?? text;
    }

    private static bool LooksEscaped(string text, int at) =>
        at + 6 < text.Length && text[at + 1] is 'x' or 'X' && text[at + 6] == '_' && !text.AsSpan(at + 2, 4).ContainsAnyExcept("0123456789abcdefABCDEF");

    private static List<double> Widths(IReadOnlyList<string> headers, List<IReadOnlyList<XlsxCell>> sample)
    {
        var columns = Math.Max(headers.Count, sample.Count == 0 ? 0 : sample.Max(r => r.Count));
        var widths = new List<double>(columns);
        for (var c = 0; c < columns; c++)
        {
            var longest = c < headers.Count ? (headers[c] ?? "").Length : 0;
            foreach (var row in sample)
            {
                if (c >= row.Count || row[c].Value is not { } value) continue;
                var length = value is string s ? s.Length : 12;
                longest = Math.Max(longest, length);
            }
            widths.Add(Math.Clamp(longest + 2, 8, 60));
        }
        return widths;
    }

    private static string Column(int index)
    {
        var name = "";
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
            name = (char)('A' + (n - 1) % 26) + name;
        return name;
    }

    private static string Absolute(string reference)
    {
        var split = reference.IndexOfAny("0123456789".ToCharArray());
        return "$" + reference[..split] + "$" + reference[split..];
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);
}
