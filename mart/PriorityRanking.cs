using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// The five weights of the priority score (<c>v_priority_groups</c>), whole numbers as the
/// <c>priority_weight_*</c> settings hold them (each 0–100, checked by `disu settings`).
/// </summary>
public sealed record PriorityWeights(int PoorRate, int ExpectedRate, int RePoor, int M0, int Uncovered)
{
    public const int Max = 100;

    /// <summary>The settings' keys, in the order of the view's components (and of the constructor).</summary>
    public static IReadOnlyList<string> Keys { get; } =
        ["priority_weight_poor_rate", "priority_weight_expected_rate", "priority_weight_re_poor", "priority_weight_m0", "priority_weight_uncovered"];

    public IReadOnlyList<int> Values => [PoorRate, ExpectedRate, RePoor, M0, Uncovered];

    public bool AllZero => Values.All(v => v == 0);

    public static PriorityWeights Of(IReadOnlyList<int> values) =>
        values.Count == 5 ? new(values[0], values[1], values[2], values[3], values[4]) : throw new ArgumentException("five weights", nameof(values));

    /// <summary>The weights in force: the mart's settings, which the view reads.</summary>
    public static PriorityWeights Read(DuckDBConnection connection)
    {
        var stored = connection.Read<SettingRow>("SELECT key, value FROM mart_setting WHERE key LIKE 'priority\\_weight\\_%' ESCAPE '\\'")
            .ToDictionary(r => r.Key, r => r.Value, StringComparer.Ordinal);
        return Of(Keys.Select(k => stored.TryGetValue(k, out var v)
            ? int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture)
            : throw new MartException($"Kho dữ liệu thiếu thiết lập {k}.", $"The mart has no setting {k}.")).ToList());
    }

    private sealed record SettingRow
    {
        public required string Key { get; init; }
        public required string Value { get; init; }
    }
}

/// <summary>
/// A ward's priority ranking of one review round, as <c>v_priority_groups</c> computes it, with the
/// weights the mart holds or with others a planner is trying out. Other weights run the view's own
/// definition (the migration's SQL, <see cref="MartViews"/>) with its five settings replaced by
/// parameters: one formula, so a planner's trial ranks exactly as the view would with those settings.
/// </summary>
public static class PriorityRanking
{
    private const string View = "v_priority_groups";

    private static readonly Lazy<string> Parameterised = new(() =>
    {
        var definition = MartViews.Definitions[View];
        var start = definition.IndexOf(" AS", StringComparison.Ordinal);
        var body = definition[(start + " AS".Length)..];
        for (var i = 0; i < PriorityWeights.Keys.Count; i++)
        {
            var setting = $"(SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = '{PriorityWeights.Keys[i]}')";
            var at = body.IndexOf(setting, StringComparison.Ordinal);
            // Exactly once each: should a migration change how the view reads its weights, this fails
            // loudly (and its test with it) instead of ranking with a weight silently left as stored.
            if (at < 0 || body.IndexOf(setting, at + setting.Length, StringComparison.Ordinal) >= 0)
                throw new InvalidOperationException($"{View} no longer reads {PriorityWeights.Keys[i]} once as {setting}; update {nameof(PriorityRanking)}.");
            body = body.Replace(setting, $"CAST($w{i} AS DOUBLE)", StringComparison.Ordinal);
        }
        return body;
    });

    /// <summary>
    /// The ward's groups of <paramref name="round"/>, first priority first. <paramref name="weights"/>
    /// null: the view itself (the settings' weights), as `disu priority` and GET /api/priority read it.
    /// </summary>
    public static IReadOnlyList<T> Read<T>(DuckDBConnection connection, string ward, ReviewYear round, PriorityWeights? weights = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (weights is null)
            return connection.Read<T>($"SELECT * FROM {View} WHERE ward_code = $ward AND review_year = $year ORDER BY priority_rank",
                new DuckDBParameter("ward", ward), new DuckDBParameter("year", round.Value));
        if (weights.Values.Any(v => v is < 0 or > PriorityWeights.Max))
            throw new ArgumentOutOfRangeException(nameof(weights), weights, $"each weight is 0–{PriorityWeights.Max}");
        var parameters = new List<object?> { new DuckDBParameter("ward", ward), new DuckDBParameter("year", round.Value) };
        parameters.AddRange(weights.Values.Select((v, i) => (object?)new DuckDBParameter($"w{i}", v)));
        return connection.Read<T>($"SELECT * FROM ({Parameterised.Value}) WHERE ward_code = $ward AND review_year = $year ORDER BY priority_rank",
            [.. parameters]);
    }
}
