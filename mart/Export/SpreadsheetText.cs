using System.Globalization;
using System.Numerics;

namespace DiSu.Analytics.Mart.Export;

/// <summary>
/// The one rule every CSV and XLSX writer follows so that a value from an input file cannot run
/// as a formula when an officer opens the file in a spreadsheet (CSV injection, OWASP): a text
/// cell that begins with <c>= + - @</c>, a tab, CR or LF, or the full-width <c>＝ ＋ － ＠</c>,
/// gets a leading <c>'</c>. The decision is made on the value's type, not its text: numbers,
/// dates and booleans we write stay as they are, so a negative count is still a number.
/// </summary>
public static class SpreadsheetText
{
    // Full-width forms: spreadsheets with East Asian input read them as the ASCII operators.
    private const string FormulaStarts = "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20";

    // ';' and tab as well as ',': a spreadsheet whose list separator is ';' (vi-VN) would
    // otherwise split "a;=1" into a cell of its own that starts with '='.
    private const string NeedsQuotes = ",;\t\"\r\n";

    /// <summary>Whether a spreadsheet would read this text as the start of a formula.</summary>
    public static bool IsFormulaLike(string? text) =>
        !string.IsNullOrEmpty(text) && FormulaStarts.Contains(text[0], StringComparison.Ordinal);

    /// <summary>The text, with <c>'</c> in front when a spreadsheet would run it.</summary>
    public static string Neutralise(string text) => IsFormulaLike(text) ? "'" + text : text;

    /// <summary>
    /// Whether a value is text to a spreadsheet: anything but a finite number, a date or time, or
    /// a boolean. Unknown types count as text, so nothing reaches a sheet unchecked.
    /// </summary>
    public static bool IsText(object? value) => value switch
    {
        null or bool => false,
        double d => !double.IsFinite(d),
        float f => !float.IsFinite(f),
        Half h => !Half.IsFinite(h),
        sbyte or byte or short or ushort or int or uint or long or ulong or decimal or BigInteger or Int128 or UInt128 => false,
        DateTime or DateTimeOffset or DateOnly or TimeOnly or TimeSpan => false,
        _ => true,
    };

    /// <summary>
    /// One CSV field: <paramref name="formatted"/> is how the writer spells <paramref name="value"/>;
    /// it gets the apostrophe only when the value is text, then RFC 4180 quotes when needed. A
    /// number never does, not even NaN or -Infinity (<see cref="InvariantNumber"/>): we wrote that
    /// text, not a delivered file, and a tool must read it back as the number it is.
    /// </summary>
    public static string CsvField(object? value, string formatted) =>
        Quote(IsText(value) && !InvariantNumber.IsNumber(value) ? Neutralise(formatted) : formatted);

    /// <summary>A CSV field of a column whose type is a number (its text may be NaN or -Infinity, never a formula).</summary>
    public static string CsvNumber(string formatted) => Quote(formatted);

    /// <summary>A text CSV field (a header, a reason, a value read from a file); null is empty.</summary>
    public static string CsvField(string? text) => text is null ? "" : Quote(Neutralise(text));

    /// <summary>
    /// A cell for an XLSX writer: text neutralised (a text cell starting with '=' becomes a
    /// formula as soon as someone edits it), numbers as numbers the writer stores as numeric
    /// cells, dates, booleans and null unchanged.
    /// </summary>
    public static object? XlsxCell(object? value) => value switch
    {
        null => null,
        string text => Neutralise(text),
        _ when IsText(value) => Neutralise(Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""),
        // MiniExcel writes only 16- to 64-bit integers, decimal, double and float as numbers; DuckDB
        // gives TINYINT as sbyte and sum() as HUGEINT (BigInteger), which would become text cells.
        sbyte or byte => Convert.ToInt32(value, CultureInfo.InvariantCulture),
        Half h => (double)h,
        BigInteger or Int128 or UInt128 => Numeric((IFormattable)value),
        _ => value,
    };

    private static object Numeric(IFormattable big)
    {
        var text = big.ToString(null, CultureInfo.InvariantCulture);
        return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var exact)
            ? exact
            : double.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    private static string Quote(string field) =>
        field.AsSpan().IndexOfAny(NeedsQuotes) >= 0 ? "\"" + field.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : field;
}
