using System.Globalization;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>
/// Rejects for the CSV records the reader could not take whole, so that every file line ends
/// loaded or rejected: a too-long record (never given to DuckDB) is rejected with its size and
/// longest value, and each further line of a record that runs over several lines (a quote not
/// closed, most often) gets its own reject pointing at the row where the record starts.
/// </summary>
internal sealed class BrokenRecords(DuckDBConnection connection, string path, HeaderMap map, char delimiter)
{
    /// <summary>The limit as the reasons state it.</summary>
    public static readonly string Limit = string.Create(CultureInfo.InvariantCulture,
        $"{SourceScan.MaxRowBytes:N0} bytes ({SourceScan.MaxRowBytes / 1_000_000} MB)");

    /// <summary>The limit as the Vietnamese reasons state it (2.000.000 byte).</summary>
    public static readonly string LimitVi = string.Create(Languages.Vietnamese,
        $"{SourceScan.MaxRowBytes:N0} byte ({SourceScan.MaxRowBytes / 1_000_000} MB)");

    /// <param name="tooLong">Records longer than the reader takes; not read at all.</param>
    /// <param name="rejected">Records the reader rejected (their first line has its reject already).</param>
    /// <returns>The rejected rows added.</returns>
    public long Reject(IReadOnlyList<RecordSpan> tooLong, IEnumerable<RecordSpan> rejected)
    {
        var multiLine = rejected.Where(s => s.LastRow > s.FirstRow).ToList();
        if (tooLong.Count == 0 && multiLine.Count == 0) return 0;
        connection.Execute("CREATE OR REPLACE TEMP TABLE stg_broken (row_no BIGINT, column_name VARCHAR, value VARCHAR, reason VARCHAR, reason_en VARCHAR)");
        long added = 0;
        using (var appender = connection.CreateAppender("temp", "main", "stg_broken"))
        {
            void Add(long row, string? column, string value, Message reason)
            {
                appender.CreateRow().AppendValue(row).AppendValue(column).AppendValue(value).AppendValue(reason.Vi).AppendValue(reason.En).EndRow();
                added++;
            }

            foreach (var span in tooLong)
            {
                var start = "";
                var (cell, cellBytes) = RecordText.Walk(path, span, delimiter, (row, text) =>
                {
                    if (row == span.FirstRow) start = text;
                    else Add(row, null, text, PartOf(span));
                });
                var column = cell < map.ByPosition.Count ? map.ByPosition[cell] ?? $"column {cell + 1}" : $"column {cell + 1}";
                Add(span.FirstRow, column, start, TooLong(span, column, cellBytes));
            }
            foreach (var span in multiLine)
                RecordText.Walk(path, span, delimiter, (row, text) =>
                {
                    if (row != span.FirstRow) Add(row, null, text, PartOf(span));
                });
        }
        connection.Execute("""
            INSERT INTO etl_reject
            SELECT getvariable('load_id'), getvariable('file_name'), row_no, column_name, value, reason, reason_en FROM stg_broken
            """);
        return added;
    }

    private static Message TooLong(RecordSpan span, string column, long cellBytes) => span.LastRow == span.FirstRow
        ? Message.Of(
            $"dòng dài {span.Bytes:N0} byte, quá mức {LimitVi} một dòng CSV được phép; riêng giá trị ở cột {column} đã dài {cellBytes:N0} byte: hãy rút ngắn giá trị đó rồi nạp lại tệp",
            $"the row is {span.Bytes:N0} bytes long, more than the {Limit} a CSV row may have; its value in {column} alone is {cellBytes:N0} bytes: shorten that value and load the file again")
        : Message.Of(
            $"dòng kéo dài qua các dòng {span.FirstRow}–{span.LastRow} ({span.Bytes:N0} byte, quá mức {LimitVi} một dòng CSV được phép) vì một giá trị trong ngoặc kép ở cột {column} chứa các dấu xuống dòng: hãy đóng ngoặc kép của giá trị đó đúng chỗ (hoặc rút ngắn giá trị) rồi nạp lại tệp",
            $"the row runs over rows {span.FirstRow}–{span.LastRow} ({span.Bytes:N0} bytes, more than the {Limit} a CSV row may have) because a quoted value in {column} spans their line breaks: close that value's quote where it should end (or shorten the value) and load the file again");

    private static Message PartOf(RecordSpan span) => Message.Of(
        $"dòng này được đọc như một phần của dòng {span.FirstRow}, dòng đó kéo dài qua các dòng {span.FirstRow}–{span.LastRow} vì một giá trị trong ngoặc kép chứa dấu xuống dòng (thường do ngoặc kép chưa đóng); không dòng nào trong số đó được nạp: hãy sửa dòng {span.FirstRow} rồi nạp lại tệp",
        $"this line was read as part of row {span.FirstRow}, which runs over rows {span.FirstRow}–{span.LastRow} because a quoted value in it spans line breaks (a quote not closed, most often); none of those rows loaded: correct row {span.FirstRow} and load the file again");
}
