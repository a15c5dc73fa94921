using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Planning;

/// <summary>
/// One group's target in a plan version: how many of its poor households of the base year are
/// planned to escape; the planned poor at the end of the year follow from the base and the
/// expected entries, so every row adds up by construction.
/// </summary>
/// <param name="Method">file, allocated or planner: how this group's target was set.</param>
/// <param name="TargetRate">The group's target rate as a file gave it; null: 100 × planned poor / households.</param>
public sealed record PlanTarget(PlanBaseGroup Group, long PlannedEscapes, string Method, double? TargetRate = null, long? LoadId = null, long? SourceRow = null)
{
    public long PlannedPoor => Group.NoEscape - PlannedEscapes;
}

/// <summary>The current version of a ward-year's plan: one row per group, as stored.</summary>
public sealed record StoredPlanRow(string GroupCode, long Households, long PoorStart, long PlannedEscapes, long ExpectedNewPoor, long ExpectedRePoor,
    long PlannedPoor, string Method, int Version);

/// <summary>Writes plan versions into <c>fact_target</c>: every group of the ward-year at once, the earlier version kept as history.</summary>
public static class PlanStore
{
    public static readonly string[] Methods = ["file", "allocated", "planner"];

    /// <summary>
    /// Stores <paramref name="targets"/> (one per group of <paramref name="plan"/>) as the ward-year's
    /// new current version and returns its number. The caller holds the transaction.
    /// </summary>
    public static int Save(DuckDBConnection connection, PlanBase plan, IReadOnlyList<PlanTarget> targets, string inputs, string author, DateTimeOffset at)
    {
        var codes = targets.Select(t => t.Group.GroupCode).ToList();
        if (codes.Count != plan.Groups.Count || codes.Distinct(StringComparer.Ordinal).Count() != codes.Count
            || plan.Groups.Any(g => !codes.Contains(g.GroupCode, StringComparer.Ordinal)))
            throw new InvalidOperationException($"A plan version holds every group of the base round once; got {string.Join(", ", codes)}.");
        foreach (var t in targets)
        {
            if (t.PlannedEscapes < 0 || t.PlannedEscapes > t.Group.PoorStart)
                throw new InvalidOperationException($"Group {t.Group.GroupCode}: {t.PlannedEscapes} planned escapes of {t.Group.PoorStart} poor households.");
            if (!Methods.Contains(t.Method, StringComparer.Ordinal))
                throw new InvalidOperationException($"Unknown plan method '{t.Method}'.");
        }

        var version = (connection.Scalar<int?>("SELECT max(plan_version) FROM fact_target WHERE ward_code = ? AND year = ?", plan.WardCode, plan.Year) ?? 0) + 1;
        connection.Execute("""
            CREATE OR REPLACE TEMP TABLE plan_new (
                group_code VARCHAR, target_poor_rate DOUBLE, load_id BIGINT, source_row BIGINT, target_poor_households BIGINT,
                method VARCHAR, households BIGINT, poor_start BIGINT, planned_escapes BIGINT, expected_new_poor BIGINT, expected_re_poor BIGINT)
            """);
        using (var appender = connection.CreateAppender("temp", "main", "plan_new"))
        {
            foreach (var t in targets)
            {
                var g = t.Group;
                var row = appender.CreateRow().AppendValue(g.GroupCode).AppendValue(t.TargetRate ?? 100.0 * t.PlannedPoor / g.Households);
                row = t.LoadId is { } load ? row.AppendValue(load) : row.AppendNullValue();
                row = t.SourceRow is { } source ? row.AppendValue(source) : row.AppendNullValue();
                row.AppendValue(t.PlannedPoor).AppendValue(t.Method).AppendValue(g.Households).AppendValue(g.PoorStart)
                    .AppendValue(t.PlannedEscapes).AppendValue(g.ExpectedNewPoor).AppendValue(g.ExpectedRePoor).EndRow();
            }
        }
        connection.Execute("UPDATE fact_target SET is_current = false WHERE is_current AND ward_code = ? AND year = ? AND group_code IS NOT NULL",
            plan.WardCode, plan.Year);
        connection.Execute("""
            INSERT INTO fact_target (year, ward_code, group_code, target_poor_rate, load_id, source_row, is_current, superseded_by_load,
                                     target_poor_households, method, plan_version, base_year, households, poor_start, planned_escapes,
                                     expected_new_poor, expected_re_poor, inputs, created_at, author)
            SELECT ?, ?, group_code, target_poor_rate, load_id, source_row, true, NULL,
                   target_poor_households, method, ?, ?, households, poor_start, planned_escapes,
                   expected_new_poor, expected_re_poor, ?, ?, ?
            FROM plan_new ORDER BY group_code
            """, plan.Year, plan.WardCode, version, plan.BaseYear, inputs, at, author);
        connection.Execute("DROP TABLE temp.plan_new");
        return version;
    }

    /// <summary>The ward-year's current plan version, one row per group; empty when there is none.</summary>
    public static IReadOnlyList<StoredPlanRow> Current(DuckDBConnection connection, string ward, PlanYear year) =>
        connection.Read<PlanRow>("""
            SELECT group_code, households, poor_start, planned_escapes, expected_new_poor, expected_re_poor,
                   target_poor_households, method, plan_version
            FROM fact_target
            WHERE is_current AND ward_code = ? AND year = ? AND group_code IS NOT NULL AND plan_version IS NOT NULL
            ORDER BY group_code
            """, ward, year)
            .Select(r => new StoredPlanRow(r.GroupCode, r.Households, r.PoorStart, r.PlannedEscapes,
                r.ExpectedNewPoor, r.ExpectedRePoor, r.TargetPoorHouseholds, r.Method, r.PlanVersion))
            .ToList();

    private sealed record PlanRow
    {
        public required string GroupCode { get; init; }
        public long Households { get; init; }
        public long PoorStart { get; init; }
        public long PlannedEscapes { get; init; }
        public long ExpectedNewPoor { get; init; }
        public long ExpectedRePoor { get; init; }
        public long TargetPoorHouseholds { get; init; }
        public required string Method { get; init; }
        public int PlanVersion { get; init; }
    }
}
