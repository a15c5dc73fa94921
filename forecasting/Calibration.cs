using System.Text.Json;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// One calibrator per segment of households whose raw scores drift differently from one year to the
/// next: the poor (will they escape?), the formerly poor (will they fall back?), the near-poor and
/// everyone else (will they enter?). One map for all would let the many escapes decide the slope and
/// then inflate the tiny risks of tens of thousands of never-poor households.
/// </summary>
public sealed record Calibration(string Method, IReadOnlyDictionary<string, Calibrator> Segments)
{
    public const string Poor = "poor";
    public const string FormerlyPoor = "formerly_poor";
    public const string NearPoor = "near_poor";
    public const string Other = "other";

    public static IReadOnlyList<string> SegmentNames { get; } = [Poor, FormerlyPoor, NearPoor, Other];

    public static Calibration Identity { get; } = new(Calibrator.None, new Dictionary<string, Calibrator>());

    /// <summary>The flow a household can take (<see cref="FlowBias.FlowOf"/>), with entries from average and not-poor pooled: too few each.</summary>
    public static string SegmentOf(HouseholdRow r) => FlowBias.FlowOf(r) switch
    {
        FlowBias.Escapes => Poor,
        FlowBias.RePoor => FormerlyPoor,
        FlowBias.FromNearPoor => NearPoor,
        _ => Other,
    };

    public double[] Apply(IReadOnlyList<HouseholdRow> rows, IReadOnlyList<double> raw)
    {
        var result = new double[raw.Count];
        for (var i = 0; i < result.Length; i++)
            result[i] = Segments.TryGetValue(SegmentOf(rows[i]), out var c) ? c.Apply(raw[i]) : raw[i];
        return result;
    }

    /// <summary>Fits <paramref name="method"/> in each segment; a segment without both outcomes keeps its raw scores.</summary>
    public static Calibration Fit(string method, IReadOnlyList<HouseholdRow> rows, IReadOnlyList<double> raw) =>
        Fit(SegmentNames.ToDictionary(s => s, _ => method), rows, raw);

    /// <summary>Fits each segment with its own method (<c>none</c> keeps the raw scores).</summary>
    public static Calibration Fit(IReadOnlyDictionary<string, string> methods, IReadOnlyList<HouseholdRow> rows, IReadOnlyList<double> raw)
    {
        var segments = new Dictionary<string, Calibrator>(StringComparer.Ordinal);
        foreach (var segment in Enumerable.Range(0, rows.Count).GroupBy(i => SegmentOf(rows[i])))
        {
            var method = methods.TryGetValue(segment.Key, out var m) ? m : Calibrator.None;
            if (method == Calibrator.None) continue;
            var p = segment.Select(i => raw[i]).ToList();
            var y = segment.Select(i => rows[i].PoorNext).ToList();
            segments[segment.Key] = method switch
            {
                Calibrator.Isotonic => Calibrator.FitIsotonic(p, y),
                Calibrator.Platt => Calibrator.FitPlatt(p, y),
                _ => Calibrator.FitShift(p, y),
            };
        }
        var used = methods.Values.Distinct().ToList();
        return new Calibration(segments.Count == 0 ? Calibrator.None : used.Count == 1 ? used[0] : "mixed", segments);
    }

    public string ToJson() => JsonSerializer.Serialize(new
    {
        method = Method,
        segments = Segments.OrderBy(s => s.Key, StringComparer.Ordinal).ToDictionary(s => s.Key, s => JsonDocument.Parse(s.Value.ToJson()).RootElement),
    });

    public static Calibration FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json)) return Identity;
        using var doc = JsonDocument.Parse(json);
        var segments = doc.RootElement.GetProperty("segments").EnumerateObject()
            .ToDictionary(p => p.Name, p => Calibrator.FromJson(p.Value.GetRawText()), StringComparer.Ordinal);
        return new Calibration(doc.RootElement.GetProperty("method").GetString() ?? Calibrator.None, segments);
    }

    public override string ToString() => Segments.Count == 0
        ? Calibrator.None
        : $"{Method} per segment (" + string.Join("; ", SegmentNames.Select(s => $"{s}: {(Segments.TryGetValue(s, out var c) ? c : Calibrator.None)}")) + ")";
}
