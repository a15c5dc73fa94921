using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting;

public sealed record ForecastOptions(ReviewYear BaseYear, Scope Scope, int Seed = 20240101);

/// <param name="Caveat">The Vietnamese caveat printed with every number of this forecast, or null when the backtest and the data behind it are sound.</param>
public sealed record ForecastResult(string ModelId, int BaseYear, int TargetYear, Scope Scope,
    int TrainingRows, IReadOnlyList<int> TrainingYears, int Households, BacktestReport Backtest, Uncertainty Uncertainty,
    string? Caveat, string ModelPath);

/// <summary>
/// Trains the boosted model on every transition before the base year, calibrates it on its own
/// rolling-origin forecasts of the earlier years, predicts base year → next round for each household
/// of the scope, sums the calibrated probabilities per residential group and ward with intervals
/// that carry the shared shocks (<see cref="PredictiveCount"/>), and stores the model version, its
/// zip and its predictions. One probability per household feeds every figure.
/// </summary>
public sealed class Forecaster(DuckDBConnection connection, TimeProvider clock, string martPath)
{
    public string ModelFolder => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(martPath))!, Path.GetFileNameWithoutExtension(martPath) + ".models");

    /// <summary>
    /// Forecasts every ward of the scope from its own latest review year: one model version per
    /// distinct latest year, each scoring only the wards whose latest round that is.
    /// </summary>
    public IReadOnlyList<ForecastResult> TrainLatest(Scope scope, int seed, IProgress<string>? progress = null)
    {
        var latest = LatestYears(scope);
        if (latest.Count == 0)
            throw new ForecastException($"chưa có dữ liệu hộ nào trong {scope.Vi}; hãy nạp dữ liệu rà soát bằng 'disu etl load' trước",
                                        $"no household data in {scope}; load snapshots with 'disu etl load' first");
        return latest.GroupBy(w => w.Value).OrderBy(g => g.Key)
            .Select(g => Train(new ForecastOptions(g.Key, scope, seed), progress, g.Select(w => w.Key).ToHashSet(StringComparer.Ordinal)))
            .ToList();
    }

    /// <summary>Each ward of the scope and its latest review year.</summary>
    public Dictionary<string, int> LatestYears(Scope scope) => connection.Read<LatestRow>(
            $"SELECT ward_code, max(review_year) AS latest_year FROM fact_household_year WHERE is_current AND ({scope.Predicate}) GROUP BY 1", scope.Parameters)
        .ToDictionary(r => r.WardCode, r => r.LatestYear, StringComparer.Ordinal);

    public ForecastResult Train(ForecastOptions options, IProgress<string>? progress = null, IReadOnlySet<string>? wards = null)
    {
        progress?.Report($"building features ({options.Scope})");
        var rows = FeatureSet.Build(connection, Years(options.BaseYear.Value), options.Scope);
        // Only outcomes known by the base year: a ward that skipped a round must not leak a later year.
        var training = rows.Where(r => r.TargetYear <= options.BaseYear && r.PresentNext).ToList();
        var scoring = rows.Where(r => r.BaseYear == options.BaseYear && (wards is null || wards.Contains(r.WardCode))).ToList();
        if (scoring.Count == 0)
            throw new ForecastException($"chưa có dữ liệu hộ năm gốc {options.BaseYear} trong {options.Scope.Vi}; hãy nạp dữ liệu rà soát năm đó trước",
                                        $"no household data for base year {options.BaseYear} in {options.Scope}; load that year's snapshot first");
        if (training.Select(r => r.PoorNext).Distinct().Count() < 2)
            throw new ForecastException($"quá ít dữ liệu trước năm {options.BaseYear} trong {options.Scope.Vi} để huấn luyện " +
                                        $"({training.Count:N0} biến động); hãy nạp các năm trước hoặc gộp thêm phường, xã bằng --scope province|all",
                                        $"too little history before {options.BaseYear} in {options.Scope} to train on " +
                                        $"({training.Count} transitions); load earlier years or pool more wards with --scope province|all");
        progress?.Report($"training {RiskModel.Gbm} on {training.Count:N0} transitions");
        var model = RiskModel.Train(RiskModel.Gbm, training, options.Seed);

        progress?.Report("backtest, calibration and interval spread");
        var backtest = Backtest.Run(rows.Where(r => r.BaseYear < options.BaseYear).ToList(), options.Scope, options.Seed);
        var uncertainty = Uncertainty.Fit(backtest.Folds);
        progress?.Report("permutation importance");
        var importance = Importance.Of(model, training, options.Seed);

        var fingerprint = Fingerprint(training, options);
        var trainingYears = training.Select(r => r.BaseYear).Distinct().Order().ToList();
        var modelId = $"{RiskModel.Gbm}-{options.BaseYear}-{fingerprint[..10]}-{options.Scope.Kind}";
        var path = Path.Combine(ModelFolder, modelId + ".zip");
        model.Save(path);
        var caveat = ForecastCaveat.Of(backtest, uncertainty, options.Scope, scoring);

        var p = uncertainty.Calibration.Apply(scoring, model.Predict(scoring));
        using var tx = connection.BeginTransaction();
        StoreModel(modelId, options, trainingYears, training.Count, fingerprint, backtest, uncertainty, caveat, importance, modelId + ".zip");
        var targetYear = scoring.Select(r => r.TargetYear).FirstOrDefault(t => t is not null) ?? options.BaseYear.NextPlanYear.Value;
        ForecastStore.Write(connection, modelId, scoring, p, uncertainty.Dispersion, importance);
        tx.Commit();
        return new ForecastResult(modelId, options.BaseYear.Value, targetYear, options.Scope, training.Count, trainingYears,
            scoring.Count, backtest, uncertainty, caveat, path);
    }

    /// <summary>
    /// Predicts base year → next round with a stored model version and its calibration, without
    /// retraining. By default the newest model of the same scope; refused when the model learned from
    /// outcomes at or after the base year, or was built on another feature layout.
    /// </summary>
    public (string ModelId, int Households, int TargetYear) Predict(ReviewYear baseYear, Scope scope, string? modelId = null, IReadOnlySet<string>? wards = null)
    {
        var model = connection.ReadSingleOrDefault<ModelRow>("""
            SELECT model_id, model_file, seed, list_max(training_years) AS last_trained, features = ?::VARCHAR[] AS same_features, scope,
                   calibration, coalesce(group_tau, 0) AS group_tau, coalesce(ward_tau, 0) AS ward_tau
            FROM dim_model
            WHERE target = 'poor_next'
              AND (model_id = ? OR (? IS NULL AND scope_kind = ? AND scope_code IS NOT DISTINCT FROM ? ))
            ORDER BY created_at DESC, model_id DESC LIMIT 1
            """, "[" + string.Join(", ", FeatureSet.Names.Select(n => $"'{n}'")) + "]", modelId, modelId, scope.Kind, scope.Code);
        if (model is null)
            throw modelId is null
                ? new ForecastException($"kho dữ liệu chưa có mô hình nào đã huấn luyện cho {scope.Vi}; hãy chạy 'disu forecast train' với cùng --scope trước",
                                        $"no trained model for {scope} in this mart; run 'disu forecast train' with the same --scope first")
                : new ForecastException($"kho dữ liệu không có mô hình '{modelId}'; xem các mô hình trong bảng dim_model",
                                        $"no model '{modelId}' in this mart");
        var id = model.ModelId;
        var path = Path.Combine(ModelFolder, model.ModelFile);
        var seed = model.Seed;
        var lastTrained = model.LastTrained;
        if (!model.SameFeatures)
            throw new ForecastException($"mô hình {id} được dựng trên bộ đặc trưng khác với bản disu này; hãy huấn luyện mô hình mới",
                                        $"model {id} was built on another feature layout than this build of disu; train a new one");
        if (baseYear <= lastTrained)
            throw new ForecastException($"mô hình {id} đã học từ kết quả sau năm {lastTrained}; dự báo từ năm {baseYear} bằng nó sẽ dùng chính điều nó đã được dạy. Hãy dùng năm gốc muộn hơn hoặc huấn luyện mô hình cho năm {baseYear}",
                                        $"model {id} learned from outcomes after {lastTrained}; forecasting from {baseYear} with it would use what it was taught. Use a later base year or train a model for {baseYear}");
        if (!File.Exists(path))
            throw new ForecastException($"không thấy tệp mô hình {path}; hãy huấn luyện lại bằng 'disu forecast train'",
                                        $"the model file {path} is missing; train again with 'disu forecast train'");
        var calibration = Calibration.FromJson(model.Calibration);
        var dispersion = new Dispersion(model.GroupTau, model.WardTau, 0, 0);
        var rows = FeatureSet.Build(connection, Years(baseYear.Value), scope)
            .Where(r => r.BaseYear == baseYear && (wards is null || wards.Contains(r.WardCode))).ToList();
        if (rows.Count == 0)
            throw new ForecastException($"chưa có dữ liệu hộ năm gốc {baseYear} trong {scope.Vi}; hãy nạp dữ liệu rà soát năm đó trước",
                                        $"no household data for base year {baseYear} in {scope}");
        var p = calibration.Apply(rows, RiskModel.Load(RiskModel.Gbm, path, seed).Predict(rows));
        using var tx = connection.BeginTransaction();
        ForecastStore.Write(connection, id, rows, p, dispersion, ImportanceOf(id));
        tx.Commit();
        return (id, rows.Count, rows.Select(r => r.TargetYear).FirstOrDefault(t => t is not null) ?? baseYear.NextPlanYear.Value);
    }

    /// <summary>Predicts every ward of the scope from its own latest review year with stored models.</summary>
    public IReadOnlyList<(string ModelId, int BaseYear, int Households, int TargetYear)> PredictLatest(Scope scope, string? modelId = null) =>
        LatestYears(scope).GroupBy(w => w.Value).OrderBy(g => g.Key)
            .Select(g =>
            {
                var (id, households, target) = Predict(g.Key, scope, modelId, g.Select(w => w.Key).ToHashSet(StringComparer.Ordinal));
                return (id, g.Key, households, target);
            })
            .ToList();

    private IReadOnlyList<(string Feature, double AucDrop)> ImportanceOf(string modelId)
    {
        var json = connection.Scalar<string>("SELECT feature_importance FROM dim_model WHERE model_id = ?", modelId);
        return json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, double>>(json)!
            .Select(kv => (kv.Key, kv.Value)).OrderByDescending(kv => kv.Value).ToList();
    }

    private List<int> Years(int baseYear) => connection.Read<ReviewYearRow>(
            "SELECT DISTINCT review_year FROM fact_household_year WHERE is_current AND review_year <= ? ORDER BY 1", baseYear)
        .Select(r => r.ReviewYear).ToList();

    private void StoreModel(string id, ForecastOptions options, List<int> years, int rows, string fingerprint,
        BacktestReport backtest, Uncertainty uncertainty, string? caveat, IReadOnlyList<(string Feature, double AucDrop)> importance, string file)
    {
        connection.Execute("DELETE FROM dim_model WHERE model_id = ?", id);
        var features = "[" + string.Join(", ", FeatureSet.Names.Select(n => $"'{n}'")) + "]";
        var trained = "[" + string.Join(", ", years) + "]";
        connection.Execute($"""
            INSERT INTO dim_model (model_id, target, trainer, features, training_years, scope, scope_kind, scope_code, training_rows,
                                   data_fingerprint, seed, backtest_auc, backtest_brier, beats_baselines, backtest, feature_importance,
                                   model_file, created_at, calibration, group_tau, ward_tau, caveat, backtest_checks)
            VALUES (?, 'poor_next', ?, {features}, {trained}::INTEGER[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, RiskModel.Gbm, options.Scope.ToString(), options.Scope.Kind, options.Scope.Code, rows, fingerprint, options.Seed,
            Finite(backtest.MeanAuc(RiskModel.Gbm)), Finite(backtest.MeanBrierInUse), backtest.BeatsBaselines,
            JsonSerializer.Serialize(backtest.Years.Select(y => new
            {
                test_year = y.TestBaseYear, trainer = y.Trainer, auc = Finite(y.Metrics.Auc), brier = y.Metrics.Brier,
                log_loss = y.Metrics.LogLoss, top10_precision = y.Metrics.PrecisionTop10, group_mae = y.Metrics.GroupMeanAbsoluteError,
            })),
            JsonSerializer.Serialize(importance.ToDictionary(i => i.Feature, i => Math.Round(i.AucDrop, 5))),
            file, clock.GetUtcNow(), uncertainty.Calibration.ToJson(), uncertainty.Dispersion.GroupTau, uncertainty.Dispersion.WardTau,
            caveat, BacktestJson.Checks(backtest.Checks));
    }

    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Of the training data, the seed and the scope: same inputs, same id, on any machine culture.</summary>
    private static string Fingerprint(IEnumerable<HouseholdRow> rows, ForecastOptions options)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"seed={options.Seed}|scope={options.Scope.Kind}:{options.Scope.Code}\n")));
        foreach (var r in rows)
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{r.HouseholdId}|{r.BaseYear.ToString(CultureInfo.InvariantCulture)}|{r.PoorNext}|"));
            hash.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(r.Features.AsSpan()));
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private sealed record LatestRow
    {
        public required string WardCode { get; init; }
        public int LatestYear { get; init; }
    }

    /// <summary>A stored model version as <see cref="Predict"/> needs it.</summary>
    private sealed record ModelRow
    {
        public required string ModelId { get; init; }
        public required string ModelFile { get; init; }
        public int Seed { get; init; }
        public int LastTrained { get; init; }

        /// <summary>Built on this build's feature layout.</summary>
        public bool SameFeatures { get; init; }

        public string? Calibration { get; init; }
        public double GroupTau { get; init; }
        public double WardTau { get; init; }
    }
}
