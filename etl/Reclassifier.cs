using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>The steps of a reclassification, for a progress display.</summary>
public enum ReclassifyStage
{
    Classifying,
    Transitions,
    Committing,
}

public sealed record ReclassifyProgress(ReclassifyStage Stage, int? Year = null);

/// <summary>
/// `disu standards reclassify`: the current rows of the review years a standard covers classified
/// again by its current version, set-based in one transaction (reclassify.sql); the replaced
/// classification of every row that changed goes to status_history, the run to reclassify_run, and
/// the transitions of the ward-years whose status changed are rebuilt, so every view follows.
/// Rows already classified by the current version are not touched: a second run does nothing.
/// </summary>
public sealed class Reclassifier(DuckDBConnection connection, TimeProvider clock, string runBy)
{
    public ReclassifyResult Run(string standardId, IProgress<ReclassifyProgress>? progress = null)
    {
        try
        {
            return RunOnce(standardId, progress);
        }
        finally
        {
            // The work tables hold a row per household-year: freed now, not when the connection closes.
            foreach (var table in new[] { "reclass", "reclass_std", "touched", "touched_households", "scope", "scope_rounds" })
                connection.Execute($"DROP TABLE IF EXISTS temp.{table}");
        }
    }

    private ReclassifyResult RunOnce(string standardId, IProgress<ReclassifyProgress>? progress)
    {
        var standard = StandardVersions.Current(connection).FirstOrDefault(s => string.Equals(s.Standard.Id, standardId, StringComparison.Ordinal))
            ?? throw new MartException(UnknownStandard(standardId));
        var years = connection.Read<YearRow>("SELECT review_year FROM dim_period WHERE standard_id = ? ORDER BY 1", standard.Standard.Id)
            .Select(y => y.ReviewYear).ToList();
        var started = clock.GetUtcNow();
        connection.Execute(SqlScripts.Macros);
        // Disposed without a commit (nothing to do, or a failure), the transaction rolls back.
        using var tx = connection.BeginTransaction();
        progress?.Report(new ReclassifyProgress(ReclassifyStage.Classifying));
        var runId = connection.Scalar<long>("SELECT coalesce(max(run_id), 0) + 1 FROM reclassify_run");
        connection.Execute($"""
            SET VARIABLE reclass_standard = {SqlText.Literal(standard.Standard.Id)};
            SET VARIABLE reclass_run = {runId.ToString(CultureInfo.InvariantCulture)};
            SET VARIABLE reclass_at = TIMESTAMPTZ {SqlText.Literal(started.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss.ffffff+00", CultureInfo.InvariantCulture))};
            SET VARIABLE reclass_by = {SqlText.Literal(runBy)};
            """);
        connection.Execute(SqlScripts.Reclassify);
        var households = connection.Scalar<long>("SELECT count(*) FROM reclass");
        if (households == 0)
        {
            tx.Rollback();
            return new ReclassifyResult(standard, years, null, [], [], [], [], 0);
        }
        var fromVersions = connection.Read<PreviousVersion>("SELECT DISTINCT from_standard_id, from_version FROM reclass ORDER BY 1, 2");
        var perYear = connection.Read<YearCount>("""
            SELECT review_year, count(*) AS households,
                   count(*) FILTER (WHERE computed_status <> old_computed_status) AS computed_changed,
                   count(*) FILTER (WHERE status <> old_status) AS status_changed
            FROM reclass GROUP BY 1 ORDER BY 1
            """);
        var changes = connection.Read<ClassChange>("""
            SELECT review_year, old_computed_status, computed_status, old_status, status, count(*) AS households
            FROM reclass WHERE computed_status <> old_computed_status OR status <> old_status
            GROUP BY ALL ORDER BY 1, 6 DESC, 2, 3
            """);
        var missing = connection.Read<MissingFlag>("""
            SELECT code AS indicator_code, review_year, count(*) AS households
            FROM (SELECT review_year, unnest(missing_flags) AS code FROM reclass)
            GROUP BY ALL ORDER BY 1, 2
            """);

        progress?.Report(new ReclassifyProgress(ReclassifyStage.Transitions));
        var wardYears = Transitions.RebuildTouched(connection, progress is null ? null : new YearProgress(progress));

        progress?.Report(new ReclassifyProgress(ReclassifyStage.Committing));
        var from = string.Join(", ", fromVersions.Select(v => v.FromStandardId == standard.Standard.Id
            ? v.FromVersion.ToString(CultureInfo.InvariantCulture) : $"{v.FromStandardId} {v.FromVersion.ToString(CultureInfo.InvariantCulture)}"));
        connection.Execute("""
            INSERT INTO reclassify_run
            SELECT getvariable('reclass_run'), getvariable('reclass_standard'), ?, (SELECT version FROM reclass_std), ?, ?,
                   count(*), count(*) FILTER (WHERE computed_status <> old_computed_status),
                   count(*) FILTER (WHERE status <> old_status), ?, getvariable('reclass_at'), ?, getvariable('reclass_by')
            FROM reclass
            """, from, standard.Standard.FirstYear, standard.Standard.LastYear, wardYears, clock.GetUtcNow());
        tx.Commit();
        return new ReclassifyResult(standard, years, runId, fromVersions, perYear, changes, missing, wardYears);
    }

    /// <summary>The refusal of an id the mart has no standard for, naming those it has.</summary>
    public Message UnknownStandard(string standardId)
    {
        var known = string.Join(", ", StandardVersions.Current(connection).Select(s => s.Standard.Id));
        return Message.Of($"--standard {standardId}: kho dữ liệu không có chuẩn nghèo này; các chuẩn có: {known}",
                          $"--standard {standardId}: the mart has no such standard; known: {known}");
    }

    private sealed class YearProgress(IProgress<ReclassifyProgress> inner) : IProgress<int>
    {
        public void Report(int value) => inner.Report(new ReclassifyProgress(ReclassifyStage.Transitions, value));
    }

    private sealed record YearRow { public int ReviewYear { get; init; } }
}

/// <summary>What a reclassification did; <see cref="RunId"/> is null when there was nothing to do (nothing was written).</summary>
public sealed record ReclassifyResult(
    VersionedStandard Standard, IReadOnlyList<int> Years, long? RunId, IReadOnlyList<PreviousVersion> FromVersions,
    IReadOnlyList<YearCount> PerYear, IReadOnlyList<ClassChange> Changes, IReadOnlyList<MissingFlag> MissingFlags, int WardYearsRebuilt)
{
    public bool NothingToDo => RunId is null;
}

/// <summary>A standard and version that rows were classified by before the run.</summary>
public sealed record PreviousVersion
{
    public required string FromStandardId { get; init; }
    public int FromVersion { get; init; }
}

/// <summary>The rows of one review year classified again, and how many of them changed.</summary>
public sealed record YearCount
{
    public int ReviewYear { get; init; }
    public long Households { get; init; }
    public long ComputedChanged { get; init; }
    public long StatusChanged { get; init; }
}

/// <summary>Households of one review year whose classification moved from one class to another.</summary>
public sealed record ClassChange
{
    public int ReviewYear { get; init; }
    public required string OldComputedStatus { get; init; }
    public required string ComputedStatus { get; init; }
    public required string OldStatus { get; init; }
    public required string Status { get; init; }
    public long Households { get; init; }
}

/// <summary>Rows of a review year without the flag of an indicator the standard counts (not collected): counted as not deprived.</summary>
public sealed record MissingFlag
{
    public required string IndicatorCode { get; init; }
    public int ReviewYear { get; init; }
    public long Households { get; init; }
}
