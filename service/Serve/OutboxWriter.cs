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

    public OutboxResult Write(DuckDBConnection connection, IReadOnlyList<ReportKind> kinds, IReadOnlyList<string>? wards = null, CancellationToken cancellation = default)
    {
        var batch = ReportBatch.Write(connection, clock, Folder, formats, wards ?? Ward.All(connection), kinds,
            ward => connection.Scalar<int?>("SELECT max(review_year) FROM v_ward_year WHERE ward_code = ?", ward) is { } latest
                ? new BatchYears(new ReviewYear(latest).NextPlanYear, latest) : null,
            writeErrorsAreFailures: true, cancellation: cancellation);
        var failures = batch.Failures.Select(f => f switch
        {
            { Kind: null } => $"{f.Ward}: {f.Reason.En}",
            // A full disk or a folder we may not write: say so plainly, once per ward and kind.
            { WriteError: { } e } => $"{f.Ward} {f.Kind.Value.Name()}: the outbox '{Folder}' cannot be written ({e.Message})",
            _ => $"{f.Ward} {f.Kind.Value.Name()}: {f.Reason.En}",
        }).ToList();
        var unwritten = batch.Failures.Where(f => f.WriteError is not null).Select(f => f.Ward).Distinct().Order(StringComparer.Ordinal).ToList();
        return new OutboxResult(batch.Documents, batch.Files, failures) { Unwritten = unwritten };
    }
}
