using System.CommandLine;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu settings`: the mart's own settings (newly-escaped window, small-cell threshold,
/// Alkire–Foster cutoff and weighting, custom Alkire–Foster weights). Each editable key has its
/// rule (SettingRule); nothing is written unless every --set passes.
/// </summary>
internal static class SettingsCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var set = new Option<string[]>("--set")
        {
            Description = "NAME=VALUE to change. Repeatable. " +
                string.Join("; ", SettingRule.All.Select(r => $"{r.Name}: {r.Rule}")) +
                $"; {SettingRule.WeightPrefix}INDICATOR (custom weight, relative, normalised per standard): {SettingRule.Weight("x").Rule}.",
            AllowMultipleArgumentsPerToken = false,
        };
        var format = CommonOptions.Format();
        var command = new Command("settings", "Show or change the mart's settings; the public views use them at query time.") { mart, set, format };
        command.SetAction(parse =>
        {
            var changes = (parse.GetValue(set) ?? []).Select(Parse).ToList();
            var path = parse.GetValue(mart)!;
            if (changes.Count > 0)
            {
                using var writer = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, context.Clock, context.Options.MemoryLimit);
                Apply(writer, changes);
            }
            using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
            using var cmd = reader.CreateCommand();
            cmd.CommandText = $"""
                SELECT key, value, description FROM (
                    SELECT key, value, description FROM mart_setting
                    UNION ALL
                    SELECT '{SettingRule.WeightPrefix}' || indicator_code, CAST(weight AS VARCHAR),
                           'Custom Alkire–Foster weight (relative; used when af_weighting = custom).'
                    FROM af_custom_weight)
                ORDER BY key
                """;
            using var rows = cmd.ExecuteReader();
            ResultWriter.Write(rows, parse.GetValue(format), context.Out, context.Console, context.Language);
            return Cli.Ok;
        });
        return command;
    }

    private static void Apply(DuckDBConnection writer, List<(string Name, string Value)> changes)
    {
        using var tx = writer.BeginTransaction();
        foreach (var (name, value) in changes)
        {
            if (!name.StartsWith(SettingRule.WeightPrefix, StringComparison.Ordinal))
            {
                writer.Execute("UPDATE mart_setting SET value = ? WHERE key = ?", value, name);
                continue;
            }
            var indicator = name[SettingRule.WeightPrefix.Length..];
            if (writer.Scalar<long>("SELECT count(*) FROM dim_indicator WHERE indicator_code = ?", indicator) == 0)
            {
                var indicators = string.Join(", ", writer.Rows("SELECT indicator_code FROM dim_indicator ORDER BY ordinal").Select(r => (string)r[0]!));
                throw new UsageException($"--set '{name}={value}': không có chỉ số '{indicator}'; các chỉ số là {indicators}",
                                         $"--set '{name}={value}': no indicator '{indicator}'; the indicators are {indicators}");
            }
            writer.Execute("INSERT OR REPLACE INTO af_custom_weight VALUES (?, CAST(? AS DOUBLE))", indicator, value);
        }
        // Relative weights are normalised per standard, so a standard whose weights are all 0 has none.
        var empty = writer.Rows("SELECT DISTINCT standard_id FROM v_af_weight WHERE weighting = 'custom' AND weight IS NULL ORDER BY 1")
            .Select(r => (string)r[0]!).ToList();
        if (empty.Count > 0)
            throw new UsageException($"trọng số tự đặt: mọi chỉ số của {string.Join(", ", empty)} sẽ có trọng số 0; hãy cho ít nhất một chỉ số trọng số lớn hơn 0. Chưa có gì thay đổi.",
                                     $"custom weights: every indicator of {string.Join(", ", empty)} would weigh 0; give at least one a weight above 0. Nothing was changed.");
        tx.Commit();
    }

    private static (string Name, string Value) Parse(string assignment)
    {
        var parts = assignment.Split('=', 2, StringSplitOptions.TrimEntries);
        var rule = parts.Length != 2 ? null
            : parts[0].StartsWith(SettingRule.WeightPrefix, StringComparison.Ordinal) && parts[0].Length > SettingRule.WeightPrefix.Length
                ? SettingRule.Weight(parts[0][SettingRule.WeightPrefix.Length..])
                : SettingRule.All.FirstOrDefault(r => r.Name == parts[0]);
        if (rule is null)
            throw new UsageException($"--set '{assignment}': hãy viết TÊN=GIÁ_TRỊ với TÊN là một trong {SettingRule.Names}",
                                     $"--set '{assignment}': write NAME=VALUE with NAME one of {SettingRule.Names}");
        var value = rule.Normalise(parts[1])
            ?? throw new UsageException($"--set '{assignment}': {rule.Name} phải là {rule.RuleVi}", $"--set '{assignment}': {rule.Name} must be {rule.Rule}");
        return (rule.Name, value);
    }
}
