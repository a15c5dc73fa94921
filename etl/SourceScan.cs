using System.Buffers;
using System.Security.Cryptography;

namespace DiSu.Analytics.Etl;

/// <summary>
/// One streaming pass over a file: its content hash (the ledger key) and, for CSV, what is needed
/// to account for every row. DuckDB's reader counts "lines" as records plus blank lines (a quoted
/// value with line breaks is one line to it) and skips blank lines, so the scan records the blank
/// lines, where that count and the file's real lines part ways, the records that span several
/// lines or are too long for the reader, and how many data rows there are to account for.
/// </summary>
/// <param name="BlankLines">Blank lines, numbered as DuckDB numbers lines.</param>
/// <param name="LineOffsets">(line as DuckDB numbers it, how many file lines more) from that line on.</param>
/// <param name="Rows">Data records (not the header, not blank lines): each must end loaded or rejected.</param>
/// <param name="Spans">Data records that run over several file lines or are longer than <see cref="MaxRowBytes"/>.</param>
/// <param name="HasNul">The file holds a NUL byte somewhere.</param>
public sealed record SourceScan(
    string ContentHash,
    long Bytes,
    IReadOnlyList<long> BlankLines,
    IReadOnlyList<(long Line, long Offset)> LineOffsets,
    long Rows,
    IReadOnlyList<RecordSpan> Spans,
    bool HasNul)
{
    /// <summary>
    /// The longest CSV record the loader reads, in bytes without its line end (DuckDB's default
    /// max_line_size). Longer records are rejected here and never reach DuckDB: past its read
    /// buffer (32 MB by default) it drops a record without a reject.
    /// </summary>
    public const int MaxRowBytes = 2_000_000;

    /// <summary>
    /// The max_line_size the loader gives DuckDB: above <see cref="MaxRowBytes"/>, because DuckDB
    /// rejects a line of exactly its limit everywhere but on the first data line.
    /// </summary>
    public const int ReaderLineBytes = 2 * 1024 * 1024;

    /// <param name="delimiter">The CSV's delimiter; null for a file that is not CSV (only hashed).</param>
    public static SourceScan Of(string path, char? delimiter)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var records = delimiter is { } d ? new RecordCounter((byte)d) : null;
        long bytes = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                bytes += read;
                records?.Feed(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        records?.Finish();
        return new SourceScan(Convert.ToHexStringLower(hash.GetHashAndReset()), bytes,
            records?.Blanks ?? [], records?.Offsets ?? [], records?.Rows ?? 0, records?.Spans ?? [], records?.HasNul ?? false);
    }

    /// <summary>
    /// Whether a quote outside a quoted value opens one, as DuckDB's reader decides: at the start of
    /// a field, or after one space there (or right after a quoted value closed, see the callers);
    /// anywhere else it is an ordinary character.
    /// </summary>
    /// <param name="before">The byte before the quote ('\n' at the start of a record).</param>
    /// <param name="twoBefore">The byte before that.</param>
    internal static bool OpensQuote(byte before, byte twoBefore, byte delimiter) =>
        before == delimiter || before == (byte)'\n' || (before == (byte)' ' && (twoBefore == delimiter || twoBefore == (byte)'\n'));

    /// <summary>
    /// Follows records with DuckDB's quoting rules, stopping only at quotes and line feeds. A quote
    /// inside a quoted value closes it; a quote after it with only spaces between opens it again
    /// (so a doubled quote stands for one).
    /// </summary>
    private sealed class RecordCounter(byte delimiter)
    {
        private long logical = 1, physical = 1, offset, position, start, firstRow = 1;
        private bool quoted, closed;
        private byte last = (byte)'\n', beforeLast = (byte)'\n';

        public List<long> Blanks { get; } = [];
        public List<(long, long)> Offsets { get; } = [];
        public List<RecordSpan> Spans { get; } = [];
        public long Rows { get; private set; }
        public bool HasNul { get; private set; }

        public void Feed(ReadOnlySpan<byte> chunk)
        {
            if (!HasNul && chunk.IndexOf((byte)0) >= 0) HasNul = true;
            var i = 0;
            while (i < chunk.Length)
            {
                var at = chunk[i..].IndexOfAny((byte)'\n', (byte)'"');
                var j = at < 0 ? chunk.Length : i + at;
                if (closed && chunk[i..j].ContainsAnyExcept((byte)' ')) closed = false;
                if (at < 0) break;
                if (chunk[j] == (byte)'\n')
                {
                    if (!quoted) EndRecord(position + j, Before(chunk, j, 1) == (byte)'\r');
                    physical++;
                    if (!quoted) firstRow = physical;
                    closed = false;
                }
                else if (quoted) (quoted, closed) = (false, true);
                else if (closed || OpensQuote(Before(chunk, j, 1), Before(chunk, j, 2), delimiter)) (quoted, closed) = (true, false);
                i = j + 1;
            }
            beforeLast = Before(chunk, chunk.Length, 2);
            last = chunk[^1];
            position += chunk.Length;
        }

        /// <summary>A last record without a line end of its own.</summary>
        public void Finish()
        {
            if (position <= start) return;
            if (last != (byte)'\n')
            {
                EndRecord(position, last == (byte)'\r');
                return;
            }
            // A quote left open to the end of the file took the file's last line end: it ends that line, no line follows.
            physical--;
            EndRecord(position - 1, beforeLast == (byte)'\r');
        }

        private byte Before(ReadOnlySpan<byte> chunk, int at, int back) =>
            at - back >= 0 ? chunk[at - back] : at - back == -1 ? last : beforeLast;

        private void EndRecord(long end, bool carriageReturn)
        {
            var bytes = end - start - (carriageReturn ? 1 : 0);
            if (bytes <= 0) Blanks.Add(logical);
            else if (logical > 1)
            {
                Rows++;
                if (physical > firstRow || bytes > MaxRowBytes)
                    Spans.Add(new RecordSpan(logical, firstRow, physical, start, bytes));
            }
            logical++;
            start = end + 1;
            if (physical + 1 - logical != offset)
            {
                offset = physical + 1 - logical;
                Offsets.Add((logical, offset));
            }
        }
    }
}

/// <summary>
/// A data record that runs over several file lines or is too long to read.
/// </summary>
/// <param name="Line">The record's line as DuckDB numbers lines.</param>
/// <param name="FirstRow">Its first file line (header = 1).</param>
/// <param name="LastRow">Its last file line.</param>
/// <param name="Start">Byte offset of its first byte in the file.</param>
/// <param name="Bytes">Its length without the line end, as DuckDB measures a line.</param>
public sealed record RecordSpan(long Line, long FirstRow, long LastRow, long Start, long Bytes)
{
    public bool TooLong => Bytes > SourceScan.MaxRowBytes;
}
