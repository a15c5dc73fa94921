using System.Collections;
using System.ComponentModel;
using DiSu.Analytics.Mart.Text;
using Microsoft.Extensions.Configuration;

namespace DiSu.Analytics.Service;

/// <summary>
/// The one configuration of every command, `disu serve` included. Sources, later ones winning:
/// appsettings.json beside the program, disu.json in the working folder, environment variables spelt
/// <c>DISU__</c> + the key with each ':' written '__' (<c>DISU__Disu__Mart</c>, <c>DISU__Disu__Serve__Listen</c>),
/// then a command's flags. The <c>Disu</c> section binds to <see cref="DisuOptions"/>; `disu serve` binds
/// <c>Disu:Serve</c> to <see cref="Serve.ServeOptions"/>.
/// </summary>
public sealed class DisuConfiguration
{
    public const string EnvironmentPrefix = "DISU__";
    public const string ProgramFile = "appsettings.json";
    public const string WorkingFile = "disu.json";

    private DisuConfiguration(IConfiguration root, DisuOptions options, IReadOnlyList<Message> warnings)
    {
        Root = root;
        Options = options;
        Warnings = warnings;
    }

    public IConfiguration Root { get; }

    /// <summary>The <c>Disu</c> section, bound; <see cref="DisuOptionsValidator"/> has not been run on it yet.</summary>
    public DisuOptions Options { get; }

    /// <summary>What was configured but is read by nothing: variables spelt the old ways, keys no setting has.</summary>
    public IReadOnlyList<Message> Warnings { get; }

    public static DisuConfiguration Load() =>
        Load(AppContext.BaseDirectory, Directory.GetCurrentDirectory(), Environment.GetEnvironmentVariables());

