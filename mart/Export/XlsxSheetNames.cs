using System.Globalization;
using System.Text;

namespace DiSu.Analytics.Mart.Export;

/// <summary>
/// Sheet names Excel accepts, made from the names we give (Vietnamese, with diacritics): at most
/// 31 characters, none of <c>[ ] : * ? / \</c>, not starting or ending with an apostrophe, not
/// empty, not "History" (Excel keeps it), and unique without regard to case. The same names in the
/// same order always give the same result.
/// </summary>
public sealed class XlsxSheetNames
{
    public const int MaxLength = 31;

    private const string Forbidden = "[]:*?/\\";

    private readonly HashSet<string> taken = new(StringComparer.OrdinalIgnoreCase) { "History" };

    /// <summary>
    /// <paramref name="wanted"/> as a valid sheet name not given before: forbidden characters become
    /// '-', the name is cut at 31 characters, and a name already given gets " (2)", " (3)" … inside the limit.
    /// </summary>
    public string Next(string wanted)
    {
        var name = Valid(wanted);
        for (var n = 2; !taken.Add(name); n++)
        {
            var suffix = $" ({n.ToString(CultureInfo.InvariantCulture)})";
            name = Cut(Valid(wanted), MaxLength - suffix.Length).TrimEnd() + suffix;
        }
        return name;
    }

    /// <summary>A name Excel accepts, on its own (not yet made unique).</summary>
    public static string Valid(string wanted)
    {
        // NFC: a decomposed "ư" would count as two of the 31 characters.
        var text = new StringBuilder();
        foreach (var c in (wanted ?? "").Normalize(NormalizationForm.FormC))
            text.Append(Forbidden.Contains(c, StringComparison.Ordinal) ? '-' : char.IsControl(c) ? ' ' : c);
        var name = Cut(text.ToString().Trim().Trim('\''), MaxLength).Trim().Trim('\'');
        return name.Length == 0 ? "Trang" : name;
    }

    /// <summary>The first <paramref name="length"/> characters, never half of a surrogate pair.</summary>
    private static string Cut(string text, int length)
    {
        if (text.Length <= length) return text;
        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut];
    }
}
