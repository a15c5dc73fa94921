using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Api;
using DuckDB.NET.Data;
using Microsoft.AspNetCore.Http;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The ward a page shows, by the API's rule (<see cref="ApiAccess.WardFor"/>): a person of one ward
/// asking for another gets 403 whether it exists or not, and never its numbers; a person of every
/// ward chooses one when the mart holds several. <see cref="Code"/> is set only when the page may show it.
/// </summary>
public sealed record WebWard
{
    public string? Code { get; init; }

    public IReadOnlyList<(string Code, string? Name)> Choices { get; init; } = [];

    public int Status { get; init; } = StatusCodes.Status200OK;

    public string? Problem { get; init; }

    /// <summary>The refusal before any read of the mart, or null when the person may ask for <paramref name="asked"/>.</summary>
    public static WebWard? Refused(Caller caller, string? asked) =>
        ApiAccess.WardFor(caller, asked).Refusal is null
            ? null
            : new WebWard
            {
                Status = StatusCodes.Status403Forbidden,
                Problem = $"Tài khoản của bạn chỉ dùng cho phường, xã {caller.Ward}; không xem được phường, xã khác.",
            };

    /// <summary>The ward to show, once <see cref="Refused"/> said the person may ask.</summary>
    public static WebWard Resolve(DuckDBConnection c, Caller caller, string? asked)
    {
        var ward = ApiAccess.WardFor(caller, asked).Ward;
        var loaded = Wards.Loaded(c);
        if (ward is null)
        {
            if (loaded.Count == 1) return new WebWard { Code = loaded[0] };
            return new WebWard
            {
                Choices = Named(c, loaded),
                Problem = loaded.Count == 0 ? "Kho dữ liệu chưa có phường, xã nào: cần nạp kết quả rà soát trước." : null,
            };
        }
        if (Wards.Find(loaded, ward) is { } code) return new WebWard { Code = code };
        return new WebWard
        {
            Status = StatusCodes.Status404NotFound,
            Problem = caller.Ward is { } own
                ? $"Phường, xã {own} chưa có dữ liệu trong kho: cần nạp các tệp rà soát của đơn vị trước."
                : "Không có phường, xã này trong kho dữ liệu; hãy chọn một phường, xã trong danh sách.",
            Choices = caller.Ward is null ? Named(c, loaded) : [],
        };
    }

    private static List<(string, string?)> Named(DuckDBConnection c, IReadOnlyList<string> wards) =>
        wards.Select(w => (w, ReportYears.Read(c, w).WardName)).ToList();
}