    /// <summary>The configuration of a program in <paramref name="programFolder"/> run in <paramref name="workingFolder"/> with <paramref name="environment"/>.</summary>
    public static DisuConfiguration Load(string programFolder, string workingFolder, IDictionary environment)
    {
        var variables = environment.Cast<DictionaryEntry>().Select(e => (Name: (string)e.Key, Value: e.Value as string))
            .OrderBy(v => v.Name, StringComparer.Ordinal).ToList();
        var root = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(Path.GetFullPath(programFolder), ProgramFile), optional: true)
            .AddJsonFile(Path.Combine(Path.GetFullPath(workingFolder), WorkingFile), optional: true)
            .AddInMemoryCollection(variables.Select(v => (Key: KeyOf(v.Name), v.Value)).Where(v => v.Key is not null)
                .Select(v => new KeyValuePair<string, string?>(v.Key!, v.Value)))
            .Build();
        return new DisuConfiguration(root, Bind(root, DisuOptions.Section, new DisuOptions()),
            [.. variables.Select(v => IgnoredVariable(v.Name)).OfType<Message>(), .. UnknownKeys(root)]);
    }

    /// <summary>Given options and no sources: tests, and programs that run the command line inside themselves.</summary>
    public static DisuConfiguration Of(DisuOptions options) => new(new ConfigurationBuilder().Build(), options, []);

    /// <summary><paramref name="configuration"/> with a command's flags (configuration keys) over it: the highest source.</summary>
    public static IConfiguration WithFlags(IConfiguration configuration, IEnumerable<KeyValuePair<string, string?>> flags) =>
        new ConfigurationBuilder().AddConfiguration(configuration).AddInMemoryCollection(flags).Build();

    /// <summary>The key an environment variable sets: <c>DISU__Disu__Serve__Listen</c> → <c>Disu:Serve:Listen</c>; null for a variable without the prefix.</summary>
    public static string? KeyOf(string variable) =>
        variable.StartsWith(EnvironmentPrefix, StringComparison.OrdinalIgnoreCase) && variable.Length > EnvironmentPrefix.Length
            ? variable[EnvironmentPrefix.Length..].Replace("__", ":", StringComparison.Ordinal)
            : null;

    /// <summary>The environment variable that sets <paramref name="key"/>: <c>Disu:Mart</c> → <c>DISU__Disu__Mart</c>.</summary>
    public static string VariableOf(string key) => EnvironmentPrefix + key.Replace(":", "__", StringComparison.Ordinal);

    /// <summary>
    /// Binds the <paramref name="section"/> over <paramref name="start"/> with the configuration binder. A value
    /// that is not of its key's kind (QuietSeconds = ten, Role = mayor) is a usage error naming the key, the value
    /// and what it must be; it is looked for first because the binder skips a list entry it cannot read (a key
    /// entry with a wrong role would silently be no key at all).
    /// </summary>
    public static T Bind<T>(IConfiguration configuration, string section, T start)
        where T : class
    {
        var keys = SettingKeys.Of(typeof(T), section);
        foreach (var (path, value) in configuration.GetSection(section).AsEnumerable())
        {
            if (value is null || SettingKeys.Find(path, keys) is not { Kind: SettingKeys.Kind.Value } key || Reads(key.Type, value)) continue;
            var what = key.Type == typeof(int) || key.Type == typeof(long) ? new Message("một số nguyên, ví dụ 10", "a whole number, e.g. 10")
                : key.Type == typeof(bool) ? new Message("true hoặc false", "true or false")
                : key.Type.IsEnum ? Message.Same(string.Join(", ", Enum.GetNames(key.Type).Select(n => n.ToLowerInvariant())))
                : Message.Same(key.Type.Name);
            throw new UsageException(Message.Of($"cài đặt {path} = '{value}' không đọc được: phải là {what.Vi}",
                                                $"the setting {path} = '{value}' cannot be read: it must be {what.En}"));
        }
        try
        {
            configuration.GetSection(section).Bind(start);
            return start;
        }
        catch (InvalidOperationException e)
        {
            throw new UsageException(Message.Of($"cài đặt {section} không đọc được: {e.Message}", $"the settings {section} cannot be read: {e.Message}"));
        }
    }

    /// <summary>Whether the binder can read <paramref name="value"/> as <paramref name="type"/>: it converts with the same converter.</summary>
    private static bool Reads(Type type, string value)
    {
        try
        {
            TypeDescriptor.GetConverter(type).ConvertFromInvariantString(value);
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            return false;
        }
    }

    /// <summary>A variable disu once read (unprefixed `Disu__…` and `Serve__…` by `disu serve`, `DISU__Mart` by the command line) but no longer does.</summary>
    private static Message? IgnoredVariable(string name)
    {
        if (KeyOf(name) is { } key)
        {
            var top = key.Split(':')[0];
            if (top.Equals(DisuOptions.Section, StringComparison.OrdinalIgnoreCase) || SettingKeys.HostSections.Contains(top, StringComparer.OrdinalIgnoreCase)) return null;
            var meant = SettingKeys.Find(DisuOptions.Section + ":" + key) is not null ? VariableOf(DisuOptions.Section + ":" + key) : null;
            return meant is null
                ? Message.Of($"cảnh báo: bỏ qua biến môi trường {name}: nó đặt khóa {key}, không phải cài đặt nào của disu",
                             $"warning: ignoring the environment variable {name}: it sets {key}, which is no disu setting")
                : Message.Of($"cảnh báo: bỏ qua biến môi trường {name}: nó đặt khóa {key}, không phải cài đặt nào của disu; hãy viết {meant} (DISU__ rồi khóa, mỗi ':' viết thành '__')",
                             $"warning: ignoring the environment variable {name}: it sets {key}, which is no disu setting; write {meant} (DISU__ then the key, each ':' written '__')");
        }
        if (!name.StartsWith("Serve__", StringComparison.OrdinalIgnoreCase)) return null;
        var setting = DisuOptions.Section + ":" + name.Replace("__", ":", StringComparison.Ordinal);
        var spelt = SettingKeys.Find(setting) is not null ? VariableOf(setting) : EnvironmentPrefix + "Disu__Serve__…";
        return Message.Of($"cảnh báo: bỏ qua biến môi trường {name}: disu chỉ đọc các biến bắt đầu bằng DISU__; hãy viết {spelt}",
                          $"warning: ignoring the environment variable {name}: disu reads only variables that start with DISU__; write {spelt}");
    }

    /// <summary>Keys under Disu that no setting reads (Disu:Culture of an old disu.json): said, not refused, so that an old file still starts.</summary>
    private static IEnumerable<Message> UnknownKeys(IConfiguration root) =>
        root.GetSection(DisuOptions.Section).AsEnumerable()
            .Where(e => e.Value is not null && SettingKeys.Find(e.Key) is null)
            .Select(e => e.Key)
            .Order(StringComparer.Ordinal)
            .Select(key => Message.Of(
                $"cảnh báo: không cài đặt nào đọc khóa {key} (appsettings.json, disu.json hoặc {VariableOf(key)}); hãy xóa nó hoặc sửa tên (xem docs/operations.md#configuration)",
                $"warning: no setting reads the key {key} (appsettings.json, disu.json or {VariableOf(key)}); remove it or correct its name (see docs/operations.md#configuration)"));
}
