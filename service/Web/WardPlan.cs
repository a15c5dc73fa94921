using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>A residential group (or, <see cref="GroupCode"/> null, the whole ward) of the current plan, from <c>v_group_plan</c>.</summary>
public sealed record PlanLine
{
    public int Year { get; init; }
    public int BaseYear { get; init; }
    public string? GroupCode { get; init; }
    public required string GroupName { get; init; }
    public long Households { get; init; }
    public long PoorStart { get; init; }
    public long PlannedEscapes { get; init; }
    public long ExpectedNewPoor { get; init; }
    public long ExpectedRePoor { get; init; }
    public long PlannedPoor { get; init; }
    public double? PlannedRate { get; init; }
    public double? TargetPoorRate { get; init; }
    public long? TargetPoorHouseholds { get; init; }
    public long? Shortfall { get; init; }
    public required string Method { get; init; }
    public int PlanVersion { get; init; }
    public string? Author { get; init; }
    public DateTime? CreatedAt { get; init; }

    /// <summary>The fewest planned poor the group can reach (every poor household escapes): its expected entries.</summary>
    public long Lowest => ExpectedNewPoor + ExpectedRePoor;

    /// <summary>The most (no household escapes).</summary>
    public long Highest => PoorStart + Lowest;

    /// <summary>The ward's current plan of <paramref name="year"/>: its groups in code order, then the whole ward.</summary>
    public static IReadOnlyList<PlanLine> Read(DuckDB.NET.Data.DuckDBConnection c, string ward, int year) => c.Read<PlanLine>("""
        SELECT year, base_year, group_code, group_name, households, poor_start, planned_escapes, expected_new_poor, expected_re_poor, planned_poor,
               planned_rate, target_poor_rate, target_poor_households, shortfall, method, plan_version, author,
               make_timestamp(epoch_us(created_at)) AS created_at -- UTC, whatever the session time zone
        FROM v_group_plan WHERE ward_code = ? AND year = ? ORDER BY group_code NULLS LAST
        """, ward, year);
}

/// <summary>
/// What the plan-adoption page shows for one ward: the current plan of a plan year per group, as
/// <c>disu plan show</c> and the appendix read it (<c>v_group_plan</c>), and the plan years that have one.
/// </summary>
public sealed record WardPlan
{
    public WebWard Ward { get; init; } = new();

    public string? WardName { get; init; }

    public PlanYear? Year { get; init; }

    public IReadOnlyList<int> Years { get; init; } = [];

    public IReadOnlyList<PlanLine> Groups { get; init; } = [];

    public PlanLine? Total { get; init; }

    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Problem { get; init; }

    private static WardPlan Of(WebWard ward) => new() { Ward = ward, Status = ward.Status, Problem = ward.Problem };

    public static WardPlan Read(MartGate gate, Caller caller, string? asked, string? planYear, CancellationToken cancellation)
    {
        if (WebWard.Refused(caller, asked) is { } refused) return Of(refused);
        int? year = null;
        if (!string.IsNullOrWhiteSpace(planYear))
        {
            if (!int.TryParse(planYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1900 or > 9999)
                return new WardPlan { Status = StatusCodes.Status400BadRequest, Problem = "Năm kế hoạch phải là một năm gồm bốn chữ số, ví dụ 2024." };
            year = parsed;
        }
        return gate.Read(c =>
        {
            var chosen = WebWard.Resolve(c, caller, asked);
            if (chosen.Code is not { } code) return Of(chosen);
            var years = c.Read<YearRow>("SELECT DISTINCT year FROM v_group_plan WHERE ward_code = ? ORDER BY 1 DESC", code).Select(r => r.Year).ToList();
            var page = Of(chosen) with { Years = years };
            if (years.Count == 0)
                return page with
                {
                    Status = StatusCodes.Status404NotFound,
                    Problem = $"Phường, xã {code} chưa có kế hoạch theo số hộ. Lập phân bổ đề xuất bằng lệnh 'disu plan allocate --year N --ward {code}' " +
                              "(cần chỉ tiêu tỷ lệ hộ nghèo của năm và dự báo), rồi xem xét và thông qua tại đây.",
                };
            var shown = year ?? years[0];
            if (!years.Contains(shown))
                return page with
                {
                    Status = StatusCodes.Status404NotFound,
                    Problem = $"Không có kế hoạch năm {shown} của phường, xã {code}; các năm có kế hoạch: {string.Join(", ", years.Order())}.",
                };
            var lines = PlanLine.Read(c, code, shown);
            return page with
            {
                WardName = lines[^1].GroupName, Year = new PlanYear(shown),
                Groups = lines.Where(l => l.GroupCode is not null).ToList(), Total = lines.Single(l => l.GroupCode is null),
            };
        }, cancellation);
    }

    private sealed record YearRow { public int Year { get; init; } }
}
