using System.ComponentModel;
using System.IO.Compression;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// A ward's report built on demand: the same documents the outbox gets, for any year. The files
/// are written into a private temp folder, sent, and the folder is deleted.
/// </summary>
public static partial class ReportEndpoints
{
    public const string PdfType = "application/pdf";
    public const string XlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string ZipType = "application/zip";

    public static IEndpointRouteBuilder MapReportEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").RequireRole(Role.Leader).WithMartErrors().WithTags("Reports")
            .MapGet("/reports/{kind}", Report).WithName("GetReport")
            .WithSummary("A ward's appendix, trend or briefing as PDF, XLSX or CSV, built from the mart now")
            .WithDescription("kind: appendix | trend | briefing. year (required): the plan year for the appendix and the briefing, at most the ward's latest review year + 1; " +
                             "the last year for the trend, a review year loaded for the ward; otherwise 400 with the rule and the years allowed. " +
                             "from: the trend's first year (default: the ward's first round). " +
                             "ward: required unless the key has one. format: pdf (default), xlsx, or csv (a zip of one CSV per table plus the provenance). " +
                             "geography: as_is (default: history restated into today's units; the provenance names the unit changes) or as_was (units as they were); " +
                             "a ward that is not one of today's units is read as_was and the document says so; anything else is 400. " +
                             "Role: leader or higher.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), PdfType, XlsxType, ZipType)
            .ProducesProblems(400, 401, 403, 404, 503);
        app.MapFormsEndpoint();
        return app;
    }

