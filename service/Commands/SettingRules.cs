using System.Globalization;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// What `disu settings --set NAME=VALUE` accepts, one rule per editable setting. A rule turns the
/// typed text into the value stored in mart_setting, or refuses it with a message stating the rule.
/// </summary>
internal sealed record SettingRule(string Name, string Rule, Func<string, string?> Normalise)
{
    /// <summary>The rule in Vietnamese, as an error states it by default (<see cref="Rule"/> is the English).</summary>
    public string RuleVi { get; init; } = Rule;

    /// <summary>Custom Alkire–Foster weights are set as af_weight.INDICATOR=VALUE (stored in af_custom_weight).</summary>
    public const string WeightPrefix = "af_weight.";

    public const double MaxRelativeWeight = 1000;

    public static IReadOnlyList<SettingRule> All { get; } =
    [
        WholeNumber("newly_escaped_years", 0, 100_000),
        WholeNumber("small_cell_households", 0, 100_000),
        new("af_cutoff", "a decimal or a fraction like 3/12, greater than 0 and at most 1", Cutoff)
            { RuleVi = "một số thập phân (dấu chấm) hoặc một phân số như 3/12, lớn hơn 0 và không quá 1" },
        OneOf("af_weighting", "equal", "nested", "custom"),
        WholeNumber("priority_weight_poor_rate", 0, 100),
        WholeNumber("priority_weight_expected_rate", 0, 100),
        WholeNumber("priority_weight_re_poor", 0, 100),
        WholeNumber("priority_weight_m0", 0, 100),
        WholeNumber("priority_weight_uncovered", 0, 100),
    ];

    /// <summary>The rule of a custom weight: relative, normalised over each standard's indicators.</summary>
    public static SettingRule Weight(string indicator) =>
        Decimal(WeightPrefix + indicator, 0, MaxRelativeWeight);

    public static string Names => string.Join(", ", All.Select(r => r.Name)) + $", {WeightPrefix}INDICATOR";

    // The values are typed as tools type them (digits, a decimal point), so the Vietnamese rule writes them so too.
    private static SettingRule WholeNumber(string name, int min, int max) =>
        new(name, $"a whole number from {min} to {max}",
            text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v >= min && v <= max
                ? v.ToString(CultureInfo.InvariantCulture) : null) { RuleVi = $"một số nguyên từ {min} đến {max}" };

    private static SettingRule Decimal(string name, double min, double max) =>
        new(name, $"a decimal number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}",
            text => TryDecimal(text, out var v) && v >= min && v <= max ? Format(v) : null)
            { RuleVi = $"một số thập phân (dấu chấm) từ {min.ToString(CultureInfo.InvariantCulture)} đến {max.ToString(CultureInfo.InvariantCulture)}" };

    private static SettingRule OneOf(string name, params string[] words) =>
        new(name, $"one of {string.Join(", ", words)}", text => words.FirstOrDefault(w => w == text.ToLowerInvariant()))
            { RuleVi = $"một trong {string.Join(", ", words)}" };

    /// <summary>k in (0, 1], typed as 0.25 or as 3/12; stored as a decimal.</summary>
    private static string? Cutoff(string text)
    {
        double value;
        var slash = text.Split('/', StringSplitOptions.TrimEntries);
        if (slash.Length == 2)
        {
            if (!TryDecimal(slash[0], out var numerator) || !TryDecimal(slash[1], out var denominator) || denominator == 0)
                return null;
            value = numerator / denominator;
        }
        else if (!TryDecimal(text, out value))
            return null;
        return value > 0 && value <= 1 ? Format(value) : null;
    }

    private static bool TryDecimal(string text, out double value) =>
        double.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Round-trip format: 1/3 keeps all its digits, 0.25 stays 0.25.</summary>
    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
