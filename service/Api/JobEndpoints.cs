using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Quartz;

namespace DiSu.Analytics.Service.Api;

public sealed record JobStatus(string Job, string? Description, string? Schedule, DateTimeOffset? NextRun, bool Running,
    DateTimeOffset? LastStarted, DateTimeOffset? LastEnded, string? LastOutcome, string? LastMessage);

/// <summary>The jobs and the last runs recorded in job_run (newest first); <c>runs_unavailable</c> says why the runs are missing when the mart cannot be read.</summary>
public sealed record JobsResponse(IReadOnlyList<JobStatus> Jobs, IReadOnlyList<JobRun> Runs, string? RunsUnavailable);

public sealed record JobRunAccepted(string Job, string Trigger, bool AlreadyRunning, string Message);

/// <summary>The scheduler's jobs for administrators: what is scheduled, what ran, and "run it now".</summary>
public static class JobEndpoints
{
    public const int RecentRuns = 20;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireRole(Role.Admin).WithMartErrors().WithTags("Jobs");

        api.MapGet("/jobs", Jobs).WithName("ListJobs")
            .WithSummary($"Each job with its schedule, next run, state and last outcome, and the last {RecentRuns} runs recorded in job_run")
            .WithDescription("Role: admin.")
            .Produces<JobsResponse>().ProducesProblems(401, 403, 503);

        api.MapPost("/jobs/{name}/run", Run).WithName("RunJob")
            .WithSummary("Run a job now (inbox, briefing, appendix or trend); 202 with Location /api/jobs")
            .WithDescription("The run is recorded in job_run with the trigger 'manual:<key id>'. A job never runs twice at once: " +
                             "if it is running, this run starts when the current one ends. Role: admin.")
            .Produces<JobRunAccepted>(StatusCodes.Status202Accepted).ProducesProblems(401, 403, 404, 503);
        return app;
    }

    private static async Task<IResult> Jobs(HttpContext http, ISchedulerFactory schedulers, JobBoard board, MartGate gate, ServeOptions options)
    {
        var ct = http.RequestAborted;
        var scheduler = await schedulers.GetScheduler(ct);
        var jobs = new List<JobStatus>();
        foreach (var job in JobNames.All)
        {
            var trigger = await scheduler.GetTrigger(new TriggerKey(job + "-schedule", ServeHost.Group), ct);
            var detail = await scheduler.GetJobDetail(ServeHost.JobKeyOf(job), ct);
            var cron = options.Schedules.All.FirstOrDefault(s => s.Job == job).Cron;
            var state = board[job];
            jobs.Add(new JobStatus(job, detail?.Description, string.IsNullOrWhiteSpace(cron) ? null : cron, trigger?.NextFireTimeUtc,
                state?.Running ?? false, state?.LastStarted, state?.LastEnded, state?.LastOutcome, state?.LastMessage));
        }
        // The job board lives in memory so that it stays visible when the mart cannot be read: say why the runs are missing instead of failing.
        try
        {
            var runs = gate.Read(c => JobRuns.Recent(c, RecentRuns), ct);
            return Results.Ok(new JobsResponse(jobs, runs, null));
        }
        catch (MartException e)
        {
            return Results.Ok(new JobsResponse(jobs, [], e.Text.En));
        }
    }

    private static async Task<IResult> Run(HttpContext http, string name, ISchedulerFactory schedulers, JobBoard board)
    {
        var (refusal, accepted) = await Trigger(schedulers, board, Caller.From(http.User), name, http.RequestAborted);
        return refusal ?? Results.Accepted("/api/jobs", accepted);
    }

    /// <summary>Runs a job now for <paramref name="caller"/> (an administrator): the API's "run" and the Dữ liệu page's button.</summary>
    public static async Task<(IResult? Refusal, JobRunAccepted? Accepted)> Trigger(ISchedulerFactory schedulers, JobBoard board, Caller caller, string name,
        CancellationToken cancellation)
    {
        var job = JobNames.All.FirstOrDefault(j => string.Equals(j, name.Trim(), StringComparison.OrdinalIgnoreCase));
        if (job is null)
        {
            var shown = name.Length <= 40 ? name : name[..40] + "…";
            return (ApiResults.NotFound($"Không có tác vụ '{shown}'; các tác vụ là {string.Join(", ", JobNames.All)}.",
                                        $"There is no job '{shown}'; the jobs are {string.Join(", ", JobNames.All)}."), null);
        }
        var trigger = JobTriggers.Manual(caller.KeyId);
        var running = board[job]?.Running ?? false;
        try
        {
            var scheduler = await schedulers.GetScheduler(cancellation);
            await scheduler.TriggerJob(ServeHost.JobKeyOf(job), new JobDataMap { [JobTriggers.DataKey] = trigger }, cancellation);
        }
        catch (SchedulerException e)
        {
            return (ApiResults.Problem(StatusCodes.Status503ServiceUnavailable, new("Bộ lập lịch không nhận lần chạy", "The scheduler cannot take the run"),
                DiSu.Analytics.Mart.Text.Message.Of(
                    $"Không khởi động được tác vụ '{job}': {e.Message}. Hãy xem GET /health; có thể dịch vụ đang dừng.",
                    $"The job '{job}' could not be started: {e.Message}. Check GET /health; the service may be stopping.")), null);
        }
        var message = running
            ? $"The job '{job}' is running; this run starts when that one ends (a job never runs twice at once). Follow it at GET /api/jobs."
            : $"The job '{job}' starts now. Follow it at GET /api/jobs; its run is recorded with the trigger '{trigger}'.";
        return (null, new JobRunAccepted(job, trigger, running, message));
    }
}
