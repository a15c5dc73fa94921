using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forecasts;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu forecast`: backtest, train, predict and show poverty forecasts.</summary>
internal static class ForecastCommands
{
    public static Command Build(CliContext context)
    {
        var forecast = new Command("forecast", "Forecast poverty and re-poverty risk per household and residential group (ML.NET).");
        forecast.Subcommands.Add(BuildBacktest(context));
        forecast.Subcommands.Add(BuildTrain(context));
        forecast.Subcommands.Add(BuildPredict(context));
        forecast.Subcommands.Add(BuildShow(context));
        return forecast;
    }

    private static Option<string> ScopeOption() => new("--scope")
    {
        Description = "Which wards to pool for training: ward, province or all (a ward alone has few poor households).",
        DefaultValueFactory = _ => "all",
    };

    private static Option<string?> CodeOption() => new("--code") { Description = "The ward or province code for --scope ward|province." };

    private static Option<int> SeedOption() => new("--seed") { Description = "Random seed (same data and seed, same model).", DefaultValueFactory = _ => 20240101 };

    internal static Scope ParseScope(string kind, string? code) => kind switch
    {
        "all" => Scope.All,
        "ward" or "province" when !string.IsNullOrWhiteSpace(code) => new Scope(kind, code),
        "ward" or "province" => throw new UsageException($"--scope {kind} cần --code (mã {(kind == "ward" ? "phường, xã" : "tỉnh")})",
                                                         $"--scope {kind} needs --code (the {kind} code)"),
        _ => throw new UsageException($"--scope '{kind}' phải là ward, province hoặc all", $"--scope '{kind}' must be ward, province or all"),
    };

    private static Command BuildBacktest(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var (scope, code, seed) = (ScopeOption(), CodeOption(), SeedOption());
        var json = new Option<bool>("--json") { Description = "Print the metrics as JSON." };
        var command = new Command("backtest", "Rolling-origin backtest: train on the years before each test year, score the test year, compare with naive baselines.")
        {
            mart, scope, code, seed, json,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            var report = Backtest.Run(connection, ParseScope(parse.GetValue(scope)!, parse.GetValue(code)), parse.GetValue(seed));
            if (parse.GetValue(json)) WriteJson(context, report);
            else WriteTable(context, report);
            return Cli.Ok;
        });
        return command;
    }

    private static void WriteTable(CliContext context, BacktestReport report)
    {
        context.Line($"gộp: {report.Scope.Vi} ({report.Households:N0} hộ)", $"pooled: {report.Scope} ({report.Households:N0} households)");
        var table = new Table().Border(TableBorder.Rounded);
        var headers = context.Language == Language.English
            ? new[] { "test year", "trainer", "trained on", "AUC", "Brier", "log loss", "P@5%", "R@5%", "P@10%", "R@10%", "group MAE", "expected", "observed" }
            : ["năm kiểm định", "mô hình", "học trên", "AUC", "Brier", "log loss", "P@5%", "R@5%", "P@10%", "R@10%", "MAE tổ, thôn", "dự kiến", "thực tế"];
        foreach (var h in headers)
            table.AddColumn(new TableColumn(h).RightAligned());
        var c = context.Language.Culture();
        foreach (var y in report.Years)
            table.AddRow($"{y.TestBaseYear}→{y.TestTargetYear}", y.Trainer, $"{y.TrainFirstYear}–{y.TrainLastYear}",
                F(y.Metrics.Auc, 3, c), F(y.Metrics.Brier, 4, c), F(y.Metrics.LogLoss, 4, c), F(y.Metrics.PrecisionTop5, 3, c), F(y.Metrics.RecallTop5, 3, c),
                F(y.Metrics.PrecisionTop10, 3, c), F(y.Metrics.RecallTop10, 3, c), F(y.Metrics.GroupMeanAbsoluteError, 2, c),
                F(y.Metrics.TotalExpected, 1, c), y.Metrics.TotalObserved.ToString("N0", c));
        context.Console.Write(table);
        foreach (var trainer in RiskModel.Trainers)
            context.Line($"trung bình các năm kiểm định  {trainer,-13} AUC {F(report.MeanAuc(trainer), 3, c)}  Brier {F(report.MeanBrier(trainer), 4, c)}",
                         $"mean over test years  {trainer,-13} AUC {F(report.MeanAuc(trainer), 3, c)}  Brier {F(report.MeanBrier(trainer), 4, c)}");
        BacktestTable.Write(context, report);
        context.Out.WriteLine(context.T(report.VerdictText));
    }

    private static void WriteJson(CliContext context, BacktestReport report)
    {
        var payload = new
        {
            scope = report.Scope.ToString(), households = report.Households, model_in_use = report.ModelInUse,
            beats_baselines = report.BeatsBaselines, verdict = report.Verdict,
            years = report.Years.Select(y => new
            {
                test_base_year = y.TestBaseYear, test_target_year = y.TestTargetYear, trainer = y.Trainer,
                train_first_year = y.TrainFirstYear, train_last_year = y.TrainLastYear,
                auc = Finite(y.Metrics.Auc), brier = y.Metrics.Brier, log_loss = y.Metrics.LogLoss,
                precision_top5 = y.Metrics.PrecisionTop5, recall_top5 = y.Metrics.RecallTop5,
                precision_top10 = y.Metrics.PrecisionTop10, recall_top10 = y.Metrics.RecallTop10,
                group_mae = y.Metrics.GroupMeanAbsoluteError, expected = y.Metrics.TotalExpected, observed = y.Metrics.TotalObserved,
                calibration = y.Metrics.Calibration.Select(b => new { bin = b.Bin, count = b.Count, predicted = b.Predicted, observed = b.Observed }),
            }),
            checks = report.Checks.Select(BacktestJson.Of),
        };
        context.Out.WriteLine(JsonSerializer.Serialize(payload, new JsonSerializerOptions { WriteIndented = true }));
    }

    private static double? Finite(double v) => double.IsFinite(v) ? v : null;

    private static string F(double v, int decimals, CultureInfo culture) => double.IsFinite(v) ? v.ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), culture) : "—";

    private static Command BuildTrain(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var (scope, code, seed) = (ScopeOption(), CodeOption(), SeedOption());
        var baseYear = new Option<int?>("--base-year") { Description = "Forecast from this review year to the next (default: each ward from its own latest review year)." };
        var command = new Command("train", "Train a model version on the transitions before the base year, calibrate it on its own rolling-origin backtest, store it, and forecast the next round.")
        {
            mart, scope, code, seed, baseYear,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            var chosen = ParseScope(parse.GetValue(scope)!, parse.GetValue(code));
            if (parse.GetValue(baseYear) is { } year)
                Train(context, connection, parse.GetValue(mart)!, new ForecastOptions(year, chosen, parse.GetValue(seed)));
            else
                TrainLatest(context, connection, parse.GetValue(mart)!, chosen, parse.GetValue(seed));
            return Cli.Ok;
        });
        return command;
    }

    // A forecast that cannot be made is a ForecastException, a MartException: the command line says it in the forecaster's own words.
    internal static ForecastResult Train(CliContext context, DuckDBConnection connection, string martPath, ForecastOptions options)
    {
        var result = new Forecaster(connection, context.Clock, martPath).Train(options);
        Describe(context, result);
        return result;
    }

    internal static IReadOnlyList<ForecastResult> TrainLatest(CliContext context, DuckDBConnection connection, string martPath, Scope scope, int seed)
    {
        var results = new Forecaster(connection, context.Clock, martPath).TrainLatest(scope, seed);
        foreach (var result in results) Describe(context, result);
        return results;
    }

    private static void Describe(CliContext context, ForecastResult result)
    {
        var u = result.Uncertainty;
        var years = string.Join(", ", result.TrainingYears);
        context.Line($"mô hình {result.ModelId}: học từ {result.TrainingRows:N0} biến động (các năm gốc {years}), gộp: {result.Scope.Vi}",
                     $"model {result.ModelId}: learned from {result.TrainingRows:N0} transitions (base years {years}), pooled: {result.Scope}");
        context.Line($"dự báo {result.BaseYear}→{result.TargetYear} cho {result.Households:N0} hộ; tệp mô hình {result.ModelPath}",
                     $"forecast {result.BaseYear}→{result.TargetYear} for {result.Households:N0} households; model file {result.ModelPath}");
        context.Line($"hiệu chỉnh: {u.Calibration} trên {u.Folds:N0} năm kiểm định ngoài mẫu, {u.Households:N0} hộ, {u.Events:N0} hộ nghèo ở kỳ sau ({u.Choice.Vi})",
                     $"calibration: {u.Calibration} on {u.Folds:N0} out-of-time year(s), {u.Households:N0} households, {u.Events:N0} poor at the next round ({u.Choice.En})");
        context.Line($"độ phân tán của khoảng dự báo: {u.Dispersion.Text.Vi}", $"interval spread: {u.Dispersion.Text.En}");
        context.Line($"kiểm định: {result.Backtest.VerdictText.Vi}", $"backtest: {result.Backtest.VerdictText.En}");
        // The model's caveat is stored in Vietnamese and printed word for word, as every document prints it.
        if (result.Caveat is not null) context.Out.WriteLine(result.Caveat);
    }

    private static Command BuildPredict(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var (scope, code) = (ScopeOption(), CodeOption());
        var baseYear = new Option<int?>("--base-year") { Description = "Forecast from this review year to the next (default: each ward from its own latest review year)." };
        var model = new Option<string?>("--model") { Description = "Model id (default: the newest stored model)." };
        var command = new Command("predict", "Forecast with a stored model version and its calibration (no retraining).") { mart, scope, code, baseYear, model };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(parse.GetValue(mart)!, context.Clock, context.Options.MemoryLimit);
            var forecaster = new Forecaster(connection, context.Clock, parse.GetValue(mart)!);
            var chosen = ParseScope(parse.GetValue(scope)!, parse.GetValue(code));
            IReadOnlyList<(string ModelId, int BaseYear, int Households, int TargetYear)> runs;
            if (parse.GetValue(baseYear) is { } year)
            {
                var one = forecaster.Predict(year, chosen, parse.GetValue(model));
                runs = [(one.ModelId, year, one.Households, one.TargetYear)];
            }
            else
                runs = forecaster.PredictLatest(chosen, parse.GetValue(model));
            foreach (var (id, from, households, target) in runs)
                context.Line($"dự báo {from}→{target} cho {households:N0} hộ bằng mô hình {id}", $"forecast {from}→{target} for {households:N0} households with model {id}");
            return Cli.Ok;
        });
        return command;
    }

    private static Command BuildShow(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var year = new Option<int>("--year") { Description = "The forecast year (target year): at most the latest review year + 1.", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Only this ward." };
        var command = new Command("show",
            "Table of residential groups: current rate, expected poor and rate with 80% and 95% intervals, expected re-poor, target and the chance of meeting it; " +
            "under each ward's table the model's caveat when it has one.")
        {
            mart, year, ward,
        };
        command.SetAction(parse =>
        {
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(parse.GetValue(mart)!);
            Show(context, connection, parse.GetValue(year), parse.GetValue(ward));
            return Cli.Ok;
        });
        return command;
    }

    internal static void Show(CliContext context, DuckDBConnection connection, PlanYear year, string? ward)
    {
        ward = ward is null ? null : Wards.Find(connection, ward) ?? ward;
        // The year forecast is a plan year: at most the latest round + 1, of the ward or, without --ward, of some ward.
        var years = ward is null ? ReportYears.ReadAll(connection) : ReportYears.Read(connection, ward);
        if (years.PlanYearProblem(year, y => $"disu forecast show --year {y}" + (ward is null ? "" : $" --ward {ward}")) is { } problem)
            throw new ReportException(problem);
        var rows = ForecastTable.Read(connection, year, ward);
        if (rows.Count == 0)
        {
            context.Line($"chưa có dự báo cho năm {year}; hãy chạy 'disu forecast train --base-year {year.RoundBefore}' trước",
                         $"no forecast for {year}; run 'disu forecast train --base-year {year.RoundBefore}' first");
            return;
        }
        var english = context.Language == Language.English;
        var n = new Numbers(context.Language);
        foreach (var w in rows.GroupBy(r => r.WardCode))
        {
            var first = w.First();
            var unit = Ward.Resolve(connection, w.Key, year);
            var (name, model) = (Markup.Escape(first.WardName ?? w.Key), Markup.Escape(first.ModelId));
            var table = new Table().Border(TableBorder.Rounded)
                .Title(context.T($"Dự kiến tỷ lệ hộ nghèo năm {year} — {name} (từ {first.BaseYear}; mô hình {model})",
                                 $"Expected poor-household rate in {year} — {name} (from {first.BaseYear}; model {model})"));
            var headers = english
                ? new[] { "Residential group", "Households", $"Poor {first.BaseYear}", "Rate now", "Expected poor", "Expected rate", "80% interval", "95% interval", "Expected re-poor", "Target", "Chance of meeting it" }
                : [unit.GroupNounTitle, "Số hộ", $"Hộ nghèo {first.BaseYear}", "Tỷ lệ hiện nay", "Dự kiến hộ nghèo", "Dự kiến tỷ lệ", "Khoảng 80%", "Khoảng 95%", "Dự kiến tái nghèo", "Mục tiêu", "Khả năng đạt"];
            foreach (var h in headers)
                table.AddColumn(new TableColumn(h).RightAligned());
            foreach (var r in w)
            {
                table.AddRow(
                    Markup.Escape(r.GroupCode is null ? (english ? "Whole ward" : "Toàn " + unit.UnitNoun) : r.GroupName),
                    n.Count(r.Households),
                    n.Count(r.PoorNow),
                    n.Percent(r.PoorRateNow),
                    n.Decimal(r.ExpectedPoor),
                    n.Percent(r.ExpectedRate),
                    $"{n.Percent(r.Low80Rate)} – {n.Percent(r.High80Rate)}",
                    $"{n.Percent(r.Low95Rate)} – {n.Percent(r.High95Rate)}",
                    n.Decimal(r.ExpectedRePoor),
                    r.TargetPoorRate is { } target ? n.Percent(target) : "—",
                    r.PTargetMet is { } chance ? n.Percent(100 * chance, 0) : "—");
            }
            context.Console.Write(table);
            // Written as text, not into the table: the model's caveat is printed whole and word for word, as in the appendix and the briefing.
            if (first.ForecastCaveat is { } caveat)
                context.Out.WriteLine(caveat);
        }
    }
}
