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
/// times, no creation date), so a re-run that changed nothing leaves an identical file.
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
    private readonly List<(string Name, string Filter)> sheets = [];
    private readonly Dictionary<string, int> formats = new(StringComparer.Ordinal);
    private bool finished;

    public XlsxWorkbook(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true, Encoding.UTF8);
    }

    /// <summary>The sheets' names as written (valid and unique, see <see cref="XlsxSheetNames"/>).</summary>
    public IReadOnlyList<string> SheetNames => sheets.Select(s => s.Name).ToList();

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
            sheets.Add((sheetName, headers.Count > 0 ? filter : ""));
        }
        return written;
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
                    WriteNumber(xml, reference, serial, format ?? DefaultFormat(value));
                    break;
                // The shortest text that reads back to the same number (Excel keeps 15 digits of it).
                case var numeric when InvariantNumber.IsNumber(numeric) && !SpreadsheetText.IsText(numeric):
                    WriteNumber(xml, reference, InvariantNumber.Text(numeric)!, format);
                    break;
                default:
                    // NaN and infinities (no such number in a sheet), dates before 1 March 1900, anything else: text.
                    WriteText(xml, reference, SpreadsheetText.Neutralise(InvariantNumber.Text(value) ?? DateText(value) ?? System.Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""), style: 0);
                    break;
            }
        }
        xml.WriteEndElement();
    }

    private void WriteNumber(XmlWriter xml, string reference, string value, string? format)
    {
        xml.WriteStartElement("c", Main);
        xml.WriteAttributeString("r", reference);
        if (format is not null)
            xml.WriteAttributeString("s", Number(Style(format)));
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

    /// <summary>The cellXfs index of a number format: 0 is General, 1 the bold header, then one per format in order of first use.</summary>
    private int Style(string format)
    {
        if (!formats.TryGetValue(format, out var index))
        {
            index = formats.Count + 2;
            formats.Add(format, index);
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
        // Excel keeps each sheet's filter range under this hidden name.
        if (sheets.Any(s => s.Filter.Length > 0))
        {
            xml.WriteStartElement("definedNames", Main);
            for (var i = 0; i < sheets.Count; i++)
            {
                if (sheets[i].Filter.Length == 0) continue;
                var parts = sheets[i].Filter.Split(':');
                xml.WriteStartElement("definedName", Main);
                xml.WriteAttributeString("name", "_xlnm._FilterDatabase");
                xml.WriteAttributeString("localSheetId", Number(i));
                xml.WriteAttributeString("hidden", "1");
                xml.WriteString($"'{sheets[i].Name.Replace("'", "''", StringComparison.Ordinal)}'!{Absolute(parts[0])}:{Absolute(parts[1])}");
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    });

    private void WriteStyles() => Part("xl/styles.xml", xml =>
    {
        xml.WriteStartElement("styleSheet", Main);
        if (formats.Count > 0)
        {
            xml.WriteStartElement("numFmts", Main);
            xml.WriteAttributeString("count", Number(formats.Count));
            foreach (var (code, index) in formats)
            {
                xml.WriteStartElement("numFmt", Main);
                xml.WriteAttributeString("numFmtId", Number(NumberFormatId(index)));
                xml.WriteAttributeString("formatCode", code);
                xml.WriteEndElement();
            }
            xml.WriteEndElement();
        }
        xml.WriteStartElement("fonts", Main);
        xml.WriteAttributeString("count", "2");
        Font(xml, bold: false);
        Font(xml, bold: true);
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
        xml.WriteAttributeString("count", "1");
        xml.WriteStartElement("border", Main);
        foreach (var side in new[] { "left", "right", "top", "bottom", "diagonal" })
            xml.WriteElementString(side, Main, null);
        xml.WriteEndElement();
        xml.WriteEndElement();
        xml.WriteStartElement("cellStyleXfs", Main);
        xml.WriteAttributeString("count", "1");
        Xf(xml, numFmtId: 0, fontId: 0, inCellXfs: false);
        xml.WriteEndElement();
        xml.WriteStartElement("cellXfs", Main);
        xml.WriteAttributeString("count", Number(formats.Count + 2));
        Xf(xml, numFmtId: 0, fontId: 0, inCellXfs: true);
        Xf(xml, numFmtId: 0, fontId: 1, inCellXfs: true);
        foreach (var (_, index) in formats)
            Xf(xml, NumberFormatId(index), fontId: 0, inCellXfs: true);
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

    // Custom number formats are numbered from 164 on; below that Excel has its built-in ones.
    private static int NumberFormatId(int styleIndex) => 164 + styleIndex - 2;

    private static void Font(XmlWriter xml, bool bold)
    {
        xml.WriteStartElement("font", Main);
        if (bold) xml.WriteElementString("b", Main, null);
        xml.WriteStartElement("sz", Main);
        xml.WriteAttributeString("val", "11");
        xml.WriteEndElement();
        xml.WriteStartElement("name", Main);
        xml.WriteAttributeString("val", "Calibri");
        xml.WriteEndElement();
        xml.WriteStartElement("family", Main);
        xml.WriteAttributeString("val", "2");
        xml.WriteEndElement();
        xml.WriteEndElement();
    }

    private static void Xf(XmlWriter xml, int numFmtId, int fontId, bool inCellXfs)
    {
        xml.WriteStartElement("xf", Main);
        xml.WriteAttributeString("numFmtId", Number(numFmtId));
        xml.WriteAttributeString("fontId", Number(fontId));
        xml.WriteAttributeString("fillId", "0");
        xml.WriteAttributeString("borderId", "0");
        if (inCellXfs)
        {
            xml.WriteAttributeString("xfId", "0");
            if (numFmtId != 0) xml.WriteAttributeString("applyNumberFormat", "1");
            if (fontId != 0) xml.WriteAttributeString("applyFont", "1");
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
