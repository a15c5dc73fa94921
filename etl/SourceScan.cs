using System.Buffers;
using System.Security.Cryptography;

namespace DiSu.Analytics.Etl;

/// <summary>
/// One streaming pass over a file: its content hash (the ledger key) and, for CSV, the numbers of
/// blank lines, which DuckDB's reader skips and which must be known to give exact row numbers.
/// </summary>
public sealed record SourceScan(string ContentHash, long Bytes, IReadOnlyList<long> BlankLines)
{
    public static SourceScan Of(string path, bool findBlankLines)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(1 << 20);
        var blanks = new List<long>();
        long line = 1, bytes = 0;
        var lineHasContent = false;
        try
        {
            int read;
            while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                bytes += read;
                if (!findBlankLines) continue;
                var span = buffer.AsSpan(0, read);
                while (!span.IsEmpty)
                {
                    var nl = span.IndexOf((byte)'\n');
                    var segment = nl < 0 ? span : span[..nl];
                    if (!segment.IsEmpty && !(segment.Length == 1 && segment[0] == (byte)'\r')) lineHasContent = true;
                    if (nl < 0) break;
                    if (!lineHasContent) blanks.Add(line);
                    line++;
                    lineHasContent = false;
                    span = span[(nl + 1)..];
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return new SourceScan(Convert.ToHexStringLower(hash.GetHashAndReset()), bytes, blanks);
    }
}
