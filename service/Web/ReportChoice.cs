using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Báo cáo page offers: the ward (the person's own, or one chosen among the mart's), the
/// plan years the year rule allows it (<see cref="ReportYears"/>), and for the year chosen the links
/// to GET /api/reports/{kind}, which builds, sends and audits each document. A ward or year the
/// person may not ask for gets the API's answer as the page's status (403 another ward, 404 an
/// unknown one, 400 a year the rule refuses) and no link.
/// </summary>
public sealed record ReportChoice
{
    public string? Ward { get; init; }
    public string? WardName { get; init; }
    public IReadOnlyList<int> PlanYears { get; init; } = [];
    public int? Year { get; init; }

    /// <summary>The trend ends at the plan year's base year: the latest round before it.</summary>
    public int? TrendYear { get; init; }

    public IReadOnlyList<(string Code, string? Name)> Choices { get; init; } = [];
    public int Status { get; init; } = StatusCodes.Status200OK;
    public string? Problem { get; init; }

    public static ReportChoice Read(MartGate gate, Caller caller, string? asked, string? year, CancellationToken cancellation)
    {
        var (ward, refusal) = ApiAccess.WardFor(caller, asked);
        if (refusal is not null)
            return new ReportChoice
            {
                Status = StatusCodes.Status403Forbidden,
                Problem = $"Tài khoản của bạn chỉ dùng cho phường, xã {caller.Ward}; không tải được báo cáo của phường, xã khác.",
            };
        return gate.Read(c =>
        {
            var loaded = Wards.Loaded(c);
            var choices = caller.Ward is null ? loaded.Select(w => (w, ReportYears.Read(c, w).WardName)).ToList() : [];
            string? code;
            if (ward is null)
            {
                if (loaded.Count != 1)
                    return new ReportChoice
                    {
                        Choices = choices,
                        Problem = loaded.Count == 0 ? "Kho dữ liệu chưa có phường, xã nào: cần nạp kết quả rà soát trước." : null,
                    };
                code = loaded[0];
            }
            else if ((code = Wards.Find(loaded, ward)) is null)
            {
                return new ReportChoice
                {
                    Status = StatusCodes.Status404NotFound,
                    Choices = choices,
                    Problem = caller.Ward is { } own
                        ? $"Phường, xã {own} chưa có dữ liệu trong kho: cần nạp các tệp rà soát của đơn vị trước."
                        : "Không có phường, xã này trong kho dữ liệu; hãy chọn một phường, xã trong danh sách.",
                };
            }
            var years = ReportYears.Read(c, code);
            var basis = new ReportChoice { Ward = code, WardName = years.WardName, PlanYears = years.PlanYears, Choices = choices };
            if (years.LatestPlanYear is not { } latest)
                return basis with { Status = StatusCodes.Status404NotFound, Problem = $"Phường, xã {code} chưa có vòng rà soát nào được nạp." };
            int chosen;
            if (string.IsNullOrWhiteSpace(year)) chosen = latest;
            else if (!int.TryParse(year.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out chosen))
                return basis with { Status = StatusCodes.Status400BadRequest, Problem = $"Năm phải là một số như {latest}." };
            // The API's own rule and words, with the page's way of asking for another year.
            if (years.PlanYearProblem(new PlanYear(chosen), n => $"chọn năm {n}") is { } wrong)
                return basis with { Status = StatusCodes.Status400BadRequest, Problem = wrong.Vi };
            return basis with { Year = chosen, TrendYear = years.BaseYearOf(new PlanYear(chosen))?.Value };
        }, cancellation);
    }

    /// <summary>The address of one document in one format, as the API takes it.</summary>
    public string Link(ReportKind kind, string format)
    {
        var year = kind.TakesPlanYear() ? $"plan_year={Year}" : $"review_year={TrendYear}";
        var suffix = format == "pdf" ? "" : "&format=" + format;
        return $"/api/reports/{kind.Name()}?ward={Uri.EscapeDataString(Ward!)}&{year}{suffix}";
    }
}
