using System.Buffers.Binary;
using System.Text.Json;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The browser harness itself, on what the service serves before any page of the workspace exists:
/// the vendored scripts, a page of the service's origin that loads them (the test's own page,
/// answered by the browser's router, not a page of the product), axe and the screenshots.
/// </summary>
public sealed class HarnessTests(WebFixture fixture, ITestOutputHelper output) : IClassFixture<WebFixture>
{
    private const string Harness = """
        <!doctype html>
        <html lang="vi">
        <head><meta charset="utf-8"><title>Kiểm thử trình duyệt</title>
        <script src="/vendor/htmx/htmx.min.js"></script></head>
        <body><main>
          <h1>Kiểm thử trình duyệt</h1>
          <button type="button" hx-get="/health" hx-target="#health">Xem tình trạng dịch vụ</button>
          <pre id="health" aria-live="polite"></pre>
        </main></body>
        </html>
        """;

    [Fact]
    public async Task The_service_serves_the_vendored_htmx_as_javascript()
    {
        await using var context = await fixture.NewContext();
        var page = await context.NewPageAsync();
        foreach (var file in new[] { "htmx.min.js", "htmx.js" })
        {
            var response = (await page.GotoAsync("/vendor/htmx/" + file))!;
            response.Status.ShouldBe(200, file);
            response.Headers["content-type"].ShouldStartWith("text/javascript", Case.Insensitive, file);
            (await response.BodyAsync()).ShouldBe(await File.ReadAllBytesAsync(Path.Combine(Repository.Root, "service", "wwwroot", "vendor", "htmx", file)), file);
        }
        output.WriteLine($"Playwright and Chromium started in {(await Browsers.StartTime()).TotalSeconds:0.0} s (once per run)");
    }

    [Fact]
    public async Task Htmx_loads_from_the_service_in_a_page_and_swaps_in_what_the_service_answers()
    {
        await using var context = await fixture.NewContext();
        var page = await OpenHarness(context, Harness);

        (await page.EvaluateAsync<string>("() => window.htmx && window.htmx.version")).ShouldBe(VendoredVersion("htmx.org"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng dịch vụ" }).ClickAsync();
        var health = page.Locator("#health");
        await health.Filter(new() { HasText = "schema_version" }).WaitForAsync();
        using var body = JsonDocument.Parse(await health.TextContentAsync() ?? "");
        body.RootElement.GetProperty("mart").GetProperty("reachable").GetBoolean().ShouldBeTrue();
    }

    [Fact]
    public async Task Axe_finds_no_serious_violation_on_a_plain_page()
    {
        await using var context = await fixture.NewContext();
        var page = await OpenHarness(context, Harness);
        await page.ShouldHaveNoSeriousViolations();
    }

    [Fact]
    public async Task Axe_fails_a_page_with_an_unlabelled_image_and_field_and_names_the_rules_and_the_elements()
    {
        await using var context = await fixture.NewContext();
        var page = await OpenHarness(context, Harness.Replace("</main>", """<img src="/vendor/htmx/none.png"><input id="ward" type="text"></main>""", StringComparison.Ordinal));

        var failure = await Should.ThrowAsync<XunitException>(page.ShouldHaveNoSeriousViolations);
        output.WriteLine(failure.Message);
        failure.Message.ShouldContain("image-alt (critical)");
        failure.Message.ShouldContain("label (critical)");
        failure.Message.ShouldContain("#ward");
        failure.Message.ShouldContain("<img src=\"/vendor/htmx/none.png\">");
    }

    [Fact]
    public async Task A_screenshot_is_a_png_of_the_1366_by_768_viewport_and_goes_to_docs_img_only_when_asked()
    {
        await using var context = await fixture.NewContext();
        var page = await OpenHarness(context, Harness);
        using var folder = new TempFolder();

        var png = await File.ReadAllBytesAsync(await Screenshots.Write(page, folder.File("harness.png")));
        png[1..4].ShouldBe("PNG"u8.ToArray());
        // IHDR: width and height, big-endian, after the 8-byte signature and the chunk's length and type.
        (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20))).ShouldBe((1366, 768));
        if (!Screenshots.Wanted) (await Screenshots.Take(page, "harness")).ShouldBeNull();
        await Should.ThrowAsync<ArgumentException>(() => Screenshots.Take(page, "../harness"));
    }

    [Fact]
    public async Task Contexts_used_at_once_from_the_one_browser_keep_their_cookies_to_themselves()
    {
        // As two test classes do when they run at the same time on the run's one browser.
        var seen = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            await using var context = await fixture.NewContext();
            var page = await OpenHarness(context, Harness);
            await page.EvaluateAsync("n => { document.cookie = 'tab=' + n + '; SameSite=Strict'; }", i);
            await page.GetByRole(AriaRole.Button, new() { Name = "Xem tình trạng dịch vụ" }).ClickAsync();
            await page.Locator("#health").Filter(new() { HasText = "schema_version" }).WaitForAsync();
            return (await context.CookiesAsync()).Select(c => c.Name + "=" + c.Value).ToList();
        }));
        seen.ShouldBe(Enumerable.Range(0, 4).Select(i => new List<string> { "tab=" + i }).ToArray());
    }

    [Fact]
    public async Task Without_chromium_the_web_tests_fail_saying_what_to_install()
    {
        var missing = await Should.ThrowAsync<InvalidOperationException>(() => Browsers.Launch("/nonexistent/chromium"));
        missing.Message.ShouldContain("apt-get install -y chromium");
        missing.Message.ShouldContain("/nonexistent/chromium");
    }

    /// <summary>The test's page at the service's origin (so that its scripts load from the service, as a page's would).</summary>
    private static async Task<IPage> OpenHarness(IBrowserContext context, string html)
    {
        var page = await context.NewPageAsync();
        await page.RouteAsync("**/harness.html", route => route.FulfillAsync(new() { ContentType = "text/html; charset=utf-8", Body = html }));
        var response = (await page.GotoAsync("/harness.html"))!;
        response.Ok.ShouldBeTrue();
        return page;
    }

    /// <summary>The version web/vendor.list names for a package: what web/vendor.sh put into wwwroot.</summary>
    private static string VendoredVersion(string package) =>
        File.ReadLines(Path.Combine(Repository.Root, "web", "vendor.list"))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f.Length > 1 && f[0] == package)[1];
}
