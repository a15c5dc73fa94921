using System.Buffers.Binary;
using System.Text.Json;

namespace DiSu.Analytics.Service.Worker;

/// <summary>
/// One statement for a query worker: the database file to open and the limits to run it under, and
/// for a saved query the values of its <c>$name</c> parameters (bound by the worker, never put into the SQL).
/// </summary>
internal sealed record WorkerRequest(string File, string Sql, int MaxRows, long MaxBytes, int TimeoutMs, IReadOnlyList<WorkerParameter>? Parameters = null);

/// <summary>A saved query's parameter as the worker binds it: its declared type and the value as text, converted in the worker (invariant culture).</summary>
public sealed record WorkerParameter(string Name, Queries.QueryParameterType Type, string Value);

internal sealed record WorkerColumn(string Name, string Type);

/// <summary>How a worker's statement ended, as the worker tells it.</summary>
internal static class WorkerOutcomes
{
    public const string Ready = "ready";
    public const string Ok = "ok";
    public const string Rejected = "rejected";
    public const string TimeLimit = "time_limit";
    public const string MemoryLimit = "memory_limit";
    public const string Busy = "busy";
    public const string Failed = "failed";
}

/// <summary>
/// A worker's answer. <see cref="Rows"/> is written by the worker from .NET values and read by the service as JSON.
/// <see cref="Message"/> is in Vietnamese, <see cref="MessageEn"/> the same in English.
/// </summary>
internal sealed record WorkerReply<TRows>(string Outcome, string? Message, IReadOnlyList<WorkerColumn>? Columns, TRows? Rows,
    string? Cut, long ElapsedMs, string? MessageEn = null);

/// <summary>
/// Messages between the service and a worker: a 4-byte little-endian length, then that many bytes of
/// UTF-8 JSON. A reader refuses a length above its limit before reading the body, so a confused
/// or hostile peer cannot make the other side allocate what it likes.
/// </summary>
internal static class WorkerFrames
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static async Task WriteAsync<T>(Stream stream, T message, CancellationToken ct = default)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(message, Json);
        var header = new byte[4];
        BinaryPrimitives.WriteInt32LittleEndian(header, body.Length);
        await stream.WriteAsync(header, ct);
        await stream.WriteAsync(body, ct);
        await stream.FlushAsync(ct);
    }

    /// <returns>The body, or null at the end of the stream (the peer closed it or died).</returns>
    /// <exception cref="InvalidDataException">The peer announced more than <paramref name="maxBytes"/>, or the stream ended inside a message.</exception>
    public static async Task<byte[]?> ReadAsync(Stream stream, long maxBytes, CancellationToken ct = default)
    {
        var header = new byte[4];
        if (!await Fill(stream, header, ct, atStart: true)) return null;
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length < 0 || length > maxBytes)
            throw new InvalidDataException($"a message of {length} bytes is above the limit of {maxBytes}");
        var body = new byte[length];
        if (!await Fill(stream, body, ct, atStart: false)) throw new InvalidDataException("the stream ended inside a message");
        return body;
    }

    private static async Task<bool> Fill(Stream stream, byte[] buffer, CancellationToken ct, bool atStart)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), ct);
            if (n == 0)
            {
                if (atStart && read == 0) return false;
                throw new InvalidDataException("the stream ended inside a message");
            }
            read += n;
        }
        return true;
    }
}
