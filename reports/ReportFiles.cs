using System.Globalization;
using System.Text;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Reports.Layout;

namespace DiSu.Analytics.Reports;

public enum ReportFormat
{
    Pdf,
    Xlsx,
    Csv,
}

/// <summary>Writes a report as PDF, XLSX (one sheet per table plus the provenance) or CSV (one file per table).</summary>
public static class ReportFiles
{
    public const string ProvenanceSheet = "Nguồn số liệu";

    public static ReportFormat ParseFormat(string text) => text.Trim().ToLowerInvariant() switch
    {
        "pdf" => ReportFormat.Pdf,
        "xlsx" => ReportFormat.Xlsx,
        "csv" => ReportFormat.Csv,
        _ => throw new ArgumentException($"Unknown report format '{text}': use pdf, xlsx or csv."),
    };

    /// <summary>Writes the report into <paramref name="folder"/> and returns the files written.</summary>
    public static IReadOnlyList<string> Write(IReport report, ReportFormat format, string folder)
    {
        Directory.CreateDirectory(folder);
        var stem = Path.Combine(folder, report.FileStem);
        switch (format)
        {
            case ReportFormat.Pdf:
                WriteAtomically(stem + ".pdf", stream => PdfWriter.Write(stream, report.Info, report.Page, report.Decoration, report.Compose()));
                return [stem + ".pdf"];
            case ReportFormat.Xlsx:
                WriteAtomically(stem + ".xlsx", stream => WriteXlsx(stream, report));
                return [stem + ".xlsx"];
            default:
                return WriteCsv(report, stem);
        }
    }

    /// <summary>
    /// A report that lays out its own workbook (<see cref="IWorkbookReport"/>, the official forms)
    /// writes it; any other gets one sheet per table, then the provenance. Cells are numbers with formats by their kind
    /// (<see cref="SheetKind"/>): counts <c>#,##0</c>, years <c>0</c>, decimals <c>#,##0.00##</c>,
    /// rates as the fraction under <c>0.00%</c> (one rate unit in the whole workbook), yes/no as
    /// "Có"/"Không"; sheet names as the report gives them, in Vietnamese, made valid for Excel.
    /// </summary>
    private static void WriteXlsx(Stream stream, IReport report)
    {
        if (report is IWorkbookReport laidOut)
        {
            laidOut.WriteXlsx(stream);
            return;
        }
        using var book = new XlsxWorkbook(stream);
        foreach (var sheet in report.Sheets)
        {
            var kinds = sheet.ColumnKinds();
            book.AddSheet(sheet.Name, sheet.Headers, sheet.Rows.Select(row => (IReadOnlyList<XlsxCell>)row.Select((cell, c) =>
                XlsxCellOf(cell, DataSheet.KindOf(cell, c < kinds.Count ? kinds[c] : SheetKind.Text))).ToList()));
        }
        book.AddSheet(ProvenanceSheet, ["Mục", "Giá trị"], ProvenanceFields(report).Select(f => (IReadOnlyList<XlsxCell>)[new XlsxCell(f.Key), new XlsxCell(f.Value)]));
    }

    /// <summary>A sheet cell as XLSX stores it, by its kind.</summary>
    public static XlsxCell XlsxCellOf(object? cell, SheetKind kind)
    {
        var value = DataSheet.Unwrap(cell);
        return value switch
        {
            null => new XlsxCell(null),
            bool b => new XlsxCell(b ? "Có" : "Không"),
            string text => new XlsxCell(text),
            // A rate is held in percent; Excel's percentage format shows the fraction times 100.
            double d when kind == SheetKind.Rate => new XlsxCell(d / 100, XlsxFormats.Percent),
            _ when kind == SheetKind.Rate && InvariantNumber.IsNumber(value) => new XlsxCell(double.Parse(InvariantNumber.Text(value)!, CultureInfo.InvariantCulture) / 100, XlsxFormats.Percent),
            _ => new XlsxCell(value, kind switch
            {
                SheetKind.Count => XlsxFormats.Count,
                SheetKind.Integer => XlsxFormats.Integer,
                SheetKind.Decimal => XlsxFormats.Decimal,
                SheetKind.Date => value is DateTime { TimeOfDay.Ticks: > 0 } or DateTimeOffset ? XlsxFormats.DateTime : XlsxFormats.Date,
                _ => null,
            }),
        };
    }

    private static IEnumerable<(string Key, string Value)> ProvenanceFields(IReport report) =>
        report.Provenance.Fields().Prepend(("Tài liệu (document)", report.Info.Title));

    /// <summary>
    /// CSV is for tools: UTF-8 with BOM, comma-separated, invariant numbers at full precision
    /// (0.43680838672102507, not 0,44; rates in percent, as the headers say), yes/no as "Có"/"Không",
    /// RFC 4180 quoting, text formula-safe (group names come from input files), the provenance as
    /// a file of its own. File names are ASCII: the sheet's name without diacritics.
    /// </summary>
    private static List<string> WriteCsv(IReport report, string stem)
    {
        var files = new List<string>();
        foreach (var sheet in report.Sheets)
        {
            var path = report.Sheets.Count == 1 ? stem + ".csv" : $"{stem}-{FileSlug(sheet.Name)}.csv";
            WriteAtomically(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
                writer.Write(string.Join(',', sheet.Headers.Select(SpreadsheetText.CsvField)) + "\r\n");
                foreach (var row in sheet.Rows)
                    writer.Write(string.Join(',', row.Select(c => SpreadsheetText.CsvField(DataSheet.Unwrap(c), DataSheet.Text(c)))) + "\r\n");
            });
            files.Add(path);
        }
        var provenance = stem + "-provenance.csv";
        WriteAtomically(provenance, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(true), leaveOpen: true);
            writer.Write("field,value\r\n");
            foreach (var (key, value) in ProvenanceFields(report))
                writer.Write($"{SpreadsheetText.CsvField(key)},{SpreadsheetText.CsvField(value)}\r\n");
        });
        files.Add(provenance);
        return files;
    }

    /// <summary>"Tổ dân phố" → "To-dan-pho": a file name any tool and zip reader takes.</summary>
    public static string FileSlug(string name)
    {
        var text = new StringBuilder();
        foreach (var c in name.Replace('đ', 'd').Replace('Đ', 'D').Normalize(NormalizationForm.FormD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark) continue;
            text.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        }
        var slug = string.Join('-', text.ToString().Split('-', StringSplitOptions.RemoveEmptyEntries));
        return slug.Length == 0 ? "sheet" : slug;
    }

    /// <summary>A reader never sees half a file: write beside it, then rename over it.</summary>
    private static void WriteAtomically(string path, Action<Stream> write)
    {
        var temp = path + ".part";
        try
        {
            using (var stream = File.Create(temp))
                write(stream);
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp))
                File.Delete(temp);
        }
    }
}
