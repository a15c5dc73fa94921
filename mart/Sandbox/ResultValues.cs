using System.Collections;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Result values as types a JSON serialiser writes without options:
/// integers and booleans as they are; DOUBLE/FLOAT as numbers, but NaN and ±Infinity (which JSON
/// has no number for) as the strings "NaN", "Infinity", "-Infinity"; DECIMAL as decimal; HUGEINT
/// and UHUGEINT as decimal when they fit (±7.9e28), else as their digits in a string; DATE, TIME,
/// TIMESTAMP as ISO 8601 strings (TIMESTAMP WITH TIME ZONE in UTC, ending in Z); INTERVAL as an
/// ISO 8601 duration (P1Y2M3DT4H5M6.5S); UUID as a string; BLOB as bytes (base64 in JSON); lists
/// and arrays as object arrays; STRUCT and MAP as string-keyed dictionaries. A value .NET cannot
/// hold (infinite dates, a DECIMAL beyond 28 digits, UNION, NULL inside a nested list) refuses the
/// query with advice to cast that column to VARCHAR.
/// </summary>
internal static class ResultValues
{
    private static readonly MethodInfo GetFieldValue = typeof(DuckDBDataReader).GetMethod(nameof(DuckDBDataReader.GetFieldValue))!;

    /// <summary>How to read column <paramref name="ordinal"/> of <paramref name="reader"/> into a JSON-friendly value.</summary>
    public static Func<DuckDBDataReader, int, object?> ReaderFor(DuckDBDataReader reader, int ordinal)
    {
        switch (reader.GetDataTypeName(ordinal))
        {
            case "Interval":
                return (r, i) => Convert(r.GetFieldValue<DuckDBInterval>(i));
            case "TimestampTz":
                // DuckDB.NET gives the UTC instant with DateTimeKind.Unspecified.
                return (r, i) => r.GetDateTime(i).ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
        }
        var type = reader.GetFieldType(ordinal);
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>)
            && type.GetGenericArguments()[0] is { IsValueType: true } element && Nullable.GetUnderlyingType(element) is null)
        {
            // GetValue throws on a list of numbers holding a NULL; a list of nullables takes it.
            var read = GetFieldValue.MakeGenericMethod(typeof(List<>).MakeGenericType(typeof(Nullable<>).MakeGenericType(element)));
            return (r, i) => Convert(read.Invoke(r, [i]));
        }
        return (r, i) => Convert(r.GetValue(i));
    }

    public static object? Convert(object? value) => value switch
    {
        null or DBNull => null,
        string or bool or sbyte or short or int or long or byte or ushort or uint or ulong or decimal or byte[] => value,
        double d => double.IsFinite(d) ? d : NonFinite(d),
        float f => float.IsFinite(f) ? f : NonFinite(f),
        BigInteger b => b >= (BigInteger)decimal.MinValue && b <= (BigInteger)decimal.MaxValue ? (decimal)b : b.ToString(CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        TimeOnly t => t.ToString("HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff", CultureInfo.InvariantCulture),
        TimeSpan t => Duration(0, 0, t.Ticks / TimeSpan.TicksPerMicrosecond),
        // DuckDB keeps micros as a signed 64-bit number; DuckDB.NET hands the bits over unsigned.
        DuckDBInterval i => Duration(i.Months, i.Days, unchecked((long)i.Micros)),
        Stream s => Bytes(s),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => System.Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => Convert(map[k]), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(Convert).ToArray(),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    private static string NonFinite(double d) => double.IsNaN(d) ? "NaN" : d > 0 ? "Infinity" : "-Infinity";

    private static byte[] Bytes(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>ISO 8601: P[nY][nM][nD][T[nH][nM][n.nS]], P0D for zero; negative parts keep their sign.</summary>
    private static string Duration(int totalMonths, int days, long micros)
    {
        var text = new StringBuilder("P");
        var (years, months) = (totalMonths / 12, totalMonths % 12);
        if (years != 0) text.Append(CultureInfo.InvariantCulture, $"{years}Y");
        if (months != 0) text.Append(CultureInfo.InvariantCulture, $"{months}M");
        if (days != 0) text.Append(CultureInfo.InvariantCulture, $"{days}D");
        if (micros != 0)
        {
            text.Append('T');
            var (hours, rest) = (micros / 3_600_000_000, micros % 3_600_000_000);
            var (minutes, seconds) = (rest / 60_000_000, rest % 60_000_000);
            if (hours != 0) text.Append(CultureInfo.InvariantCulture, $"{hours}H");
            if (minutes != 0) text.Append(CultureInfo.InvariantCulture, $"{minutes}M");
            if (seconds != 0) text.Append((seconds / 1_000_000m).ToString("0.######", CultureInfo.InvariantCulture)).Append('S');
        }
        return text.Length == 1 ? "P0D" : text.ToString();
    }
}
