using System.Net;
using System.Text.Json;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

/// <summary>A service with the appendix on a schedule (the others off), so that a next run shows.</summary>
public sealed class ScheduledServiceFixture : ServiceFixture
{
    public const string AppendixCron = "0 0 6 5 1 ?";

    public override async Task InitializeAsync() =>
        Service = await TestService.Start(o => o with { Schedules = o.Schedules with { Appendix = AppendixCron } });
}

public sealed class JobApiTests(ScheduledServiceFixture fixture) : IClassFixture<ScheduledServiceFixture>
{
    private TestService Service => fixture.Service;

    [Fact]
    public async Task Should_list_the_four_jobs_with_schedule_next_run_and_state()
    {
        using var client = Service.Client("admin");
        var response = await client.GetAsync("/api/jobs");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Json();
        var jobs = body.GetProperty("jobs").EnumerateArray().ToDictionary(j => j.Text("job"));
        jobs.Keys.ShouldBe(["inbox", "briefing", "appendix", "trend"]);
        jobs["appendix"].Text("schedule").ShouldBe(ScheduledServiceFixture.AppendixCron);
        jobs["appendix"].GetProperty("next_run").GetDateTimeOffset().Year.ShouldBeGreaterThanOrEqualTo(2025);
        jobs["briefing"].GetProperty("schedule").ValueKind.ShouldBe(JsonValueKind.Null);
        jobs["briefing"].GetProperty("next_run").ValueKind.ShouldBe(JsonValueKind.Null);
        jobs["briefing"].GetProperty("running").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
        body.GetProperty("runs").ValueKind.ShouldBe(JsonValueKind.Array);
    }

    [Fact]
    public async Task Should_run_the_briefing_on_request_and_record_who_asked()
    {
        using var client = Service.Client("admin");
        var response = await client.PostAsync("/api/jobs/briefing/run", null);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        response.Headers.Location!.ToString().ShouldBe("/api/jobs");
        var accepted = await response.Json();
        accepted.Text("job").ShouldBe("briefing");
        accepted.Text("trigger").ShouldBe("manual:test-admin");

        // The job runs on the scheduler's thread: poll what the API reports until its run is recorded.
        var (_, run) = await Poll.Read(async () =>
            (await (await client.GetAsync("/api/jobs")).Json()).GetProperty("runs").EnumerateArray()
                .Where(r => r.Text("job") == "briefing" && r.Text("trigger") == "manual:test-admin" && r.Text("outcome") != "running")
                .Cast<JsonElement?>().FirstOrDefault(),
            r => r is not null);
        run.ShouldNotBeNull("no finished briefing run with trigger manual:test-admin in job_run");
        run.Value.Text("outcome").ShouldBe("succeeded");
        run.Value.GetProperty("rows_affected").GetInt64().ShouldBe(2);
        File.Exists(Path.Combine(Service.Options.Outbox, "DISU", "briefing-2025-DISU.pdf")).ShouldBeTrue();
        File.Exists(Path.Combine(Service.Options.Outbox, "NHAN", "briefing-2025-NHAN.xlsx")).ShouldBeTrue();

        var jobs = (await (await client.GetAsync("/api/jobs")).Json()).GetProperty("jobs").EnumerateArray();
        jobs.Single(j => j.Text("job") == "briefing").Text("last_outcome").ShouldBe("succeeded");
    }

    [Fact]
    public async Task Should_answer_404_listing_the_jobs_for_an_unknown_name()
    {
        using var client = Service.Client("admin");
        var response = await client.PostAsync("/api/jobs/backup/run", null);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Detail()).ShouldContain("inbox, briefing, appendix, trend");
    }

    [Theory]
    [InlineData("leader")]
    [InlineData("planner")]
    [InlineData("officer")]
    public async Task Should_refuse_the_jobs_to_keys_below_admin_naming_the_role_needed(string key)
    {
        using var client = Service.Client(key);
        var list = await client.GetAsync("/api/jobs");
        list.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await list.Detail()).ShouldContain("'admin'");
        (await client.PostAsync("/api/jobs/briefing/run", null)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Should_answer_401_to_the_jobs_without_a_valid_key()
    {
        using var anonymous = Service.Client();
        (await anonymous.GetAsync("/api/jobs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostAsync("/api/jobs/inbox/run", null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var wrong = Service.Client();
        wrong.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "disu_wrong");
        (await wrong.GetAsync("/api/jobs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
