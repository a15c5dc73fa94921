using System.Collections.Concurrent;
using DiSu.Analytics.Service.Api;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What became of a person's upload through the form, kept for the page the form redirects to
/// (POST, then GET /du-lieu?tai-len=ID): the address carries only a random id, never a file's
/// contents, and the notice shows only to the person who uploaded. Notices last an hour.
/// </summary>
public sealed class UploadNotices(TimeProvider clock)
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<string, (string Person, UploadOutcome Outcome, DateTimeOffset At)> notices = new(StringComparer.Ordinal);

    public string Add(string person, UploadOutcome outcome)
    {
        var now = clock.GetUtcNow();
        foreach (var (id, notice) in notices)
            if (now - notice.At > Lifetime) notices.TryRemove(id, out _);
        var key = Guid.NewGuid().ToString("N");
        notices[key] = (person, outcome, now);
        return key;
    }

    /// <summary>The notice of that id if it is this person's; null for another's, an old one or a made-up id alike.</summary>
    public UploadOutcome? Find(string person, string? id) =>
        id is not null && notices.TryGetValue(id, out var notice) && notice.Person == person && clock.GetUtcNow() - notice.At <= Lifetime ? notice.Outcome : null;
}
