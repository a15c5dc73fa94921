using System.Buffers;
using System.Security.Cryptography;

namespace DiSu.Analytics.Etl;

/// <summary>
/// One streaming pass over a file: its content hash (the ledger key) and, for CSV, what is needed
/// to give every row its line number in the file. DuckDB's reader counts "lines" as records plus
/// blank lines (a quoted value with line breaks is one line to it) and skips blank lines, so the
/// scan records the blank lines and where that count and the file's real lines part ways.
/// </summary>
/// <param name="BlankLines">Blank lines, numbered as DuckDB numbers lines.</param>
/// <param name="LineOffsets">(line as DuckDB numbers it, how many file lines more) from that line on.</param>
public sealed record SourceScan(string ContentHash, long Bytes, IReadOnlyList<long> BlankLines, IReadOnlyList<(long Line, long Offset)> LineOffsets)
{
    public static SourceScan Of(string path, bool csv)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var lines = new LineCounter();
        long bytes = 0;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                bytes += read;
                if (csv) lines.Feed(buffer.AsSpan(0, read));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new SourceScan(Convert.ToHexStringLower(hash.GetHashAndReset()), bytes, lines.Blanks, lines.Offsets);
    }

    private sealed class LineCounter
    {
        private long logical = 1, physical = 1, offset;
        private bool quoted, content;

        public List<long> Blanks { get; } = [];
        public List<(long, long)> Offsets { get; } = [];

        public void Feed(ReadOnlySpan<byte> span)
        {
            while (!span.IsEmpty)
            {
                var at = span.IndexOfAny((byte)'\n', (byte)'"');
                var before = at < 0 ? span : span[..at];
                if (!before.IsEmpty && !(before.Length == 1 && before[0] == (byte)'\r')) content = true;
                if (at < 0) return;
                if (span[at] == (byte)'"')
                {
                    quoted = !quoted; // a doubled quote toggles twice
                    content = true;
                }
                else
                {
                    physical++;
                    if (!quoted)
                    {
                        if (!content) Blanks.Add(logical);
                        logical++;
                        content = false;
                        if (physical - logical != offset)
                        {
                            offset = physical - logical;
                            Offsets.Add((logical, offset));
                        }
                    }
                }
                span = span[(at + 1)..];
            }
        }
    }
}
