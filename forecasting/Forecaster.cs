using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting;

public sealed record ForecastOptions(int BaseYear, Scope Scope, int Seed = 20240101);

public sealed record ForecastResult(string ModelId, string? RePoorModelId, int BaseYear, int TargetYear, Scope Scope,
    int TrainingRows, IReadOnlyList<int> TrainingYears, int Households, BacktestReport Backtest, string ModelPath);

/// <summary>
/// Trains the boosted model on every transition before the base year, predicts base year → next
/// year for each household of the scope, sums the probabilities per residential group and ward
/// with Poisson-binomial intervals, and stores the model version, its zip and its predictions.
/// </summary>
public sealed class Forecaster(DuckDBConnection connection, TimeProvider clock, string martPath)
{
    public string ModelFolder => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(martPath))!, Path.GetFileNameWithoutExtension(martPath) + ".models");

    public ForecastResult Train(ForecastOptions options, IProgress<string>? progress = null)
    {
        progress?.Report($"building features ({options.Scope})");
        var rows = FeatureSet.Build(connection, Years(options.BaseYear), options.Scope);
        // Only outcomes known by the base year: a ward that skipped a round must not leak a later year.
        var training = rows.Where(r => r.TargetYear <= options.BaseYear && r.PresentNext).ToList();
        var scoring = rows.Where(r => r.BaseYear == options.BaseYear).ToList();
        if (scoring.Count == 0)
            throw new InvalidOperationException($"no household data for base year {options.BaseYear} in {options.Scope}; load that year's snapshot first");
        if (training.Select(r => r.PoorNext).Distinct().Count() < 2)
            throw new InvalidOperationException($"too little history before {options.BaseYear} in {options.Scope} to train on " +
                                                $"({training.Count} transitions); load earlier years or pool more wards with --scope province|all");
        progress?.Report($"training {RiskModel.Gbm} on {training.Count:N0} transitions");
        var model = RiskModel.Train(RiskModel.Gbm, training, options.Seed);
        var eligible = training.Where(r => r.RePoorEligible).ToList();
        var rePoor = eligible.Select(r => r.PoorNext).Distinct().Count() == 2 ? RiskModel.Train(RiskModel.Gbm, eligible, options.Seed) : null;

        progress?.Report("backtest");
        var backtest = Backtest.Run(rows.Where(r => r.BaseYear < options.BaseYear).ToList(), options.Scope, options.Seed);
        progress?.Report("permutation importance");
        var importance = Importance.Of(model, training, options.Seed);

        var fingerprint = Fingerprint(training, options);
        var trainingYears = training.Select(r => r.BaseYear).Distinct().Order().ToList();
        var modelId = $"{RiskModel.Gbm}-{options.BaseYear}-{fingerprint[..10]}-{options.Scope.Kind}";
        var path = Path.Combine(ModelFolder, modelId + ".zip");
        model.Save(path);
        string? rePoorId = null;
        if (rePoor is not null)
        {
            rePoorId = modelId + "-repoor";
            rePoor.Save(Path.Combine(ModelFolder, rePoorId + ".zip"));
        }

        var p = model.Predict(scoring);
        var pRe = rePoor?.Predict(scoring);
        using var tx = connection.BeginTransaction();
        StoreModel(modelId, "poor_next", options, trainingYears, training.Count, fingerprint, backtest, importance, modelId + ".zip");
        if (rePoorId is not null)
            StoreModel(rePoorId, "re_poor_next", options, trainingYears, eligible.Count, fingerprint, null, [], rePoorId + ".zip");
        var targetYear = scoring.Select(r => r.TargetYear).FirstOrDefault(t => t is not null) ?? options.BaseYear + 1;
        ForecastStore.Write(connection, modelId, rePoorId, scoring, p, pRe, importance);
        tx.Commit();
        return new ForecastResult(modelId, rePoorId, options.BaseYear, targetYear, options.Scope, training.Count, trainingYears,
            scoring.Count, backtest, path);
    }

    /// <summary>
    /// Predicts base year → next round with a stored model version, without retraining. By default
    /// the newest model of the same scope; refused when the model learned from outcomes at or after
    /// the base year, or was built on another feature layout.
    /// </summary>
    public (string ModelId, int Households, int TargetYear) Predict(int baseYear, Scope scope, string? modelId = null)
    {
        var model = connection.Rows("""
            SELECT model_id, model_file, seed, list_max(training_years), features = ?::VARCHAR[], scope
            FROM dim_model
            WHERE target = 'poor_next'
              AND (model_id = ? OR (? IS NULL AND scope_kind = ? AND scope_code IS NOT DISTINCT FROM ?))
            ORDER BY created_at DESC, model_id DESC LIMIT 1
            """, "[" + string.Join(", ", FeatureSet.Names.Select(n => $"'{n}'")) + "]", modelId, modelId, scope.Kind, scope.Code);
        if (model.Count == 0)
            throw new InvalidOperationException(modelId is null
                ? $"no trained model for {scope} in this mart; run 'disu forecast train' with the same --scope first"
                : $"no model '{modelId}' in this mart");
        var id = (string)model[0][0]!;
        var path = Path.Combine(ModelFolder, (string)model[0][1]!);
        var seed = Convert.ToInt32(model[0][2], CultureInfo.InvariantCulture);
        var lastTrained = Convert.ToInt32(model[0][3], CultureInfo.InvariantCulture);
        if (!(bool)model[0][4]!)
            throw new InvalidOperationException($"model {id} was built on another feature layout than this build of disu; train a new one");
        if (baseYear <= lastTrained)
            throw new InvalidOperationException($"model {id} learned from outcomes after {lastTrained}; forecasting from {baseYear} with it would use what it was taught. Use a later base year or train a model for {baseYear}");
        if (!File.Exists(path))
            throw new InvalidOperationException($"the model file {path} is missing; train again with 'disu forecast train'");
        var rows = FeatureSet.Build(connection, Years(baseYear), scope).Where(r => r.BaseYear == baseYear).ToList();
        if (rows.Count == 0)
            throw new InvalidOperationException($"no household data for base year {baseYear} in {scope}");
        var p = RiskModel.Load(RiskModel.Gbm, path, seed).Predict(rows);
        var rePoorPath = Path.Combine(ModelFolder, id + "-repoor.zip");
        var pRe = File.Exists(rePoorPath) ? RiskModel.Load(RiskModel.Gbm, rePoorPath, seed).Predict(rows) : null;
        using var tx = connection.BeginTransaction();
        ForecastStore.Write(connection, id, pRe is null ? null : id + "-repoor", rows, p, pRe, ImportanceOf(id));
        tx.Commit();
        return (id, rows.Count, rows.Select(r => r.TargetYear).FirstOrDefault(t => t is not null) ?? baseYear + 1);
    }

    private IReadOnlyList<(string Feature, double AucDrop)> ImportanceOf(string modelId)
    {
        var json = connection.Scalar<string>("SELECT feature_importance FROM dim_model WHERE model_id = ?", modelId);
        return json is null ? [] : JsonSerializer.Deserialize<Dictionary<string, double>>(json)!
            .Select(kv => (kv.Key, kv.Value)).OrderByDescending(kv => kv.Value).ToList();
    }

    private List<int> Years(int baseYear) => connection.Rows(
            "SELECT DISTINCT review_year FROM fact_household_year WHERE is_current AND review_year <= ? ORDER BY 1", baseYear)
        .Select(r => Convert.ToInt32(r[0], CultureInfo.InvariantCulture)).ToList();

    private void StoreModel(string id, string target, ForecastOptions options, List<int> years, int rows, string fingerprint,
        BacktestReport? backtest, IReadOnlyList<(string Feature, double AucDrop)> importance, string file)
    {
        connection.Execute("DELETE FROM dim_model WHERE model_id = ?", id);
        var features = "[" + string.Join(", ", FeatureSet.Names.Select(n => $"'{n}'")) + "]";
        var trained = "[" + string.Join(", ", years) + "]";
        connection.Execute($"""
            INSERT INTO dim_model VALUES (?, ?, ?, {features}, {trained}::INTEGER[], ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            id, target, RiskModel.Gbm, options.Scope.ToString(), options.Scope.Kind, options.Scope.Code, rows, fingerprint, options.Seed,
            backtest is null ? null : Finite(backtest.MeanAuc(RiskModel.Gbm)),
            backtest is null ? null : Finite(backtest.MeanBrier(RiskModel.Gbm)),
            backtest?.BeatsBaselines,
            backtest is null ? null : JsonSerializer.Serialize(backtest.Years.Select(y => new
            {
                test_year = y.TestBaseYear, trainer = y.Trainer, auc = Finite(y.Metrics.Auc), brier = y.Metrics.Brier,
                log_loss = y.Metrics.LogLoss, top10_precision = y.Metrics.PrecisionTop10, group_mae = y.Metrics.GroupMeanAbsoluteError,
            })),
            JsonSerializer.Serialize(importance.ToDictionary(i => i.Feature, i => Math.Round(i.AucDrop, 5))),
            file, clock.GetUtcNow());
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
}
