using System.Reflection;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service;

/// <summary>
/// Every key the option records read, written as in the configuration (<c>Disu:Serve:Listen</c>), a list's
/// index as <c>*</c> (<c>Disu:Serve:Keys:*:Role</c>). Made from the records themselves, so that the warnings
/// about keys nothing reads, the binder's errors and the documentation's table cannot drift from them.
/// </summary>
public static class SettingKeys
{
    public enum Kind
    {
        /// <summary>One value: a string, a number, a switch, a role.</summary>
        Value,
        /// <summary>A list (<c>ReportFormats</c>, <c>Keys</c>); its entries are <c>Key:*</c>.</summary>
        List,
        /// <summary>A group of keys (<c>Schedules</c>).</summary>
        Section,
    }

    public sealed record Key(string Path, Type Type, Kind Kind);

    public static IReadOnlyList<Key> All { get; } =
        [.. Of(typeof(DisuOptions), DisuOptions.Section), .. Of(typeof(ServeOptions), ServeOptions.Section)];

    /// <summary>Top-level sections .NET reads itself: log levels, and Kestrel's certificates for an https:// Listen.</summary>
    public static IReadOnlyList<string> HostSections { get; } = ["Logging", "Kestrel"];

    /// <summary>The key a configured path stands for: list indexes become <c>*</c> (Disu:Serve:Keys:0:Role → Disu:Serve:Keys:*:Role).</summary>
    public static Key? Find(string path) => Find(path, All);

    /// <summary><see cref="Find(string)"/> among <paramref name="keys"/>.</summary>
    public static Key? Find(string path, IEnumerable<Key> keys)
    {
        var pattern = string.Join(':', path.Split(':').Select(s => s.Length > 0 && s.All(char.IsAsciiDigit) ? "*" : s));
        return keys.FirstOrDefault(k => k.Path.Equals(pattern, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The keys a record bound at <paramref name="prefix"/> reads.</summary>
    public static IReadOnlyList<Key> Of(Type type, string prefix) => [.. Walk(type, prefix)];

    private static IEnumerable<Key> Walk(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var path = prefix + ":" + property.Name;
            var propertyType = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            if (IsValue(propertyType))
            {
                yield return new Key(path, propertyType, Kind.Value);
            }
            else if (ElementOf(propertyType) is { } element)
            {
                yield return new Key(path, propertyType, Kind.List);
                if (IsValue(element)) yield return new Key(path + ":*", element, Kind.Value);
                else foreach (var key in Walk(element, path + ":*")) yield return key;
            }
            else
            {
                yield return new Key(path, propertyType, Kind.Section);
                foreach (var key in Walk(propertyType, path)) yield return key;
            }
        }
    }

    private static bool IsValue(Type type) => type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal);

    private static Type? ElementOf(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IReadOnlyList<>) ? type.GetGenericArguments()[0]
        : null;
}
