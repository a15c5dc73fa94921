using DiSu.Analytics.Mart;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>A ward as named in a given review year (names change; documents use that year's).</summary>
public sealed record Ward(string Code, string Name, string ProvinceCode, string ProvinceName)
{
    /// <summary>"phường Dị Sử": the name inside a sentence (the unit type in lower case, the proper name as is).</summary>
    public string NameInSentence => Name.Length == 0 ? Name : char.ToLower(Name[0], VietnameseNumbers.Culture) + Name[1..];

    /// <summary>"UBND PHƯỜNG DỊ SỬ": the issuing unit, as the letterhead and the PDF author give it.</summary>
    public string IssuingUnit => "UBND " + Name.ToUpper(VietnameseNumbers.Culture);

    /// <summary>
    /// The ward named by <paramref name="code"/>, or the only ward in the mart when no code is
    /// given, as named in the latest loaded year up to <paramref name="year"/> (or its first year).
    /// </summary>
    public static Ward Resolve(DuckDBConnection connection, string? code, int year)
    {
        var wards = connection.Rows("SELECT DISTINCT ward_code FROM geo_year WHERE is_current ORDER BY 1").Select(r => (string)r[0]!).ToList();
        if (wards.Count == 0)
            throw new ReportException("The mart holds no ward yet: load review snapshots first (disu etl load).");
        if (code is null)
        {
            if (wards.Count > 1)
                throw new ReportException($"The mart holds {wards.Count} wards; name one with --ward ({string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}).");
            code = wards[0];
        }
        var rows = connection.Rows("""
            SELECT ward_code, ward_name, province_code, province_name FROM geo_year
            WHERE is_current AND ward_code = ?
            ORDER BY (review_year <= ?) DESC, CASE WHEN review_year <= ? THEN -review_year ELSE review_year END
            LIMIT 1
            """, code, year, year);
        if (rows.Count == 0)
            throw new ReportException($"Ward '{code}' is not in the mart; wards loaded: {string.Join(", ", wards.Take(10))}{(wards.Count > 10 ? ", …" : "")}.");
        return new Ward((string)rows[0][0]!, (string)rows[0][1]!, (string)rows[0][2]!, (string)rows[0][3]!);
    }

    /// <summary>Every ward with a current snapshot, for batch runs.</summary>
    public static IReadOnlyList<string> All(DuckDBConnection connection) =>
        connection.Rows("SELECT DISTINCT ward_code FROM geo_year WHERE is_current ORDER BY 1").Select(r => (string)r[0]!).ToList();
}

/// <summary>A report cannot be made from what the mart holds; the message says what to do.</summary>
public sealed class ReportException(string message) : Exception(message);
