using System.Text;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Reports.Layout;
using MiniExcelLibs;

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

    private static void WriteXlsx(Stream stream, IReport report)
    {
        var sheets = new Dictionary<string, object>();
        foreach (var sheet in report.Sheets)
            sheets[SheetName(sheet.Name)] = sheet.Rows.Select(row => Record(sheet.Headers, row)).ToList();
        sheets[ProvenanceSheet] = report.Provenance.Fields()
            .Prepend(("Tài liệu (document)", report.Info.Title))
            .Select(f => new Dictionary<string, object?> { ["Mục"] = SpreadsheetText.Neutralise(f.Item1), ["Giá trị"] = SpreadsheetText.Neutralise(f.Item2) })
            .ToList();
        stream.SaveAs(sheets);
    }

    private static Dictionary<string, object?> Record(IReadOnlyList<string> headers, IReadOnlyList<object?> row)
    {
        var record = new Dictionary<string, object?>(headers.Count);
        for (var i = 0; i < headers.Count; i++)
            record[SpreadsheetText.Neutralise(headers[i])] = SpreadsheetText.XlsxCell(row[i]);
        return record;
    }

    /// <summary>
    /// CSV is for tools: UTF-8 with BOM, comma-separated, invariant numbers at full precision
    /// (0.4368 not 0,44), RFC 4180 quoting, text formula-safe (group names come from input files),
    /// the provenance as a leading comment-free sheet of its own.
    /// </summary>
    private static List<string> WriteCsv(IReport report, string stem)
    {
        var files = new List<string>();
        foreach (var sheet in report.Sheets)
        {
            var path = report.Sheets.Count == 1 ? stem + ".csv" : $"{stem}-{sheet.Name.Replace(' ', '-')}.csv";
            WriteAtomically(path, stream =>
            {
                using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
                writer.Write(string.Join(',', sheet.Headers.Select(SpreadsheetText.CsvField)) + "\r\n");
                foreach (var row in sheet.Rows)
                    writer.Write(string.Join(',', row.Select(c => SpreadsheetText.CsvField(c, DataSheet.Invariant(c)))) + "\r\n");
            });
            files.Add(path);
        }
        var provenance = stem + "-provenance.csv";
        WriteAtomically(provenance, stream =>
        {
            using var writer = new StreamWriter(stream, new UTF8Encoding(true), leaveOpen: true);
            writer.Write("field,value\r\n");
            foreach (var (key, value) in report.Provenance.Fields().Prepend(("Tài liệu (document)", report.Info.Title)))
                writer.Write($"{SpreadsheetText.CsvField(key)},{SpreadsheetText.CsvField(value)}\r\n");
        });
        files.Add(provenance);
        return files;
    }

    /// <summary>Excel allows 31 characters and none of []:*?/\ in a sheet name.</summary>
    private static string SheetName(string name)
    {
        var clean = new string(name.Select(c => "[]:*?/\\".Contains(c, StringComparison.Ordinal) ? '-' : c).ToArray());
        return clean.Length <= 31 ? clean : clean[..31];
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
