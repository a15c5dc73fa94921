namespace DiSu.Analytics.Mart;

/// <summary>
/// Rounds parts so that the rounded parts add up to the rounded whole (Hamilton's method): an
/// appendix whose rows do not sum to its total row would be sent back by the People's Committee.
/// </summary>
public static class LargestRemainder
{
    public static IReadOnlyList<double> Round(IReadOnlyList<double> parts, int decimals)
    {
        var scale = Math.Pow(10, decimals);
        var whole = (long)Math.Round(parts.Sum() * scale, MidpointRounding.AwayFromZero);
        var floors = parts.Select(p => (long)Math.Floor(p * scale)).ToArray();
        var missing = whole - floors.Sum();
        // Largest fractional remainder first; ties by position keep the result deterministic.
        var order = parts.Select((p, i) => (Remainder: (p * scale) - Math.Floor(p * scale), Index: i))
            .OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).ToList();
        for (var k = 0; k < missing && k < order.Count; k++)
            floors[order[k].Index]++;
        return floors.Select(f => f / scale).ToList();
    }
}
