using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Forecasts;

/// <summary>One trainer's scores on one out-of-time test year (base year → next), from <c>dim_model.backtest</c>.</summary>
public sealed record BacktestScore(int TestBaseYear, string Trainer, double? Auc, double Brier);

/// <summary>Interval coverage of one test year (from <c>dim_model.backtest_checks</c>): how many units' realised counts fell inside.</summary>
public sealed record CoverageCheck(int TestBaseYear, string Calibration, int Groups, int Groups80, int Groups95, int Wards, int Wards80, int Wards95, double? Ece);

/// <summary>A feature the model leans on: how much the backtest AUC drops when it is shuffled.</summary>
public sealed record ModelDriver(string Feature, double AucDrop)
{
    /// <summary>What the feature measures in words (<see cref="Briefing.RiskDrivers.Topic"/>), or its code.</summary>
    public string Words => Briefing.RiskDrivers.Topic(Feature) ?? Feature;
}

/// <summary>
/// What a leader needs to judge a forecast: what the model learned from, how it did against the two
/// naive baselines on years it never saw, whether its intervals held, and what it leans on. Read from
/// the model's row in <c>dim_model</c>, written once when it was trained.
/// </summary>
public sealed record ModelCard
{
    public required string ModelId { get; init; }
    public required string Trainer { get; init; }
    public required IReadOnlyList<int> TrainingYears { get; init; }
    public long TrainingRows { get; init; }
    public required string ScopeKind { get; init; }
    public string? ScopeCode { get; init; }
    public int Seed { get; init; }
    public DateTime CreatedAt { get; init; }
    public bool? BeatsBaselines { get; init; }
    public string? Caveat { get; init; }
    public required IReadOnlyList<BacktestScore> Backtest { get; init; }
    public required IReadOnlyList<CoverageCheck> Coverage { get; init; }
    public required IReadOnlyList<ModelDriver> Drivers { get; init; }

    /// <summary>The wards pooled for training, in words.</summary>
    public string ScopeWords => ScopeKind switch
    {
        "ward" => $"riêng phường, xã {ScopeCode}",
        "province" => $"mọi phường, xã của tỉnh {ScopeCode}",
        _ => "mọi phường, xã trong kho dữ liệu",
    };

    /// <summary>The backtest's verdict in the words `disu forecast train` prints.</summary>
    public string Verdict
    {
        get
        {
            var years = Backtest.Select(b => b.TestBaseYear).Distinct().Count();
            return years == 0 || BeatsBaselines is null
                ? "chưa kiểm định được: kho dữ liệu cần ít nhất ba năm rà soát của một phường, xã (hai năm để học, một năm để kiểm định)"
                : BeatsBaselines.Value
                    ? $"{Trainer} tốt hơn cả hai mô hình đơn giản về AUC và điểm Brier trung bình trên {years} năm kiểm định"
                    : $"CẢNH BÁO: {Trainer} KHÔNG tốt hơn cả hai mô hình đơn giản về AUC và điểm Brier trung bình trên dữ liệu này; hãy thận trọng khi dùng các dự báo của nó";
        }
    }

    /// <summary>The trainers in the order the card lists them, in words.</summary>
    public static IReadOnlyList<(string Trainer, string Words)> Trainers { get; } =
    [
        ("lightgbm", "LightGBM (mô hình dùng để dự báo)"),
        ("logistic", "Hồi quy logistic"),
        ("naive_status", "Đơn giản: giữ nguyên tình trạng của hộ"),
        ("naive_group", "Đơn giản: tỷ lệ hộ nghèo của tổ"),
    ];

    /// <summary>The card of <paramref name="modelId"/>, or null when the mart has no such model.</summary>
    public static ModelCard? Read(DuckDBConnection connection, string modelId, int drivers = 5)
    {
        var row = connection.ReadSingleOrDefault<ModelRow>("""
            SELECT model_id, trainer, training_years, training_rows, scope_kind, scope_code, seed,
                   make_timestamp(epoch_us(created_at)) AS created_at, -- UTC, whatever the session time zone
                   beats_baselines, caveat, backtest, backtest_checks, feature_importance
            FROM dim_model WHERE model_id = ?
            """, modelId);
        if (row is null) return null;
        var backtest = Parse(row.Backtest).Select(e => new BacktestScore(
            e.GetProperty("test_year").GetInt32(), e.GetProperty("trainer").GetString()!,
            Number(e.GetProperty("auc")), e.GetProperty("brier").GetDouble())).ToList();
        var coverage = Parse(row.BacktestChecks).Select(e =>
        {
            var after = e.GetProperty("coverage");
            int Units(string level) => after.GetProperty(level).GetProperty("units").GetInt32();
            int Held(string level) => after.GetProperty(level).GetProperty("held").GetInt32();
            return new CoverageCheck(e.GetProperty("test_base_year").GetInt32(), e.GetProperty("calibration").GetString()!,
                Units("group80"), Held("group80"), Held("group95"), Units("ward80"), Held("ward80"), Held("ward95"),
                Number(e.GetProperty("calibrated").GetProperty("ece")));
        }).ToList();
        var importance = row.FeatureImportance is null
            ? []
            : JsonSerializer.Deserialize<Dictionary<string, double>>(row.FeatureImportance)!
                .Where(p => p.Value > 0).OrderByDescending(p => p.Value).ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(drivers).Select(p => new ModelDriver(p.Key, p.Value)).ToList();
        return new ModelCard
        {
            ModelId = row.ModelId, Trainer = row.Trainer, TrainingYears = row.TrainingYears, TrainingRows = row.TrainingRows,
            ScopeKind = row.ScopeKind, ScopeCode = row.ScopeCode, Seed = row.Seed, CreatedAt = row.CreatedAt,
            BeatsBaselines = row.BeatsBaselines, Caveat = row.Caveat, Backtest = backtest, Coverage = coverage, Drivers = importance,
        };
    }

    private static List<JsonElement> Parse(string? json) =>
        json is null ? [] : JsonDocument.Parse(json).RootElement.EnumerateArray().Select(e => e.Clone()).ToList();

    private static double? Number(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;

    private sealed record ModelRow
    {
        public required string ModelId { get; init; }
        public required string Trainer { get; init; }
        public required int[] TrainingYears { get; init; }
        public long TrainingRows { get; init; }
        public required string ScopeKind { get; init; }
        public string? ScopeCode { get; init; }
        public int Seed { get; init; }
        public DateTime CreatedAt { get; init; }
        public bool? BeatsBaselines { get; init; }
        public string? Caveat { get; init; }
        public string? Backtest { get; init; }
        public string? BacktestChecks { get; init; }
        public string? FeatureImportance { get; init; }
    }
}
