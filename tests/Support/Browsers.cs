using System.Diagnostics;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// One Playwright driver and one headless Chromium per test run, shared by the web test classes;
/// each test opens its own <see cref="IBrowserContext"/> (cookies, storage and cache of its own).
/// The browser is Debian's <c>chromium</c> package: Playwright's own browser download cannot be
/// fetched on the project's machines, and its driver (a node binary that Microsoft.Playwright
/// ships in the build output's .playwright folder) needs no network.
/// </summary>
public static class Browsers
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The screen the issue asks every page to be usable (and photographed) at.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1366, Height = 768 };

    private static readonly Lazy<Task<Started>> Shared = new(async () =>
    {
        var started = await Launch(ChromiumPath);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => started.Close();
        return started;
    }, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>The shared browser, launched by the first test that asks (a failed launch fails every web test with its reason).</summary>
    public static async Task<IBrowser> Chromium() => (await Shared.Value).Browser;

    /// <summary>How long the driver and the browser took to start (once per run), for the suite's budget.</summary>
    public static async Task<TimeSpan> StartTime() => (await Shared.Value).Took;

    /// <summary>Starts the driver and Chromium at <paramref name="executable"/>, or says what to install.</summary>
    public static async Task<Started> Launch(string executable)
    {
        if (!File.Exists(executable))
            throw new InvalidOperationException(
                $"The web tests drive Debian's Chromium at {executable}, which is not installed. Install it with `apt-get install -y chromium` " +
                "(as root; .ci/run does this itself when it is missing). Playwright's own browser download is not used: it cannot be fetched here.");
        var clock = Stopwatch.StartNew();
        var playwright = await Playwright.CreateAsync();
        try
        {
            var browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = executable,
                Headless = true,
                // Chromium refuses to start its sandbox as root (CI and the project's machines run as root).
                Args = Environment.IsPrivilegedProcess ? ["--no-sandbox"] : [],
            });
            return new Started(playwright, browser, clock.Elapsed);
        }
        catch
        {
            playwright.Dispose();
            throw;
        }
    }

    public sealed record Started(IPlaywright Playwright, IBrowser Browser, TimeSpan Took)
    {
        public void Close()
        {
            // At process exit: a browser that does not close in time goes with the driver, which Dispose ends.
            Browser.CloseAsync().Wait(TimeSpan.FromSeconds(10));
            Playwright.Dispose();
        }
    }
}
