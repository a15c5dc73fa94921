using System.Net;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Api;

/// <summary>
/// The plan over HTTP, on the demo with its 2024 plan: the groups' targets for leaders, the
/// household-level annex only for the roles allowed household data.
/// </summary>
public sealed class PlanApiTests : IAsyncLifetime
{
    private readonly TempFolder folder = new();
    private TestService service = null!;

    public async Task InitializeAsync()
    {
        var copy = folder.File("demo.duckdb");
        using (var mart = DemoMartFixture.TrainedCopy())
        {
            mart.Connection.Execute("CHECKPOINT");
            File.Copy(mart.MartPath, copy);
        }
        service = await TestService.Start(copyOf: copy);
    }

    public async Task DisposeAsync()
    {
        await service.DisposeAsync();
        folder.Dispose();
    }

    [Fact]
    public async Task Should_give_a_leader_the_plan_the_appendix_prints()
    {
        using var client = service.Client("leader");

        var response = await client.GetAsync("/api/plan?ward=DISU&year=2024");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var json = await response.Json();
        json.GetProperty("view").GetString().ShouldBe("v_group_plan");
        var rows = json.Rows().ToList();
        rows.Count.ShouldBe(10);
        var ward = rows.Single(r => r.GetProperty("group_code").ValueKind == JsonValueKind.Null);
        ward.GetProperty("target_poor_rate").GetDouble().ShouldBe(0.31);
        ward.GetProperty("planned_poor").GetInt64().ShouldBeLessThanOrEqualTo(ward.GetProperty("target_poor_households").GetInt64());
        rows.Where(r => r.GetProperty("group_code").ValueKind != JsonValueKind.Null).Sum(r => r.GetProperty("planned_poor").GetInt64())
            .ShouldBe(ward.GetProperty("planned_poor").GetInt64());
        (await client.GetAsync("/api/plan?ward=DISU")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a plan is for one year");
    }

    [Fact]
    public async Task Should_refuse_the_household_annex_to_a_leader_and_give_it_to_a_planner()
    {
        using (var leader = service.Client("leader"))
        {
            var refused = await leader.GetAsync("/api/plan/annex?ward=DISU&year=2024");
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await refused.Content.ReadAsStringAsync()).ShouldContain("planner");
        }

        using var planner = service.Client("planner");
        var response = await planner.GetAsync("/api/plan/annex?ward=DISU&year=2024");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("plan-annex-2024-DISU.xlsx");
        using var stream = new MemoryStream(await response.Content.ReadAsByteArrayAsync());
        var rows = stream.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        rows.Count.ShouldBe(15);
        rows.Count(r => (string)r["Dự kiến thoát nghèo năm 2024"]! == "Có").ShouldBe(10);
    }
}
