using System.Collections.Concurrent;

namespace DiSu.Analytics.Service.Api;

/// <summary>One statement a person ran: their SQL, or a saved query's name and values; when, how it ended and how many rows.</summary>
public sealed record QueryHistoryEntry(DateTimeOffset At, string? Sql, string? Saved, IReadOnlyDictionary<string, string>? Parameters, string Outcome, int? Rows);

/// <summary>
/// The last statements of each signed-in person, newest first, for the workbench's "recent queries":
/// kept in the service's memory only (gone at a restart; the audit log is the lasting record, and
/// it masks literals), and handed only to the person who ran them. API keys have none.
/// </summary>
public sealed class QueryHistory(TimeProvider clock)
{
    public const int Kept = 20;

    private readonly ConcurrentDictionary<string, List<QueryHistoryEntry>> byPerson = new(StringComparer.Ordinal);

    public void Add(Caller caller, string? sql, string? saved, IReadOnlyDictionary<string, string>? parameters, QueryOutcome outcome)
    {
        if (!caller.Person) return;
        var list = byPerson.GetOrAdd(caller.KeyId, _ => []);
        lock (list)
        {
            list.Insert(0, new QueryHistoryEntry(clock.GetUtcNow(), sql, saved, parameters, outcome.Name, outcome.Response?.RowCount));
            if (list.Count > Kept) list.RemoveRange(Kept, list.Count - Kept);
        }
    }

    /// <summary>The person's own statements, newest first; nobody else's, whatever is asked.</summary>
    public IReadOnlyList<QueryHistoryEntry> Of(Caller caller)
    {
        if (!caller.Person || !byPerson.TryGetValue(caller.KeyId, out var list)) return [];
        lock (list) return list.ToList();
    }
}
