namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// A hand-made panel written as one string per household, a character per review year from 2021:
/// P poor, N near-poor, . not poor, - absent.
/// </summary>
public static class StatusPanel
{
    public static SnapshotRow[] Year(IReadOnlyDictionary<string, string> panel, int year) => panel
        .Where(p => p.Value[year - 2021] != '-')
        .Select(p => p.Value[year - 2021] switch
        {
            'P' => new SnapshotRow(p.Key, year).Poor(),
            'N' => new SnapshotRow(p.Key, year).NearPoor(),
            _ => new SnapshotRow(p.Key, year).NotPoor(),
        }).ToArray();
}
