using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Output;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu settings`: the mart's own settings (newly-escaped window, small-cell threshold).</summary>
internal static class SettingsCommand
{
    private static readonly string[] Editable = ["newly_escaped_years", "small_cell_households"];

    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var set = new Option<string[]>("--set")
        {
            Description = $"NAME=VALUE to change (whole numbers): {string.Join(", ", Editable)}. Repeatable.",
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
                foreach (var (name, value) in changes)
                    writer.Execute("UPDATE mart_setting SET value = ? WHERE key = ?", value.ToString(CultureInfo.InvariantCulture), name);
            }
            using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
            using var cmd = reader.CreateCommand();
            cmd.CommandText = "SELECT key, value, description FROM mart_setting ORDER BY key";
            using var rows = cmd.ExecuteReader();
            ResultWriter.Write(rows, parse.GetValue(format), context.Out, context.Console);
            return Cli.Ok;
        });
        return command;
    }

    private static (string Name, int Value) Parse(string assignment)
    {
        var parts = assignment.Split('=', 2, StringSplitOptions.TrimEntries);
        if (parts.Length != 2 || !Editable.Contains(parts[0]))
            throw new UsageException($"--set '{assignment}': write NAME=VALUE with NAME one of {string.Join(", ", Editable)}");
        if (!int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value is < 0 or > 100_000)
            throw new UsageException($"--set '{assignment}': the value must be a whole number from 0 to 100000");
        return (parts[0], value);
    }
}
