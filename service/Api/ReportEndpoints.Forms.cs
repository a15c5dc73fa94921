using System.ComponentModel;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forms;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// <c>GET /api/reports/forms</c>: the review's yearly summaries (the official forms) of a ward or,
/// for a caller not restricted to one ward, of a province. A literal route, so it wins over
/// <c>/api/reports/{kind}</c>.
/// </summary>
public static partial class ReportEndpoints
{
    public const string FormsEndpoint = "GET /api/reports/forms";

    private static void MapFormsEndpoint(this IEndpointRouteBuilder app) =>
        app.MapGroup("/api").RequireRole(Role.Leader).WithMartErrors().WithTags("Reports")
            .MapGet("/reports/forms", Forms).WithName("GetForms")
            .WithSummary("The review's yearly summaries of poor and near-poor households (the official forms) of a ward or a province, as PDF, XLSX or CSV")
            .WithDescription("year (required): the review year, a round loaded for the unit with a round before it. " +
                             "ward: the ward's form (rows are its residential groups); required unless the key has one. " +
                             "province: the province's form (rows are its wards), only for a key not restricted to one ward; not with ward. " +
                             "format: pdf (default), xlsx, or csv (a zip of one CSV per table plus the provenance). Role: leader or higher.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), PdfType, XlsxType, ZipType)
            .ProducesProblems(400, 401, 403, 404, 503);

    /// <summary>Every answer is audited with the person or key: the file name and size, or the refusal's status.</summary>
    private static IResult Forms(HttpContext http, MartGate gate, TimeProvider clock, Audit audit,
        [Description("The review year (also as review_year).")] string? year,
        [Description("The review year; the same as year.")] [FromQuery(Name = "review_year")] string? reviewYear,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward,
        [Description("Province code, for the province's form (not with ward).")] string? province,
        [Description("pdf (default), xlsx or csv (a zip).")] string? format)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        IResult result;
        try
        {
            result = RespondForms(http, gate, clock, year, reviewYear, ward, province, format);
        }
        catch (MartBusyException)
        {
            audit.Document(Caller.From(http.User), FormsEndpoint, "busy", StatusCodes.Status503ServiceUnavailable,
                System.Diagnostics.Stopwatch.GetElapsedTime(started), null, 0);
            throw;
        }
        var (status, file, bytes) = result switch
        {
            FileContentHttpResult f => (StatusCodes.Status200OK, f.FileDownloadName, f.FileContents.Length),
            IStatusCodeHttpResult s => (s.StatusCode ?? StatusCodes.Status200OK, null, 0),
            _ => (StatusCodes.Status200OK, null, 0),
        };
        audit.Document(Caller.From(http.User), FormsEndpoint, status == StatusCodes.Status200OK ? "ok" : "refused", status,
            System.Diagnostics.Stopwatch.GetElapsedTime(started), file, bytes);
        return result;
    }

    private static IResult RespondForms(HttpContext http, MartGate gate, TimeProvider clock, string? year, string? reviewYear, string? ward, string? province, string? format)
    {
        ReportFormat output;
        try
        {
            output = ReportFiles.ParseFormat(string.IsNullOrWhiteSpace(format) ? "pdf" : format);
        }
        catch (ArgumentException)
        {
            return ApiResults.BadRequest($"Không có định dạng báo cáo '{Short(format!)}': dùng pdf, xlsx hoặc csv.", $"Unknown report format '{Short(format!)}': use pdf, xlsx or csv.");
        }
        if (!ApiQuery.TryYear(year, reviewYear, "review_year", out var y, out var bad)) return bad!;
        if (y is not { } reviewed)
            return ApiResults.BadRequest($"Biểu tổng hợp là của một năm rà soát: hãy thêm ?year=N (ví dụ year=2024).",
                                         $"The forms are for a review year: add ?year=N (e.g. year=2024).");
        var caller = Caller.From(http.User);
        var askedProvince = string.IsNullOrWhiteSpace(province) ? null : province.Trim();
        if (askedProvince is not null && !string.IsNullOrWhiteSpace(ward))
            return ApiResults.BadRequest($"Chỉ cho một trong hai: ward=… (biểu cấp xã) hoặc province=… (biểu cấp tỉnh).",
                                         $"Give one of the two: ward=… (a ward's form) or province=… (a province's form).");
        string? askedWard = null;
        if (askedProvince is not null)
        {
            // A province's form shows every ward of it: not for a key or person of one ward.
            if (caller.Ward is { } own)
                return ApiResults.Forbidden($"Khóa này chỉ dùng cho phường, xã {own}; biểu cấp tỉnh gồm mọi phường, xã của tỉnh. Bỏ tham số 'province' để lấy biểu của phường, xã {own}.",
                                            $"This key is restricted to ward {own}; a province's form shows every ward of the province. Leave out 'province' for ward {own}'s form.");
        }
        else
        {
            var (asked, refusal) = ApiAccess.WardFor(caller, ward);
            if (refusal is not null) return refusal;
            askedWard = asked;
        }
        if (!Typesetters.Wait(TypesetterPatience, http.RequestAborted))
            return ApiResults.Busy(new MartBusyException(DiSu.Analytics.Mart.Text.Message.Of(
                $"{TypesetterCount} báo cáo đang được lập; hãy thử lại sau 5 giây.", $"{TypesetterCount} reports are being made right now; retry in 5 s."), TimeSpan.FromSeconds(5)));
        try
        {
            var (report, problem) = gate.Read<(IReport? Report, IResult? Problem)>(c =>
            {
                string? code = null;
                if (askedProvince is null)
                {
                    if (askedWard is null)
                        return (null, ApiResults.BadRequest($"Biểu tổng hợp tính theo phường, xã hoặc tỉnh: hãy thêm ?ward=MÃ hoặc ?province=MÃ (các phường, xã đã nạp: {string.Join(", ", ApiQuery.Wards(c).Take(10))}).",
                                                            $"The forms are per ward or province: add ?ward=CODE or ?province=CODE (wards loaded: {string.Join(", ", ApiQuery.Wards(c).Take(10))})."));
                    code = ApiQuery.KnownWard(c, askedWard, caller, out var unknown);
                    if (code is null) return (null, unknown);
                }
                try
                {
                    var model = FormUnits.Read(c, code, askedProvince, new ReviewYear(reviewed), (w, n) => $"/api/reports/forms?ward={w}&year={n}");
                    return (FormsReport.Build(c, clock, model), null);
                }
                catch (ReportException e)
                {
                    return (null, ApiResults.NotFound(e.Text));
                }
            }, http.RequestAborted);
            return problem ?? Send(report!, output);
        }
        finally
        {
            Typesetters.Release();
        }
    }

    private static string Short(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
