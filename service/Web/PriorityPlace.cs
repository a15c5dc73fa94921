using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Api;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>Why a priority page shows no numbers: the status, the sentence a person reads, and the wards to choose from.</summary>
public sealed record PageRefusal(int Status, string Text)
{
    public IReadOnlyList<(string Code, string? Name)> Choices { get; init; } = [];
}

/// <summary>
/// The ward and review round a priority page is about, from its address (<c>?ward=</c>,
/// <c>?review_year=</c>), under the API's rules: a person of one ward asking for another gets 403
/// whatever the spelling and never its numbers; an unknown ward or a round not loaded is 404; a year
/// that is not a year is 400. Without a round, the ward's latest.
/// </summary>
public sealed record PriorityPlace(Ward Ward, ReviewYear Round, IReadOnlyList<int> Rounds)
{
    public const string WardParameter = "ward";
    public const string YearParameter = "review_year";

    /// <summary>The refusal before the mart is read: another ward, or a malformed year.</summary>
    public static PageRefusal? Check(Caller caller, IQueryCollection query, out string? ward, out ReviewYear? year)
    {
        year = null;
        var (asked, refusal) = ApiAccess.WardFor(caller, Single(query, WardParameter, out var twice));
        ward = asked;
        if (refusal is not null || twice)
            return refusal is not null
                ? new PageRefusal(StatusCodes.Status403Forbidden, $"Tài khoản của bạn chỉ dùng cho phường, xã {caller.Ward}; không xem được phường, xã khác.")
                : new PageRefusal(StatusCodes.Status400BadRequest, "Địa chỉ có hai mã phường, xã; hãy chọn một phường, xã.");
        var text = Single(query, YearParameter, out twice);
        if (twice)
            return new PageRefusal(StatusCodes.Status400BadRequest, "Địa chỉ có hai năm rà soát; hãy chọn một năm.");
        if (string.IsNullOrWhiteSpace(text)) return null;
        if (int.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value is >= ApiQuery.MinYear and <= ApiQuery.MaxYear)
        {
            year = value;
            return null;
        }
        return new PageRefusal(StatusCodes.Status400BadRequest,
            $"Năm rà soát phải là một năm từ {ApiQuery.MinYear} đến {ApiQuery.MaxYear}, ví dụ {YearParameter}=2024; '{Shorten(text)}' không phải là năm.");
    }

    /// <summary>The place in the mart, or why not (an unknown ward, a round not loaded, or the wards to choose from).</summary>
    public static (PriorityPlace? Place, PageRefusal? Refusal) Find(DuckDBConnection c, Caller caller, string? ward, ReviewYear? year)
    {
        var loaded = Wards.Loaded(c);
        string? code;
        if (ward is null)
        {
            if (loaded.Count != 1)
                return (null, new PageRefusal(loaded.Count == 0 ? StatusCodes.Status404NotFound : StatusCodes.Status200OK,
                    loaded.Count == 0 ? "Kho dữ liệu chưa có phường, xã nào: cần nạp kết quả rà soát trước." : "")
                    { Choices = Choices(c, loaded) });
            code = loaded[0];
        }
        else if ((code = Wards.Find(loaded, ward)) is null)
        {
            return (null, new PageRefusal(StatusCodes.Status404NotFound, caller.Ward is { } own
                ? $"Phường, xã {own} chưa có dữ liệu trong kho: cần nạp các tệp rà soát của đơn vị trước."
                : "Không có phường, xã này trong kho dữ liệu; hãy chọn một phường, xã trong danh sách.")
                { Choices = caller.Ward is null ? Choices(c, loaded) : [] });
        }
        var rounds = ReportYears.Read(c, code).ReviewYears;
        if (rounds.Count == 0)
            return (null, new PageRefusal(StatusCodes.Status404NotFound, $"Phường, xã {code} chưa có vòng rà soát nào được nạp."));
        var round = year ?? new ReviewYear(rounds[^1]);
        if (!rounds.Contains(round.Value))
            return (null, new PageRefusal(StatusCodes.Status404NotFound,
                $"Phường, xã {code} không có số liệu rà soát năm {round}: đã nạp {ReportYears.YearList(rounds)}."));
        return (new PriorityPlace(Ward.Resolve(c, code, round), round, rounds), null);
    }

    /// <summary>The query string that keeps this place (ward and round) on a link.</summary>
    public string Query(bool withWard) =>
        (withWard ? $"{WardParameter}={Uri.EscapeDataString(Ward.Code)}&" : "") + $"{YearParameter}={Round}";

    /// <summary>A parameter given once (or not at all); <paramref name="twice"/> when the address repeats it.</summary>
    public static string? Single(IQueryCollection query, string name, out bool twice)
    {
        var values = query[name];
        twice = values.Count > 1;
        return values.Count == 1 ? values[0] : null;
    }

    private static IReadOnlyList<(string, string?)> Choices(DuckDBConnection c, IReadOnlyList<string> loaded) =>
        loaded.Select(w => (w, ReportYears.Read(c, w).WardName)).ToList();

    public static string Shorten(string text) => text.Length <= 20 ? text : text[..20] + "…";
}
