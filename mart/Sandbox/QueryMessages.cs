using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// DuckDB's error, shortened to what a person can act on: the first line, DuckDB's "Did you mean"
/// suggestion and the line of SQL it points at (without the caret drawing), behind a sentence that
/// says what kind of refusal it is. DuckDB's own words are quoted as DuckDB wrote them (in English).
/// </summary>
public static class QueryMessages
{
    public static Message Explain(string duckdb)
    {
        var lines = duckdb.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count == 0)
            return new Message("truy vấn không chạy được và DuckDB không nêu lý do.", "the query failed and DuckDB gave no reason.");
        var reason = lines[0];
        var hint = lines.Skip(1).FirstOrDefault(l => l.StartsWith("Did you mean", StringComparison.OrdinalIgnoreCase));
        var where = lines.Skip(1).FirstOrDefault(l => l.StartsWith("LINE ", StringComparison.Ordinal));
        var detail = reason + (hint is null ? "" : " " + hint) + (where is null ? "" : $" ({Shorten(where)})");
        return Prefix(duckdb).Then(detail, detail);
    }

    private static Message Prefix(string message)
    {
        bool Has(string text) => message.Contains(text, StringComparison.OrdinalIgnoreCase);
        if (Has("read-only mode") || Has("read-only"))
            return new("truy vấn không thay đổi được dữ liệu (kết nối chỉ để đọc). DuckDB: ",
                       "queries cannot change data (the connection is read-only). DuckDB: ");
        if (Has("external access") || Has("file system operations are disabled") || Has("Permission Error"))
            return new("truy vấn không đọc, ghi tệp, gắn cơ sở dữ liệu hay nạp tiện ích mở rộng được; hãy truy vấn các bảng và view của kho dữ liệu. DuckDB: ",
                       "queries cannot read or write files, attach databases or load extensions; query the mart's tables and views. DuckDB: ");
        if (Has("configuration has been locked") || Has("lock_configuration"))
            return new("truy vấn không thay đổi được cài đặt (cấu hình đã bị khóa). DuckDB: ",
                       "queries cannot change settings (the configuration is locked). DuckDB: ");
        if (Has("Parser Error"))
            return new("câu SQL có lỗi cú pháp. DuckDB: ", "the SQL has a syntax error. DuckDB: ");
        if (Has("Catalog Error"))
            return new("truy vấn nhắc tới thứ cơ sở dữ liệu không có (xem .tables / DESCRIBE). DuckDB: ",
                       "the query names something the database does not have (see .tables / DESCRIBE). DuckDB: ");
        return new("truy vấn không chạy được. DuckDB: ", "the query failed. DuckDB: ");
    }

    private static string Shorten(string line) => line.Length <= 120 ? line : line[..117] + "...";
}
