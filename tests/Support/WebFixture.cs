using System.Collections.Concurrent;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Reports;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// One `disu serve` per test class on a free 127.0.0.1 port over a copy of the trained demo mart
/// (<see cref="DemoMartFixture"/>: phường Dị Sử 2021–2025, forecast, 2024 plan), and the run's one
/// Chromium (<see cref="Browsers"/>). Each test opens a context of its own with <see cref="NewContext"/>;
/// the contexts a test left open are closed with the class.
/// </summary>
public class WebFixture : IAsyncLifetime
{
    private readonly ConcurrentBag<IBrowserContext> contexts = [];

    public TestService Service { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Options of the service for a subclass (e.g. users or keys); the demo's defaults otherwise.</summary>
    protected virtual ServeOptions Configure(ServeOptions options) => options;

    /// <summary>The closed mart the service's copy is made of; the trained demo unless a subclass needs more in it.</summary>
    protected virtual string Template => DemoMartFixture.TrainedTemplate;

    public async Task InitializeAsync()
    {
        // The browser first: a machine without Chromium fails with what to install, before any mart work.
        Browser = await Browsers.Chromium();
        Service = await TestService.Start(Configure, copyOf: Template);
    }

    /// <summary>A fresh context (no cookies, no cache) on the service's address, at 1366×768 unless told, in vi-VN and Vietnam's time zone.</summary>
    public async Task<IBrowserContext> NewContext(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Service.BaseAddress.ToString(),
            ViewportSize = viewport ?? Browsers.Desktop,
            Locale = "vi-VN",
            TimezoneId = "Asia/Ho_Chi_Minh",
        });
        // A page's first answer from a fresh service is built cold; on a busy two-core machine that can pass Playwright's 30 s default.
        context.SetDefaultNavigationTimeout(120_000);
        contexts.Add(context);
        return context;
    }

    /// <summary>
    /// A fresh context signed in as <paramref name="user"/> (password <see cref="Web.WebSession.Password"/>) through the
    /// sign-in form, on the page the form sends it to.
    /// </summary>
    public async Task<IPage> SignedIn(string user, string returnPath = "/")
    {
        var context = await NewContext();
        var page = await context.NewPageAsync();
        await page.GotoAsync("/dang-nhap?ReturnUrl=" + Uri.EscapeDataString(returnPath));
        await page.Locator("#ten-dang-nhap").FillAsync(user);
        await page.Locator("#mat-khau").FillAsync(Web.WebSession.Password);
        // Wait for the redirect's commit only: waiting for its "load" raced with the redirect under a busy full run
        // (Playwright saw networkidle but never load); tests navigate or wait for what they check next.
        await Task.WhenAll(
            page.WaitForURLAsync(url => new Uri(url).PathAndQuery == returnPath, new() { WaitUntil = WaitUntilState.Commit, Timeout = 120_000 }),
            page.GetByRole(AriaRole.Button, new() { Name = "Đăng nhập" }).ClickAsync());
        return page;
    }

    /// <summary>The service's own mart, read through its gate as the pages read it (read only).</summary>
    public T Read<T>(Func<DuckDB.NET.Data.DuckDBConnection, T> work) => Service.Services.GetRequiredService<MartGate>().Read(work);

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.DisposeAsync();
        if (Service is not null) await Service.DisposeAsync();
    }
}
