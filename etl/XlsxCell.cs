using System.Globalization;

namespace DiSu.Analytics.Etl;

/// <summary>
/// An XLSX cell as the contract's text. Excel stores numbers as doubles; whole numbers go back to
/// plain digits so the contract's text rules apply to XLSX exactly as to CSV (a code 00123 typed
/// as a number arrives as 123).
/// </summary>
public static class XlsxCell
{
    public static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        double d when Math.Abs(d) < 1e15 && d == Math.Floor(d) => ((long)d).ToString(CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        bool b => b ? "1" : "0",
        DateTime t => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
