using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// Which unit a form is for, as the command line and the API name it: a ward (its code, resolved
/// as everywhere, <see cref="Ward.Resolve(DuckDBConnection, string?, ReviewYear)"/>) or a province
/// (its code, matched without regard to case or surrounding spaces, as ward codes are).
/// </summary>
public static class FormUnits
{
    /// <summary>The provinces with a current snapshot, code and name, in code order.</summary>
    public static IReadOnlyList<(string Code, string Name)> Provinces(DuckDBConnection connection) =>
        connection.Read<ProvinceRow>("""
            SELECT province_code, arg_max(province_name, review_year) AS province_name
            FROM geo_year WHERE is_current GROUP BY province_code ORDER BY province_code
            """).Select(p => (p.ProvinceCode, p.ProvinceName)).ToList();

    /// <summary>The mart's spelling of province <paramref name="asked"/>; null when there is no such province.</summary>
    public static string? FindProvince(DuckDBConnection connection, string? asked) =>
        Wards.Find(Provinces(connection).Select(p => p.Code).ToList(), asked);

    /// <summary>The mart's spelling of province <paramref name="asked"/>, or a <see cref="ReportException"/> listing the provinces there are.</summary>
    public static string RequireProvince(DuckDBConnection connection, string asked)
    {
        if (FindProvince(connection, asked) is { } code) return code;
        var list = string.Join(", ", Provinces(connection).Take(10).Select(p => $"{p.Code} ({p.Name})"));
        if (list.Length == 0) list = "chưa có";
        var shown = asked.Length > 40 ? asked[..40] + "…" : asked;
        throw new ReportException(
            $"Không có tỉnh '{shown}' trong kho dữ liệu; các mã tỉnh đã nạp: {list}.",
            $"Province '{shown}' is not in the mart; provinces loaded: {list}.");
    }

    /// <summary>
    /// The forms of ward <paramref name="ward"/> (or the only ward, when neither is given) or of
    /// province <paramref name="province"/>, for review year <paramref name="year"/>: codes resolved
    /// without regard to case, the year checked against the ward's rounds (<paramref name="instead"/>
    /// spells the request for another year, for the message that names the years there are).
    /// </summary>
    public static FormsModel Read(DuckDBConnection connection, string? ward, string? province, ReviewYear year, Func<string, int, string> instead)
    {
        if (province is not null)
            return FormsModel.Read(connection, FormLevel.Province, RequireProvince(connection, province), year);
        var resolved = Ward.Resolve(connection, ward, year);
        YearGuard.RequireReviewYear(connection, resolved.Code, year, n => instead(resolved.Code, n));
        return FormsModel.Read(connection, FormLevel.Ward, resolved.Code, year);
    }

    private sealed record ProvinceRow
    {
        public required string ProvinceCode { get; init; }
        public required string ProvinceName { get; init; }
    }
}
