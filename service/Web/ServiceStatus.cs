using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartz;

namespace DiSu.Analytics.Service.Web;

/// <summary>One job as the Dữ liệu page shows it; the message only for administrators (it may name files and wards).</summary>
public sealed record JobLine(string Job, string Words, DateTimeOffset? NextRun, bool Running, string? LastOutcome, DateTimeOffset? LastEnded, string? LastMessage);

/// <summary>
/// The service at a glance for the Dữ liệu page, from what <c>GET /health</c> reads: the scheduler,
/// the inbox, the last load and each job; and the administrators' "run now" (the API's own
/// <see cref="JobEndpoints.Trigger"/>).
/// </summary>
public sealed record ServiceStatus(bool SchedulerRunning, DateTimeOffset? LastInboxScan, DateTimeOffset? LastLoad, int InboxWaiting, IReadOnlyList<JobLine> Jobs)
{
    public const string RunPath = "/du-lieu/tac-vu";

    public static string JobWords(string job) => job switch
    {
        JobNames.Inbox => "Nạp tệp trong hộp thư đến",
        JobNames.Briefing => "Lập báo cáo tóm tắt",
        JobNames.Appendix => "Lập phụ lục kế hoạch",
        JobNames.Trend => "Lập báo cáo diễn biến",
        _ => job,
    };

    public static async Task<ServiceStatus> Read(ISchedulerFactory schedulers, JobBoard board, MartGate gate, InboxScanner scanner, Caller caller, CancellationToken cancellation)
    {
        var scheduler = await schedulers.GetScheduler(cancellation);
        var jobs = new List<JobLine>();
        foreach (var job in JobNames.All)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job + "-schedule", ServeHost.Group), cancellation);
            var state = board[job];
            jobs.Add(new JobLine(job, JobWords(job), trigger?.NextFireTimeUtc, state?.Running ?? false, state?.LastOutcome, state?.LastEnded,
                caller.Allows(Role.Admin) ? state?.LastMessage : null));
        }
        DateTimeOffset? lastLoad = null;
        try
        {
            lastLoad = gate.Read(JobRuns.LastLoad, cancellation);
        }
        catch (MartException)
        {
            // The board is in memory so that it shows while the mart cannot be read; the page says the last load is unknown.
        }
        var scan = scanner.Scan();
        return new ServiceStatus(scheduler.Status == SchedulerStatus.Running, board.LastInboxScan, lastLoad, scan.Ready.Count + scan.Settling.Count, jobs);
    }

}

/// <summary>The Dữ liệu page's "run now" for administrators.</summary>
public static class JobRunEndpoints
{
    /// <summary>POST /du-lieu/tac-vu (administrators, the page's antiforgery token): runs a job now and returns to the page.</summary>
    public static IEndpointRouteBuilder MapJobRuns(this IEndpointRouteBuilder app)
    {
        app.MapPost(ServiceStatus.RunPath, async (HttpContext http, IAntiforgery antiforgery, ISchedulerFactory schedulers, JobBoard board) =>
            {
                if (!await antiforgery.IsRequestValidAsync(http)) return WebPages.BadForm(http);
                var caller = Caller.From(http.User);
                if (!caller.Allows(Role.Admin)) return Results.Redirect("/du-lieu?tac-vu=khong-duoc-phep");
                var job = (await http.Request.ReadFormAsync(http.RequestAborted))["job"].ToString();
                var (refusal, accepted) = await JobEndpoints.Trigger(schedulers, board, caller, job, http.RequestAborted);
                return refusal ?? Results.Redirect("/du-lieu?tac-vu=" + Uri.EscapeDataString(accepted!.Job));
            })
            .RequireAuthorization(WebSections.DataPolicy)
            .ExcludeFromDescription();
        return app;
    }
}
