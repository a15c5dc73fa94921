namespace DiSu.Analytics.Service.Serve;

/// <summary>What went wrong in a run: the full text goes to job_run (officers, admins); the public one to /health, which needs no key.</summary>
public sealed class RunProblems
{
    public List<string> Full { get; } = [];
    public List<string> Public { get; } = [];
    public int Count => Full.Count;

    public void Add(string text, string? withoutDetail = null)
    {
        Full.Add(text);
        Public.Add(withoutDetail ?? text);
    }

    public void AddRange(IEnumerable<string> texts)
    {
        foreach (var text in texts) Add(text);
    }
}
