using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>What a group can reach with its own households, for the adoption form's bounds.</summary>
public static class PlanBounds
{
    /// <summary>The fewest planned poor (every poor household escapes: only the expected entries remain).</summary>
    public static long Lowest(this GroupPlanRow row) => row.ExpectedNewPoor + row.ExpectedRePoor;

    /// <summary>The most (no household escapes).</summary>
    public static long Highest(this GroupPlanRow row) => row.PoorStart + row.Lowest();
}

/// <summary>
/// What the plan-adoption page shows for one ward: the current plan of a plan year per group, as
/// <c>disu plan show</c> and the appendix read it (<see cref="GroupPlan"/>), and the plan years that have one.
/// </summary>
public sealed record WardPlan
{
    public WebWard Ward { get; init; } = new();

    public string? WardName { get; init; }

    public PlanYear? Year { get; init; }

    public IReadOnlyList<int> Years { get; init; } = [];

    public GroupPlan? Plan { get; init; }

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
            var current = GroupPlan.Read(c, code, new PlanYear(shown))!;
            return page with { WardName = current.Total.Name, Year = new PlanYear(shown), Plan = current };
        }, cancellation);
    }

    private sealed record YearRow { public int Year { get; init; } }
}
