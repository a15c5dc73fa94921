using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// What the Tổng quan page shows for one ward: the briefing of the ward's latest plan year
/// (latest review year + 1), read as <c>disu report briefing</c> reads it, so that every number
/// and sentence is the PDF's; or, when the page cannot show a ward, why (with its status code),
/// or the wards to choose from.
/// </summary>
public sealed record WardOverview
{
    public BriefingReport? Briefing { get; init; }

    public IReadOnlyList<(string Code, string? Name)> Choices { get; init; } = [];

    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Problem { get; init; }

    /// <summary>
    /// The same ward rule as the API (<see cref="ApiAccess.WardFor"/>): a person of one ward asking
    /// for another gets 403 whether it exists or not, and never its numbers.
    /// </summary>
    public static WardOverview Read(MartGate gate, TimeProvider clock, Caller caller, string? asked, CancellationToken cancellation)
    {
        var (ward, refusal) = ApiAccess.WardFor(caller, asked);
        if (refusal is not null)
            return new WardOverview
            {
                Status = StatusCodes.Status403Forbidden,
                Problem = $"Tài khoản của bạn chỉ dùng cho phường, xã {caller.Ward}; không xem được phường, xã khác.",
            };
        return gate.Read(c =>
        {
            var loaded = Wards.Loaded(c);
            string? code;
            if (ward is null)
            {
                if (loaded.Count != 1)
                    return new WardOverview
                    {
                        Choices = loaded.Select(w => (w, ReportYears.Read(c, w).WardName)).ToList(),
                        Problem = loaded.Count == 0 ? "Kho dữ liệu chưa có phường, xã nào: cần nạp kết quả rà soát trước." : null,
                    };
                code = loaded[0];
            }
            else if ((code = Wards.Find(loaded, ward)) is null)
            {
                return new WardOverview
                {
                    Status = StatusCodes.Status404NotFound,
                    Problem = caller.Ward is { } own
                        ? $"Phường, xã {own} chưa có dữ liệu trong kho: cần nạp các tệp rà soát của đơn vị trước."
                        : "Không có phường, xã này trong kho dữ liệu; hãy chọn một phường, xã trong danh sách.",
                    Choices = caller.Ward is null ? loaded.Select(w => (w, ReportYears.Read(c, w).WardName)).ToList() : [],
                };
            }
            var years = ReportYears.Read(c, code);
            if (years.LatestPlanYear is not { } plan)
                return new WardOverview { Status = StatusCodes.Status404NotFound, Problem = $"Phường, xã {code} chưa có vòng rà soát nào được nạp." };
            try
            {
                // BriefingReport.Build reads the model, the sentences' numbers and the provenance; the PDF is typeset only when asked for.
                return new WardOverview { Briefing = BriefingReport.Build(c, clock, new BriefingRequest(plan, code)) };
            }
            catch (ReportException e)
            {
                return new WardOverview { Status = StatusCodes.Status404NotFound, Problem = e.Text.Vi };
            }
        }, cancellation);
    }

    /// <summary>The name of a person's ward for the header ("Phường Dị Sử"), or null when the mart does not hold it.</summary>
    public static string? WardName(MartGate gate, string ward, CancellationToken cancellation) =>
        gate.Read(c => Wards.Find(c, ward) is { } code ? ReportYears.Read(c, code).WardName : null, cancellation);
}
