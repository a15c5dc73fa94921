using DiSu.Analytics.Mart;
using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Api;

/// <summary>Query parameters as the read and report endpoints take them, and view rows as JSON objects.</summary>
public static class ApiQuery
{
    public const int MinYear = 2000;
    public const int MaxYear = 2100;

    /// <summary>
    /// An optional year parameter. Taken as text so that "abc" or 20245 gets a 400 that says what a
    /// year must be, instead of the framework's generic binding failure.
    /// </summary>
    public static bool TryYear(string? text, string name, out int? year, out IResult? problem)
    {
        year = null;
        problem = null;
        if (string.IsNullOrWhiteSpace(text)) return true;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= MinYear and <= MaxYear)
        {
            year = value;
            return true;
        }
        problem = ApiResults.BadRequest($"'{name}' phải là một năm từ {MinYear} đến {MaxYear}, ví dụ {name}=2024; '{Shorten(text)}' không phải.",
                                        $"'{name}' must be a year between {MinYear} and {MaxYear}, e.g. {name}=2024; '{Shorten(text)}' is not.");
        return false;
    }

    /// <summary>
    /// The <c>geography</c> parameter: <c>as_is</c> (the default, when it is not given) or <c>as_was</c>.
    /// Given but empty, or anything else, is a 400 that says what it may be.
    /// </summary>
    public static bool TryGeography(HttpContext http, out Geography geography, out IResult? problem)
    {
        ArgumentNullException.ThrowIfNull(http);
        geography = Geography.AsIs;
        problem = null;
        if (!http.Request.Query.TryGetValue("geography", out var values)) return true;
        if (values.Count == 1 && GeographyViews.Parse(values[0]) is { } parsed)
        {
            geography = parsed;
            return true;
        }
        var text = Shorten(string.Join(",", values.ToArray()));
        problem = ApiResults.BadRequest(
            $"'geography' phải là as_is (đơn vị hành chính hiện nay, mặc định) hoặc as_was (đơn vị tại thời điểm rà soát); '{text}' không phải.",
            $"'geography' must be as_is (today's units, the default) or as_was (units as they were); '{text}' is not.");
        return false;
    }

    /// <summary>
    /// A year given by the name that says which year it is (<c>review_year</c>, <c>plan_year</c>) or
    /// by the older <c>year</c>; both are accepted, and both at once only when they agree.
    /// </summary>
    public static bool TryYear(string? year, string? named, string name, out int? value, out IResult? problem)
    {
        if (!string.IsNullOrWhiteSpace(named) && !string.IsNullOrWhiteSpace(year) && named.Trim() != year.Trim())
        {
            value = null;
            problem = ApiResults.BadRequest($"'{name}' và 'year' cho hai năm khác nhau ({Shorten(named)}, {Shorten(year)}); hãy cho một năm, tốt nhất là {name}=….",
                                            $"'{name}' and 'year' give two different years ({Shorten(named)}, {Shorten(year)}); give one, preferably {name}=….");
            return false;
        }
        return string.IsNullOrWhiteSpace(named) ? TryYear(year, "year", out value, out problem) : TryYear(named, name, out value, out problem);
    }

    /// <summary>A plan year, by <c>plan_year</c> or the older <c>year</c> (see <see cref="TryYear(string?, string?, string, out int?, out IResult?)"/>).</summary>
    public static bool TryPlanYear(string? year, string? planYear, out PlanYear? value, out IResult? problem)
    {
        var ok = TryYear(year, planYear, "plan_year", out var number, out problem);
        value = number is { } n ? new PlanYear(n) : null;
        return ok;
    }

    /// <summary>A review year, by <c>review_year</c> or the older <c>year</c>.</summary>
    public static bool TryReviewYear(string? year, string? reviewYear, out ReviewYear? value, out IResult? problem)
    {
        var ok = TryYear(year, reviewYear, "review_year", out var number, out problem);
        value = number is { } n ? new ReviewYear(n) : null;
        return ok;
    }

    /// <summary>The wards the mart holds (a current snapshot in some year), in code order.</summary>
    public static IReadOnlyList<string> Wards(DuckDBConnection connection) =>
        Mart.Wards.Loaded(connection);

    /// <summary>
    /// The mart's spelling of <paramref name="asked"/> (codes are matched without regard to case), or null with a 404.
    /// The 404 lists the wards loaded only to a key that may see them all: a key of one ward whose
    /// data is not loaded yet learns nothing of the others (not even that there are any).
    /// </summary>
    public static string? KnownWard(DuckDBConnection connection, string asked, Caller caller, out IResult? problem)
    {
        var wards = Wards(connection);
        var code = Mart.Wards.Find(wards, asked);
        problem = code is not null ? null
            : caller.Ward is { } own ? ApiResults.NotFound(
                $"Phường, xã {own} chưa có dữ liệu trong kho: cần nạp các tệp rà soát của đơn vị trước " +
                $"(cán bộ tải lên bằng POST /api/files). Nếu mã phường, xã của khóa này sai, hãy hỏi quản trị viên.",
                $"Ward {own} has no data in the mart yet: its review files must be loaded first " +
                $"(an officer uploads them with POST /api/files). If this key's ward code is wrong, ask the administrator.")
            : ApiResults.NotFound(
                $"Không có phường, xã '{Shorten(asked)}' trong kho dữ liệu; các mã đã nạp: {List(wards, "chưa có")}. GET /api/wards liệt kê chúng.",
                $"Ward '{Shorten(asked)}' is not in the mart; wards loaded: {List(wards)}. GET /api/wards lists them.");
        return code;
    }

    /// <summary>The 400 for an endpoint that needs one ward and was given none by the request or the key.</summary>
    public static IResult WardRequired(DuckDBConnection connection, Message what)
    {
        var wards = Wards(connection);
        return ApiResults.BadRequest($"{what.Vi} tính theo từng phường, xã: hãy thêm ?ward=MÃ (các mã đã nạp: {List(wards, "chưa có")}).",
                                     $"{what.En} is per ward: add ?ward=CODE (wards loaded: {List(wards)}).");
    }

    /// <summary>Runs our own parameterised SQL and returns each row as column → value, in column order, in the one value format (<see cref="ResultValues"/>).</summary>
    public static IReadOnlyList<Dictionary<string, object?>> Rows(DuckDBConnection connection, string sql, IEnumerable<object?> parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(DuckDBConnectionExtensions.Parameter(p));
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var readers = Enumerable.Range(0, reader.FieldCount).Select(i => ResultValues.ReaderFor(reader, i)).ToArray();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
        {
            var row = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
                row[names[i]] = reader.IsDBNull(i) ? null : readers[i](reader, i);
            rows.Add(row);
        }
        return rows;
    }

    private static string List(IReadOnlyList<string> items, string none = "none") =>
        items.Count == 0 ? none : string.Join(", ", items.Take(20)) + (items.Count > 20 ? ", …" : "");

    // A parameter echoed in a message stays short: the message is for a person, not a mirror.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