    /// <summary>Every answer is audited with the person or key: the document's file name and size, or the refusal's status.</summary>
    private static IResult Report(HttpContext http, MartGate gate, TimeProvider clock, Audit audit,
        [Description("appendix, trend or briefing.")] string kind,
        [Description("The plan year of the appendix and the briefing (at most the latest review year + 1).")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The last review year of the trend.")] [FromQuery(Name = "review_year")] string? reviewYear,
        [Description("The older name of either: the plan year (appendix, briefing) or the last review year (trend). One of the three is required.")] string? year,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward,
        [Description("pdf (default), xlsx or csv (a zip).")] string? format,
        [Description("Trend only: the first year (default: the ward's first round).")] [FromQuery(Name = "from")] string? fromYear,
        [Description("as_is (default: today's units) or as_was (units as they were).")] string? geography)
    {
        _ = geography;
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        // The kind as parsed, never as sent: the route value is the caller's text.
        var endpoint = "GET /api/reports/" + (ReportKinds.Parse(kind)?.Name() ?? "?");
        IResult result;
        try
        {
            result = Respond(http, gate, clock, kind, planYear, reviewYear, year, ward, format, fromYear);
        }
        catch (MartBusyException)
        {
            audit.Document(Caller.From(http.User), endpoint, "busy", StatusCodes.Status503ServiceUnavailable,
                System.Diagnostics.Stopwatch.GetElapsedTime(started), null, 0);
            throw;
        }
        var (status, file, bytes) = result switch
        {
            FileContentHttpResult f => (StatusCodes.Status200OK, f.FileDownloadName, f.FileContents.Length),
            IStatusCodeHttpResult s => (s.StatusCode ?? StatusCodes.Status200OK, null, 0),
            _ => (StatusCodes.Status200OK, null, 0),
        };
        audit.Document(Caller.From(http.User), endpoint, status == StatusCodes.Status200OK ? "ok" : "refused", status,
            System.Diagnostics.Stopwatch.GetElapsedTime(started), file, bytes);
        return result;
    }

    private static IResult Respond(HttpContext http, MartGate gate, TimeProvider clock,
        [Description("appendix, trend or briefing.")] string kind,
        [Description("The plan year of the appendix and the briefing (at most the latest review year + 1).")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The last review year of the trend.")] [FromQuery(Name = "review_year")] string? reviewYear,
        [Description("The older name of either: the plan year (appendix, briefing) or the last review year (trend). One of the three is required.")] string? year,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward,
        [Description("pdf (default), xlsx or csv (a zip).")] string? format,
        [Description("Trend only: the first year (default: the ward's first round).")] [FromQuery(Name = "from")] string? fromYear)
    {
        if (ReportKinds.Parse(kind) is not { } report)
            return ApiResults.NotFound($"Không có báo cáo '{kind}'; các báo cáo là {ReportKinds.Names} (GET /api/reports/{{kind}}).",
                                       $"There is no report '{kind}'; the reports are {ReportKinds.Names} (GET /api/reports/{{kind}}).");
        var name = report.Name();
        ReportFormat output;
        try
        {
            output = ReportFiles.ParseFormat(string.IsNullOrWhiteSpace(format) ? "pdf" : format);
        }
        catch (ArgumentException)
        {
            return ApiResults.BadRequest($"Không có định dạng báo cáo '{format}': dùng pdf, xlsx hoặc csv.", $"Unknown report format '{format}': use pdf, xlsx or csv.");
        }
        if ((report.TakesPlanYear() ? reviewYear : planYear) is { Length: > 0 })
            return ApiResults.BadRequest(report.TakesPlanYear()
                ? Message.Of($"{name} dành cho một năm kế hoạch: dùng plan_year=…, không phải review_year.", $"the {name} is for a plan year: use plan_year=…, not review_year.")
                : new Message("báo cáo diễn biến kết thúc ở một năm rà soát: dùng review_year=…, không phải plan_year.", "the trend ends at a review year: use review_year=…, not plan_year."));
        if (!ApiQuery.TryYear(year, report.TakesPlanYear() ? planYear : reviewYear, report.TakesPlanYear() ? "plan_year" : "review_year", out var y, out var bad)) return bad!;
        if (!ApiQuery.TryYear(fromYear, "from", out var from, out bad)) return bad!;
        if (!ApiQuery.TryGeography(http, out var units, out bad)) return bad!;
        if (from is not null && report != ReportKind.Trend)
            return ApiResults.BadRequest($"'from' chỉ dùng cho báo cáo diễn biến (trend); {name} chỉ gồm một năm kế hoạch.",
                                         $"'from' applies to the trend only; the {name} covers one plan year.");
        if (from is not null && y is not null && from > y)
            return ApiResults.BadRequest($"'from' ({from}) không được sau 'year' ({y}).", $"'from' ({from}) must not be after 'year' ({y}).");
        var (asked, refusal) = ApiAccess.WardFor(Caller.From(http.User), ward);
        if (refusal is not null) return refusal;
        // Typesetting takes a core for a fraction of a second: a burst of report requests must not starve the rest of the API.
        if (!Typesetters.Wait(TypesetterPatience, http.RequestAborted))
            return ApiResults.Busy(new MartBusyException(DiSu.Analytics.Mart.Text.Message.Of(
                $"{TypesetterCount} báo cáo đang được lập; hãy thử lại sau 5 giây.", $"{TypesetterCount} reports are being made right now; retry in 5 s."), TimeSpan.FromSeconds(5)));
        try
        {
            return Make(http, gate, clock, report, y, from, asked, output, units);
        }
        finally
        {
            Typesetters.Release();
        }
    }

    private const int TypesetterCount = 2;
    private static readonly SemaphoreSlim Typesetters = new(TypesetterCount);
    private static readonly TimeSpan TypesetterPatience = TimeSpan.FromSeconds(10);

    private static IResult Make(HttpContext http, MartGate gate, TimeProvider clock, ReportKind kind, int? y, int? from, string? asked, ReportFormat output, Geography geography)
    {
        var caller = Caller.From(http.User);
        var (report, problem) = gate.Read<(IReport? Report, IResult? Problem)>(c =>
        {
            if (asked is null) return (null, ApiQuery.WardRequired(c, new("Báo cáo", "A report")));
            var code = ApiQuery.KnownWard(c, asked, caller, out var unknown);
            if (code is null) return (null, unknown);
            // The appendix and the briefing are for a plan year (at most the latest round + 1, as the outbox writes them), the trend ends at a review year.
            // The years of the ward in the units read: as is, a merged ward's history is its predecessors'.
            var years = Reports.UnitReading.Resolve(c, code, geography).Years(c);
            Func<int, string> example = n => $"/api/reports/{kind.Name()}?ward={code}&year={n}";
            if ((kind.TakesPlanYear() ? ApiYears.Plan(years, y, example) : ApiYears.Review(years, y, example)) is { } wrongYear) return (null, wrongYear);
            try
            {
                return (ReportBatch.Build(c, clock, kind, code, y!.Value, from, geography), null);
            }
            catch (ReportException e)
            {
                return (null, ApiResults.NotFound(e.Text));
            }
        }, http.RequestAborted);
        if (problem is not null) return problem;

        return Send(report!, output);
    }

    /// <summary>The report as one file: PDF, XLSX, or the CSV files zipped. The model is immutable: typesetting happens after the mart is let go.</summary>
    private static IResult Send(IReport report, ReportFormat output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "disu-report-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = ReportFiles.Write(report, output, folder);
            return output switch
            {
                ReportFormat.Pdf => Results.File(File.ReadAllBytes(files[0]), PdfType, Path.GetFileName(files[0])),
                ReportFormat.Xlsx => Results.File(File.ReadAllBytes(files[0]), XlsxType, Path.GetFileName(files[0])),
                _ => Results.File(Zip(files), ZipType, report.FileStem + "-csv.zip"),
            };
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Left for the system's temp cleaning; the answer is already in memory.
            }
        }
    }

    private static byte[] Zip(IReadOnlyList<string> files)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in files)
                zip.CreateEntryFromFile(file, Path.GetFileName(file), CompressionLevel.Optimal);
        }
        return buffer.ToArray();
    }
}
