using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>
/// Brings a file's rows into the temp table <c>stg</c>: row_no (file row, header = 1) and every
/// contract column as trimmed text (NULL = empty). CSV goes through DuckDB's read_csv; rows it
/// cannot split, and rows too long to give it (see <see cref="SourceScan.MaxRowBytes"/>), become
/// rejects with their line numbers. XLSX rows are streamed through the Appender, read through
/// <see cref="XlsxGuard"/> (a crafted workbook is refused before a sheet is parsed).
/// </summary>
internal sealed class Staging(DuckDBConnection connection)
{
    public static (HeaderMap Map, char? Delimiter) ReadHeader(string path)
    {
        if (IsXlsx(path))
        {
            var first = XlsxGuard.Records(path).FirstOrDefault()
                ?? throw new FileRefusedException($"trang tính đầu tiên trống; nó phải bắt đầu bằng dòng tiêu đề",
                                                  $"the first sheet is empty; it must start with a header row");
            return (HeaderMap.Build(first.Values.Select(v => XlsxCell.Text(v) ?? "").ToList()), null);
        }
        var header = CsvHeader.Read(path);
        return (HeaderMap.Build(header.Cells), header.Delimiter);
    }

    public static bool IsXlsx(string path) => path.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);

    /// <returns>The number of data rows read (good and rejected by the reader).</returns>
    public long Stage(string path, HeaderMap map, char? delimiter, SourceScan scan, List<Message> warnings)
    {
        var width = map.ByPosition.Count;
        (string Source, long Rows) staged;
        if (IsXlsx(path))
            staged = ("stg_raw", StageXlsx(path, width));
        else
        {
            using var literal = LiteralPath.For(path);
            staged = StageCsv(literal.Path, map, delimiter ?? ',', scan);
            if (scan.HasNul) staged = (RejectNul(staged.Source, map), staged.Rows);
        }
        var (source, rows) = staged;
        foreach (var position in map.Headerless)
        {
            var filled = connection.Scalar<long>($"SELECT count(c{position}) FROM {source}");
            if (filled > 0)
                warnings.Add(Message.Of($"cột {position + 1} không có tiêu đề; các giá trị của cột ({filled:N0} dòng) đã bị bỏ qua — hãy đặt tiêu đề nếu cần chúng",
                                        $"column {position + 1} has no header; its values ({filled} row{(filled == 1 ? "" : "s")}) were ignored"));
        }
        var select = string.Join(",\n       ", map.Columns.Select(c =>
        {
            var position = map.PositionOf(c.Name);
            if (position is null) return $"NULL::VARCHAR AS {c.Name}";
            // Trimming every cell costs as much as reading the file; only cells with edge spaces pay.
            var x = $"c{position}";
            return $"CASE WHEN {x} = '' THEN NULL WHEN {x} LIKE ' %' OR {x} LIKE '% ' THEN nullif(trim({x}), '') ELSE {x} END AS {c.Name}";
        }));
        connection.Execute($"CREATE OR REPLACE TEMP VIEW stg AS SELECT row_no, {select} FROM {source}");
        return rows;
    }

    /// <returns>The relation holding row_no and the raw cells c0..cN, and the rows read.</returns>
    private (string Source, long Rows) StageCsv(string path, HeaderMap map, char delimiter, SourceScan scan)
    {
        var width = map.ByPosition.Count;
        // DuckDB names the cells c0..cN; rejects speak the contract's names.
        var columnName = "CASE column_name " + string.Concat(map.ByPosition.Select((name, i) =>
            $"WHEN 'c{i}' THEN '{name ?? $"column {i + 1}"}' ")) + "ELSE column_name END";
        connection.Execute("DROP TABLE IF EXISTS temp.stg_csv_rejects; DROP TABLE IF EXISTS temp.stg_csv_scans;");
        var columns = string.Join(", ", Enumerable.Range(0, width).Select(i => $"'c{i}': 'VARCHAR'"));
        var tooLong = scan.Spans.Where(s => s.TooLong).ToList();
        using (var copy = tooLong.Count == 0 ? null : ReadableCopy.Write(path, tooLong))
            connection.Execute($"""
                CREATE OR REPLACE TEMP TABLE stg_read AS
                SELECT * FROM read_csv({SqlText.Literal(copy?.Path ?? path)},
                    header = false, skip = 1, delim = {SqlText.Literal(delimiter.ToString())}, quote = '"', escape = '"',
                    auto_detect = false, columns = {"{" + columns + "}"}, encoding = 'utf-8', max_line_size = {SourceScan.ReaderLineBytes},
                    store_rejects = true, rejects_table = 'stg_csv_rejects', rejects_scan = 'stg_csv_scans')
                """);
        connection.Execute($"""
            INSERT INTO etl_reject
            SELECT getvariable('load_id'), getvariable('file_name'), line, {columnName}, left(trim(csv_line, e'\r\n'), 300),
                   CASE error_type
                        WHEN 'MISSING COLUMNS' THEN 'dòng có ít ô hơn dòng tiêu đề (' || error_message || '); hãy điền các ô còn thiếu'
                        WHEN 'TOO MANY COLUMNS' THEN 'dòng có nhiều ô hơn dòng tiêu đề (' || error_message || '); hãy kiểm tra dấu phân cách nằm trong một giá trị mà không có ngoặc kép'
                        WHEN 'INVALID ENCODING' THEN 'dòng không phải văn bản UTF-8 hợp lệ; hãy lưu tệp dạng ''CSV UTF-8'' rồi nạp lại'
                        WHEN 'UNQUOTED VALUE' THEN 'dấu ngoặc kép đặt sai chỗ (' || error_message || '): một giá trị trong ngoặc kép chưa được đóng, hoặc có chữ sau dấu đóng; hãy đặt cả ô trong ngoặc kép và viết mỗi dấu ngoặc kép bên trong hai lần'
                        WHEN 'LINE SIZE OVER MAXIMUM' THEN 'dòng dài hơn mức {BrokenRecords.LimitVi} một dòng CSV được phép; hãy rút ngắn giá trị dài nhất rồi nạp lại tệp'
                        ELSE 'không đọc được dòng (' || error_message || '); hãy sửa dòng theo mẫu rồi nạp lại tệp' END,
                   CASE error_type
                        WHEN 'MISSING COLUMNS' THEN 'the row has fewer cells than the header (' || error_message || '); fill in the missing cells'
                        WHEN 'TOO MANY COLUMNS' THEN 'the row has more cells than the header (' || error_message || '); check for an unquoted separator inside a value'
                        WHEN 'INVALID ENCODING' THEN 'the row is not valid UTF-8 text; save the file as ''CSV UTF-8'' and load it again'
                        WHEN 'UNQUOTED VALUE' THEN 'a quote character is misplaced (' || error_message || '): a quoted value is not closed, or text follows its closing quote; quote the whole cell and write each quote inside it twice'
                        WHEN 'LINE SIZE OVER MAXIMUM' THEN 'the row is longer than the {BrokenRecords.Limit} a CSV row may have; shorten its longest value and load the file again'
                        ELSE error_message END
            FROM (SELECT DISTINCT ON (line, error_type) * FROM stg_csv_rejects ORDER BY line, error_type);
            """);
        var read = connection.Scalar<long>("SELECT count(*) FROM stg_read");
        var unreadable = connection.Read<UnreadableLine>("SELECT DISTINCT line FROM stg_csv_rejects").Select(r => r.Line).ToHashSet();
        // Every data row must end loaded or rejected: when DuckDB's count of rows differs from the
        // scan's (quotes so broken that its error recovery splits rows its own way), refuse the file
        // rather than load rows under wrong numbers or lose some.
        if (read + unreadable.Count + tooLong.Count != scan.Rows)
            throw new FileRefusedException(
                $"bộ đọc CSV thấy {read + unreadable.Count + tooLong.Count:N0} dòng trong khi tệp có {scan.Rows:N0}: dấu ngoặc kép hỏng đến mức không tách được các dòng; " +
                $"hãy kiểm tra mỗi giá trị trong ngoặc kép đều được đóng và không có gì sau dấu đóng, rồi nạp lại tệp",
                $"the CSV reader found {read + unreadable.Count + tooLong.Count} rows where the file has {scan.Rows}: its quotes are too broken to tell the rows apart; " +
                $"check that every quoted value is closed and has nothing after its closing quote, then load the file again");
        // rowids of a fresh table are consecutive in file order (insertion order is preserved).
        var first = connection.Scalar<long?>("SELECT min(rowid) FROM stg_read") ?? 0;
        var blanks = scan.BlankLines.Where(l => l > 1).ToList();
        if (unreadable.Count == 0 && tooLong.Count == 0 && blanks.Count == 0 && scan.LineOffsets.Count == 0)
        {
            connection.Execute($"CREATE OR REPLACE TEMP VIEW stg_numbered AS SELECT rowid - {first} + 2 AS row_no, * FROM stg_read");
            return ("stg_numbered", read);
        }
        // DuckDB skips blank lines (the emptied too-long records are blank to it) and the rows it
        // rejects, and counts a quoted value with line breaks as one line: number the rows it kept
        // by the lines left over, then move every number past the line breaks inside quotes before it.
        connection.Execute("CREATE OR REPLACE TEMP TABLE stg_skipped (line BIGINT); CREATE OR REPLACE TEMP TABLE stg_offsets (line BIGINT, extra BIGINT);");
        using (var appender = connection.CreateAppender("temp", "main", "stg_skipped"))
            foreach (var line in blanks.Concat(tooLong.Select(s => s.Line)))
                appender.CreateRow().AppendValue(line).EndRow();
        using (var appender = connection.CreateAppender("temp", "main", "stg_offsets"))
            foreach (var (line, extra) in scan.LineOffsets)
                appender.CreateRow().AppendValue(line).AppendValue(extra).EndRow();
        connection.Execute($"""
            INSERT INTO stg_skipped SELECT DISTINCT line FROM stg_csv_rejects;
            UPDATE etl_reject r SET row_no = r.row_no + o.extra
            FROM (SELECT j.line, o.extra FROM (SELECT DISTINCT line FROM stg_csv_rejects) j
                  ASOF LEFT JOIN stg_offsets o ON j.line >= o.line) o
            WHERE r.load_id = getvariable('load_id') AND r.row_no = o.line AND o.extra IS NOT NULL;
            CREATE OR REPLACE TEMP TABLE stg_renumbered AS
            WITH lines AS (
                SELECT l, row_number() OVER (ORDER BY l) AS i
                FROM range(2, {read} + (SELECT count(*) FROM stg_skipped) + 2) r(l)
                WHERE l NOT IN (SELECT line FROM stg_skipped)
            ), numbered AS (
                SELECT lines.i, lines.l + coalesce(o.extra, 0) AS row_no
                FROM lines ASOF LEFT JOIN stg_offsets o ON lines.l >= o.line
            )
            SELECT numbered.row_no, r.* EXCLUDE (i)
            FROM (SELECT rowid - {first} + 1 AS i, * FROM stg_read) r JOIN numbered USING (i);
            """);
        var broken = new BrokenRecords(connection, path, map, delimiter).Reject(tooLong, scan.Spans.Where(s => unreadable.Contains(s.Line)));
        return ("stg_renumbered", read + unreadable.Count + broken);
    }

    /// <summary>
    /// DuckDB keeps a NUL byte inside a value, but it is not text (a damaged file, a binary export):
    /// such rows are rejected rather than loaded with it. Only files that hold one pay for the check.
    /// </summary>
    private string RejectNul(string source, HeaderMap map)
    {
        var cells = map.Columns.Select(c => (c.Name, Position: map.PositionOf(c.Name))).Where(c => c.Position is not null)
            .Select(c => $"SELECT row_no, '{c.Name}' AS column_name, c{c.Position} AS v FROM {source} WHERE contains(c{c.Position}, chr(0))");
        connection.Execute($"""
            CREATE OR REPLACE TEMP TABLE stg_nul AS {string.Join(" UNION ALL ", cells)};
            INSERT INTO etl_reject
            SELECT getvariable('load_id'), getvariable('file_name'), row_no, column_name, left(replace(v, chr(0), '\0'), 300),
                   column_name || ' chứa ký tự NUL (byte 0, hiển thị là \0), không phải văn bản: tệp bị hỏng hoặc không được lưu dạng văn bản; hãy xóa ký tự đó (hoặc lưu lại tệp dạng ''CSV UTF-8'') rồi nạp lại',
                   column_name || ' holds a NUL character (byte 0, shown as \0), which is not text: the file is damaged or was not saved as text; remove the character (or save the file again as ''CSV UTF-8'') and load it again'
            FROM stg_nul;
            CREATE OR REPLACE TEMP VIEW stg_text AS SELECT * FROM {source} WHERE row_no NOT IN (SELECT row_no FROM stg_nul);
            """);
        return "stg_text";
    }

    private long StageXlsx(string path, int width)
    {
        var columns = string.Join(", ", Enumerable.Range(0, width).Select(i => $"c{i} VARCHAR"));
        connection.Execute($"CREATE OR REPLACE TEMP TABLE stg_raw (row_no BIGINT, {columns})");
        long rowNo = 1, rows = 0;
        var tooWide = new List<(long Row, string Cells)>();
        using (var appender = connection.CreateAppender("temp", "main", "stg_raw"))
        {
            foreach (var record in XlsxGuard.Records(path).Skip(1))
            {
                rowNo++;
                var cells = record.Values.Select(XlsxCell.Text).ToList();
                if (cells.All(v => v is null || v.Trim().Length == 0)) continue;
                rows++;
                if (cells.Skip(width).Any(v => !string.IsNullOrWhiteSpace(v)))
                {
                    // As in CSV: a value with no header above it is not silently dropped.
                    tooWide.Add((rowNo, string.Join(" | ", cells.Where(v => !string.IsNullOrWhiteSpace(v)))));
                    continue;
                }
                var row = appender.CreateRow().AppendValue(rowNo);
                for (var i = 0; i < width; i++)
                    row.AppendValue(i < cells.Count ? cells[i] : null);
                row.EndRow();
            }
        }
        foreach (var (row, text) in tooWide)
            connection.Execute("""
                INSERT INTO etl_reject VALUES (getvariable('load_id'), getvariable('file_name'), ?, NULL, left(?, 300),
                    'dòng có giá trị ở bên phải cột tiêu đề cuối cùng; hãy đặt tiêu đề cho các cột đó hoặc xóa các ô',
                    'the row has values to the right of the last header column; give those columns a header or clear the cells')
                """, row, text);
        return rows;
    }

    private sealed record UnreadableLine { public long Line { get; init; } }
}

/// <summary>
/// DuckDB's readers take a path as a glob pattern, so 'w*.csv' or 'w[1].csv' would read other
/// files. Such a name is read through a symbolic link with a plain name instead.
/// </summary>
internal sealed class LiteralPath : IDisposable
{
    private readonly string? link;

    private LiteralPath(string path, string? link)
    {
        Path = path;
        this.link = link;
    }

    public string Path { get; }

    public static LiteralPath For(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (full.IndexOfAny(['*', '?', '[', ']', '{', '}']) < 0) return new LiteralPath(full, null);
        var link = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"disu-{Guid.NewGuid():N}{System.IO.Path.GetExtension(full)}");
        File.CreateSymbolicLink(link, full);
        return new LiteralPath(link, link);
    }

    public void Dispose()
    {
        if (link is not null) File.Delete(link);
    }
}

/// <summary>SQL text for values that cannot be bound as parameters (table-function arguments).</summary>
internal static class SqlText
{
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
