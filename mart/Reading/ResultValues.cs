using System.Collections;
using System.Data.Common;
using System.Globalization;
using System.Numerics;
using System.Reflection;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using DiSu.Analytics.Mart.Export;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace DiSu.Analytics.Mart.Reading;

/// <summary>
/// The one value format of query results, wherever they go (the API, <c>disu query</c>, the shell,
/// <c>disu export</c>): <see cref="Convert"/> turns a DuckDB value into a canonical value, which
/// <see cref="Text"/> spells for CSV and text cells and System.Text.Json writes as JSON.
/// Canonical values are types a JSON serialiser writes without options:
/// integers and booleans as they are; DOUBLE/FLOAT as numbers, but NaN and ±Infinity (which JSON
/// has no number for) as the strings "NaN", "Infinity", "-Infinity"; DECIMAL as decimal; HUGEINT
/// and UHUGEINT as decimal when they fit (±7.9e28), else as their digits in a string; DATE, TIME,
/// TIMESTAMP as ISO 8601 strings (2024-01-02, 2024-01-02T03:04:05, fractions of a second only when
/// there are some; TIMESTAMP WITH TIME ZONE in UTC, ending in Z); INTERVAL as an
/// ISO 8601 duration (P1Y2M3DT4H5M6.5S); UUID as a string; BLOB as bytes (base64 in JSON); lists
/// and arrays as object arrays; STRUCT and MAP as string-keyed dictionaries. A value .NET cannot
/// hold (infinite dates, a DECIMAL beyond 28 digits, UNION, NULL inside a nested list) refuses the
/// query with advice to cast that column to VARCHAR.
/// </summary>
public static class ResultValues
{
    private static readonly MethodInfo GetFieldValue = typeof(DuckDBDataReader).GetMethod(nameof(DuckDBDataReader.GetFieldValue))!;

    /// <summary>How to read column <paramref name="ordinal"/> of <paramref name="reader"/> into a JSON-friendly value.</summary>
    public static Func<DbDataReader, int, object?> ReaderFor(DbDataReader reader, int ordinal)
    {
        if (reader is not DuckDBDataReader) return (r, i) => Convert(r.GetValue(i));
        switch (reader.GetDataTypeName(ordinal))
        {
            case "Interval":
                return (r, i) => Convert(r.GetFieldValue<DuckDBInterval>(i));
            case "TimestampTz":
                // DuckDB.NET gives the UTC instant with DateTimeKind.Unspecified.
                return (r, i) => r.GetDateTime(i).ToString(Timestamp + "'Z'", CultureInfo.InvariantCulture);
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
        TimeOnly t => t.ToString("HH:mm:ss.FFFFFF", CultureInfo.InvariantCulture),
        DateTime t => t.ToString(Timestamp, CultureInfo.InvariantCulture),
        DateTimeOffset t => t.UtcDateTime.ToString(Timestamp + "'Z'", CultureInfo.InvariantCulture),
        TimeSpan t => Duration(0, 0, t.Ticks / TimeSpan.TicksPerMicrosecond),
        // DuckDB keeps micros as a signed 64-bit number; DuckDB.NET hands the bits over unsigned.
        DuckDBInterval i => Duration(i.Months, i.Days, unchecked((long)i.Micros)),
        Stream s => Bytes(s),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => System.Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => Convert(map[k]), StringComparer.Ordinal),
        IEnumerable list => list.Cast<object?>().Select(Convert).ToArray(),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };

    /// <summary>JSON as the CLI writes canonical values: Vietnamese letters as themselves, not \u escapes.</summary>
    public static JsonSerializerOptions Json { get; } = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// A canonical value as CSV and text cells spell it: empty for NULL, numbers at full round-trip
    /// precision (<see cref="InvariantNumber"/>), true/false, bytes in base64 and lists and structs
    /// as their JSON — so that the CSV of a result reads back to the values its JSON holds.
    /// </summary>
    public static string Text(object? canonical) => canonical switch
    {
        null => "",
        string s => s,
        bool b => b ? "true" : "false",
        byte[] bytes => System.Convert.ToBase64String(bytes),
        _ when InvariantNumber.Text(canonical) is { } number => number,
        IEnumerable => JsonSerializer.Serialize(canonical, Json),
        _ => System.Convert.ToString(canonical, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>Whether DuckDB's type name (as <see cref="Sandbox.QueryColumn.Type"/> holds it) is a number, whose canonical text (NaN, -Infinity) is never a spreadsheet formula.</summary>
    public static bool IsNumberType(string duckType)
    {
        var type = duckType.ToUpperInvariant();
        return type is "TINYINT" or "SMALLINT" or "INTEGER" or "BIGINT" or "HUGEINT" or "UTINYINT" or "USMALLINT" or "UINTEGER" or "UBIGINT" or "UHUGEINT"
            or "FLOAT" or "REAL" or "DOUBLE" or "INT8" or "INT16" or "INT32" or "INT64" or "INT128" or "UINT8" or "UINT16" or "UINT32" or "UINT64" or "UINT128"
            // DuckDB.NET's own names, when a reader gives the type rather than DESCRIBE.
            or "UNSIGNEDTINYINT" or "UNSIGNEDSMALLINT" or "UNSIGNEDINTEGER" or "UNSIGNEDBIGINT" or "UNSIGNEDHUGEINT"
            || type.StartsWith("DECIMAL", StringComparison.Ordinal);
    }

    // Fractions of a second only when there are some: 2024-01-02T03:04:05, as System.Text.Json writes a DateTime.
    private const string Timestamp = "yyyy-MM-dd'T'HH:mm:ss.FFFFFF";

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
