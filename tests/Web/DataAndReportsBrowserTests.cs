using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The demo's service with an officer of every ward and a leader of DISU.</summary>
public sealed class DataAndReportsFixture : WebFixture, IAsyncLifetime
{
    public const string Officer = "can.bo";
    public const string Leader = "lanh.dao.disu";

    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, Officer, Role.Officer);
        WebSession.AddUser(Service, Leader, Role.Leader, DemoMartFixture.Ward);
    }
}

/// <summary>In a real browser: a file uploaded through the page reaches the mart and its rejects appear; the report links download with the cookie.</summary>
public sealed class DataAndReportsBrowserTests(DataAndReportsFixture fixture) : IClassFixture<DataAndReportsFixture>
{
    [Fact]
    public async Task An_officer_uploads_a_good_file_and_one_with_a_bad_row_and_sees_the_rejects_the_mart_holds()
    {
        // Ward NHAN, which the demo does not hold: the demo's own rounds stay as they are.
        using var scratch = new TempFolder();
        var good = SnapshotCsv.Write(scratch.File("nhan_2025.csv"), FileApiTests.Rows("NHAN", 2025));
        var bad = SnapshotCsv.Write(scratch.File("nhan_2024.csv"), FileApiTests.Rows("NHAN", 2024).Select((r, i) => i == 2 ? r.With("members", "bốn") : r));

        var page = await fixture.SignedIn(DataAndReportsFixture.Officer, "/du-lieu");
        // The page's scripts (htmx, du-lieu.js) under the CSP: no inline script or style, so no console error.
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error") errors.Add(message.Text);
        };
        await page.ReloadAsync();
        (await page.EvaluateAsync<bool>("typeof htmx !== 'undefined'")).ShouldBeTrue("htmx is loaded from /vendor/htmx");
        await Upload(page, good);
        await Upload(page, bad);

        var loadId = fixture.Read(c => c.Scalar<long>("SELECT load_id FROM etl_load WHERE file_name = 'nhan_2024.csv'"));
        fixture.Read(c => c.Scalar<string>("SELECT loaded_by FROM etl_load WHERE file_name = 'nhan_2025.csv'")).ShouldBe("user=" + DataAndReportsFixture.Officer);
        var mart = fixture.Read(c => c.Read<RejectLine>("""
            SELECT load_id, file_name AS file, row_no AS "row", column_name AS "column", value, reason FROM etl_reject WHERE load_id = ?
            ORDER BY row_no NULLS FIRST, column_name
            """, loadId));
        mart.Count.ShouldBe(1);

        await page.GetByRole(AriaRole.Link, new() { Name = $"Xem dòng bị loại của lần nạp #{loadId}" }).ClickAsync();
        await Assertions.Expect(page.Locator("#loi")).ToHaveTextAsync($"Dòng bị loại của tệp nhan_2024.csv (lần nạp #{loadId})");
        var cells = await page.Locator("table.reject-table tbody tr td").AllInnerTextsAsync();
        cells.Select(c => c.Trim()).ShouldBe([mart[0].File, mart[0].Row!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), mart[0].Column!, mart[0].Value!, mart[0].Reason]);
        cells[2].ShouldBe("members");
        cells[3].ShouldBe("bốn");

        var csv = await page.Context.APIRequest.GetAsync((await page.GetByRole(AriaRole.Link, new() { Name = "CSV", Exact = true }).GetAttributeAsync("href"))!);
        csv.Status.ShouldBe(200);
        (await csv.TextAsync()).ShouldContain(",nhan_2024.csv,");

        errors.ShouldBeEmpty();
        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "du-lieu-loi");
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await Screenshots.Take(page, "du-lieu");
        await FitsAPhone(page);
    }

    [Fact]
    public async Task A_leader_downloads_the_appendix_trend_and_briefing_PDFs_of_the_ward_through_the_pages_links()
    {
        var page = await fixture.SignedIn(DataAndReportsFixture.Leader, "/bao-cao");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Báo cáo");
        var links = await page.Locator(".formats a", new() { HasText = "PDF" }).AllAsync();
        var hrefs = new List<string>();
        foreach (var link in links) hrefs.Add((await link.GetAttributeAsync("href")).ShouldNotBeNull());
        hrefs.ShouldBe(["/api/reports/appendix?ward=DISU&plan_year=2025", "/api/reports/trend?ward=DISU&review_year=2024", "/api/reports/briefing?ward=DISU&plan_year=2025"]);
        foreach (var href in hrefs)
        {
            var response = await page.Context.APIRequest.GetAsync(href);
            response.Status.ShouldBe(200, href + ": " + (response.Ok ? "" : await response.TextAsync()));
            response.Headers["content-type"].ShouldBe("application/pdf", href);
            (await response.BodyAsync()).AsSpan(0, 5).SequenceEqual("%PDF-"u8).ShouldBeTrue(href);
        }
        fixture.Service.Logs.Lines.Count(l => l.Contains(" user=" + DataAndReportsFixture.Leader + " ", StringComparison.Ordinal) && l.Contains("GET /api/reports/", StringComparison.Ordinal)
                                              && l.Contains("outcome=ok status=200", StringComparison.Ordinal)).ShouldBeGreaterThanOrEqualTo(3);

        // Another year from the form: the links follow it.
        await page.Locator("#nam").SelectOptionAsync("2024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem tài liệu" }).ClickAsync();
        await Assertions.Expect(page.Locator("#tai-lieu")).ToContainTextAsync("năm kế hoạch 2024");
        (await page.Locator(".formats a").First.GetAttributeAsync("href")).ShouldBe("/api/reports/appendix?ward=DISU&plan_year=2024");

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "bao-cao");
        await FitsAPhone(page);
    }

    /// <summary>At a phone's width the page is no wider than the screen: the wide tables scroll inside their own box.</summary>
    private static async Task FitsAPhone(IPage page)
    {
        await page.SetViewportSizeAsync(390, 844);
        var wide = await page.EvaluateAsync<string>("""
            Array.from(document.querySelectorAll('body *'))
                .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement.closest('.table-scroll'))
                .map(e => e.tagName + '.' + e.className).slice(0, 8).join(', ')
            """);
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("no sideways scrolling of the whole page at 390 px: " + wide);
        await page.SetViewportSizeAsync(Browsers.Desktop.Width, Browsers.Desktop.Height);
    }

    /// <summary>Chooses the file, presses the button, and waits until the load is in the table (the page polls the inbox job and reloads itself).</summary>
    private static async Task Upload(IPage page, string path)
    {
        await page.Locator("#tep").SetInputFilesAsync(path);
        await Task.WhenAll(
            page.WaitForURLAsync(url => url.Contains("tai-len=", StringComparison.Ordinal), new() { Timeout = 60_000 }),
            page.GetByRole(AriaRole.Button, new() { Name = "Tải lên" }).ClickAsync());
        await Assertions.Expect(page.Locator("[role=status].notice")).ToContainTextAsync($"Đã nhận tệp {Path.GetFileName(path)}");
        await Assertions.Expect(page.Locator("table.loads th[scope=row]", new() { HasText = Path.GetFileName(path) })).ToBeVisibleAsync(new() { Timeout = 90_000 });
    }
}
