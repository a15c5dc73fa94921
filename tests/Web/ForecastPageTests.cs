using System.Net;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports.Forecasts;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;
using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The demo forecast for 2024 (Dị Sử), 2026 and 2027 (Đường Hào) (<see cref="DemoLatest"/>), with a leader of Đường Hào.</summary>
public sealed class ForecastPageFixture : WebFixture, IAsyncLifetime
{
    protected override string Template => DemoLatest.Template;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, "lanh.dao.duonghao", Role.Leader, DemoLatest.Ward);
    }
}

public sealed class ForecastPageTests(ForecastPageFixture fixture) : IClassFixture<ForecastPageFixture>
{
    [Fact]
    public async Task A_leader_sees_each_groups_forecast_of_v_group_forecast_adding_up_to_the_ward_with_the_model_card()
    {
        var page = await fixture.SignedIn("lanh.dao.duonghao", "/du-bao");
        (await page.GotoAsync("/du-bao"))!.Status.ShouldBe(200);
        (await page.Locator(".lead").TextContentAsync()).ShouldBe("Phường Đường Hào — dự kiến năm 2027, từ kết quả rà soát năm 2026");

        var lines = fixture.Read(c => ForecastTable.Read(c, new PlanYear(2027), DemoLatest.Ward));
        var raw = fixture.Read(c => c.Read<RawRow>(
            "SELECT group_code, expected_rate, low80_rate, high80_rate FROM v_group_forecast WHERE ward_code = ? AND target_year = 2027 AND base_year = 2026",
            DemoLatest.Ward)).ToDictionary(r => r.GroupCode ?? "");
        var rows = await page.Locator("table.forecast tbody tr").AllAsync();
        rows.Count.ShouldBe(lines.Count - 1);
        double printedSum = 0;
        foreach (var (row, line) in rows.Zip(lines.Where(l => l.GroupCode is not null)))
        {
            var cells = await row.Locator("td").AllTextContentsAsync();
            (await row.Locator("th").TextContentAsync()).ShouldBe(line.GroupName);
            cells[0].ShouldBe(Count(line.Households));
            cells[3].ShouldBe(Decimal(line.ExpectedPoor));
            cells[4].ShouldBe(Percent(raw[line.GroupCode!].ExpectedRate), "the view's own rate");
            cells[5].ShouldBe($"{Percent(raw[line.GroupCode!].Low80Rate)} – {Percent(raw[line.GroupCode!].High80Rate)}");
            printedSum += double.Parse(cells[3], Culture);
        }
        var ward = await page.Locator("table.forecast tfoot tr td").AllTextContentsAsync();
        double.Parse(ward[3], Culture).ShouldBe(Math.Round(printedSum, 1), "the printed groups add up to the printed ward");
        ward[4].ShouldBe(Percent(raw[""].ExpectedRate));

        var figures = page.Locator(".key-figures dd");
        (await figures.Nth(0).TextContentAsync()).ShouldBe(Percent(lines[^1].ExpectedRate));
        (await page.Locator(".key-figures dt").Nth(3).TextContentAsync()).ShouldBe($"Khả năng đạt mục tiêu {Percent(DemoLatest.Target2027)}");
        (await figures.Nth(3).TextContentAsync()).ShouldBe(Percent(100 * lines[^1].PTargetMet!.Value, 0));

        var card = fixture.Read(c => ModelCard.Read(c, lines[0].ModelId)).ShouldNotBeNull();
        var facts = await page.Locator(".model-card .facts dd").AllTextContentsAsync();
        facts[0].ShouldBe(lines[0].ModelId);
        facts[1].ShouldStartWith($"{Count(card.TrainingRows)} biến động của hộ từ năm gốc 2021, ");
        var backtest = await page.Locator(".model-card table").First.Locator("tbody tr").AllAsync();
        backtest.Count.ShouldBe(4, "the model in use, logistic regression and the two naive baselines");
        var gbmLatest = card.Backtest.Where(b => b.Trainer == "lightgbm").MaxBy(b => b.TestBaseYear).ShouldNotBeNull();
        (await backtest[0].Locator("td").AllTextContentsAsync()).ShouldContain(Decimal(gbmLatest.Auc!.Value, 3));
        (await page.Locator(".drivers li").CountAsync()).ShouldBe(card.Drivers.Count);
        card.Drivers.Count.ShouldBeGreaterThan(0);
        (await page.Locator(".drivers li").First.TextContentAsync()).ShouldNotBeNull().ShouldStartWith(card.Drivers[0].Words);

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "du-bao");
    }

    [Fact]
    public async Task The_other_forecast_year_is_one_link_away_and_shows_its_own_base_year()
    {
        var page = await fixture.SignedIn("lanh.dao.duonghao", "/du-bao");
        await page.GotoAsync("/du-bao");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Các năm đã dự báo" }).GetByRole(AriaRole.Link, new() { Name = "2026" }).ClickAsync();
        await Assertions.Expect(page.Locator(".lead")).ToHaveTextAsync("Phường Đường Hào — dự kiến năm 2026, từ kết quả rà soát năm 2025");
        new Uri(page.Url).Query.ShouldBe("?ward=DUONGHAO&plan_year=2026");
    }

    [Fact]
    public async Task The_sign_in_page_and_the_refusal_of_a_section_pass_axe_too()
    {
        var context = await fixture.NewContext();
        var anonymous = await context.NewPageAsync();
        (await anonymous.GotoAsync("/dang-nhap"))!.Status.ShouldBe(200);
        await anonymous.ShouldHaveNoSeriousViolations();

        var page = await fixture.SignedIn("lanh.dao.duonghao", "/du-bao");
        (await page.GotoAsync("/truy-van"))!.Status.ShouldBe(403, "a leader may not open the workbench");
        await page.ShouldHaveNoSeriousViolations();
    }

    private sealed record RawRow
    {
        public string? GroupCode { get; init; }
        public double ExpectedRate { get; init; }
        public double Low80Rate { get; init; }
        public double High80Rate { get; init; }
    }
}

