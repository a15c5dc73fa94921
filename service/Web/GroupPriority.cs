using DiSu.Analytics.Forecasting.Planning;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// One residential group of the priority ranking, looked into: its years (<c>v_group_year</c>), its
/// Alkire–Foster profile (<c>v_mpi_by_group</c>, <c>v_mpi_indicator</c>), its support coverage by
/// program (<c>v_support_coverage</c>), the current plan's row for it (<c>v_group_plan</c>) and, for
/// the roles allowed household data (as GET /api/plan/annex), the candidate households of the plan's
/// annex. A group is looked for in the person's ward only, so another ward's code is a 404 like an unknown one.
/// </summary>
public sealed record GroupPriority
{
    public PriorityPlace? Place { get; init; }
    public PageRefusal? Refusal { get; init; }
    public PriorityGroupRow? Ranking { get; init; }
    public MpiRow? Mpi { get; init; }
    public IReadOnlyList<WebTable> Tables { get; init; } = [];

    /// <summary>Why there is no plan or no household list, when there is none.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    public int Status => Refusal?.Status ?? StatusCodes.Status200OK;

    public const string Trend = "xu-huong";
    public const string Deprivation = "thieu-hut";
    public const string Coverage = "ho-tro";
    public const string Plan = "ke-hoach";
    public const string Households = "ho-ung-vien";

    /// <summary>Household-level data: the same rule as GET /api/plan/annex and /api/forecast?level=household.</summary>
    public static bool MaySeeHouseholds(Caller caller) => caller.Allows(Role.Planner);

    public static GroupPriority Read(MartGate gate, PageCache cache, Caller caller, string group, IQueryCollection query, CancellationToken cancellation)
    {
        if (PriorityPlace.Check(caller, query, out var ward, out var year) is { } early) return new GroupPriority { Refusal = early };
        var generation = cache.Generation;
        return gate.Read(c =>
        {
            var (place, refusal) = PriorityPlace.Find(c, caller, ward, year);
            if (place is null) return new GroupPriority { Refusal = refusal };
            // The group is matched exactly within the ward; the code asked is not echoed (it may be anything).
            var ranking = WardPriority.StoredRanking(cache, generation, c, place).FirstOrDefault(r => r.GroupCode == group);
            if (ranking is null)
                return new GroupPriority
                {
                    Refusal = new PageRefusal(StatusCodes.Status404NotFound,
                        $"{place.Ward.Name} không có {place.Ward.GroupNoun} với mã này có hộ trong năm rà soát {place.Round}; hãy chọn trong bảng xếp hạng."),
                    Place = place,
                };
            var code = place.Ward.Code;
            var planYear = new PlanYear(ranking.PlanYear);
            var tables = new List<WebTable> { TrendTable(c, place, group), DeprivationTable(c, place, group), CoverageTable(c, place, group) };
            var notes = new List<string>();
            var current = GroupPlan.Read(c, code, planYear);
            var plan = current?.Groups.Where(l => l.GroupCode == group).ToList() ?? [];
            if (plan.Count == 1) tables.Add(PlanTable(place, current!, plan[0]));
            else notes.Add($"Chưa có kế hoạch năm {planYear} của {place.Ward.NameInSentence}, nên chưa có chỉ tiêu số hộ nghèo của {place.Ward.GroupShort} này.");
            if (!MaySeeHouseholds(caller))
                notes.Add("Danh sách từng hộ chỉ dành cho cán bộ kế hoạch trở lên.");
            else if (plan.Count == 1)
                tables.Add(HouseholdTable(c, place, group, planYear));
            else
                notes.Add("Danh sách hộ ứng viên thoát nghèo theo kế hoạch có khi kế hoạch được lập.");
            return new GroupPriority
            {
                Place = place,
                Ranking = ranking,
                Mpi = c.Read<MpiRow>("SELECT households, mpi_poor, h, a, m0, weighting, k FROM v_mpi_by_group WHERE ward_code = ? AND group_code = ? AND review_year = ?",
                    code, group, place.Round.Value).FirstOrDefault(),
                Tables = tables,
                Notes = notes,
            };
        }, cancellation);
    }

