using System.Text.Json;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Forecasting;

public sealed class ForecastCliTests
{
    [Fact]
    public void Should_backtest_train_predict_and_show_from_the_command_line()
    {
        using var folder = new TempFolder();
        var inbox = Path.Combine(folder.Path, "inbox");
        new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false, WardsPerProvince = 2, GroupsPerWard = 3, HouseholdsPerWard = 1200, FirstYear = 2022, LastYear = 2025, Seed = 4,
        }, inbox);
        var mart = folder.File("m.duckdb");
        CliRun.Of("etl", "load", inbox, "--mart", mart).ExitCode.ShouldBe(0);

        var backtest = CliRun.Of("forecast", "backtest", "--mart", mart, "--json");
        backtest.ExitCode.ShouldBe(0, backtest.Error);
        var report = JsonDocument.Parse(backtest.Out).RootElement;
        report.GetProperty("scope").GetString().ShouldBe("all wards in the mart");
        report.GetProperty("years").GetArrayLength().ShouldBe(2 * 4);
        report.GetProperty("verdict").GetString().ShouldNotBeNullOrEmpty();

        var train = CliRun.Of("forecast", "train", "--mart", mart, "--base-year", "2024", "--scope", "province", "--code", "P01");
        train.ExitCode.ShouldBe(0, train.Error);
        train.Out.ShouldContain("gộp: tỉnh P01");

        var otherScope = CliRun.Of("forecast", "predict", "--mart", mart, "--base-year", "2025");
        otherScope.ExitCode.ShouldBe(1);
        otherScope.Error.ShouldContain("kho dữ liệu chưa có mô hình nào đã huấn luyện cho mọi phường, xã trong kho dữ liệu");
        CliRun.Of("forecast", "predict", "--mart", mart, "--base-year", "2025", "--lang", "en").Error.ShouldContain("no trained model for all wards in the mart");
        var known = CliRun.Of("forecast", "predict", "--mart", mart, "--base-year", "2023", "--scope", "province", "--code", "P01");
        known.ExitCode.ShouldBe(1);
        known.Error.ShouldContain("đã học từ kết quả sau năm 2023");

        var predict = CliRun.Of("forecast", "predict", "--mart", mart, "--base-year", "2025", "--scope", "province", "--code", "P01");
        predict.ExitCode.ShouldBe(0, predict.Error);
        predict.Out.ShouldContain("dự báo 2025→2026");

        var show = CliRun.Of("forecast", "show", "--mart", mart, "--year", "2025");
        show.ExitCode.ShouldBe(0, show.Error);
        show.Out.ShouldContain("Dự kiến tỷ lệ hộ nghèo năm 2025");
        show.Out.ShouldContain("Khoảng 95%");
    }

    [Fact]
    public void Should_explain_what_is_missing_when_there_is_too_little_history()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        CliRun.Of("etl", "load", SnapshotCsv.Write(folder.File("s.csv"), [new SnapshotRow("H1").Poor(), new("H2")]), "--mart", mart);
        var run = CliRun.Of("forecast", "train", "--mart", mart);
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("quá ít dữ liệu trước năm 2024");
        CliRun.Of("forecast", "train", "--mart", mart, "--scope", "ward").ExitCode.ShouldBe(2);
    }
}
