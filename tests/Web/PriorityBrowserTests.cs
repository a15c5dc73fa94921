using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The trained demo (2023 round forecast to 2024, the 2024 plan allocated) with a planner of DISU.</summary>
public sealed class PriorityBrowserFixture : WebFixture, IAsyncLifetime
{
    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, "ke.hoach.disu", Role.Planner, DemoMartFixture.Ward);
    }
}

public sealed class PriorityBrowserTests(PriorityBrowserFixture fixture) : IClassFixture<PriorityBrowserFixture>
{
    private const string Round2023 = "/uu-tien?review_year=2023";

    [Fact]
    public async Task A_planner_sees_the_ranking_of_v_priority_groups_and_recomputes_it_with_the_weights_typed()
    {
        var page = await fixture.SignedIn("ke.hoach.disu", Round2023);
        var refused = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") refused.Add(message.Text);
        };
        await page.GotoAsync(Round2023);
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Tổ dân phố ưu tiên");

        var view = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, DemoMartFixture.Ward, 2023));
        view.Count.ShouldBe(9);
        (await Shown(page)).ShouldBe(view.Select(r => Expected(r)).ToList());
        view.ShouldContain(r => r.ExpectedRate != null, "the 2023 round has the forecast to 2024");
        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "uu-tien");

        await page.Locator("#priority_weight_m0").FillAsync("80");
        await page.Locator("#priority_weight_poor_rate").FillAsync("0");
        await Task.WhenAll(page.WaitForURLAsync(url => url.Contains("priority_weight_m0=80", StringComparison.Ordinal)),
            page.GetByRole(AriaRole.Button, new() { Name = "Tính lại" }).ClickAsync());
        var trial = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, DemoMartFixture.Ward, 2023, new PriorityWeights(0, 25, 15, 80, 10)));
        trial.Select(r => r.GroupCode).ShouldNotBe(view.Select(r => r.GroupCode), "these weights reorder the demo's groups, or the check compares nothing");
        (await Shown(page)).ShouldBe(trial.Select(r => Expected(r)).ToList());
        (await page.Locator(".caveat").TextContentAsync()).ShouldNotBeNull().ShouldContain("Đang thử trọng số chưa lưu");

        // Typing alone recomputes (htmx), and the address follows so that it can be shared.
        await page.Locator("#priority_weight_re_poor").FillAsync("60");
        await page.WaitForURLAsync(url => url.Contains("priority_weight_re_poor=60", StringComparison.Ordinal));
        var live = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, DemoMartFixture.Ward, 2023, new PriorityWeights(0, 25, 60, 80, 10)));
        await Assertions.Expect(page.Locator("table[data-table=xep-hang] tbody tr").First.Locator("td").Last).ToHaveTextAsync(Expected(live[0])[^1]);
        (await Shown(page)).ShouldBe(live.Select(r => Expected(r)).ToList());

        await page.Locator("#priority_weight_m0").FillAsync("NaN");
        await Assertions.Expect(page.Locator("#trong-so-loi")).ToContainTextAsync("Trọng số 'M0 (nghèo đa chiều)' phải là một số nguyên từ 0 đến 100; 'NaN' không phải.");
        (await page.Locator("table[data-table=xep-hang]").CountAsync()).ShouldBe(0, "a refused weight shows no ranking");
        refused.Where(m => !m.Contains("400", StringComparison.Ordinal)).ShouldBeEmpty("no script, style or request refused (the CSP allows no inline style; htmx is told to add none)");
    }

    [Fact]
    public async Task A_groups_page_shows_the_plans_target_and_its_candidate_households_from_the_views()
    {
        var page = await fixture.SignedIn("ke.hoach.disu", Round2023);
        await page.GotoAsync(Round2023);
        var first = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, DemoMartFixture.Ward, 2023))[0];
        await Task.WhenAll(page.WaitForURLAsync(url => url.Contains("/uu-tien/" + first.GroupCode, StringComparison.Ordinal)),
            page.GetByRole(AriaRole.Link, new() { Name = first.GroupName, Exact = true }).ClickAsync());

        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync(first.GroupName);
        var plan = fixture.Read(c => c.ReadSingle<PlanRow>("SELECT planned_escapes, planned_poor FROM v_group_plan WHERE ward_code = ? AND group_code = ? AND year = 2024",
            DemoMartFixture.Ward, first.GroupCode));
        var planCells = page.Locator("table[data-table=ke-hoach] tbody td");
        (await planCells.Nth(2).TextContentAsync()).ShouldBe(WebTable.Show(plan.PlannedEscapes, CellKind.Count));
        (await planCells.Nth(5).TextContentAsync()).ShouldBe(WebTable.Show(plan.PlannedPoor, CellKind.Count));
        var poor = fixture.Read(c => c.Scalar<long>("SELECT poor FROM v_group_year WHERE ward_code = ? AND group_code = ? AND review_year = 2023", DemoMartFixture.Ward, first.GroupCode));
        (await page.Locator("table[data-table=ho-ung-vien] tbody tr").CountAsync()).ShouldBe((int)poor, "every poor household of the group is a candidate");
        (await page.Locator("table[data-table=ho-ung-vien] tbody td:text-is('có')").CountAsync()).ShouldBe((int)plan.PlannedEscapes);
        (await page.Locator("table[data-table=thieu-hut] tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        (await page.Locator("table[data-table=ho-tro] tbody tr").CountAsync()).ShouldBeGreaterThan(0);
        page.Url.ShouldNotContain("DISU-", customMessage: "no household id in an address");

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "uu-tien-to");
    }

    private static string[] Expected(PriorityGroupRow r) =>
    [
        r.PriorityRank.ToString(System.Globalization.CultureInfo.InvariantCulture), r.GroupName, WebTable.Show(r.PoorRate, CellKind.Percent),
        WebTable.Show(r.ExpectedRate, CellKind.Percent), WebTable.Show(r.M0, CellKind.Index), WebTable.Show(r.Score, CellKind.Score),
    ];

    /// <summary>Rank, group, poor rate, expected rate, M0 and score of each row, as the browser shows them.</summary>
    private static async Task<List<string[]>> Shown(IPage page)
    {
        var rows = new List<string[]>();
        foreach (var row in await page.Locator("table[data-table=xep-hang] tbody tr").AllAsync())
        {
            var cells = (await row.Locator("th, td").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
            rows.Add([cells[0], cells[1], cells[5], cells[6], cells[8], cells[15]]);
        }
        return rows;
    }

    private sealed record PlanRow
    {
        public long PlannedEscapes { get; init; }
        public long PlannedPoor { get; init; }
    }
}
