using System.Text.RegularExpressions;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web.Components;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The priority pages' tables as XLSX: the same model the page renders (<see cref="WebTable"/>), read
/// under the same rules, so a file holds the page's numbers. Each download is audited with the person.
/// </summary>
public static partial class PriorityExports
{
    public const string RankingPath = "/uu-tien.xlsx";
    public const string TableParameter = "bang";

    public static IEndpointRouteBuilder MapPriorityExports(this IEndpointRouteBuilder app)
    {
        app.MapGet(RankingPath, Ranking).RequireAuthorization(WebSections.PriorityPolicy).ExcludeFromDescription();
        app.MapGet("/uu-tien/{group}/xlsx", Group).RequireAuthorization(WebSections.PriorityPolicy).ExcludeFromDescription();
        return app;
    }

    private static IResult Ranking(HttpContext http, MartGate gate, PageCache cache, Audit audit)
    {
        var caller = Caller.From(http.User);
        var model = WardPriority.Read(gate, cache, caller, http.Request.Query, http.RequestAborted);
        if (model.Refusal is { Choices.Count: > 0, Status: StatusCodes.Status200OK })
            return Refused(http, audit, caller, "xep-hang", StatusCodes.Status400BadRequest, "Hãy chọn một phường, xã (?ward=MÃ) để tải bảng xếp hạng.");
        if (model.Refusal is { } refusal) return Refused(http, audit, caller, "xep-hang", refusal.Status, refusal.Text);
        if (model.Form?.Error is { } error) return Refused(http, audit, caller, "xep-hang", StatusCodes.Status400BadRequest, error);
        var table = model.Table();
        return Send(http, audit, caller, table, $"uu-tien-{Safe(model.Place!.Ward.Code)}-{model.Place.Round}.xlsx");
    }

    private static IResult Group(HttpContext http, MartGate gate, PageCache cache, Audit audit, string group)
    {
        var caller = Caller.From(http.User);
        var slug = PriorityPlace.Single(http.Request.Query, TableParameter, out _) ?? "";
        var model = GroupPriority.Read(gate, cache, caller, group, http.Request.Query, http.RequestAborted);
        if (model.Refusal is { Choices.Count: > 0, Status: StatusCodes.Status200OK })
            return Refused(http, audit, caller, "to", StatusCodes.Status400BadRequest, "Hãy chọn một phường, xã (?ward=MÃ) để tải bảng.");
        if (model.Refusal is { } refusal) return Refused(http, audit, caller, "to", refusal.Status, refusal.Text);
        // Only the tables the page shows this person: the household list is not among them for a role without household data.
        var table = model.Tables.FirstOrDefault(t => t.Slug == slug);
        if (table is null)
            return Refused(http, audit, caller, "to", StatusCodes.Status404NotFound,
                $"Trang của tổ không có bảng này; các bảng tải được: {string.Join(", ", model.Tables.Select(t => t.Slug))}.");
        return Send(http, audit, caller, table, $"uu-tien-{Safe(model.Place!.Ward.Code)}-{Safe(group)}-{table.Slug}-{model.Place.Round}.xlsx");
    }

    private static IResult Send(HttpContext http, Audit audit, Caller caller, WebTable table, string name)
    {
        using var buffer = new MemoryStream();
        table.WriteXlsx(buffer);
        audit.Download(caller, "GET " + http.Request.Path, "sent", StatusCodes.Status200OK, name, table.Rows.Count);
        return Results.File(buffer.ToArray(), ReportEndpoints.XlsxType, name);
    }

    private static RazorComponentResult<StatusPage> Refused(HttpContext http, Audit audit, Caller caller, string table, int status, string text)
    {
        audit.Download(caller, "GET " + http.Request.Path, "refused", status, table, 0);
        return new RazorComponentResult<StatusPage>(new Dictionary<string, object?>
        {
            [nameof(StatusPage.Code)] = status,
            [nameof(StatusPage.Heading)] = status == StatusCodes.Status403Forbidden ? "Không được phép" : "Không tải được bảng",
            [nameof(StatusPage.Text)] = text,
            [nameof(StatusPage.Back)] = WebSections.Priority.Path,
            [nameof(StatusPage.BackText)] = "Về trang Tổ dân phố ưu tiên",
        })
        { StatusCode = status };
    }

    /// <summary>A code as part of a file name: letters, digits, '-' and '_' only.</summary>
    private static string Safe(string code) => Unsafe().Replace(code, "_");

    [GeneratedRegex("[^A-Za-z0-9_-]")]
    private static partial Regex Unsafe();
}
