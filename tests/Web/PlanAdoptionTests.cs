using System.Net;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The trained demo (its 2024 plan allocated, version 1) with a planner of DISU; the tests write new versions to the class's own copy.</summary>
public sealed class PlanAdoptionFixture : WebFixture, IAsyncLifetime
{
    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, "ke.hoach.disu", Role.Planner, DemoMartFixture.Ward);
    }
}

public sealed class PlanAdoptionTests(PlanAdoptionFixture fixture) : IClassFixture<PlanAdoptionFixture>
{
    [Fact]
    public async Task A_planner_adjusts_groups_sees_the_total_against_the_target_live_and_saves_a_new_version_in_her_name()
    {
        var page = await fixture.SignedIn("ke.hoach.disu", "/uu-tien/ke-hoach");
        (await page.GotoAsync("/uu-tien/ke-hoach"))!.Status.ShouldBe(200);
        var before = fixture.Read(c => c.Read<PlanRow>("SELECT group_code, planned_poor, plan_version, author FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2024 ORDER BY group_code NULLS LAST"));
        var ward = before[^1];
        var target = fixture.Read(c => c.Scalar<long>("SELECT target_poor_households FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2024 AND group_code IS NULL"));
        (await page.Locator("#tong-ke-hoach").TextContentAsync()).ShouldBe(ward.PlannedPoor.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // One more poor household planned in the group with the most room: the total goes over the target as it is typed.
        PlanRow? moved = null;
        foreach (var g in before.Where(r => r.GroupCode is not null))
        {
            var most = long.Parse((await page.Locator($"input[name='ho_ngheo:{g.GroupCode}']").GetAttributeAsync("max"))!, System.Globalization.CultureInfo.InvariantCulture);
            if (g.PlannedPoor < most) { moved = g; break; }
        }
        moved.ShouldNotBeNull("the demo's plan has a group with room for one more poor household");
        var input = page.Locator($"input[name='ho_ngheo:{moved.GroupCode}']");
        await input.FillAsync((moved.PlannedPoor + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Assertions.Expect(page.Locator("#tong-ke-hoach")).ToHaveTextAsync((ward.PlannedPoor + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (ward.PlannedPoor + 1 > target)
            await Assertions.Expect(page.Locator("#so-voi-chi-tieu")).ToContainTextAsync("vượt chỉ tiêu");

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "ke-hoach");
        await page.GetByRole(AriaRole.Button, new() { Name = "Lưu thành phiên bản mới" }).ClickAsync();
        await Assertions.Expect(page.Locator("[role=status]")).ToContainTextAsync($"Đã lưu phiên bản {ward.PlanVersion + 1}");

        var after = fixture.Read(c => c.Read<PlanRow>("SELECT group_code, planned_poor, plan_version, author FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2024 ORDER BY group_code NULLS LAST"));
        after.ShouldAllBe(r => r.PlanVersion == ward.PlanVersion + 1);
        after.Where(r => r.GroupCode is not null).ShouldAllBe(r => r.Author == "ke.hoach.disu");
        after.Single(r => r.GroupCode == moved.GroupCode).PlannedPoor.ShouldBe(moved.PlannedPoor + 1);
        after.Where(r => r.GroupCode is not null && r.GroupCode != moved.GroupCode).Select(r => r.PlannedPoor)
            .ShouldBe(before.Where(r => r.GroupCode is not null && r.GroupCode != moved.GroupCode).Select(r => r.PlannedPoor));
        after[^1].PlannedPoor.ShouldBe(after.Where(r => r.GroupCode is not null).Sum(r => r.PlannedPoor), "the groups add up to the ward");
        fixture.Read(c => c.Scalar<long>("SELECT count(DISTINCT plan_version) FROM fact_target WHERE ward_code = 'DISU' AND year = 2024 AND plan_version IS NOT NULL"))
            .ShouldBeGreaterThan(1, "the earlier version is kept");
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1.5")]
    [InlineData("999999")]
    [InlineData("abc")]
    public async Task A_target_that_is_not_a_reachable_whole_number_saves_nothing_and_says_why(string typed)
    {
        var page = await fixture.SignedIn("ke.hoach.disu", "/uu-tien/ke-hoach");
        await page.GotoAsync("/uu-tien/ke-hoach");
        var version = fixture.Read(c => c.Scalar<int>("SELECT max(plan_version) FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2024"));
        // Past the browser's own checks, as a crafted request would be.
        await page.EvalOnSelectorAsync("#ke-hoach", "f => { f.noValidate = true; f.querySelectorAll('input[type=number]').forEach(i => i.type = 'text'); }");
        await page.Locator("#ke-hoach input[name^='ho_ngheo:']").Nth(1).FillAsync(typed);
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Lưu thành phiên bản mới" }).ClickAsync(),
            r => r.Request.Method == "POST");
        response.Status.ShouldBe(400);
        // No wait for the page's "load": that wait raced under a busy run (networkidle seen, load never); the locator below waits for the refusal itself.
        (await page.Locator("[role=alert]").TextContentAsync()).ShouldNotBeNull().ShouldStartWith("Chưa lưu: ");
        fixture.Read(c => c.Scalar<int>("SELECT max(plan_version) FROM v_group_plan WHERE ward_code = 'DISU' AND year = 2024")).ShouldBe(version);
    }

    private sealed record PlanRow
    {
        public string? GroupCode { get; init; }
        public long PlannedPoor { get; init; }
        public int PlanVersion { get; init; }
        public string? Author { get; init; }
    }
}

/// <summary>The plan-adoption page's refusals over the two-ward mart, through plain HTTP.</summary>
public sealed class PlanAdoptionAccessTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Theory]
    [InlineData("officer@DISU", "/uu-tien/ke-hoach?ward=NHAN", HttpStatusCode.Forbidden)]
    [InlineData("officer@DISU", "/uu-tien/ke-hoach?ward=%20nhan", HttpStatusCode.Forbidden)]
    [InlineData("leader", "/uu-tien/ke-hoach", HttpStatusCode.Forbidden)]
    [InlineData("planner", "/uu-tien/ke-hoach?ward=DISU&plan_year=20x4", HttpStatusCode.BadRequest)]
    [InlineData("planner", "/uu-tien/ke-hoach?ward=DISU&plan_year=1899", HttpStatusCode.BadRequest)]
    public async Task Another_ward_a_leader_and_a_crafted_year_are_refused_with_no_plan_shown(string who, string path, HttpStatusCode status)
    {
        using var response = await fixture.Sessions[who].Client.GetAsync(path);
        response.StatusCode.ShouldBe(status);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("Nhân Hòa");
        html.ShouldNotContain("ho_ngheo:");
    }
}
