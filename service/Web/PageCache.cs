using System.Collections.Concurrent;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What a page read from the mart, kept until the mart changes (<see cref="MartGate.Generation"/>):
/// the overview's briefing takes about a second to read (its planning model and content hash) and
/// the data change only when a job writes. Keys are made of resolved ward codes and years only, so
/// a request cannot grow the cache; it is emptied when it holds more than <see cref="Capacity"/>.
/// </summary>
public sealed class PageCache(MartGate gate)
{
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<string, (long Generation, object Value)> entries = new(StringComparer.Ordinal);

    public T Read<T>(string key, Func<DuckDBConnection, T> work, CancellationToken cancellation) where T : class
    {
        var generation = gate.Generation;
        if (entries.TryGetValue(key, out var kept) && kept.Generation == generation) return (T)kept.Value;
        var value = gate.Read(work, cancellation);
        Keep(key, generation, value);
        return value;
    }

    /// <summary>
    /// For work inside a read of the gate that began at <paramref name="generation"/> (taken before
    /// the read): the kept value of <paramref name="key"/>, or <paramref name="work"/>'s, kept in turn.
    /// </summary>
    public T Within<T>(long generation, string key, Func<T> work) where T : class
    {
        if (entries.TryGetValue(key, out var kept) && kept.Generation == generation) return (T)kept.Value;
        var value = work();
        Keep(key, generation, value);
        return value;
    }

    public long Generation => gate.Generation;

    private void Keep(string key, long generation, object value)
    {
        // Not kept when a write began or ended meanwhile: it may hold data of either side.
        if (gate.Generation != generation) return;
        if (entries.Count >= Capacity) entries.Clear();
        entries[key] = (generation, value);
    }
}
