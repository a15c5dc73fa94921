using System.Text;
using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl;

/// <summary>Reads a CSV file's header row: UTF-8 with or without BOM, ',' or ';' separated.</summary>
public sealed record CsvHeader(IReadOnlyList<string> Cells, char Delimiter)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static CsvHeader Read(string path)
    {
        using var stream = File.OpenRead(path);
        var buffer = new byte[64 * 1024];
        var length = stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        var span = buffer.AsSpan(0, length);
        if (span.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || span.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new FileRefusedException(
                $"tệp là văn bản UTF-16 ('Unicode Text' của Excel), không phải UTF-8; hãy lưu dạng 'CSV UTF-8 (Comma delimited)' rồi nạp lại",
                $"the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' and load it again");
        if (span.StartsWith("\uFEFF"u8)) span = span[3..];
        var end = span.IndexOf((byte)'\n');
        if (end < 0 && length == buffer.Length)
            throw new FileRefusedException(
                $"dòng đầu tiên dài hơn 64 KB: đây không phải tệp CSV có dòng tiêu đề; hãy lưu dữ liệu dạng CSV (UTF-8) hoặc XLSX",
                $"the first line is longer than 64 KB: this is not a CSV file with a header row");
        var lineBytes = end < 0 ? span : span[..end];
        if (lineBytes.IndexOf((byte)0) >= 0)
            throw new FileRefusedException(
                $"tệp là dữ liệu nhị phân, không phải văn bản CSV; hãy lưu dạng CSV (UTF-8) hoặc XLSX",
                $"the file is binary, not CSV text; save it as CSV (UTF-8) or XLSX");
        string line;
        try
        {
            line = StrictUtf8.GetString(lineBytes).TrimEnd('\r');
            if (line.Contains('\r', StringComparison.Ordinal))
                throw new FileRefusedException(
                    $"các dòng chỉ kết thúc bằng CR (kiểu Mac cũ); hãy lưu lại tệp dạng 'CSV UTF-8' với kiểu xuống dòng của Windows hoặc Unix",
                    $"the lines end with CR only (an old Mac format); save the file again as 'CSV UTF-8' with Windows or Unix line ends");
        }
        catch (DecoderFallbackException)
        {
            throw new FileRefusedException(
                $"dòng tiêu đề không phải văn bản UTF-8; hãy lưu tệp dạng 'CSV UTF-8' (Excel) rồi nạp lại",
                $"the header is not UTF-8 text; save the file as 'CSV UTF-8' (Excel) and load it again");
        }
        if (line.Trim().Length == 0)
            throw new FileRefusedException(
                $"tệp trống hoặc bắt đầu bằng dòng trống; dòng đầu tiên phải là dòng tiêu đề",
                $"the file is empty or starts with a blank line; the first line must be the header row");
        var delimiter = Count(line, ';') > Count(line, ',') ? ';' : ',';
        return new CsvHeader(Split(line, delimiter), delimiter);
    }

    private static int Count(string line, char c)
    {
        var n = 0;
        var quoted = false;
        foreach (var ch in line)
        {
            if (ch == '"') quoted = !quoted;
            else if (ch == c && !quoted) n++;
        }
        return n;
    }

    private static List<string> Split(string line, char delimiter)
    {
        var cells = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"') quoted = true;
            else if (ch == delimiter) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells;
    }
}
