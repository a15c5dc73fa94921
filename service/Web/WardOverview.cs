using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Reports.Charts;
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

    /// <summary>The briefing's target chart as SVG (<see cref="SvgChart"/>).</summary>
    public string? Chart { get; init; }

    public IReadOnlyList<(string Code, string? Name)> Choices { get; init; } = [];

    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Problem { get; init; }

    /// <summary>The ward by <see cref="WebWard"/>'s rule, then its latest plan year's briefing.</summary>
    public static WardOverview Read(MartGate gate, PageCache cache, TimeProvider clock, Caller caller, string? asked, CancellationToken cancellation)
    {
        if (WebWard.Refused(caller, asked) is { } refused) return Of(refused);
        var (chosen, plan) = gate.Read(c =>
        {
            var ward = WebWard.Resolve(c, caller, asked);
            return (ward, ward.Code is { } code ? ReportYears.Read(c, code).LatestPlanYear : null);
        }, cancellation);
        if (chosen.Code is not { } code) return Of(chosen);
        if (plan is not { } year)
            return new WardOverview { Status = StatusCodes.Status404NotFound, Problem = $"Phường, xã {code} chưa có vòng rà soát nào được nạp." };
        // BriefingReport.Build reads the model, the sentences' numbers and the provenance (the PDF is typeset only when asked for):
        // about a second, so it is kept until the mart changes.
        return cache.Read($"overview:{code}:{year}", c =>
        {
            try
            {
                var briefing = BriefingReport.Build(c, clock, new BriefingRequest(year, code));
                return new WardOverview { Briefing = briefing, Chart = SvgChart.Of(() => TargetChart.Build(briefing.Model.Chart), 600, 260) };
            }
            catch (ReportException e)
            {
                return new WardOverview { Status = StatusCodes.Status404NotFound, Problem = e.Text.Vi };
            }
        }, cancellation);
    }

    private static WardOverview Of(WebWard ward) => new() { Status = ward.Status, Problem = ward.Problem, Choices = ward.Choices };

    /// <summary>The name of a person's ward for the header ("Phường Dị Sử"), or null when the mart does not hold it.</summary>
    public static string? WardName(MartGate gate, string ward, CancellationToken cancellation) =>
        gate.Read(c => Wards.Find(c, ward) is { } code ? ReportYears.Read(c, code).WardName : null, cancellation);
}
