using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forecasts;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Dự báo page shows for one ward: a plan year's forecast per residential group as
/// <c>disu forecast show</c> reads it (<see cref="ForecastTable"/>), the card of the model that made
/// it, and the other plan years forecast; or why it cannot (with its status code).
/// </summary>
public sealed record WardForecast
{
    public WebWard Ward { get; init; } = new();

    public Ward? Unit { get; init; }

    public PlanYear? Year { get; init; }

    /// <summary>The plan years the mart holds a forecast of for this ward, latest first.</summary>
    public IReadOnlyList<int> Years { get; init; } = [];

    public IReadOnlyList<ForecastLine> Lines { get; init; } = [];

    public ModelCard? Card { get; init; }

    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Problem { get; init; }

    private static WardForecast Of(WebWard ward) => new() { Ward = ward, Status = ward.Status, Problem = ward.Problem };

    /// <summary>The ward by <see cref="WebWard"/>'s rule, then the asked plan year (default: the latest forecast).</summary>
    public static WardForecast Read(MartGate gate, Caller caller, string? asked, string? planYear, CancellationToken cancellation)
    {
        if (WebWard.Refused(caller, asked) is { } refused) return Of(refused);
        int? year = null;
        if (!string.IsNullOrWhiteSpace(planYear))
        {
            if (!int.TryParse(planYear.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1900 or > 9999)
                return new WardForecast { Status = StatusCodes.Status400BadRequest, Problem = "Năm kế hoạch phải là một năm gồm bốn chữ số, ví dụ 2026." };
            year = parsed;
        }
        return gate.Read(c =>
        {
            var chosen = WebWard.Resolve(c, caller, asked);
            if (chosen.Code is not { } code) return Of(chosen);
            var years = c.Read<TargetYearRow>("SELECT DISTINCT target_year FROM v_group_forecast WHERE ward_code = ? ORDER BY 1 DESC", code)
                .Select(r => r.TargetYear).ToList();
            var page = Of(chosen) with { Years = years };
            if (years.Count == 0)
                return page with { Status = StatusCodes.Status404NotFound, Problem =
                    $"Chưa có dự báo cho phường, xã {code}. Cán bộ lập dự báo bằng lệnh 'disu forecast train', hoặc dịch vụ tự lập sau mỗi lần nạp khi bật RefreshForecasts." };
            var shown = year ?? years[0];
            if (!years.Contains(shown))
                return page with { Status = StatusCodes.Status404NotFound, Problem =
                    $"Không có dự báo năm {shown} cho phường, xã {code}; các năm đã dự báo: {string.Join(", ", years.Order())}." };
            var plan = new PlanYear(shown);
            var lines = ForecastTable.Read(c, plan, code);
            return page with
            {
                Year = plan, Lines = lines, Unit = DiSu.Analytics.Reports.Ward.Resolve(c, code, plan),
                Card = ModelCard.Read(c, lines[0].ModelId),
            };
        }, cancellation);
    }

    private sealed record TargetYearRow { public int TargetYear { get; init; } }
}
