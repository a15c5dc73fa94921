using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The demo's service with an officer of ward DISU (whose SQL runs on the ward's sandbox) and one of every ward.</summary>
public sealed class WorkbenchFixture : WebFixture, IAsyncLifetime
{
    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, "can.bo.disu", Role.Officer, DemoMartFixture.Ward);
        WebSession.AddUser(Service, "can.bo", Role.Officer);
    }
}

public sealed class WorkbenchTests(WorkbenchFixture fixture) : IClassFixture<WorkbenchFixture>
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    /// <summary>A first query starts a worker process, and a ward's first builds its sandbox: seconds on a busy machine, not Playwright's 5.</summary>
    private static readonly LocatorAssertionsToContainTextOptions Slow = new() { Timeout = 60_000 };

    [Fact]
    public async Task An_officer_types_SQL_in_the_highlighting_editor_runs_it_and_reads_the_marts_rows_in_Vietnamese_numbers_page_by_page()
    {
        var (page, problems) = await Open("can.bo.disu");
        var editor = page.Locator(".cm-editor");
        await Expect(editor).ToBeVisibleAsync();
        (await page.Locator("#sql").IsHiddenAsync()).ShouldBeTrue("the textarea is replaced by the editor, and still posts its text");
        // CodeMirror's own styles applied under the page's CSP (a constructed stylesheet in the editor's shadow root): the editor is a flex box.
        (await editor.EvaluateAsync<string>("e => getComputedStyle(e).display")).ShouldBe("flex");

        await Type(page, "SELECT review_year, poor, poor_rate FROM v_ward_year ORDER BY review_year");
        // Highlighting: the keyword and the identifier are drawn in differently styled spans.
        var keyword = page.Locator(".cm-line span", new() { HasTextString = "SELECT" }).First;
        var colour = await keyword.EvaluateAsync<string>("e => getComputedStyle(e).color");
        colour.ShouldNotBe(await page.Locator(".cm-line").First.EvaluateAsync<string>("e => getComputedStyle(e).color"), "SELECT is highlighted");

        await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
        await Expect(page.Locator("#run-status")).ToContainTextAsync("Xong", Slow);

        var expected = fixture.Read(c => c.Read<WardYear>("SELECT review_year, poor, poor_rate FROM v_ward_year WHERE ward_code = ? ORDER BY review_year", DemoMartFixture.Ward));
        expected.Count.ShouldBeGreaterThan(1);
        var rows = await page.Locator(".result-table tbody tr").AllAsync();
        rows.Count.ShouldBe(expected.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            var cells = (await rows[i].Locator("td").AllTextContentsAsync()).ToList();
            cells.ShouldBe([expected[i].ReviewYear.ToString(CultureInfo.InvariantCulture), expected[i].Poor.ToString(CultureInfo.InvariantCulture),
                expected[i].PoorRate.ToString("0.######", Vi)], $"row {i}: years whole, counts as the CLI's table shows them, rates with a comma");
        }
        (await page.Locator(".result-count").TextContentAsync()).ShouldNotBeNull()
            .ShouldContain($"hiển thị 1–{expected.Count} / tối đa 10.000 dòng");

        await page.ShouldHaveNoSeriousViolations();
        await Screenshots.Take(page, "truy-van");

        // More rows than a page: 50 a page, the row cap stated, the next page on a button.
        await Type(page, "SELECT i FROM range(120) t(i) ORDER BY i");
        await page.Keyboard.PressAsync("Control+Enter");
        await Expect(page.Locator(".pager")).ToContainTextAsync("Trang 1 / 3", Slow);
        (await page.Locator(".result-count").TextContentAsync()).ShouldNotBeNull().ShouldContain("120 dòng");
        (await page.Locator(".result-count").TextContentAsync()).ShouldNotBeNull().ShouldContain("hiển thị 1–50 / tối đa 10.000 dòng");
        await page.GetByRole(AriaRole.Button, new() { Name = "Trang sau" }).ClickAsync();
        (await page.Locator(".result-table tbody tr td").First.TextContentAsync()).ShouldBe("50");
        problems.ShouldBeEmpty("no script error and nothing refused by the Content-Security-Policy");
    }

    [Fact]
    public async Task A_running_query_is_cancelled_an_error_reads_in_Vietnamese_and_the_rows_download_as_CSV()
    {
        var (page, problems) = await Open("can.bo");
        await Type(page, "SELECT sum(a.i * b.i) FROM range(1000000000) a(i), range(1000000) b(i)");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Đang chạy truy vấn…");
        await page.GetByRole(AriaRole.Button, new() { Name = "Hủy truy vấn" }).ClickAsync();
        await Expect(page.Locator("#run-status")).ToHaveTextAsync("Đã hủy truy vấn.", new() { Timeout = 60_000 });
        // The service stopped it too: the audit line says so, long before the time limit.
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!fixture.Service.Logs.Lines.Any(l => l.Contains("POST /api/query user=can.bo ", StringComparison.Ordinal) && l.Contains("outcome=cancelled", StringComparison.Ordinal)))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the cancelled query's audit line");
            await Task.Delay(200);
        }

        await Type(page, "SELECT * FROM bang_khong_co");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
        var alert = page.Locator("#result-body [role=alert]");
        await Expect(alert).ToContainTextAsync("Truy vấn bị từ chối", Slow);
        (await alert.TextContentAsync()).ShouldNotBeNull().ShouldContain("bang_khong_co");

        await Type(page, "SELECT ward_code, count(*) AS so_ho FROM fact_household_year GROUP BY ward_code ORDER BY ward_code");
        await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
        await Expect(page.Locator("#run-status")).ToContainTextAsync("Xong", Slow);
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Tải CSV" }).ClickAsync());
        download.SuggestedFilename.ShouldBe("ket-qua-truy-van.csv");
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).TrimStart('\uFEFF').ReplaceLineEndings("\n");
        // The demo's wards: Dị Sử and Mẫu Hào until 2024, Đường Hào from 2025.
        var counts = fixture.Read(c => c.Rows("SELECT ward_code, count(*) FROM fact_household_year GROUP BY ward_code ORDER BY ward_code"));
        counts.Count.ShouldBe(3);
        csv.ShouldBe("ward_code,so_ho\n" + string.Concat(counts.Select(r => $"{r[0]},{Convert.ToInt64(r[1], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)}\n")));
        problems.Where(p => !p.Contains("Failed to load resource", StringComparison.Ordinal)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_saved_query_runs_from_its_form_and_the_officers_own_recent_queries_are_listed()
    {
        var (page, _) = await Open("can.bo.disu");
        await page.Locator("details.saved-query", new() { HasText = "ward_summary" }).Locator("summary").ClickAsync();
        var form = page.Locator("form[data-saved=ward_summary]");
        (await form.Locator("input[name='p.ward']").InputValueAsync()).ShouldBe("DISU", "a ward's officer gets their ward in a ward parameter");
        await form.Locator("input[name='p.year']").FillAsync("2024");
        await form.GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page.Locator("#run-status")).ToContainTextAsync("Xong: 1 dòng", Slow);
        var households = fixture.Read(c => c.Scalar<long>("SELECT households FROM v_ward_year WHERE ward_code = 'DISU' AND review_year = 2024"));
        (await page.Locator(".result-table tbody td").AllTextContentsAsync()).ShouldContain(households.ToString(CultureInfo.InvariantCulture));
        await Expect(page.Locator("#history-list li").First).ToContainTextAsync("ward_summary (ward = DISU, year = 2024)");

        // After a reload the list comes from the service, which kept it for this person.
        await page.ReloadAsync();
        await Expect(page.Locator("#history-list li").First).ToContainTextAsync("ward_summary");
        await page.ShouldHaveNoSeriousViolations();
    }

    [Fact]
    public async Task Without_script_the_page_is_a_form_that_runs_the_same_SQL()
    {
        var context = await fixture.Browser.NewContextAsync(new() { BaseURL = fixture.Service.BaseAddress.ToString(), JavaScriptEnabled = false, Locale = "vi-VN" });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/dang-nhap?ReturnUrl=%2Ftruy-van");
            await page.Locator("#ten-dang-nhap").FillAsync("can.bo.disu");
            await page.Locator("#mat-khau").FillAsync(WebSession.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync();
            await page.WaitForURLAsync("**/truy-van");
            await page.Locator("#sql").FillAsync("SELECT DISTINCT ward_code FROM v_household_year");
            await page.GetByRole(AriaRole.Button, new() { Name = "Chạy", Exact = true }).ClickAsync();
            await Expect(page.Locator(".result-table tbody td")).ToHaveTextAsync("DISU", new() { Timeout = 60_000 });
            (await page.Locator(".result-count").TextContentAsync()).ShouldNotBeNull().ShouldContain("hiển thị 1 / tối đa 10.000 dòng");
        }
        finally
        {
            await context.DisposeAsync();
        }
    }

    private async Task<(IPage Page, List<string> Problems)> Open(string user)
    {
        var page = await fixture.SignedIn(user, "/truy-van");
        var problems = new List<string>();
        page.Console += (_, message) => { if (message.Type is "error" or "warning") problems.Add(message.Text); };
        page.PageError += (_, error) => problems.Add(error);
        await page.GotoAsync("/truy-van");
        await Expect(page.Locator(".cm-editor")).ToBeVisibleAsync();
        return (page, problems);
    }

    /// <summary>Replaces the editor's text by typing, as a person does (key by key, into CodeMirror's content).</summary>
    private static async Task Type(IPage page, string sql)
    {
        await page.Locator(".cm-content").ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.PressAsync("Delete");
        await page.Keyboard.TypeAsync(sql);
        await page.Keyboard.PressAsync("Escape"); // closes a completion list, if one is open
        (await page.Locator("#sql").InputValueAsync()).ShouldBe(sql, "the hidden textarea follows the editor");
    }

    private static ILocatorAssertions Expect(ILocator locator) => Assertions.Expect(locator);

    private sealed record WardYear
    {
        public int ReviewYear { get; init; }
        public long Poor { get; init; }
        public double PoorRate { get; init; }
    }
}
