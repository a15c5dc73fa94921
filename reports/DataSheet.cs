using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DiSu.Analytics.Reports;

/// <summary>
/// A report's numbers as a plain table: what XLSX and CSV carry and what the content hash covers.
/// Cells are strings, longs, doubles or null; the PDF formats the same values for people.
/// </summary>
public sealed record DataSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>A cell as machine-readable text (invariant culture, full precision), as CSV writes it.</summary>
    public static string Invariant(object? value) => value switch
    {
        null => "",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>First 12 hex digits of SHA-256 over the sheets' names, headers and cells.</summary>
    public static string ContentHash(IEnumerable<DataSheet> sheets, params string[] extra)
    {
        var text = new StringBuilder();
        foreach (var part in extra)
            text.Append(part).Append('\u001e');
        foreach (var sheet in sheets)
        {
            text.Append(sheet.Name).Append('\u001d').AppendJoin('\u001f', sheet.Headers).Append('\u001e');
            foreach (var row in sheet.Rows)
                text.AppendJoin('\u001f', row.Select(Invariant)).Append('\u001e');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }
}
