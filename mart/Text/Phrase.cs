using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace DiSu.Analytics.Mart.Text;

/// <summary>
/// An interpolated sentence kept as its parts until a language is chosen, so that its numbers are
/// formatted the way that language's readers write them (<c>{rows:N0}</c>: 3.407 or 3,407).
/// Unlike <see cref="FormattableString"/>, pieces joined with <c>+</c> stay one phrase, so long
/// messages can be split over lines.
/// </summary>
[InterpolatedStringHandler]
public readonly struct Phrase
{
    private readonly List<Part> parts;

    public Phrase(int literalLength, int formattedCount) => parts = new List<Part>(2 * formattedCount + 1);

    public void AppendLiteral(string text) => parts.Add(new Part(text, null, null, 0));

    public void AppendFormatted<T>(T value) => parts.Add(new Part(null, value, null, 0));

    public void AppendFormatted<T>(T value, string? format) => parts.Add(new Part(null, value, format, 0));

    public void AppendFormatted<T>(T value, int alignment, string? format = null) => parts.Add(new Part(null, value, format, alignment));

    /// <summary>The sentence with its values formatted in <paramref name="culture"/>.</summary>
    public string ToString(IFormatProvider culture)
    {
        var text = new StringBuilder();
        foreach (var part in parts ?? [])
        {
            if (part.Literal is not null)
                text.Append(part.Literal);
            else
                text.AppendFormat(culture, "{0," + part.Alignment.ToString(CultureInfo.InvariantCulture) + (part.Format is null ? "}" : ":" + part.Format + "}"), part.Value);
        }
        return text.ToString();
    }

    public override string ToString() => ToString(CultureInfo.InvariantCulture);

    private sealed record Part(string? Literal, object? Value, string? Format, int Alignment);
}
