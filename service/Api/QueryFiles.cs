using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Output;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Api;

/// <summary>How POST /api/query answers: the rows as JSON, or the same rows as a file.</summary>
public enum QueryFile { Json, Csv, Xlsx }

/// <summary>
/// A query's rows as a file to download (<c>POST /api/query?format=csv|xlsx</c>): exactly the rows the
/// JSON answer would hold, under the same row cap and size limit, written by the CLI's own CSV and
/// XLSX writers (<c>disu export csv|xlsx</c>), so a cell reads the same whichever way it came.
/// </summary>
public static class QueryFiles
{
    public const string CsvType = "text/csv; charset=utf-8";

    /// <summary>The format asked for; json when none; null when it is none of the three.</summary>
    public static QueryFile? Parse(string? format) => format?.Trim().ToLowerInvariant() switch
    {
        null or "" or "json" => QueryFile.Json,
        "csv" => QueryFile.Csv,
        "xlsx" => QueryFile.Xlsx,
        _ => null,
    };

    public static IResult Write(QueryResponse response, QueryFile file)
    {
        var columns = response.Columns.Select(c => new QueryColumn(c.Name, c.Type)).ToList();
        var rows = response.Rows.EnumerateArray().Select(row => row.EnumerateArray().Select(Value).ToArray());
        using var buffer = new MemoryStream();
        if (file == QueryFile.Xlsx)
        {
            using (var book = new XlsxWorkbook(buffer))
                book.AddSheet("Kết quả", columns.Select(c => c.Name).ToList(),
                    rows.Select(values => (IReadOnlyList<XlsxCell>)values.Select((v, i) => XlsxSheet.Cell(v, columns[i])).ToList()));
            return Results.File(buffer.ToArray(), ReportEndpoints.XlsxType, "ket-qua-truy-van.xlsx");
        }
        // With a byte order mark: Excel opens a CSV without one in the machine's code page, and Vietnamese letters break.
        using (var writer = new StreamWriter(buffer, new UTF8Encoding(true), leaveOpen: true))
        {
            var sink = ResultWriter.Sink(OutputFormat.Csv, writer, Spectre.Console.AnsiConsole.Console);
            sink.Columns(columns);
            foreach (var values in rows) sink.Row(values);
            sink.Finish();
        }
        return Results.File(buffer.ToArray(), CsvType, "ket-qua-truy-van.csv");
    }

    /// <summary>A JSON value of the answer as the writers' canonical value (whole numbers as long, other numbers as double, lists and structs as their JSON).</summary>
    private static object? Value(JsonElement value) => Web.WorkbenchView.Value(value);
}
