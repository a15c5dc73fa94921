using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Planning;

/// <summary>A group's (or, with <see cref="GroupCode"/> null, the ward's) Alkire–Foster measures in a review year.</summary>
public sealed record MpiRow(string? GroupCode, string Name, long Households, long MpiPoor, double H, double? A, double M0,
    double? M0Change, double? WardSharePct, bool SmallCell, string? TopIndicator);

/// <summary>A group's place in the ward's priority list (v_priority_groups).</summary>
public sealed record PriorityRow(long Rank, string GroupCode, string Name, double Score, double PoorRate, double? ExpectedRate,
    double? RePoorRisk, double M0, long Uncovered, long Entitled, bool SmallCell, string Recommendation, IReadOnlyList<string> Programs);

/// <summary>A program's coverage in a group: entitled households not reached (v_support_coverage).</summary>
public sealed record GapRow(string GroupName, string Program, long Entitled, long Reached, long Gap, long GapPoor);

/// <summary>
/// The planners' figures for one ward and review round: Alkire–Foster by group, the priority list
/// for the year after, and the largest support gaps. Shared by the trend report and the briefing.
/// <see cref="Ward"/> gives the tables their words (tổ dân phố or thôn, phường or xã).
/// </summary>
public sealed record PlanningModel(int Year, string Weighting, double Cutoff, IReadOnlyList<MpiRow> Mpi, MpiRow? WardMpi,
    IReadOnlyList<PriorityRow> Priority, string? Weights, IReadOnlyList<GapRow> Gaps, long Entitled, long Reached, Ward Ward)
{
    public const int GapsShown = 8;

    public static PlanningModel Read(DuckDBConnection connection, string ward, ReviewYear year)
    {
        var mpi = connection.Read<MpiViewRow>("""
            SELECT m.group_code, coalesce(m.group_name, m.ward_name) AS name, m.households, m.mpi_poor, m.h, m.a, m.m0, m.m0_change, m.ward_share_pct, coalesce(m.small_cell, false) AS small_cell,
                   m.weighting, m.k,
                   (SELECT i.label_vi FROM v_mpi_indicator i
                    WHERE i.ward_code = m.ward_code AND i.review_year = m.review_year AND i.group_code IS NOT DISTINCT FROM m.group_code
                      AND i.contribution > 0
                    ORDER BY i.contribution DESC, i.ordinal LIMIT 1) AS top_indicator
            FROM v_mpi_by_group m
            WHERE m.ward_code = ? AND m.review_year = ?
            ORDER BY m.group_code NULLS LAST
            """, ward, year);
        var rows = mpi.Select(r => new MpiRow(r.GroupCode, r.Name, r.Households, r.MpiPoor, Steady(r.H), Steady(r.A), Steady(r.M0), Steady(r.M0Change),
            Steady(r.WardSharePct), r.SmallCell, r.TopIndicator)).ToList();
        // top_programs may hold NULL for an indicator no program addresses; such an entry names no program.
        var priority = connection.Read<PriorityViewRow>("""
            SELECT priority_rank, group_code, group_name, score, poor_rate, expected_rate, re_poor_risk, coalesce(m0, 0) AS m0,
                   uncovered, entitled, small_cell, recommendation_vi, weights_vi, list_filter(top_programs, c -> c IS NOT NULL) AS top_programs
            FROM v_priority_groups WHERE ward_code = ? AND review_year = ? ORDER BY priority_rank
            """, ward, year);
        var programs = connection.Read<ProgramRow>("SELECT program_code, label_vi FROM dim_program").ToDictionary(r => r.ProgramCode, r => r.LabelVi);
        IReadOnlyList<string> Labels(string[]? codes) => codes is null ? [] : codes.Distinct().Select(c => programs.GetValueOrDefault(c, c)).ToList();
        var gaps = connection.Read<GapViewRow>($"""
            SELECT group_name, program_vi, entitled, reached, gap, gap_poor
            FROM v_support_coverage WHERE ward_code = ? AND review_year = ? AND gap > 0
            ORDER BY gap DESC, gap_poor DESC, group_code, program_code LIMIT {GapsShown}
            """, ward, year);
        var totals = connection.ReadSingle<CoverageRow>("""
            SELECT coalesce(sum(entitled), 0)::BIGINT AS entitled, coalesce(sum(reached), 0)::BIGINT AS reached
            FROM v_support_coverage WHERE ward_code = ? AND review_year = ?
            """, ward, year);
        return new PlanningModel(year.Value,
            mpi.Count > 0 ? mpi[0].Weighting : "equal",
            mpi.Count > 0 ? Steady(mpi[0].K) : 0.25,
            rows.Where(r => r.GroupCode is not null).ToList(), rows.FirstOrDefault(r => r.GroupCode is null),
            priority.Select(r => new PriorityRow(r.PriorityRank, r.GroupCode, r.GroupName, Steady(r.Score), Steady(r.PoorRate), Steady(r.ExpectedRate),
                Steady(r.RePoorRisk), Steady(r.M0), r.Uncovered, r.Entitled, r.SmallCell == true, r.RecommendationVi, Labels(r.TopPrograms))).ToList(),
            priority.Count > 0 ? priority[0].WeightsVi : null,
            gaps.Select(r => new GapRow(r.GroupName, r.ProgramVi, r.Entitled, r.Reached, r.Gap, r.GapPoor)).ToList(), totals.Entitled, totals.Reached, Ward.Resolve(connection, ward, year));
    }

    // DuckDB's parallel sums may differ in the last bit from run to run; ten decimals keep the
    // document, its sheets and its content hash the same for the same data.
    private static double Steady(double value) => Math.Round(value, 10);

    private static double? Steady(double? value) => value is { } v ? Steady(v) : null;

    private sealed record MpiViewRow
    {
        public string? GroupCode { get; init; }
        public required string Name { get; init; }
        public long Households { get; init; }
        public long MpiPoor { get; init; }
        public double H { get; init; }
        public double? A { get; init; }
        public double M0 { get; init; }
        public double? M0Change { get; init; }
        public double? WardSharePct { get; init; }
        public bool SmallCell { get; init; }
        public required string Weighting { get; init; }
        public double K { get; init; }
        public string? TopIndicator { get; init; }
    }

    private sealed record PriorityViewRow
    {
        public long PriorityRank { get; init; }
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public double Score { get; init; }
        public double PoorRate { get; init; }
        public double? ExpectedRate { get; init; }
        public double? RePoorRisk { get; init; }
        public double M0 { get; init; }
        public long Uncovered { get; init; }
        public long Entitled { get; init; }

        /// <summary>Null when the small-cell setting is missing: not marked.</summary>
        public bool? SmallCell { get; init; }

        public required string RecommendationVi { get; init; }
        public required string WeightsVi { get; init; }
        public string[]? TopPrograms { get; init; }
    }

    private sealed record ProgramRow
    {
        public required string ProgramCode { get; init; }
        public required string LabelVi { get; init; }
    }

    private sealed record GapViewRow
    {
        public required string GroupName { get; init; }
        public required string ProgramVi { get; init; }
        public long Entitled { get; init; }
        public long Reached { get; init; }
        public long Gap { get; init; }
        public long GapPoor { get; init; }
    }

    private sealed record CoverageRow
    {
        public long Entitled { get; init; }
        public long Reached { get; init; }
    }
}
