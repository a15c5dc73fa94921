using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary><c>disu report … --geography as_is|as_was</c>: either reading is written, anything else is a usage error in Vietnamese (English under --lang en).</summary>
public sealed class GeographyCliTests
{
    private static string MartFile(TempFolder folder)
    {
        using var mart = ReorganisedPanel.Reorganised();
        mart.Connection.Execute("CHECKPOINT");
        var path = folder.File("mart.duckdb");
        File.Copy(mart.MartPath, path);
        return path;
    }

    [Fact]
    public void Should_write_a_retired_wards_trend_as_was_and_say_so()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("report", "trend", "--mart", MartFile(folder), "--from", "2021", "--to", "2023", "--ward", "P01W0001",
            "--geography", "as_is", "--out", folder.File("out"));

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("P01W0001 không còn là đơn vị hành chính hiện nay");
        File.Exists(Path.Combine(folder.File("out"), "trend-2021-2023-P01W0001.pdf")).ShouldBeTrue();
    }

    [Theory]
    [InlineData("vi", "--geography: 'now' không hợp lệ; dùng as_is (đơn vị hành chính hiện nay) hoặc as_was (đơn vị tại thời điểm rà soát)")]
    [InlineData("en", "--geography: 'now' is not a geography; use as_is (today's units) or as_was (units as they were)")]
    public void Should_refuse_another_geography_as_a_usage_error(string lang, string message)
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("--lang", lang, "report", "appendix", "--mart", MartFile(folder), "--year", "2025", "--ward", "P01W0012",
            "--geography", "now", "--out", folder.File("out"));

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain(message);
        Directory.Exists(folder.File("out")).ShouldBeFalse();
    }
}
