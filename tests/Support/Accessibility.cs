using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Support;

/// <summary>axe-core (Deque.AxeCore.Playwright, the script inside the package: no network) on a page as the browser shows it.</summary>
public static class Accessibility
{
    /// <summary>The impacts the issue allows none of; "minor" and "moderate" are reported by axe but do not fail.</summary>
    public static readonly IReadOnlySet<string> Failing = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>Fails with each serious or critical violation: rule, impact, what it asks, and the elements, by selector and markup.</summary>
    public static async Task ShouldHaveNoSeriousViolations(this IPage page)
    {
        var result = await page.RunAxe();
        var failing = result.Violations.Where(v => Failing.Contains(v.Impact ?? "")).ToList();
        if (failing.Count > 0) throw new Xunit.Sdk.XunitException(Describe(page.Url, failing));
    }

    public static string Describe(string url, IReadOnlyList<AxeResultItem> violations)
    {
        var text = new StringBuilder($"axe found {violations.Count} serious or critical violation(s) on {url}:");
        foreach (var v in violations)
        {
            text.Append($"\n- {v.Id} ({v.Impact}): {v.Help} <{v.HelpUrl}>");
            foreach (var node in v.Nodes)
                text.Append($"\n    at {node.Target}: {node.Html}");
        }
        return text.ToString();
    }
}
