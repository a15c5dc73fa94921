using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Appendix;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

public sealed record BatchProgress(int Done, int Total, string Current);

/// <summary>A report of a ward that was not made; <see cref="Kind"/> is null when the ward has no round to report on at all.</summary>
public sealed record BatchFailure(string Ward, ReportKind? Kind, DiSu.Analytics.Mart.Text.Message Reason)
{
    /// <summary>Set when the report was made but its folder could not be written (full disk, a file in the way): worth another try.</summary>
    public Exception? WriteError { get; init; }
}

/// <summary>The years of one ward's documents: the appendix and the briefing are for plan year <see cref="Plan"/>, the trend ends at review year <see cref="TrendEnd"/>.</summary>
public sealed record BatchYears(PlanYear Plan, ReviewYear TrendEnd);

public sealed record BatchResult(int Documents, IReadOnlyList<string> Files, IReadOnlyList<BatchFailure> Failures);

/// <summary>
/// Every report for every ward (bursting): one folder per ward. A report that cannot be made for
/// one ward (say, no round before the plan year) is recorded and the batch goes on.
/// </summary>
public static class ReportBatch
{
    public static IReadOnlyList<ReportKind> Kinds => ReportKinds.All;

    /// <summary>
    /// One report of a ward for plan year <paramref name="year"/> (appendix, briefing) or ending at review year <paramref name="year"/> (trend,
    /// from the ward's first loaded round unless <paramref name="fromYear"/> is given); the models apply the year rule (<see cref="ReportYears"/>).
    /// </summary>
    /// <remarks>The ward code may be in any case (--ward disu): the models resolve it (<see cref="Ward.Resolve(DuckDBConnection, string?, ReviewYear)"/>).</remarks>
    /// <param name="geography">Which units the series are read in (default as is: plans are made in today's units); a ward that is not one of today's units is read as it was (<see cref="UnitReading"/>).</param>
    public static IReport Build(DuckDBConnection connection, TimeProvider clock, ReportKind kind, string? ward, int year, int? fromYear = null,
        Geography geography = Geography.AsIs) => kind switch
    {
        ReportKind.Appendix => AppendixReport.Build(connection, clock, new AppendixRequest(new PlanYear(year), ward, geography)),
        ReportKind.Trend => Trend.TrendReport.Build(connection, clock, new Trend.TrendRequest(fromYear ?? FirstRound(connection, ward, year, geography), year, ward, geography)),
        ReportKind.Briefing => Briefing.BriefingReport.Build(connection, clock, new Briefing.BriefingRequest(new PlanYear(year), ward, geography)),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>Every report of every ward (default: all) for plan year <paramref name="year"/>, each ward's trend ending at its latest round up to it.</summary>
    public static BatchResult Run(DuckDBConnection connection, TimeProvider clock, PlanYear year, string folder, IReadOnlyList<ReportFormat> formats,
        IProgress<BatchProgress>? progress = null, IReadOnlyList<string>? wards = null, Geography geography = Geography.AsIs) =>
        Write(connection, clock, folder, formats, wards ?? Ward.All(connection), Kinds, ward => new BatchYears(year, TrendEnd(connection, ward, year)), progress: progress,
            geography: geography);

    /// <summary>
    /// The reports <paramref name="kinds"/> of each ward into <paramref name="folder"/>/ward, for the years
    /// <paramref name="yearsOf"/> gives the ward (null: the ward has no round, one failure for it). A report
    /// the mart cannot make is a failure and the batch goes on; so is a folder that cannot be written when
    /// <paramref name="writeErrorsAreFailures"/> (a service retries them), which otherwise end the batch.
    /// </summary>
    public static BatchResult Write(DuckDBConnection connection, TimeProvider clock, string folder, IReadOnlyList<ReportFormat> formats,
        IReadOnlyList<string> wards, IReadOnlyList<ReportKind> kinds, Func<string, BatchYears?> yearsOf,
        bool writeErrorsAreFailures = false, IProgress<BatchProgress>? progress = null, CancellationToken cancellation = default,
        Geography geography = Geography.AsIs)
    {
        var total = wards.Count * kinds.Count;
        var files = new List<string>();
        var failures = new List<BatchFailure>();
        var done = 0;
        var documents = 0;
        foreach (var ward in wards)
        {
            if (yearsOf(ward) is not { } years)
            {
                failures.Add(new BatchFailure(ward, null, new DiSu.Analytics.Mart.Text.Message(
                    "chưa nạp kỳ rà soát nào", "no review round loaded")));
                done += kinds.Count;
                continue;
            }
            foreach (var kind in kinds)
            {
                cancellation.ThrowIfCancellationRequested();
                progress?.Report(new BatchProgress(done, total, $"{ward}: {kind.Name()}"));
                try
                {
                    var report = Build(connection, clock, kind, ward, kind == ReportKind.Trend ? years.TrendEnd.Value : years.Plan.Value, geography: geography);
                    foreach (var format in formats)
                        files.AddRange(ReportFiles.Write(report, format, Path.Combine(folder, ward)));
                    documents++;
                }
                catch (ReportException e)
                {
                    failures.Add(new BatchFailure(ward, kind, e.Text));
                }
                catch (Exception e) when (writeErrorsAreFailures && e is IOException or UnauthorizedAccessException)
                {
                    failures.Add(new BatchFailure(ward, kind, DiSu.Analytics.Mart.Text.Message.Of(
                        $"không ghi được vào thư mục '{folder}' ({e.Message})", $"the folder '{folder}' cannot be written ({e.Message})")) { WriteError = e });
                }
                done++;
            }
        }
        progress?.Report(new BatchProgress(done, total, "done"));
        return new BatchResult(documents, files, failures);
    }

    /// <summary>
    /// A batch for plan year N ends each ward's trend at its latest round up to N: the trend is
    /// about review years, and N may be the year after the latest (as the outbox's plan documents).
    /// </summary>
    private static ReviewYear TrendEnd(DuckDBConnection connection, string ward, PlanYear year) =>
        connection.Scalar<int?>("SELECT max(review_year) FROM geo_year WHERE is_current AND ward_code = ? AND review_year <= ?", ward, year) ?? year.Value;

    /// <summary>The ward's first round in the units the trend reads: as is, a merged ward's history starts with its predecessors'.</summary>
    private static int FirstRound(DuckDBConnection connection, string? ward, ReviewYear year, Geography geography)
    {
        var code = Ward.Resolve(connection, ward, year).Code;
        var view = UnitReading.Resolve(connection, code, geography).WardYear;
        return connection.Scalar<int?>($"SELECT min(review_year) FROM {view} WHERE ward_code = ? AND review_year <= ?", code, year) ?? year.Value;
    }
}
