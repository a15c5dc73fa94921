using System.Buffers;
using System.Text;

namespace DiSu.Analytics.Etl;

/// <summary>
/// Reads one record of a CSV file again from its span, for the rejects of a record the reader
/// could not take: the start of each of its lines and which of its cells is the longest. Only
/// broken records come here, so a plain byte loop is fast enough.
/// </summary>
internal static class RecordText
{
    private const int ExcerptChars = 300;
    private const int ExcerptBytes = ExcerptChars * 4;

    /// <param name="line">Called with each file line of the record and the start of its text.</param>
    /// <returns>The position of the record's longest cell and its length in bytes.</returns>
    public static (int Cell, long Bytes) Walk(string path, RecordSpan span, char delimiter, Action<long, string> line)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        stream.Position = span.Start;
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var excerpt = new byte[ExcerptBytes];
        var d = (byte)delimiter;
        int kept = 0, cell = 0, longest = 0;
        long row = span.FirstRow, cellBytes = 0, longestBytes = -1, left = span.Bytes;
        bool quoted = false, closed = false;
        byte last = (byte)'\n', beforeLast = (byte)'\n';
        try
        {
            int read;
            while (left > 0 && (read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left))) > 0)
            {
                left -= read;
                foreach (var b in buffer.AsSpan(0, read))
                {
                    if (b == (byte)'\n')
                    {
                        line(row++, Text(excerpt, kept));
                        kept = 0;
                    }
                    else if (kept < ExcerptBytes) excerpt[kept++] = b;

                    // The scan's quoting rules (SourceScan), byte by byte.
                    if (b == (byte)'"')
                    {
                        if (quoted) (quoted, closed) = (false, true);
                        else if (closed || SourceScan.OpensQuote(last, beforeLast, d)) (quoted, closed) = (true, false);
                    }
                    else if (b != (byte)' ') closed = false;
                    if (b == d && !quoted)
                    {
                        if (cellBytes > longestBytes) (longest, longestBytes) = (cell, cellBytes);
                        cell++;
                        cellBytes = 0;
                    }
                    else cellBytes++;
                    beforeLast = last;
                    last = b;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        line(row, Text(excerpt, kept));
        if (cellBytes > longestBytes) (longest, longestBytes) = (cell, cellBytes);
        return (longest, longestBytes);
    }

    private static string Text(byte[] bytes, int length)
    {
        var text = Encoding.UTF8.GetString(bytes, 0, length).TrimEnd('\r', '\uFFFD');
        return text.Length <= ExcerptChars ? text : text[..ExcerptChars];
    }
}
