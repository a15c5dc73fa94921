using System.Buffers;
using System.Text.Json;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>Adds up how many bytes rows take as JSON (as the API writes them), to cap a response by size.</summary>
internal sealed class JsonSize
{
    private readonly ArrayBufferWriter<byte> buffer = new();
    private long total;

    /// <summary>Counts <paramref name="row"/> in unless the total would pass <paramref name="max"/>.</summary>
    public bool TryAdd(object?[] row, long max)
    {
        // A string takes at least a byte a character: a row of huge strings is refused without writing it out.
        long text = 0;
        foreach (var value in row)
            if (value is string s) text += s.Length;
        if (total + text > max) return false;
        buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(buffer))
            JsonSerializer.Serialize(writer, row);
        // One byte more for the comma between rows.
        var size = buffer.WrittenCount + 1;
        if (total + size > max) return false;
        total += size;
        return true;
    }
}