    private static WebTable TrendTable(DuckDBConnection c, PriorityPlace place, string group)
    {
        var years = TrendModel.ReadGroupYears(c, place.Ward.Code, group, place.Round.Value);
        return new WebTable(Trend, $"Diễn biến qua các năm rà soát (đến năm {place.Round})",
            [
                new("Năm", CellKind.Year), new("Số hộ", CellKind.Count), new(FlowWords.PoorStart, CellKind.Count), new(FlowWords.Escaped, CellKind.Count),
                new(FlowWords.NewPoor, CellKind.Count), new(FlowWords.RePoor, CellKind.Count), new(FlowWords.Entered, CellKind.Count),
                new(FlowWords.Left, CellKind.Count), new(FlowWords.PoorEnd, CellKind.Count), new("Tỷ lệ hộ nghèo", CellKind.Percent),
                new("Hộ cận nghèo", CellKind.Count), new("Tỷ lệ hộ cận nghèo", CellKind.Percent), new("Chỉ tiêu tỷ lệ hộ nghèo", CellKind.Percent),
            ],
            years.Select(y => (IReadOnlyList<object?>)
            [
                y.Year, y.Households, y.PoorStart, y.Escaped, y.NewPoor, y.RePoor, y.Entered, y.Left, y.Poor, y.PoorRate, y.NearPoor, y.NearPoorRate, y.TargetPoorRate,
            ]).ToList())
        {
            Note = $"{FlowWords.PoorStart} − {FlowWords.Escaped.ToLowerInvariant()} + {FlowWords.NewPoor.ToLowerInvariant()} + {FlowWords.RePoor.ToLowerInvariant()} + " +
                   $"{FlowWords.Entered.ToLowerInvariant()} − {FlowWords.Left.ToLowerInvariant()} = {FlowWords.PoorEnd.ToLowerInvariant()} (v_group_year); – : năm đầu tiên, chưa có kỳ trước để so sánh.",
        };
    }

    private static WebTable DeprivationTable(DuckDBConnection c, PriorityPlace place, string group)
    {
        var rows = c.Read<IndicatorRow>("""
            SELECT dimension_vi, label_vi, weight, uncensored_h, censored_h, contribution, contribution_pct
            FROM v_mpi_indicator WHERE ward_code = ? AND group_code = ? AND review_year = ?
            ORDER BY contribution DESC, uncensored_h DESC, ordinal
            """, place.Ward.Code, group, place.Round.Value);
        return new WebTable(Deprivation, $"Thiếu hụt đa chiều (Alkire–Foster) năm {place.Round}",
            [
                new("Chiều", CellKind.Text), new("Chỉ số", CellKind.Text), new("Trọng số", CellKind.Index), new("Tỷ lệ hộ thiếu hụt", CellKind.Share),
                new("Tỷ lệ hộ nghèo đa chiều và thiếu hụt", CellKind.Share), new("Đóng góp vào M0", CellKind.Index), new("Phần của M0", CellKind.Percent),
            ],
            rows.Select(r => (IReadOnlyList<object?>)[r.DimensionVi, r.LabelVi, r.Weight, r.UncensoredH, r.CensoredH, r.Contribution, r.ContributionPct]).ToList())
        {
            Note = "Đóng góp = trọng số × tỷ lệ hộ nghèo đa chiều và thiếu hụt chỉ số; các đóng góp cộng lại bằng M0 của tổ (v_mpi_indicator). Xếp theo đóng góp, lớn nhất trước.",
        };
    }

    private static WebTable CoverageTable(DuckDBConnection c, PriorityPlace place, string group)
    {
        var rows = c.Read<CoverageRow>("""
            SELECT program_vi, in_scope, entitled, reached, gap, coverage_pct, gap_poor
            FROM v_support_coverage WHERE ward_code = ? AND group_code = ? AND review_year = ?
            ORDER BY gap DESC, program_code
            """, place.Ward.Code, group, place.Round.Value);
        return new WebTable(Coverage, $"Hỗ trợ theo chương trình năm {place.Round}: hộ được hưởng chưa được hỗ trợ",
            [
                new("Chương trình", CellKind.Text), new("Hộ trong diện", CellKind.Count), new("Hộ được hưởng", CellKind.Count), new("Đã được hỗ trợ", CellKind.Count),
                new("Chưa được hỗ trợ", CellKind.Count), new("Tỷ lệ bao phủ", CellKind.Percent), new("Trong đó hộ nghèo chưa được hỗ trợ", CellKind.Count),
            ],
            rows.Select(r => (IReadOnlyList<object?>)[r.ProgramVi, r.InScope, r.Entitled, r.Reached, r.Gap, r.CoveragePct, r.GapPoor]).ToList())
        {
            Note = "Hộ trong diện: hộ nghèo, cận nghèo và mới thoát nghèo; được hưởng theo các quy tắc của chương trình (v_support_coverage). Xếp theo số hộ chưa được hỗ trợ, nhiều nhất trước.",
        };
    }

