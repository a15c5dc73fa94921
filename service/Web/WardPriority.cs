using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Tổ dân phố ưu tiên page shows: a ward's groups of one review round ranked as
/// <c>v_priority_groups</c> ranks them (the numbers of GET /api/priority and `disu priority`), with
/// the weights in force or those the planner typed (<see cref="PriorityRanking"/>); or why not.
/// </summary>
public sealed record WardPriority
{
    public PriorityPlace? Place { get; init; }
    public PageRefusal? Refusal { get; init; }
    public PriorityWeights? Stored { get; init; }
    public PriorityWeightsForm? Form { get; init; }
    public IReadOnlyList<PriorityGroupRow> Rows { get; init; } = [];
    public long SmallCellHouseholds { get; init; }

    /// <summary>Whether the ranking uses weights other than the mart's.</summary>
    public bool Trial => Form?.Weights is { } w && Stored is not null && w != Stored;

    public int Status => Refusal?.Status ?? (Form?.Error is not null ? StatusCodes.Status400BadRequest : StatusCodes.Status200OK);

    public PlanYear? PlanYear => Rows.Count > 0 ? new PlanYear(Rows[0].PlanYear) : Place?.Round.NextPlanYear;

    public static WardPriority Read(MartGate gate, PageCache cache, Caller caller, IQueryCollection query, CancellationToken cancellation)
    {
        if (PriorityPlace.Check(caller, query, out var ward, out var year) is { } early) return new WardPriority { Refusal = early };
        var generation = cache.Generation;
        return gate.Read(c =>
        {
            var (place, refusal) = PriorityPlace.Find(c, caller, ward, year);
            if (place is null) return new WardPriority { Refusal = refusal };
            var stored = PriorityWeights.Read(c);
            var form = PriorityWeightsForm.Asked(query) ? PriorityWeightsForm.Parse(k => query[k], stored) : PriorityWeightsForm.Of(stored);
            return new WardPriority
            {
                Place = place,
                Stored = stored,
                Form = form,
                SmallCellHouseholds = SmallCell(c),
                // A refused weight shows no ranking: the page must not pass the stored weights' numbers off as the ones typed.
                Rows = form.Weights is { } weights
                    ? weights == stored
                        ? StoredRanking(cache, generation, c, place)
                        : PriorityRanking.Read<PriorityGroupRow>(c, place.Ward.Code, place.Round, weights)
                    : [],
            };
        }, cancellation);
    }

    /// <summary>The ranking with the mart's own weights (what <c>v_priority_groups</c> gives), kept until the mart changes: the view takes about a second.</summary>
    public static IReadOnlyList<PriorityGroupRow> StoredRanking(PageCache cache, long generation, DuckDBConnection c, PriorityPlace place) =>
        cache.Within(generation, $"priority:{place.Ward.Code}:{place.Round}", () => PriorityRanking.Read<PriorityGroupRow>(c, place.Ward.Code, place.Round));

    public static long SmallCell(DuckDBConnection c) =>
        c.Scalar<long>("SELECT CAST(value AS BIGINT) FROM mart_setting WHERE key = 'small_cell_households'");

    /// <summary>The ranking as a table: each component, each part of the score, the score, the rank and the small-group flag.</summary>
    public WebTable Table()
    {
        var place = Place!;
        var noun = place.Ward.GroupNounTitle;
        var weights = Form?.Weights?.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList() ?? [];
        return new WebTable("xep-hang",
            $"Thứ tự ưu tiên {place.Ward.GroupNoun} năm kế hoạch {PlanYear} (số liệu rà soát năm {place.Round})",
            [
                new("Hạng", CellKind.Year), new(noun, CellKind.Text), new("Nhóm nhỏ", CellKind.Text),
                new("Số hộ", CellKind.Count), new("Hộ nghèo", CellKind.Count), new("Tỷ lệ hộ nghèo", CellKind.Percent),
                new("Tỷ lệ dự báo", CellKind.Percent), new("Nguy cơ tái nghèo", CellKind.Share), new("M0", CellKind.Index),
                new("Chưa được hỗ trợ", CellKind.Share),
                new("Điểm: hộ nghèo", CellKind.Score), new("Điểm: dự báo", CellKind.Score), new("Điểm: tái nghèo", CellKind.Score),
                new("Điểm: M0", CellKind.Score), new("Điểm: hỗ trợ", CellKind.Score), new("Điểm ưu tiên", CellKind.Score),
            ],
            Rows.Select(r => (IReadOnlyList<object?>)
            [
                r.PriorityRank, r.GroupName, r.SmallCell is true ? "có (*)" : "", r.Households, r.Poor, r.PoorRate,
                r.ExpectedRate, r.RePoorRisk, r.M0, r.UncoveredShare,
                r.ScorePoorRate, r.ScoreExpectedRate, r.ScoreRePoor, r.ScoreM0, r.ScoreUncovered, r.Score,
            ]).ToList())
        {
            Links = Rows.Select(r => (string?)GroupPath(r.GroupCode)).ToList(),
            Note = $"(*) Nhóm nhỏ: {place.Ward.GroupShort} có ít hơn {SmallCellHouseholds} hộ (thiết lập small_cell_households); " +
                   "vài hộ thay đổi là tỷ lệ và thứ hạng thay đổi nhiều, nên đọc thứ hạng của nhóm này thận trọng.",
        };
    }

    public string GroupPath(string group) => $"/uu-tien/{Uri.EscapeDataString(group)}?{Place!.Query(withWard: true)}";
}

/// <summary>The columns of <c>v_priority_groups</c> the page shows.</summary>
public sealed record PriorityGroupRow
{
    public int ReviewYear { get; init; }
    public int PlanYear { get; init; }
    public required string WardCode { get; init; }
    public required string GroupCode { get; init; }
    public required string GroupName { get; init; }
    public long Households { get; init; }
    public bool? SmallCell { get; init; }
    public long Poor { get; init; }
    public double? PoorRate { get; init; }
    public double? ExpectedRate { get; init; }
    public double? Low80Rate { get; init; }
    public double? High80Rate { get; init; }
    public long? RePoorHouseholds { get; init; }
    public double? RePoorRisk { get; init; }
    public double? M0 { get; init; }
    public long Entitled { get; init; }
    public long Uncovered { get; init; }
    public double? UncoveredShare { get; init; }
    public double ScorePoorRate { get; init; }
    public double ScoreExpectedRate { get; init; }
    public double ScoreRePoor { get; init; }
    public double ScoreM0 { get; init; }
    public double ScoreUncovered { get; init; }
    public double Score { get; init; }
    public long PriorityRank { get; init; }
    public required string WeightsVi { get; init; }
    public string? RecommendationVi { get; init; }
}
