using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// A probability model for "poor at t+1". Two are learned with ML.NET (gradient-boosted trees with
/// LightGBM, logistic regression as the linear baseline); two are naive baselines computed without
/// ML: status persists (the training years' rate of being poor next year for each status) and group
/// rate persists (the group's poor rate at t).
/// </summary>
public sealed class RiskModel
{
    public const string Gbm = "lightgbm";
    public const string Logistic = "logistic";
    public const string NaiveStatus = "naive_status";
    public const string NaiveGroup = "naive_group";

    public static IReadOnlyList<string> Trainers { get; } = [Gbm, Logistic, NaiveStatus, NaiveGroup];

    private readonly MLContext ml;
    private readonly ITransformer? model;
    private readonly DataViewSchema? schema;
    private readonly Dictionary<string, double> statusRates;

    private RiskModel(string trainer, MLContext ml, ITransformer? model, DataViewSchema? schema, Dictionary<string, double> statusRates)
    {
        Trainer = trainer;
        this.ml = ml;
        this.model = model;
        this.schema = schema;
        this.statusRates = statusRates;
    }

    public string Trainer { get; }

    /// <summary>Trains on rows whose label is known (present at t+1); the same data and seed give the same model.</summary>
    public static RiskModel Train(string trainer, IReadOnlyList<HouseholdRow> training, int seed)
    {
        var ml = new MLContext(seed);
        var rows = training.Where(r => r.PresentNext).ToList();
        var rates = rows.GroupBy(r => r.Status).ToDictionary(g => g.Key, g => (g.Count(r => r.PoorNext) + 0.5) / (g.Count() + 1.0));
        if (trainer is NaiveStatus or NaiveGroup)
            return new RiskModel(trainer, ml, null, null, rates);
        if (rows.Select(r => r.Label).Distinct().Count() < 2)
            throw new ForecastException($"không huấn luyện được {trainer}: dữ liệu huấn luyện chỉ có một loại kết quả ({rows.Count:N0} hộ); hãy nạp thêm năm hoặc gộp thêm phường, xã",
                                        $"cannot train {trainer}: the training data has only one outcome ({rows.Count} households)");
        var data = ml.Data.LoadFromEnumerable(rows);
        IEstimator<ITransformer> estimator = trainer switch
        {
            Gbm => ml.BinaryClassification.Trainers.LightGbm(new LightGbmBinaryTrainer.Options
            {
                NumberOfIterations = 300, LearningRate = 0.03, NumberOfLeaves = 15,
                // small training sets (re-poor: tens of households) still get splits
                MinimumExampleCountPerLeaf = Math.Clamp(rows.Count / 100, 5, 50),
                Seed = seed, NumberOfThreads = 1, Silent = true,
            }),
            Logistic => ml.Transforms.NormalizeMeanVariance("Features")
                .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
            _ => throw new ArgumentException($"unknown trainer '{trainer}'; use one of {string.Join(", ", Trainers)}", nameof(trainer)),
        };
        return new RiskModel(trainer, ml, estimator.Fit(data), data.Schema, rates);
    }

    public double[] Predict(IReadOnlyList<HouseholdRow> rows)
    {
        switch (Trainer)
        {
            case NaiveStatus:
                return rows.Select(r => statusRates.TryGetValue(r.Status, out var p) ? p : 0.0).ToArray();
            case NaiveGroup:
                return rows.Select(r => (double)r.GroupPoorRate).ToArray();
        }
        var scored = model!.Transform(ml.Data.LoadFromEnumerable(rows));
        return scored.GetColumn<float>("Probability").Select(p => (double)p).ToArray();
    }

    public void Save(string path)
    {
        if (model is null) throw new InvalidOperationException($"{Trainer} has no learned model to save");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        ml.Model.Save(model, schema, path);
    }

    public static RiskModel Load(string trainer, string path, int seed)
    {
        var ml = new MLContext(seed);
        var model = ml.Model.Load(path, out var schema);
        return new RiskModel(trainer, ml, model, schema, []);
    }
}
