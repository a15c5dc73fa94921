using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting;

public sealed record BacktestYear(int TrainFirstYear, int TrainLastYear, int TestBaseYear, int TestTargetYear, string Trainer, Metrics Metrics);

/// <summary>Out-of-time predictions of the boosted model for one base year: trained on outcomes up to that year only.</summary>
public sealed record Fold(int BaseYear, int TargetYear, IReadOnlyList<HouseholdRow> Rows, double[] Raw);

/// <summary>
/// The backtest's verdict: does the model in use beat both naive baselines on AUC and Brier (the
/// boosted model's Brier after calibration), and how well do its calibrated probabilities and
/// intervals hold on each test year (<see cref="Checks"/>).
/// </summary>
public sealed record BacktestReport(Scope Scope, int Households, IReadOnlyList<BacktestYear> Years, string ModelInUse, bool BeatsBaselines)
{
    public IReadOnlyList<Fold> Folds { get; init; } = [];

    public IReadOnlyList<ForecastCheck> Checks { get; init; } = [];

    public double MeanAuc(string trainer) => Years.Where(y => y.Trainer == trainer && !double.IsNaN(y.Metrics.Auc)).Select(y => y.Metrics.Auc).DefaultIfEmpty(double.NaN).Average();

    public double MeanBrier(string trainer) => Years.Where(y => y.Trainer == trainer).Select(y => y.Metrics.Brier).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Mean Brier of the probabilities the forecast uses: calibrated where a calibration existed for the test year.</summary>
    public double MeanBrierInUse => Checks.Count == 0 ? MeanBrier(ModelInUse) : Checks.Average(c => c.Calibrated.Brier);

    /// <summary>The verdict in English, as tools and the JSON read it.</summary>
    public string Verdict => VerdictText.En;

    /// <summary>The verdict in both languages.</summary>
    public Message VerdictText => Years.Count == 0
        ? new Message("chưa kiểm định được: kho dữ liệu cần ít nhất ba năm rà soát của một phường, xã (hai năm để học, một năm để kiểm định)",
                      "no backtest: the mart needs at least three review years of one ward (two to train on, one to test)")
        : BeatsBaselines
            ? Message.Of($"{ModelInUse} tốt hơn cả hai mô hình đơn giản về AUC và điểm Brier trung bình trên {Years.Select(y => y.TestBaseYear).Distinct().Count()} năm kiểm định",
                         $"{ModelInUse} beats both naive baselines on mean AUC and Brier score over {Years.Select(y => y.TestBaseYear).Distinct().Count()} test years")
            : Message.Of($"CẢNH BÁO: {ModelInUse} KHÔNG tốt hơn cả hai mô hình đơn giản về AUC và điểm Brier trung bình trên dữ liệu này; hãy thận trọng khi dùng các dự báo của nó",
                         $"WARNING: {ModelInUse} does NOT beat both naive baselines on mean AUC and Brier score on this data; treat its forecasts with care");
}

/// <summary>
/// Rolling-origin backtest: for every base year t that has earlier history, train on the
/// transitions (s → s+1) with s &lt; t and score the predictions of (t → t+1) against what happened.
/// The test year is never in the training data, and the calibration and interval spread used for
/// test year t are fitted on the earlier test years only (<see cref="ForecastCheck"/>).
/// </summary>
public static class Backtest
{
    public static BacktestReport Run(DuckDBConnection connection, Scope scope, int seed, IProgress<string>? progress = null)
    {
        var baseYears = connection.Read<ReviewYearRow>("""
            SELECT DISTINCT review_year FROM fact_household_year WHERE is_current ORDER BY 1
            """).Select(r => r.ReviewYear).ToList();
        return Run(FeatureSet.Build(connection, baseYears, scope), scope, seed, progress);
    }

    public static BacktestReport Run(IReadOnlyList<HouseholdRow> panel, Scope scope, int seed, IProgress<string>? progress = null,
        IReadOnlyList<string>? trainers = null)
    {
        var rows = panel.Where(r => r.TargetYear is not null && r.PresentNext).ToList();
        var years = new List<BacktestYear>();
        var folds = new List<Fold>();
        var tests = rows.Select(r => r.BaseYear).Distinct().Order().Skip(1).ToList();
        foreach (var test in tests)
        {
            var training = rows.Where(r => r.TargetYear <= test).ToList(); // outcomes known when forecasting from the test year
            var testing = rows.Where(r => r.BaseYear == test).ToList();
            if (testing.Count == 0 || training.Select(r => r.PoorNext).Distinct().Count() < 2) continue;
            var y = testing.Select(r => r.PoorNext).ToList();
            var groups = testing.Select(r => r.WardCode + "/" + r.GroupCode).ToList();
            foreach (var trainer in trainers ?? RiskModel.Trainers)
            {
                progress?.Report($"backtest {test}: {trainer}");
                var p = RiskModel.Train(trainer, training, seed).Predict(testing);
                years.Add(new BacktestYear(training.Min(r => r.BaseYear), training.Max(r => r.BaseYear), test,
                    testing[0].TargetYear!.Value, trainer, Metrics.Of(p, y, groups)));
                if (trainer == RiskModel.Gbm)
                    folds.Add(new Fold(test, testing[0].TargetYear!.Value, testing, p));
            }
        }
        progress?.Report("backtest: calibration and intervals");
        var checks = folds.Select((fold, i) => ForecastCheck.Of(fold, Uncertainty.Fit(folds.Take(i).ToList()))).ToList();
        var report = new BacktestReport(scope, rows.Select(r => r.HouseholdId).Distinct().Count(), years, RiskModel.Gbm, false)
        {
            Folds = folds, Checks = checks,
        };
        var beats = years.Count > 0
                    && report.MeanAuc(RiskModel.Gbm) > Math.Max(report.MeanAuc(RiskModel.NaiveStatus), report.MeanAuc(RiskModel.NaiveGroup))
                    && report.MeanBrierInUse < Math.Min(report.MeanBrier(RiskModel.NaiveStatus), report.MeanBrier(RiskModel.NaiveGroup));
        return report with { BeatsBaselines = beats };
    }
}
