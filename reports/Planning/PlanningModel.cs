using System.Globalization;
using DiSu.Analytics.Mart;
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

    public static PlanningModel Read(DuckDBConnection connection, string ward, int year)
    {
        var mpi = connection.Rows("""
            SELECT m.group_code, coalesce(m.group_name, m.ward_name), m.households, m.mpi_poor, m.h, m.a, m.m0, m.m0_change, m.ward_share_pct, coalesce(m.small_cell, false),
                   m.weighting, m.k,
                   (SELECT i.label_vi FROM v_mpi_indicator i
                    WHERE i.ward_code = m.ward_code AND i.review_year = m.review_year AND i.group_code IS NOT DISTINCT FROM m.group_code
                      AND i.contribution > 0
                    ORDER BY i.contribution DESC, i.ordinal LIMIT 1)
            FROM v_mpi_by_group m
            WHERE m.ward_code = ? AND m.review_year = ?
            ORDER BY m.group_code NULLS LAST
            """, ward, year);
        var rows = mpi.Select(r => new MpiRow((string?)r[0], (string)r[1]!, L(r[2]), L(r[3]), D(r[4]), N(r[5]), D(r[6]), N(r[7]), N(r[8]), r[9] is true, (string?)r[12])).ToList();
        var priority = connection.Rows("""
            SELECT priority_rank, group_code, group_name, score, poor_rate, expected_rate, re_poor_risk, coalesce(m0, 0),
                   uncovered, entitled, small_cell, recommendation_vi, weights_vi, top_programs
            FROM v_priority_groups WHERE ward_code = ? AND review_year = ? ORDER BY priority_rank
            """, ward, year);
        var programs = connection.Rows("SELECT program_code, label_vi FROM dim_program").ToDictionary(r => (string)r[0]!, r => (string)r[1]!);
        IReadOnlyList<string> Labels(object? codes) => codes is System.Collections.IEnumerable list
            ? list.OfType<string>().Distinct().Select(c => programs.GetValueOrDefault(c, c)).ToList()
            : [];
        var gaps = connection.Rows($"""
            SELECT group_name, program_vi, entitled, reached, gap, gap_poor
            FROM v_support_coverage WHERE ward_code = ? AND review_year = ? AND gap > 0
            ORDER BY gap DESC, gap_poor DESC, group_code, program_code LIMIT {GapsShown}
            """, ward, year);
        var totals = connection.Rows("""
            SELECT coalesce(sum(entitled), 0)::BIGINT, coalesce(sum(reached), 0)::BIGINT
            FROM v_support_coverage WHERE ward_code = ? AND review_year = ?
            """, ward, year)[0];
        return new PlanningModel(year,
            mpi.Count > 0 ? (string)mpi[0][10]! : "equal",
            mpi.Count > 0 ? D(mpi[0][11]) : 0.25,
            rows.Where(r => r.GroupCode is not null).ToList(), rows.FirstOrDefault(r => r.GroupCode is null),
            priority.Select(r => new PriorityRow(L(r[0]), (string)r[1]!, (string)r[2]!, D(r[3]), D(r[4]), N(r[5]), N(r[6]), D(r[7]), L(r[8]), L(r[9]),
                r[10] is true, (string)r[11]!, Labels(r[13]))).ToList(),
            priority.Count > 0 ? (string)priority[0][12]! : null,
            gaps.Select(r => new GapRow((string)r[0]!, (string)r[1]!, L(r[2]), L(r[3]), L(r[4]), L(r[5]))).ToList(),
            L(totals[0]), L(totals[1]), Ward.Resolve(connection, ward, year));
    }

    private static long L(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    // DuckDB's parallel sums may differ in the last bit from run to run; ten decimals keep the
    // document, its sheets and its content hash the same for the same data.
    private static double D(object? value) => Math.Round(Convert.ToDouble(value, CultureInfo.InvariantCulture), 10);

    private static double? N(object? value) => value is null ? null : D(value);
}