/// <summary>The Dự báo page's refusals, over the API tests' two-ward mart (no forecast in it), through plain HTTP.</summary>
public sealed class ForecastPageAccessTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Theory]
    [InlineData("/du-bao?ward=NHAN")]
    [InlineData("/du-bao?ward=nhan&plan_year=2026")]
    [InlineData("/du-bao?ward=%20NHAN%20")]
    public async Task A_person_of_DISU_gets_403_and_nothing_of_another_ward(string path)
    {
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("chỉ dùng cho phường, xã DISU");
        html.ShouldNotContain("Nhân Hòa");
        html.ShouldNotContain("<table");
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("2026;DROP TABLE dim_model")]
    [InlineData("99999999999999999999999")]
    [InlineData("-2026")]
    [InlineData("2e3")]
    [InlineData("٢٠٢٦")]
    public async Task A_crafted_plan_year_is_a_400_in_Vietnamese(string year)
    {
        using var response = await fixture.Sessions["leader"].Client.GetAsync($"/du-bao?ward={TestService.WardA}&plan_year={Uri.EscapeDataString(year)}");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("Năm kế hoạch phải là một năm gồm bốn chữ số, ví dụ 2026.");
        html.ShouldNotContain("<table");
    }

    [Fact]
    public async Task A_ward_without_a_forecast_says_how_to_make_one()
    {
        using var response = await fixture.Sessions["leader"].Client.GetAsync($"/du-bao?ward={TestService.WardA.ToLowerInvariant()}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Content.ReadAsStringAsync()).ShouldContain($"Chưa có dự báo cho phường, xã {TestService.WardA}. Cán bộ lập dự báo bằng lệnh &#x27;disu forecast train&#x27;");
    }
}
