using System.Globalization;
using System.Numerics;

namespace DiSu.Analytics.Mart.Export;

/// <summary>
/// Numbers as machine formats (CSV, the text of JSON numbers) spell them: invariant culture, and a
/// double or float as the shortest text that parses back to the same value (<c>1E-07</c>,
/// <c>0.006535947712418301</c>), never rounded to a number of decimals. NaN and the infinities,
/// which have no number in JSON or a spreadsheet, are spelt <c>NaN</c>, <c>Infinity</c> and
/// <c>-Infinity</c>: what <see cref="double.Parse(string, IFormatProvider)"/> with the invariant
/// culture, DuckDB's cast to DOUBLE and System.Text.Json's named floating-point literals read back.
/// </summary>
public static class InvariantNumber
{
    public static string Format(double value) => value switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "Infinity",
        double.NegativeInfinity => "-Infinity",
        // "R" is the shortest round-trip form since .NET Core 3.0.
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static string Format(float value) => float.IsFinite(value)
        ? value.ToString("R", CultureInfo.InvariantCulture)
        : Format((double)value);

    /// <summary>Whether <paramref name="value"/> is a number of any CLR type DuckDB hands over, finite or not.</summary>
    public static bool IsNumber(object? value) =>
        value is sbyte or byte or short or ushort or int or uint or long or ulong or decimal or BigInteger or Int128 or UInt128
            or double or float or Half;

    /// <summary>A number as machine text; null when <paramref name="value"/> is not a number.</summary>
    public static string? Text(object? value) => value switch
    {
        double d => Format(d),
        float f => Format(f),
        Half h => Format((float)h),
        _ when IsNumber(value) => ((IFormattable)value!).ToString(null, CultureInfo.InvariantCulture),
        _ => null,
    };
}
