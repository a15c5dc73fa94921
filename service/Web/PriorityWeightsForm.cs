using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Commands;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The weights a planner typed on the priority page (a GET form, or the save form), checked by the
/// same rule as `disu settings --set priority_weight_…` (<see cref="SettingRule"/>: whole numbers
/// 0–100) and not all zero. A field left empty keeps the weight in force.
/// </summary>
public sealed record PriorityWeightsForm(IReadOnlyList<string> Texts, PriorityWeights? Weights, string? Error)
{
    /// <summary>The components in Vietnamese, in the order of <see cref="PriorityWeights.Keys"/>.</summary>
    public static IReadOnlyList<string> Labels { get; } = ["Tỷ lệ hộ nghèo", "Tỷ lệ dự báo", "Nguy cơ tái nghèo", "M0 (nghèo đa chiều)", "Chưa được hỗ trợ"];

    /// <summary>Whether the address names any weight (otherwise the page shows the view as it stands).</summary>
    public static bool Asked(IQueryCollection query) => PriorityWeights.Keys.Any(query.ContainsKey);

    public static PriorityWeightsForm Parse(Func<string, StringValues> field, PriorityWeights stored)
    {
        var texts = new List<string>();
        var values = new List<int>();
        var errors = new List<string>();
        for (var i = 0; i < PriorityWeights.Keys.Count; i++)
        {
            var key = PriorityWeights.Keys[i];
            var given = field(key);
            if (given.Count > 1)
            {
                texts.Add("");
                errors.Add($"Trọng số '{Labels[i]}' được gửi {given.Count} lần; hãy gửi một giá trị.");
                continue;
            }
            var text = (given.Count == 1 ? given[0] : null)?.Trim() ?? "";
            texts.Add(text.Length > 40 ? text[..40] : text);
            if (text.Length == 0)
            {
                values.Add(stored.Values[i]);
                continue;
            }
            var rule = SettingRule.All.Single(r => r.Name == key);
            if (rule.Normalise(text) is { } normal)
                values.Add(int.Parse(normal, System.Globalization.CultureInfo.InvariantCulture));
            else
                errors.Add($"Trọng số '{Labels[i]}' phải là {rule.RuleVi}; '{PriorityPlace.Shorten(text)}' không phải.");
        }
        if (errors.Count > 0) return new(texts, null, string.Join(" ", errors));
        var weights = PriorityWeights.Of(values);
        return weights.AllZero
            ? new(texts, null, "Các trọng số không thể đều bằng 0: ít nhất một thành phần phải có trọng số lớn hơn 0.")
            : new(weights.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), weights, null);
    }

    /// <summary>The form as it stands when nothing was asked: the weights in force.</summary>
    public static PriorityWeightsForm Of(PriorityWeights stored) =>
        new(stored.Values.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(), stored, null);
}
