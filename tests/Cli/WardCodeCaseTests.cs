using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>One ward-code rule: a code matches without regard to case on the command line, as it does over HTTP.</summary>
public sealed class WardCodeCaseTests
{
    public static TheoryData<string[]> Commands => new()
    {
        new[] { "plan", "show", "--year", "2024", "--ward", "disu" },
        new[] { "forecast", "show", "--year", "2024", "--ward", "Disu" },
        new[] { "priority", "--year", "2024", "--ward", "disu" },
        new[] { "settings", "--ward", "disu" },
    };

    [Theory]
    [MemberData(nameof(Commands))]
    public void Should_take_a_ward_code_in_any_case(string[] args)
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        var lower = CliRun.Of([.. args, "--mart", mart]);
        lower.ExitCode.ShouldBe(0, lower.Error);
        var exact = CliRun.Of([.. args.Select(a => a.Equals("disu", StringComparison.OrdinalIgnoreCase) ? DemoMartFixture.Ward : a), "--mart", mart]);
        lower.Out.ShouldBe(exact.Out);
    }

    [Fact]
    public void Should_make_the_same_report_for_a_ward_code_in_any_case()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        var run = CliRun.Of("report", "appendix", "--mart", mart, "--year", "2024", "--ward", "disu", "--format", "csv", "--out", folder.File("out"));
        run.ExitCode.ShouldBe(0, run.Error);
        Directory.GetFiles(folder.File("out"), "*.csv", SearchOption.AllDirectories).ShouldContain(f => Path.GetFileName(f).Contains("-DISU", StringComparison.Ordinal));
    }

    private static string DemoFile(TempFolder folder)
    {
        var path = folder.File("demo.duckdb");
        using var mart = DemoMartFixture.TrainedCopy();
        mart.Connection.Execute("CHECKPOINT");
        File.Copy(mart.MartPath, path);
        return path;
    }
}
