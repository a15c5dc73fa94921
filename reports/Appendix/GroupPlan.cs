using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Appendix;

/// <summary>One row of <c>v_group_plan</c>: a group of the plan, or the ward (<see cref="GroupCode"/> null).</summary>
public sealed record GroupPlanRow(
    string? GroupCode,
    string Name,
    long Households,
    long PoorStart,
    double PoorStartRate,
    long PlannedEscapes,
    long ExpectedNewPoor,
    long ExpectedRePoor,
    long PlannedPoor,
    double PlannedRate,
    double? TargetRate,
    long? TargetHouseholds,
    long? Shortfall,
    string Method,
    int Version,
    string? Author,
    DateTimeOffset? CreatedAt);

/// <summary>The current plan of a ward and year as <c>v_group_plan</c> holds it: what the appendix, <c>disu plan show</c> and the API print.</summary>
public sealed record GroupPlan(string WardCode, int Year, int BaseYear, IReadOnlyList<GroupPlanRow> Groups, GroupPlanRow Total)
{
    /// <summary>The ward's plan for <paramref name="year"/>; null when none has been made.</summary>
    public static GroupPlan? Read(DuckDBConnection connection, string ward, int year)
    {
        var rows = connection.NamedRows("""
            SELECT * FROM v_group_plan WHERE ward_code = ? AND year = ? ORDER BY group_code NULLS LAST
            """, ward, year);
        if (rows.Count == 0) return null;
        var all = rows.Select(r => new GroupPlanRow(r.TextOrNull("group_code"), r.TextOrNull("group_name") ?? r.TextOrNull("group_code") ?? ward,
            r.Long("households"), r.Long("poor_start"), r.Double("poor_start_rate"), r.Long("planned_escapes"), r.Long("expected_new_poor"),
            r.Long("expected_re_poor"), r.Long("planned_poor"), r.Double("planned_rate"), r.DoubleOrNull("target_poor_rate"),
            r.LongOrNull("target_poor_households"), r.LongOrNull("shortfall"), r.Text("method"), r.Int("plan_version"), r.TextOrNull("author"),
            r["created_at"] switch
            {
                DateTimeOffset o => o,
                DateTime d => new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)),
                _ => null,
            })).ToList();
        return new GroupPlan(ward, year, rows[0].Int("base_year"), all.Where(r => r.GroupCode is not null).ToList(), all.Single(r => r.GroupCode is null));
    }
}
