using System.Diagnostics;
using System.Net;
using System.Text;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Quartz;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// The Dữ liệu page's endpoints beside the page itself: the upload form's POST (the API's own
/// intake, <see cref="FileEndpoints.Accept"/>), a load's rejects as CSV, and the progress of the
/// inbox job for the page to poll.
/// </summary>
public static class DataEndpoints
{
    public const string UploadPath = "/du-lieu/tai-len";
    public const string RejectsCsvPath = "/du-lieu/loi.csv";
    public const string RejectsXlsxPath = "/du-lieu/loi.xlsx";
    public const string ProgressPath = "/du-lieu/tien-do";

    /// <summary>The form's token field: read from the body only when no header carries the token.</summary>
    private const int MaxTokenChars = 4096;

    public static IEndpointRouteBuilder MapDataPages(this IEndpointRouteBuilder app)
    {
        app.MapPost(UploadPath, Upload).RequireAuthorization(WebSections.DataPolicy).ExcludeFromDescription();
        app.MapGet(RejectsCsvPath, (HttpContext http, MartGate gate, Audit audit, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "lan-nap")] string? load) =>
            Rejects(http, gate, audit, load, xlsx: false)).RequireAuthorization(WebSections.DataPolicy).ExcludeFromDescription();
        app.MapGet(RejectsXlsxPath, (HttpContext http, MartGate gate, Audit audit, [Microsoft.AspNetCore.Mvc.FromQuery(Name = "lan-nap")] string? load) =>
            Rejects(http, gate, audit, load, xlsx: true)).RequireAuthorization(WebSections.DataPolicy).ExcludeFromDescription();
        app.MapGet(ProgressPath, Progress).RequireAuthorization(WebSections.DataPolicy).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The form posts multipart/form-data: the antiforgery token first (the page puts it before the
    /// file), then the file, streamed into the inbox as the API streams it; nothing of the file is
    /// read before the token is valid. The answer is a redirect to the page with the outcome's id.
    /// </summary>
    private static async Task<IResult> Upload(HttpContext http, IAntiforgery antiforgery, IOptions<AntiforgeryOptions> antiforgeryOptions, ServeOptions options,
        InboxScanner scanner, ISchedulerFactory schedulers, UploadNotices notices, Audit audit, ILoggerFactory loggers)
    {
        var caller = Caller.From(http.User);
        var started = Stopwatch.GetTimestamp();
        UploadOutcome? outcome;
        try
        {
            outcome = await Receive(http, antiforgery, antiforgeryOptions.Value.FormFieldName, options, scanner, schedulers,
                loggers.CreateLogger(typeof(DataEndpoints).FullName!));
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            audit.Upload(caller, "POST " + UploadPath, "cancelled", 499, Stopwatch.GetElapsedTime(started), null, 0, null);
            return Results.Empty;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            outcome = FileEndpoints.TooLarge(options, null);
        }
        catch (Exception e) when (e is BadHttpRequestException or IOException or InvalidDataException)
        {
            // A multipart body that breaks off before the file (or is not multipart at all).
            outcome = null;
        }
        if (outcome is null)
        {
            audit.Upload(caller, "POST " + UploadPath, "bad_form", StatusCodes.Status400BadRequest, Stopwatch.GetElapsedTime(started), null, 0, null);
            return WebPages.BadForm(http);
        }
        audit.Upload(caller, "POST " + UploadPath, outcome.Name, outcome.Status, Stopwatch.GetElapsedTime(started), outcome.File, outcome.Bytes, outcome.Sha256);
        return Results.Redirect($"{WebSections.Data.Path}?tai-len={notices.Add(caller.KeyId, outcome)}");
    }

    /// <returns>The outcome, or null when the form is not the page's (no valid token before the file).</returns>
    private static async Task<UploadOutcome?> Receive(HttpContext http, IAntiforgery antiforgery, string tokenField, ServeOptions options,
        InboxScanner scanner, ISchedulerFactory schedulers, ILogger log)
    {
        var ct = http.RequestAborted;
        var request = http.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var type) || !type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
            return null;
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return null;
        // A script may send the token as a header (the API's way); then the body is never read as a form.
        var valid = request.Headers.ContainsKey(WebAccess.AntiforgeryHeader) && await antiforgery.IsRequestValidAsync(http);
        if (FileEndpoints.DeclaredTooLarge(request, options, multipart: true))
            return valid ? FileEndpoints.TooLarge(options, null) : null;

        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var disposition = section.GetContentDispositionHeader();
            var name = disposition is null ? null : HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            if (!valid)
            {
                if (!string.Equals(name, tokenField, StringComparison.Ordinal)) return null;
                var token = await ReadBounded(section.Body, ct);
                if (token is null) return null;
                request.Headers[WebAccess.AntiforgeryHeader] = token;
                if (!await antiforgery.IsRequestValidAsync(http)) return null;
                valid = true;
                continue;
            }
            if (!string.Equals(name, "file", StringComparison.Ordinal)) continue;
            var fileName = HeaderUtilities.RemoveQuotes(disposition!.FileNameStar).Value;
            if (string.IsNullOrEmpty(fileName)) fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            // A browser sends an empty part with no name when no file was chosen.
            if (string.IsNullOrEmpty(fileName)) return NoFile();
            return await FileEndpoints.Accept(section.Body, fileName, Caller.From(http.User), options, scanner, schedulers, log, ct);
        }
        return valid ? NoFile() : null;
    }

    private static UploadOutcome NoFile() => new(StatusCodes.Status400BadRequest, "bad_request", new("Chưa chọn tệp", "No file chosen"),
        new("Hãy chọn một tệp .csv hoặc .xlsx (hoặc kéo thả tệp vào ô chọn tệp) rồi bấm “Tải lên”.", "Choose a .csv or .xlsx file (or drop one on the file field), then press the upload button."));

    private static async Task<string?> ReadBounded(Stream body, CancellationToken ct)
    {
        using var reader = new StreamReader(body, Encoding.UTF8);
        var buffer = new char[MaxTokenChars + 1];
        var total = 0;
        int read;
        while (total < buffer.Length && (read = await reader.ReadAsync(buffer.AsMemory(total), ct)) > 0)
            total += read;
        return total > MaxTokenChars || total == 0 ? null : new string(buffer, 0, total);
    }

    /// <summary>
    /// A load's rejects to correct the file by: as the CSV of <c>disu etl rejects --format csv</c> (the
    /// same columns and order; text formula-safe; a BOM so that Excel reads the Vietnamese as
    /// written), or as an XLSX sheet with the Vietnamese headers of its table. Audited as a download.
    /// </summary>
    private static IResult Rejects(HttpContext http, MartGate gate, Audit audit, string? load, bool xlsx)
    {
        var started = Stopwatch.GetTimestamp();
        var caller = Caller.From(http.User);
        var endpoint = "GET " + (xlsx ? RejectsXlsxPath : RejectsCsvPath);
        if (!long.TryParse(load, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var loadId))
        {
            audit.Document(caller, endpoint, "bad_request", StatusCodes.Status400BadRequest, Stopwatch.GetElapsedTime(started), null, 0);
            return Text(StatusCodes.Status400BadRequest, "Cần số lần nạp (lan-nap=…) là một số nguyên dương.");
        }
        var loads = new DataLoads(caller);
        var (row, rejects) = gate.Read(c => loads.Load(c, loadId) is { } r ? (r, loads.Rejects(c, loadId, null)) : (null, []), http.RequestAborted);
        if (row is null)
        {
            audit.Document(caller, endpoint, "not_found", StatusCodes.Status404NotFound, Stopwatch.GetElapsedTime(started), null, 0);
            return Text(StatusCodes.Status404NotFound, $"Không có lần nạp #{loadId} trong các tệp bạn được xem.");
        }
        var name = $"loi-lan-nap-{loadId}.{(xlsx ? "xlsx" : "csv")}";
        var bytes = xlsx ? Xlsx(rejects) : Csv(rejects);
        audit.Document(caller, endpoint, "ok", StatusCodes.Status200OK, Stopwatch.GetElapsedTime(started), name, bytes.Length);
        return Results.File(bytes, xlsx ? ReportEndpoints.XlsxType : "text/csv; charset=utf-8", name);
    }

    private static byte[] Csv(IReadOnlyList<RejectLine> rejects)
    {
        var csv = new StringBuilder("load_id,file,row,column,value,reason\n");
        foreach (var r in rejects)
            csv.Append(r.LoadId.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.File)).Append(',')
                .Append(r.Row?.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(',')
                .Append(Field(r.Column)).Append(',')
                .Append(Field(r.Value)).Append(',')
                .Append(Field(r.Reason)).Append('\n');
        return Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv.ToString())).ToArray();
    }

    private static byte[] Xlsx(IReadOnlyList<RejectLine> rejects)
    {
        using var buffer = new MemoryStream();
        using (var book = new XlsxWorkbook(buffer))
            book.AddSheet("Dòng bị loại", ["Lần nạp", "Tệp", "Dòng", "Cột", "Giá trị", "Lý do"], rejects.Select(r => (IReadOnlyList<XlsxCell>)
            [
                new XlsxCell(r.LoadId, XlsxFormats.Integer), new XlsxCell(r.File), new XlsxCell(r.Row, XlsxFormats.Integer),
                new XlsxCell(r.Column), new XlsxCell(r.Value), new XlsxCell(r.Reason),
            ]));
        return buffer.ToArray();
    }

    /// <summary>A text field as the CLI's CSV writes it (<see cref="Output.ResultWriter"/>): a number-like value such as -3 stays as it is.</summary>
    private static string Field(string? text) => text is null ? "" : SpreadsheetText.CsvField(text, text);

    private static IResult Text(int status, string text) => Results.Text(text, "text/plain; charset=utf-8", Encoding.UTF8, status);

    /// <summary>
    /// The inbox job's state for the page's poll (htmx, every 2 s): the same element while files wait
    /// or the job runs, and when all is settled an answer that has htmx reload the page (HX-Refresh).
    /// </summary>
    private static IResult Progress(HttpContext http, JobBoard board, InboxScanner scanner)
    {
        var state = InboxProgress.Of(board, scanner);
        if (!state.Busy)
        {
            http.Response.Headers["HX-Refresh"] = "true";
            return Results.Content("<p id=\"tien-do\" class=\"progress\" role=\"status\">Đã nạp xong; đang tải lại trang.</p>", "text/html; charset=utf-8");
        }
        return Results.Content(InboxProgress.Element(state), "text/html; charset=utf-8");
    }
}

