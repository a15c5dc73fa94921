using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The demo's service with a leader of DUONGHAO, a leader of every ward and a leader of ward NHAN (which the demo does not hold).</summary>
public sealed class OverviewFixture : WebFixture, IAsyncLifetime
{
    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    /// <summary>The overview shows Đường Hào's latest plan year (2027): <see cref="DemoLatest"/> holds its forecast and a target.</summary>
    protected override string Template => DemoLatest.Template;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, "lanh.dao.duonghao", Role.Leader, DemoLatest.Ward);
        WebSession.AddUser(Service, "lanh.dao", Role.Leader);
        WebSession.AddUser(Service, "lanh.dao.nhan", Role.Leader, "NHAN");
    }
}

public sealed class OverviewTests(OverviewFixture fixture) : IClassFixture<OverviewFixture>
{
    [Fact]
    public async Task A_leader_of_DUONGHAO_sees_the_wards_rates_of_v_ward_year_and_the_briefings_forecast_and_chance()
    {
        var page = await SignedIn("lanh.dao.duonghao");
        (await page.GotoAsync("/"))!.Status.ShouldBe(200);

        await Expect(page.Locator("h1")).ToHaveTextAsync("Tổng quan");
        (await page.Locator(".site-header .ward").TextContentAsync()).ShouldBe("Phường Đường Hào");

        var rates = fixture.Read(c => c.Read<WardYearRow>("SELECT review_year, poor_rate FROM v_ward_year WHERE ward_code = ? ORDER BY review_year", DemoLatest.Ward));
        rates.Count.ShouldBeGreaterThan(1);
        var plan = rates[^1].ReviewYear + 1;
        var model = fixture.Read(c => BriefingModel.Read(c, new BriefingRequest(plan, DemoLatest.Ward)));

        var shown = new Dictionary<string, string>();
        foreach (var row in await page.Locator("table.figures tbody tr").AllAsync())
            shown[(await row.Locator("th").TextContentAsync())!.Trim()] = (await row.Locator("td").First.TextContentAsync())!.Trim();
        shown[plan.ToString(System.Globalization.CultureInfo.InvariantCulture)].ShouldBe("dự báo " + VietnameseNumbers.Rate(model.Forecast!.ExpectedRate));
        foreach (var rate in rates)
            shown[rate.ReviewYear.ToString(System.Globalization.CultureInfo.InvariantCulture)].ShouldBe(VietnameseNumbers.Rate(rate.PoorRate!.Value), $"year {rate.ReviewYear}");

        var forecast = model.Forecast.ShouldNotBeNull("the trained demo has the plan year's forecast");
        var figures = page.Locator(".key-figures dd");
        (await figures.Nth(0).TextContentAsync()).ShouldBe(VietnameseNumbers.Percent(forecast.ExpectedRate));
        (await figures.Nth(1).TextContentAsync()).ShouldBe($"{VietnameseNumbers.Percent(forecast.Low80Rate)} – {VietnameseNumbers.Percent(forecast.High80Rate)}");
        model.Target.ShouldBe(DemoLatest.Target2027);
        (await figures.Nth(2).TextContentAsync()).ShouldBe(BriefingSentences.Chance(forecast.PTargetMet.ShouldNotBeNull()));
        var text = new BriefingSentences(model);
        var body = await page.Locator("main").InnerTextAsync();
        body.ShouldContain(text.Forecast());
        if (text.ForecastCaveat() is { } caveat) body.ShouldContain(caveat);
        foreach (var group in model.RiskGroups) body.ShouldContain(text.RiskLine(group).TrimStart('–', ' '));
        body.ShouldContain("Số liệu đến ");
        body.ShouldContain("Chuẩn nghèo: ");

        // The briefing's chart as SVG: scalable, its text is text, and its caption is the PDF's.
        var chart = page.Locator("figure.chart");
        (await chart.Locator("figcaption").TextContentAsync()).ShouldBe(text.ChartCaption());
        (await chart.Locator("svg").GetAttributeAsync("viewBox")).ShouldNotBeNull().ShouldStartWith("0 0 ");
        (await chart.Locator("svg text").AllTextContentsAsync()).Select(t => t.Trim()).ShouldContain(plan.ToString(System.Globalization.CultureInfo.InvariantCulture));
        (await chart.Locator("[role=img]").GetAttributeAsync("aria-label")).ShouldBe(text.ChartCaption());

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "tong-quan");
    }

    [Fact]
    public async Task The_download_links_give_the_appendix_trend_and_briefing_of_the_same_ward_with_the_cookie()
    {
        var page = await SignedIn("lanh.dao.duonghao");
        await page.GotoAsync("/");
        var links = await page.Locator(".downloads a", new() { HasText = "PDF" }).AllAsync();
        var hrefs = new List<string>();
        foreach (var link in links) hrefs.Add((await link.GetAttributeAsync("href")).ShouldNotBeNull());
        hrefs.ShouldBe(["/api/reports/appendix?ward=DUONGHAO&plan_year=2027", "/api/reports/trend?ward=DUONGHAO&review_year=2026", "/api/reports/briefing?ward=DUONGHAO&plan_year=2027"]);
        foreach (var href in hrefs)
        {
            var response = await page.Context.APIRequest.GetAsync(href);
            response.Status.ShouldBe(200, href + ": " + (response.Ok ? "" : await response.TextAsync()));
            response.Headers["content-type"].ShouldBe("application/pdf", href);
        }
    }

    [Fact]
    public async Task A_leader_of_every_ward_chooses_among_the_demos_wards_and_an_unknown_ward_is_404()
    {
        var page = await SignedIn("lanh.dao");
        await page.GotoAsync("/");
        var html = await page.ContentAsync();
        foreach (var (code, name) in new[] { ("DISU", "Phường Dị Sử"), ("DUONGHAO", "Phường Đường Hào"), ("MAUHAO", "Phường Mẫu Hào (dữ liệu tổng hợp)") })
            html.ShouldContain($"<a href=\"/?ward={code}\">{name} ({code})</a>");
        (await page.Locator(".site-header .ward").TextContentAsync()).ShouldBe("Tất cả phường, xã");
        (await page.GotoAsync("/?ward=duonghao"))!.Status.ShouldBe(200, "codes match without regard to case, as in the API");
        (await page.Locator(".lead").TextContentAsync()).ShouldNotBeNull().ShouldStartWith("Phường Đường Hào — năm kế hoạch ");
        (await page.GotoAsync("/?ward=NOWHERE"))!.Status.ShouldBe(404);
        (await page.Locator("table.figures").CountAsync()).ShouldBe(0);
    }

    [Theory]
    [InlineData("/?ward=DISU", 403)]
    [InlineData("/?ward=disu", 403)]
    [InlineData("/", 404)]
    public async Task A_leader_of_another_ward_gets_no_number_of_DISU_whatever_the_address(string path, int status)
    {
        var page = await SignedIn("lanh.dao.nhan");
        (await page.GotoAsync(path))!.Status.ShouldBe(status);
        var html = await page.ContentAsync();
        html.ShouldNotContain("Dị Sử");
        html.ShouldNotContain("table");
        html.ShouldNotContain("/api/reports/");
        (await page.Locator("[role=alert]").CountAsync()).ShouldBe(1, html);
        (await page.Locator("[role=alert]").TextContentAsync()).ShouldNotBeNull().ShouldContain("NHAN");
        await page.ShouldHaveNoSeriousViolations();
    }

    private Task<IPage> SignedIn(string user) => fixture.SignedIn(user);

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private sealed record WardYearRow
    {
        public int ReviewYear { get; init; }
        public double? PoorRate { get; init; }
    }
}

/// <summary>The overview over the API tests' mart of two wards (DISU and NHAN), through plain HTTP.</summary>
public sealed class OverviewWardChoiceTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Fact]
    public async Task A_leader_of_every_ward_chooses_among_the_wards_of_the_mart()
    {
        var html = await fixture.Sessions["leader"].Client.GetStringAsync("/");
        html.ShouldContain("<h2 id=\"chon-phuong\">Chọn phường, xã</h2>");
        html.ShouldContain($"<a href=\"/?ward={TestService.WardA}\">Phường Dị Sử ({TestService.WardA})</a>");
        html.ShouldContain($"<a href=\"/?ward={TestService.WardB}\">Phường Nhân Hòa ({TestService.WardB})</a>");
    }

    [Theory]
    [InlineData("/?ward=NHAN")]
    [InlineData("/?ward=nhan")]
    [InlineData("/?ward=%20NHAN%20")]
    public async Task A_person_of_DISU_gets_403_and_nothing_of_another_ward(string path)
    {
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(path);
        response.StatusCode.ShouldBe(System.Net.HttpStatusCode.Forbidden);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("chỉ dùng cho phường, xã DISU");
        html.ShouldNotContain("Nhân Hòa");
        html.ShouldNotContain("chon-phuong");
    }
}