    private static WebTable PlanTable(PriorityPlace place, GroupPlan plan, GroupPlanRow p) =>
        new(Plan, $"Kế hoạch năm {plan.Year} (phiên bản {p.Version}): chỉ tiêu số hộ nghèo của {place.Ward.GroupShort}",
            [
                new("Số hộ", CellKind.Count), new($"Hộ nghèo cuối năm {plan.BaseYear}", CellKind.Count), new("Dự kiến thoát nghèo", CellKind.Count),
                new("Dự kiến phát sinh mới", CellKind.Count), new("Dự kiến tái nghèo", CellKind.Count), new($"Hộ nghèo cuối năm {plan.Year} theo kế hoạch", CellKind.Count),
                new("Tỷ lệ theo kế hoạch", CellKind.Percent), new("Cách đặt", CellKind.Text), new("Người lập", CellKind.Text),
            ],
            [[p.Households, p.PoorStart, p.PlannedEscapes, p.ExpectedNewPoor, p.ExpectedRePoor, p.PlannedPoor, p.PlannedRate, Method(p.Method), p.Author]])
        {
            Note = "Hộ nghèo cuối năm gốc − dự kiến thoát nghèo + dự kiến phát sinh mới + dự kiến tái nghèo = hộ nghèo cuối năm kế hoạch (v_group_plan), số hộ nguyên như phụ lục.",
        };

    private static WebTable HouseholdTable(DuckDBConnection c, PriorityPlace place, string group, PlanYear planYear)
    {
        var (_, lines) = PlanAnnex.Read(c, place.Ward.Code, planYear);
        var mine = lines.Where(l => l.Candidate.GroupCode == group).ToList();
        return new WebTable(Households, $"Hộ nghèo ứng viên thoát nghèo năm {planYear}, gần thoát nghèo nhất trước",
            [
                new("Thứ tự trong tổ", CellKind.Year), new("Mã hộ", CellKind.Text), new("Tính vào chỉ tiêu thoát nghèo", CellKind.Text),
                new("Điểm gần thoát nghèo", CellKind.Score), new("Lý do", CellKind.Text),
            ],
            mine.Select(l => (IReadOnlyList<object?>)[l.GroupRank, l.Candidate.HouseholdId, l.Planned ? "có" : "", l.Candidate.Score, l.Candidate.Reason()]).ToList())
        {
            Note = "Như phụ lục hộ của kế hoạch (disu plan annex, GET /api/plan/annex): các hộ đầu danh sách, đúng bằng số hộ dự kiến thoát nghèo của tổ, được tính vào chỉ tiêu.",
        };
    }

    private static string Method(string method) => method switch
    {
        "allocated" => "phân bổ tự động",
        "planner" => "cán bộ kế hoạch đặt",
        "file" => "từ tệp chỉ tiêu",
        _ => method,
    };

    public sealed record MpiRow
    {
        public long Households { get; init; }
        public long MpiPoor { get; init; }
        public double H { get; init; }
        public double? A { get; init; }
        public double M0 { get; init; }
        public required string Weighting { get; init; }
        public double K { get; init; }
    }

    private sealed record IndicatorRow
    {
        public required string DimensionVi { get; init; }
        public required string LabelVi { get; init; }
        public double Weight { get; init; }
        public double UncensoredH { get; init; }
        public double CensoredH { get; init; }
        public double Contribution { get; init; }
        public double? ContributionPct { get; init; }
    }

    private sealed record CoverageRow
    {
        public required string ProgramVi { get; init; }
        public long InScope { get; init; }
        public long Entitled { get; init; }
        public long Reached { get; init; }
        public long Gap { get; init; }
        public double? CoveragePct { get; init; }
        public long GapPoor { get; init; }
    }
}