/// <summary>What the inbox is doing: how many input files wait in it, and whether its job runs.</summary>
public sealed record InboxProgress(int Waiting, bool Running)
{
    public bool Busy => Waiting > 0 || Running;

    public static InboxProgress Of(JobBoard board, InboxScanner scanner)
    {
        var waiting = Directory.Exists(scanner.Inbox)
            ? Directory.EnumerateFiles(scanner.Inbox).Count(f => InboxScanner.IsInput(f) && !Path.GetFileName(f).StartsWith('.'))
            : 0;
        return new InboxProgress(waiting, board[JobNames.Inbox]?.Running == true);
    }

    public string Text => (Running, Waiting) switch
    {
        (true, 0) => "Đang nạp dữ liệu…",
        (true, var n) => $"Đang nạp dữ liệu: còn {n} tệp trong hộp thư đến…",
        (_, var n) => $"{n} tệp đang chờ nạp trong hộp thư đến…",
    };

    /// <summary>The element the page shows and htmx polls; replaced by the next answer (outerHTML).</summary>
    public static string Element(InboxProgress state) =>
        $"<p id=\"tien-do\" class=\"progress\" role=\"status\" hx-get=\"{DataEndpoints.ProgressPath}\" hx-trigger=\"every 2s\" hx-swap=\"outerHTML\">{WebUtility.HtmlEncode(state.Text)}</p>";
}
