using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using DiSu.Analytics.Service;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>
/// docs/operations.md#configuration is the one list of settings: every key the option records read and every
/// key of the shipped appsettings.json has a row, with the default the program really has, the one environment
/// variable spelling, and the range its validator really checks. No document spells a variable another way,
/// except to say that spelling is ignored.
/// </summary>
public sealed partial class ConfigurationDocTests
{
    private sealed record Row(string Key, string Default, string Variable, string Rule);

    private static IReadOnlyList<Row> Table()
    {
        var lines = File.ReadAllLines(MartDocsTests.RepoFile("docs/operations.md"));
        var start = Array.IndexOf(lines, "## Configuration");
        start.ShouldBeGreaterThan(0, "docs/operations.md has a '## Configuration' section");
        return lines.Skip(start + 1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Where(l => l.StartsWith("| `", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Select(c => new Row(Code(c[1]) ?? c[1], c[2], Code(c[3]) ?? c[3], c[4]))
            .ToList();
    }

    /// <summary>The text of a cell that is one code span (`x`), else null.</summary>
    private static string? Code(string cell) => SingleCode().Match(cell) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Disu:Serve:Keys:N:Id → the record's key Disu:Serve:Keys:*:Id.</summary>
    private static SettingKeys.Key? Setting(string documented) =>
        SettingKeys.Find(string.Join(':', documented.Split(':').Select(s => s == "N" ? "0" : s)));

    /// <summary>The keys the shipped appsettings.json sets: a list is one key (Disu:Serve:ReportFormats).</summary>
    private static Dictionary<string, JsonElement> Shipped()
    {
        var keys = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind == JsonValueKind.Object)
                foreach (var property in element.EnumerateObject()) Walk(property.Value, path.Length == 0 ? property.Name : path + ":" + property.Name);
            else keys[path] = element;
        }
        using var json = JsonDocument.Parse(File.ReadAllText(MartDocsTests.RepoFile("service/appsettings.json")));
        Walk(json.RootElement.Clone(), "");
        return keys;
    }

    [Fact]
    public void Should_list_every_key_of_the_option_records_and_of_appsettings_json_once_and_nothing_else()
    {
        var documented = Table().Select(r => r.Key).ToList();
        documented.ShouldBeUnique();
        var records = SettingKeys.All
            .Where(k => k.Kind != SettingKeys.Kind.Section && !(k.Kind == SettingKeys.Kind.Value && k.Path.EndsWith(":*", StringComparison.Ordinal)))
            .Select(k => k.Path.Replace("*", "N", StringComparison.Ordinal))
            .ToList();
        records.ShouldContain("Disu:Serve:QueryTimeoutSeconds");
        records.ShouldContain("Disu:Serve:Keys:N:Sha256");
        records.Except(documented).ShouldBeEmpty("every option record property has a row");
        Shipped().Keys.Except(documented).ShouldBeEmpty("every key of service/appsettings.json has a row");
        documented.Except(records).Except(Shipped().Keys).ShouldBeEmpty("a row names a key something reads");
    }

    [Fact]
    public void Should_give_each_key_its_one_environment_variable()
    {
        foreach (var row in Table())
        {
            var list = Setting(row.Key)?.Kind == SettingKeys.Kind.List;
            row.Variable.ShouldBe(DisuConfiguration.VariableOf(row.Key) + (list ? "__N" : ""), row.Key);
            DisuConfiguration.KeyOf(row.Variable).ShouldBe(row.Key + (list ? ":N" : ""), row.Key);
        }
    }

    [Fact]
    public void Should_give_the_defaults_the_records_and_appsettings_json_have()
    {
        var shipped = Shipped();
        var checkedDefaults = 0;
        foreach (var row in Table())
        {
            var cell = Code(row.Default);
            if (shipped.TryGetValue(row.Key, out var value) && value.ValueKind != JsonValueKind.Array)
            {
                var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
                if (text.Length == 0) row.Default.ShouldStartWith("(", customMessage: $"{row.Key}: empty in appsettings.json");
                else cell.ShouldBe(text, $"{row.Key}: the default in docs/operations.md and in appsettings.json");
            }
            if (ServeHost.DefaultLogLevels.TryGetValue(row.Key, out var level))
                cell.ShouldBe(level, $"{row.Key}: the default in docs/operations.md and the service's own");
            // A default that differs by platform (QueryFolder) is written as more than one code span.
            if (cell is not null && Setting(row.Key) is { Kind: SettingKeys.Kind.Value } key && !key.Path.Contains('*', StringComparison.Ordinal)
                && Default(key.Path) is { } fallback)
            {
                cell.ShouldBe(fallback, $"{row.Key}: the default in docs/operations.md and in the record");
                checkedDefaults++;
            }
        }
        checkedDefaults.ShouldBeGreaterThan(25);
    }

    [Fact]
    public void Should_state_each_range_the_validator_checks()
    {
        var ranges = 0;
        foreach (var row in Table().Where(r => r.Key.StartsWith(ServeOptions.Section + ":", StringComparison.Ordinal)))
        {
            var range = Range().Match(row.Rule);
            if (!range.Success) continue;
            var name = row.Key[(ServeOptions.Section.Length + 1)..];
            var (min, max) = (int.Parse(range.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(range.Groups[2].Value, CultureInfo.InvariantCulture));
            bool Refused(int value)
            {
                var options = new ServeOptions();
                typeof(ServeOptions).GetProperty(name)!.SetValue(options, value);
                return ServeOptionsValidator.Problems(options).Any(p => p.En.StartsWith(name + " ", StringComparison.Ordinal));
            }
            (Refused(min - 1), Refused(min), Refused(max), Refused(max + 1)).ShouldBe((true, false, false, true), row.Key);
            ranges++;
        }
        ranges.ShouldBe(17);
    }

    [Fact]
    public void Should_spell_environment_variables_one_way_in_every_document_except_to_say_another_is_ignored()
    {
        var root = MartDocsTests.RepoFile("");
        var documents = Directory.GetFiles(Path.Combine(root, "docs"), "*.md").Append(Path.Combine(root, "README.md"));
        var problems = new List<string>();
        foreach (var document in documents)
            foreach (var paragraph in File.ReadAllText(document).Split("\n\n").Where(p => !p.Contains("are ignored", StringComparison.Ordinal)))
                foreach (Match variable in Variable().Matches(paragraph))
                    if (!Documented(variable.Value))
                        problems.Add($"{Path.GetFileName(document)}: {variable.Value}");
        problems.ShouldBeEmpty("environment variables are spelt DISU__ + a key with '__' for ':' (docs/operations.md#configuration)");
    }

    private static bool Documented(string variable)
    {
        if (!variable.StartsWith(DisuConfiguration.EnvironmentPrefix, StringComparison.Ordinal) || DisuConfiguration.KeyOf(variable) is not { } key) return false;
        var segments = key.Split(':');
        if (SettingKeys.HostSections.Contains(segments[0], StringComparer.Ordinal)) return true;
        var pattern = string.Join(':', segments.Select(s => s == "N" || s.All(char.IsAsciiDigit) ? "*" : s));
        return SettingKeys.All.Any(k => k.Path == pattern || k.Path.StartsWith(pattern + ":", StringComparison.Ordinal));
    }

    /// <summary>The record's own default of a key, as the table writes it; null when it has none (Language: unset means vi).</summary>
    private static string? Default(string path)
    {
        var segments = path.Split(':');
        object? value = segments[1] == "Serve" ? new ServeOptions() : new DisuOptions();
        foreach (var segment in segments.Skip(segments[1] == "Serve" ? 2 : 1))
            value = value?.GetType().GetProperty(segment)!.GetValue(value);
        return value switch
        {
            null => null,
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString(),
        };
    }

    [GeneratedRegex("^`([^`]*)`$")]
    private static partial Regex SingleCode();

    [GeneratedRegex(@"^(\d+) to (\d+)$")]
    private static partial Regex Range();

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9]*__[A-Za-z0-9_.]+")]
    private static partial Regex Variable();
}
