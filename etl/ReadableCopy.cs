namespace DiSu.Analytics.Etl;

/// <summary>
/// A temporary copy of a CSV file with its too-long records emptied, each left as a blank line
/// (its own line end kept, so CRLF files stay CRLF): DuckDB then reads every other row, numbers the
/// lines as in the original, and never meets a record it would drop without a reject.
/// </summary>
internal sealed class ReadableCopy : IDisposable
{
    private ReadableCopy(string path) => Path = path;

    public string Path { get; }

    /// <param name="emptied">The records to empty, in file order.</param>
    public static ReadableCopy Write(string source, IReadOnlyList<RecordSpan> emptied)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"disu-{Guid.NewGuid():N}.csv");
        try
        {
            using var input = new FileStream(source, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            using var output = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
            foreach (var span in emptied)
            {
                Copy(input, output, span.Start - input.Position);
                input.Position = span.Start + span.Bytes;
            }
            input.CopyTo(output);
        }
        catch
        {
            File.Delete(path);
            throw;
        }
        return new ReadableCopy(path);
    }

    private static void Copy(Stream input, Stream output, long count)
    {
        var buffer = new byte[1 << 20];
        while (count > 0)
        {
            var read = input.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0) throw new EndOfStreamException("the file changed while it was being loaded");
            output.Write(buffer, 0, read);
            count -= read;
        }
    }

    public void Dispose() => File.Delete(Path);
}
