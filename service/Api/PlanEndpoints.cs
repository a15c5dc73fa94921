using System.ComponentModel;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Commands;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// A ward's plan: its groups' whole-household targets (v_group_plan, leader) and the annex that
/// names the households behind each planned escape (household-level, planner or higher).
/// </summary>
public static class PlanEndpoints
{
    public static IEndpointRouteBuilder MapPlanEndpoints(this IEndpointRouteBuilder app)
    {
        var plans = app.MapGroup("/api").WithMartErrors().WithTags("Plan");
        plans.MapGet("/plan", Plan).RequireRole(Role.Leader).WithName("GetPlan")
            .WithSummary("The ward's current plan for a year in whole households per residential group and the ward row (v_group_plan)")
            .WithDescription("year: the plan year (required). ward: required unless the key has one. Role: leader or higher.")
            .Produces<RowsResponse>()
            .ProducesProblems(400, 401, 403, 404, 503);
        plans.MapGet("/plan/annex", Annex).RequireRole(Role.Leader).WithName("GetPlanAnnex")
            .WithSummary("The plan's annex: every poor household of the base round, ranked, the planned escapes marked, with the reason (household-level)")
            .WithDescription("year: the plan year (required). ward: required unless the key has one. format: xlsx (default), csv (a zip) or pdf. " +
                             "Household-level data: the role planner or higher; a leader's key gets 403.")
            .Produces(StatusCodes.Status200OK, typeof(Stream), ReportEndpoints.XlsxType, ReportEndpoints.ZipType, ReportEndpoints.PdfType)
            .ProducesProblems(400, 401, 403, 404, 503);
        return app;
    }

    private static IResult Plan(HttpContext http, MartGate gate,
        [Description("The plan year, e.g. 2024 (required).")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The same as plan_year (the older name).")] string? year,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward)
    {
        if (Refused(http, year, planYear, ward, out var y, out var asked) is { } problem) return problem;
        var caller = Caller.From(http.User);
        return gate.Read(c =>
        {
            if (asked is null) return ApiQuery.WardRequired(c, new("Kế hoạch", "A plan"));
            var code = ApiQuery.KnownWard(c, asked, caller, out var unknown);
            if (code is null) return unknown!;
            if (ApiYears.Plan(ReportYears.Read(c, code), y, n => $"/api/plan?ward={code}&year={n}") is { } wrongYear) return wrongYear;
            var rows = ApiQuery.Rows(c, "SELECT * FROM v_group_plan WHERE ward_code = ? AND year = ? ORDER BY group_code NULLS LAST", [code, y]);
            return rows.Count == 0
                ? ApiResults.NotFound($"Phường, xã {code} chưa có kế hoạch năm {y}; cán bộ kế hoạch lập bằng disu plan allocate --year {y} --ward {code}.",
                                      $"Ward {code} has no plan for {y}; a planner makes one with disu plan allocate --year {y} --ward {code}.")
                : Results.Ok(new RowsResponse("v_group_plan", code, y!.Value.Value, rows.Count, rows));
        }, http.RequestAborted);
    }

    private static IResult Annex(HttpContext http, MartGate gate, TimeProvider clock,
        [Description("The plan year, e.g. 2024 (required).")] [FromQuery(Name = "plan_year")] string? planYear,
        [Description("The same as plan_year (the older name).")] string? year,
        [Description("Ward code; required unless the key is restricted to one ward.")] string? ward,
        [Description("xlsx (default), csv (a zip) or pdf.")] string? format)
    {
        var caller = Caller.From(http.User);
        // Names of households: only the roles allowed household data (as /api/forecast?level=household).
        if (!caller.Allows(Role.Planner))
            return ApiResults.Forbidden(new Message(
                $"Phụ lục kế hoạch liệt kê từng hộ; cần vai trò 'planner' trở lên, khóa này có vai trò '{caller.Role.ToString().ToLowerInvariant()}'. GET /api/plan cho chỉ tiêu của các tổ.",
                $"The plan's annex lists households; it needs the role 'planner' or higher, and this key's role is " +
                $"'{caller.Role.ToString().ToLowerInvariant()}'. GET /api/plan gives the groups' targets."));
        if (Refused(http, year, planYear, ward, out var y, out var asked) is { } problem) return problem;
        ReportFormat output;
        try
        {
            output = ReportFiles.ParseFormat(string.IsNullOrWhiteSpace(format) ? "xlsx" : format);
        }
        catch (ArgumentException)
        {
            return ApiResults.BadRequest(new Message($"Không có định dạng '{format}': dùng xlsx, csv hoặc pdf.", $"Unknown format '{format}': use xlsx, csv or pdf."));
        }
        var (report, refusal) = gate.Read<(IReport? Report, IResult? Problem)>(c =>
        {
            if (asked is null) return (null, ApiQuery.WardRequired(c, new("Phụ lục kế hoạch", "The plan's annex")));
            var code = ApiQuery.KnownWard(c, asked, caller, out var unknown);
            if (code is null) return (null, unknown);
            if (ApiYears.Plan(ReportYears.Read(c, code), y, n => $"/api/plan/annex?ward={code}&year={n}") is { } wrongYear) return (null, wrongYear);
            try
            {
                return (PlanCommand.Annex(c, clock, Ward.Resolve(c, code, y!.Value), y.Value), null);
            }
            catch (MartException e)
            {
                return (null, ApiResults.NotFound(e.Text));
            }
        }, http.RequestAborted);
        return refusal ?? Send(report!, output);
    }

    /// <summary>The document written into a private temp folder, read back and sent; the folder is deleted.</summary>
    private static IResult Send(IReport report, ReportFormat output)
    {
        var folder = Path.Combine(Path.GetTempPath(), "disu-plan-" + Guid.NewGuid().ToString("N"));
        try
        {
            var files = ReportFiles.Write(report, output, folder);
            if (output != ReportFormat.Csv)
                return Results.File(File.ReadAllBytes(files[0]), output == ReportFormat.Pdf ? ReportEndpoints.PdfType : ReportEndpoints.XlsxType, Path.GetFileName(files[0]));
            using var buffer = new MemoryStream();
            using (var zip = new System.IO.Compression.ZipArchive(buffer, System.IO.Compression.ZipArchiveMode.Create, leaveOpen: true))
                foreach (var file in files)
                    System.IO.Compression.ZipFileExtensions.CreateEntryFromFile(zip, file, Path.GetFileName(file));
            return Results.File(buffer.ToArray(), ReportEndpoints.ZipType, report.FileStem + "-csv.zip");
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

    /// <summary>The year is required (a plan is for one year); the ward is the key's or the one asked for.</summary>
    private static IResult? Refused(HttpContext http, string? year, string? planYear, string? ward, out PlanYear? y, out string? asked)
    {
        asked = null;
        if (!ApiQuery.TryPlanYear(year, planYear, out y, out var bad)) return bad;
        if (y is null) return ApiResults.BadRequest(new Message("Cần có 'plan_year': năm kế hoạch, ví dụ plan_year=2024 (hoặc year=2024).", "'plan_year' is required: the plan year, e.g. plan_year=2024 (or year=2024)."));
        var (w, refusal) = ApiAccess.WardFor(Caller.From(http.User), ward);
        asked = w;
        return refusal;
    }
}
