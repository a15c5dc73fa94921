using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Serve;

public sealed record OutboxResult(int Documents, IReadOnlyList<string> Files, IReadOnlyList<string> Failures)
{
    /// <summary>Wards whose documents could not be written to disk (not: had no data); worth another try.</summary>
    public IReadOnlyList<string> Unwritten { get; init; } = [];
}

/// <summary>
/// Writes wards' reports into the outbox, one folder per ward. Each ward's documents follow its
/// own latest review round t: the appendix and the briefing are for plan year t + 1, the trend
/// runs from its first round to t. A ward without data, or an outbox that cannot be written, is a
/// failure named in the result; the other wards still get their documents.
/// </summary>
public sealed class OutboxWriter(string outbox, IReadOnlyList<ReportFormat> formats, TimeProvider clock)
{
    public string Folder { get; } = Path.GetFullPath(outbox);

    public OutboxResult Write(DuckDBConnection connection, IReadOnlyList<string> kinds, IReadOnlyList<string>? wards = null, CancellationToken cancellation = default)
    {
        wards ??= Ward.All(connection);
        var files = new List<string>();
        var failures = new List<string>();
        var documents = 0;
        var unwritten = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var ward in wards)
        {
            var latest = connection.Scalar<int?>("SELECT max(review_year) FROM v_ward_year WHERE ward_code = ?", ward);
            if (latest is null)
            {
                failures.Add($"{ward}: no review round loaded");
                continue;
            }
            foreach (var kind in kinds)
            {
                cancellation.ThrowIfCancellationRequested();
                try
                {
                    var report = ReportBatch.Build(connection, clock, kind, ward, kind == "trend" ? latest.Value : latest.Value + 1);
                    foreach (var format in formats)
                        files.AddRange(ReportFiles.Write(report, format, Path.Combine(Folder, ward)));
                    documents++;
                }
                catch (ReportException e)
                {
                    failures.Add($"{ward} {kind}: {e.Text.En}");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // A full disk or a folder we may not write: say so plainly, once per ward and kind.
                    failures.Add($"{ward} {kind}: the outbox '{Folder}' cannot be written ({e.Message})");
                    unwritten.Add(ward);
                }
            }
        }
        return new OutboxResult(documents, files, failures) { Unwritten = unwritten.ToList() };
    }
}
