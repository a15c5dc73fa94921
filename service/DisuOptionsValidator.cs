using DiSu.Analytics.Mart.Text;
using Microsoft.Extensions.Options;

namespace DiSu.Analytics.Service;

/// <summary>The rules of <see cref="DisuOptions"/>, checked before any command runs: a bad setting stops it with the rule, exit code 2.</summary>
public sealed class DisuOptionsValidator : IValidateOptions<DisuOptions>
{
    public ValidateOptionsResult Validate(string? name, DisuOptions options) => OptionsProblems.Result(Problems(options));

    public static IReadOnlyList<Message> Problems(DisuOptions options)
    {
        var problems = new List<Message>();
        if (!string.IsNullOrWhiteSpace(options.Language) && Languages.Parse(options.Language) is null)
            problems.Add(Message.Of($"cài đặt Disu:Language = '{options.Language}' không phải ngôn ngữ có sẵn; đặt vi hoặc en (appsettings.json, disu.json hoặc DISU__Disu__Language)",
                                    $"the setting Disu:Language = '{options.Language}' is not an available language; set vi or en (appsettings.json, disu.json or DISU__Disu__Language)"));
        if (!DiSu.Analytics.Mart.Mart.IsMemoryLimit(options.MemoryLimit))
            problems.Add(Message.Of($"cài đặt Disu:MemoryLimit = '{options.MemoryLimit}' phải là một dung lượng như 1GB hoặc 512MB",
                                    $"the setting Disu:MemoryLimit = '{options.MemoryLimit}' must be a size such as 1GB or 512MB"));
        foreach (var (key, value) in new[] { ("Mart", options.Mart), ("DemoFolder", options.DemoFolder), ("QueryFolder", options.QueryFolder) })
            if (string.IsNullOrWhiteSpace(value))
                problems.Add(Message.Of($"cài đặt Disu:{key} trống; hãy đặt một đường dẫn hoặc bỏ khóa này để dùng giá trị mặc định",
                                        $"the setting Disu:{key} is empty; give a path, or remove the key to use the default"));
        return problems;
    }
}

/// <summary>Problems of an options record as the options pattern reports them: each in Vietnamese, its English beside it.</summary>
internal static class OptionsProblems
{
    public static ValidateOptionsResult Result(IReadOnlyList<Message> problems) =>
        problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems.Select(p => $"{p.Vi} ({p.En})"));
}
