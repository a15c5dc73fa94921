using System.CommandLine;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu settings`: the mart's own settings (newly-escaped window, small-cell threshold,
/// Alkire–Foster cutoff and weighting, custom Alkire–Foster weights), or with --ward one ward's
/// document settings (WardSettingRule). Each editable key has its rule; nothing is written unless
/// every --set passes.
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
        var ward = new Option<string?>("--ward")
        {
            Description = "Show or change one ward's document settings instead: " +
                string.Join("; ", WardSettingRule.All.Select(r => $"{r.Name}: {r.Rule.En}")) + ". An empty value (KEY=) clears one.",
        };
        var format = CommonOptions.Format();
        var command = new Command("settings", "Show or change the mart's settings (the public views use them at query time), or with --ward a ward's document settings.")
        {
            mart, set, ward, format,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(mart)!;
            if (parse.GetValue(ward) is { } code)
                return WardSettings(context, path, code, parse.GetValue(set) ?? [], parse.GetValue(format));
            var changes = (parse.GetValue(set) ?? []).Select(Parse).ToList();
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

    /// <summary>`--ward CODE`: the ward's document settings, all four keys listed, the unset ones empty.</summary>
    private static int WardSettings(CliContext context, string path, string code, string[] assignments, OutputFormat format)
    {
        var changes = assignments.Select(ParseWard).ToList();
        if (changes.Count > 0)
        {
            using var writer = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, context.Clock, context.Options.MemoryLimit);
            RequireWard(writer, code);
            using var tx = writer.BeginTransaction();
            foreach (var (key, value) in changes)
                WardSettingRule.Store(writer, code, key, value);
            tx.Commit();
        }
        using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
        RequireWard(reader, code);
        using var cmd = reader.CreateCommand();
        var keys = WardSettingRule.All.Select((r, i) => $"({i}, ${(2 * i) + 2}, ${(2 * i) + 3})");
        cmd.CommandText = $"""
            SELECT $1 AS ward_code, k.key, coalesce(s.value, '') AS value, k.description
            FROM (VALUES {string.Join(", ", keys)}) k(ordinal, key, description)
            LEFT JOIN ward_setting s ON s.ward_code = $1 AND s.key = k.key
            ORDER BY k.ordinal
            """;
        cmd.Parameters.Add(new DuckDBParameter(code));
        foreach (var rule in WardSettingRule.All)
        {
            cmd.Parameters.Add(new DuckDBParameter(rule.Name));
            cmd.Parameters.Add(new DuckDBParameter(rule.Description));
        }
        using var rows = cmd.ExecuteReader();
        ResultWriter.Write(rows, format, context.Out, context.Console);
        return Cli.Ok;
    }

    /// <summary>A ward's settings are for a ward the mart holds: a mistyped code would otherwise be stored and never printed.</summary>
    private static void RequireWard(DuckDBConnection connection, string code)
    {
        var wards = DiSu.Analytics.Reports.Ward.All(connection);
        if (wards.Contains(code, StringComparer.Ordinal))
            return;
        var listed = wards.Count == 0 ? null : string.Join(", ", wards.Take(10)) + (wards.Count > 10 ? ", …" : "");
        throw new UsageException(listed is null
            ? new Message($"--ward {code}: kho dữ liệu chưa có phường, xã nào; hãy nạp số liệu rà soát trước (disu etl load).",
                $"--ward {code}: the mart holds no ward yet; load review files first (disu etl load).")
            : new Message($"--ward {code}: kho dữ liệu không có phường, xã này; các phường, xã đã nạp: {listed}.",
                $"--ward {code}: the mart holds no such ward; wards loaded: {listed}."));
    }

    private static (string Key, string Value) ParseWard(string assignment)
    {
        var parts = assignment.Split('=', 2, StringSplitOptions.TrimEntries);
        var rule = parts.Length == 2 ? WardSettingRule.Find(parts[0]) : null;
        if (rule is null)
            throw new UsageException(new Message(
                $"--set '{assignment}': với --ward, hãy viết KHÓA=GIÁ_TRỊ, KHÓA là một trong {WardSettingRule.Names} (để trống GIÁ_TRỊ để xóa).",
                $"--set '{assignment}': with --ward, write KEY=VALUE with KEY one of {WardSettingRule.Names} (an empty VALUE clears it)."));
        if (parts[1].Length == 0)
            return (rule.Name, "");
        var value = rule.Normalise(parts[1])
            ?? throw new UsageException(new Message($"--set '{assignment}': {rule.Name} phải là {rule.Rule.Vi}.", $"--set '{assignment}': {rule.Name} must be {rule.Rule.En}."));
        return (rule.Name, value);
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
                var indicators = string.Join(", ", writer.Read<IndicatorRow>("SELECT indicator_code FROM dim_indicator ORDER BY ordinal").Select(r => r.IndicatorCode));
                throw new UsageException($"--set '{name}={value}': không có chỉ số '{indicator}'; các chỉ số là {indicators}",
                                         $"--set '{name}={value}': no indicator '{indicator}'; the indicators are {indicators}");
            }
            writer.Execute("INSERT OR REPLACE INTO af_custom_weight VALUES (?, CAST(? AS DOUBLE))", indicator, value);
        }
        // Relative weights are normalised per standard, so a standard whose weights are all 0 has none.
        var empty = writer.Read<StandardRow>("SELECT DISTINCT standard_id FROM v_af_weight WHERE weighting = 'custom' AND weight IS NULL ORDER BY 1")
            .Select(r => r.StandardId).ToList();
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
        if (rule is null && parts.Length == 2 && WardSettingRule.Find(parts[0]) is not null)
            throw new UsageException(new Message(
                $"--set '{assignment}': {parts[0]} là thiết lập văn bản của một phường, xã; hãy thêm --ward MÃ.",
                $"--set '{assignment}': {parts[0]} is a ward's document setting; add --ward CODE."));
        if (rule is null)
            throw new UsageException($"--set '{assignment}': hãy viết TÊN=GIÁ_TRỊ với TÊN là một trong {SettingRule.Names}",
                                     $"--set '{assignment}': write NAME=VALUE with NAME one of {SettingRule.Names}");
        var value = rule.Normalise(parts[1])
            ?? throw new UsageException($"--set '{assignment}': {rule.Name} phải là {rule.RuleVi}", $"--set '{assignment}': {rule.Name} must be {rule.Rule}");
        return (rule.Name, value);
    }

    private sealed record IndicatorRow { public required string IndicatorCode { get; init; } }

    private sealed record StandardRow { public required string StandardId { get; init; } }
}
