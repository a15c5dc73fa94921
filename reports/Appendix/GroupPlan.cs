using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
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
    public static GroupPlan? Read(DuckDBConnection connection, string ward, PlanYear year)
    {
        var rows = connection.Read<PlanViewRow>("""
            SELECT * FROM v_group_plan WHERE ward_code = ? AND year = ? ORDER BY group_code NULLS LAST
            """, ward, year);
        if (rows.Count == 0) return null;
        var all = rows.Select(r => new GroupPlanRow(r.GroupCode, r.GroupName ?? r.GroupCode ?? ward,
            r.Households, r.PoorStart, r.PoorStartRate, r.PlannedEscapes, r.ExpectedNewPoor,
            r.ExpectedRePoor, r.PlannedPoor, r.PlannedRate, r.TargetPoorRate,
            r.TargetPoorHouseholds, r.Shortfall, r.Method, r.PlanVersion, r.Author,
            // DuckDB hands TIMESTAMPTZ over as a DateTime in UTC.
            r.CreatedAt is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : null)).ToList();
        return new GroupPlan(ward, year.Value, rows[0].BaseYear, all.Where(r => r.GroupCode is not null).ToList(), all.Single(r => r.GroupCode is null));
    }

    /// <summary>The columns of <c>v_group_plan</c> a <see cref="GroupPlanRow"/> is made of.</summary>
    private sealed record PlanViewRow
    {
        public int BaseYear { get; init; }
        public string? GroupCode { get; init; }
        public string? GroupName { get; init; }
        public long Households { get; init; }
        public long PoorStart { get; init; }
        public double PoorStartRate { get; init; }
        public long PlannedEscapes { get; init; }
        public long ExpectedNewPoor { get; init; }
        public long ExpectedRePoor { get; init; }
        public long PlannedPoor { get; init; }
        public double PlannedRate { get; init; }
        public double? TargetPoorRate { get; init; }
        public long? TargetPoorHouseholds { get; init; }
        public long? Shortfall { get; init; }
        public required string Method { get; init; }
        public int PlanVersion { get; init; }
        public string? Author { get; init; }
        public DateTime? CreatedAt { get; init; }
    }
}
