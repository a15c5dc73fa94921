using System.Collections.Concurrent;
using System.Globalization;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Commands;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Output;

/// <summary>
/// An officer's query as one XLSX sheet, streamed: the runner hands rows over as they come and the
/// workbook writes them, a bounded queue between the two so that a million rows never wait in memory.
/// </summary>
internal static class XlsxSheet
{
    public static (long Rows, Message? Problem) Write(DuckDBConnection connection, string sql, Stream stream)
    {
        using var rows = new BlockingCollection<IReadOnlyList<XlsxCell>>(boundedCapacity: 1024);
        using var stop = new CancellationTokenSource();
        var columns = new TaskCompletionSource<IReadOnlyList<QueryColumn>?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var producer = Task.Run(() =>
        {
            try
            {
                return OfficerSql.Run(connection, sql, new Sink(columns, rows, stop.Token), ct: stop.Token);
            }
            finally
            {
                columns.TrySetResult(null);
                rows.CompleteAdding();
            }
        });
        long written = 0;
        try
        {
            if (columns.Task.GetAwaiter().GetResult() is { } heads)
            {
                using var book = new XlsxWorkbook(stream);
                written = book.AddSheet("Kết quả", heads.Select(c => c.Name).ToList(), rows.GetConsumingEnumerable());
            }
        }
        catch
        {
            // The writer failed: stop the query rather than leave it blocked on a full queue.
            stop.Cancel();
            producer.Wait(TimeSpan.FromSeconds(30));
            throw;
        }
        var problem = producer.GetAwaiter().GetResult();
        return (problem is null ? written : 0, problem);
    }

    /// <summary>
    /// A canonical value as a cell: numbers as numeric cells (whole numbers under format <c>0</c>, so
    /// a year stays 2024; others in General, the full double stored), DATE and TIMESTAMP columns as
    /// dates, booleans as TRUE/FALSE, lists, structs and blobs as the text CSV gives them.
    /// </summary>
    internal static XlsxCell Cell(object? value, QueryColumn column) => value switch
    {
        null => new XlsxCell(null),
        double or float or decimal => new XlsxCell(value),
        _ when InvariantNumber.IsNumber(value) => new XlsxCell(value, XlsxFormats.Integer),
        bool => new XlsxCell(value),
        string text when ResultValues.IsNumberType(column.Type) => new XlsxCell(double.Parse(text, CultureInfo.InvariantCulture)),
        string text when column.Type == "DATE" => new XlsxCell(DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture)),
        string text when column.Type is "TIMESTAMP" or "TIMESTAMP_S" or "TIMESTAMP_MS" or "TIMESTAMP_NS" or "DATETIME" or "TIMESTAMP WITH TIME ZONE" or "TIMESTAMPTZ"
            => new XlsxCell(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal)),
        string text when column.Type == "TIME" => new XlsxCell(TimeOnly.Parse(text, CultureInfo.InvariantCulture)),
        string => new XlsxCell(value),
        _ => new XlsxCell(ResultValues.Text(value)),
    };

    private sealed class Sink(TaskCompletionSource<IReadOnlyList<QueryColumn>?> columns, BlockingCollection<IReadOnlyList<XlsxCell>> rows, CancellationToken stop) : IQuerySink
    {
        private IReadOnlyList<QueryColumn> heads = [];

        public void Columns(IReadOnlyList<QueryColumn> columns1)
        {
            heads = columns1;
            columns.TrySetResult(columns1);
        }

        public void Row(object?[] values) => rows.Add(values.Select((v, i) => Cell(v, heads[i])).ToArray(), stop);
    }
}
