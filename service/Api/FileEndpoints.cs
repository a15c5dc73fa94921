using System.Buffers;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;
using Microsoft.OpenApi;
using Quartz;

namespace DiSu.Analytics.Service.Api;

/// <summary>The answer to an accepted upload: the name it was stored under in the inbox, its size and hash.</summary>
public sealed record UploadAccepted(string File, long Bytes, string Sha256, string Message);

/// <summary>
/// What became of an upload: accepted (202, <see cref="Accepted"/>) or refused with a status and the
/// reason (<see cref="Title"/>, <see cref="Detail"/>, Vietnamese with the English beside it).
/// <see cref="Name"/> is the audit's outcome word.
/// </summary>
public sealed record UploadOutcome(int Status, string Name, Message? Title, Message? Detail, string? File = null, long Bytes = 0, string? Sha256 = null)
{
    public UploadAccepted? Accepted { get; init; }
}

/// <summary>
/// POST /api/files: an officer puts an input file into the inbox, and the inbox job loads it at
/// once. The file is streamed to a hidden <c>.upload-GUID.part</c> (the inbox ignores hidden
/// names) while it is counted and hashed, checked, then renamed into place, so the inbox never
/// sees half a file. Whatever goes wrong, the .part file is removed.
/// </summary>
public static class FileEndpoints
{
    public const string Route = "/api/files";

    private sealed record Outcome(IResult Result, string Name, int Status, string? File = null, long Bytes = 0, string? Sha256 = null)
    {
        public static Outcome Of(UploadOutcome o) =>
            new(o.Accepted is { } ok ? Results.Accepted("/api/jobs", ok) : ApiResults.Problem(o.Status, o.Title!, o.Detail!), o.Name, o.Status, o.File, o.Bytes, o.Sha256);
    }

    public static IEndpointRouteBuilder MapFileApi(this IEndpointRouteBuilder app)
    {
        var audit = new Audit(app.ServiceProvider.GetRequiredService<ILoggerFactory>(), app.ServiceProvider.GetRequiredService<TimeProvider>());
        var log = app.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FileEndpoints).FullName!);
        app.MapPost(Route, async (HttpContext http, string? name, ServeOptions options, InboxScanner scanner, ISchedulerFactory schedulers) =>
            {
                var caller = Caller.From(http.User);
                var started = Stopwatch.GetTimestamp();
                Outcome outcome;
                try
                {
                    outcome = await Receive(http, name, caller, options, scanner, schedulers, log);
                }
                catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
                {
                    outcome = new Outcome(Results.Empty, "cancelled", 499);
                }
                audit.Upload(caller, "POST " + Route, outcome.Name, outcome.Status, Stopwatch.GetElapsedTime(started), outcome.File, outcome.Bytes, outcome.Sha256);
                return outcome.Result;
            })
            .RequireRole(Role.Officer)
            .WithName("UploadFile")
            .WithSummary("Put a .csv or .xlsx input file into the inbox; the inbox job loads it at once")
            .WithDescription("multipart/form-data with one file field named 'file', or the raw file as the body with ?name=households_2025.csv. " +
                             "A key restricted to a ward may only upload rows of that ward. An .xlsx is checked before it is queued: a damaged or crafted " +
                             "workbook (not a zip, a DTD in its XML) gets 400, one that would expand beyond the limits " +
                             $"({Etl.XlsxLimits.Default.MaxExpandedBytes >> 30} GiB, {Etl.XlsxLimits.Default.MaxRatio:0}:1 per entry, {Etl.XlsxLimits.Default.MaxEntries} entries) 413. " +
                             "Names with control or invisible formatting characters (e.g. U+202E) get 400. Follow the load with GET /api/jobs.")
            .WithTags("Files")
            // No Accepts metadata: routing would answer 415 to a raw body labelled text/csv or (curl's)
            // x-www-form-urlencoded. The document describes the two ways instead.
            .AddOpenApiOperationTransformer((operation, _, _) =>
            {
                var binary = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary" };
                operation.RequestBody = new OpenApiRequestBody
                {
                    Required = true,
                    Content = new Dictionary<string, OpenApiMediaType>
                    {
                        ["multipart/form-data"] = new()
                        {
                            Schema = new OpenApiSchema
                            {
                                Type = JsonSchemaType.Object, Required = new HashSet<string> { "file" },
                                Properties = new Dictionary<string, IOpenApiSchema> { ["file"] = binary },
                            },
                        },
                        ["application/octet-stream"] = new() { Schema = binary },
                    },
                };
                return Task.CompletedTask;
            })
            .Produces<UploadAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status422UnprocessableEntity);
        return app;
    }

    private static async Task<Outcome> Receive(HttpContext http, string? queryName, Caller caller, ServeOptions options, InboxScanner scanner,
        ISchedulerFactory schedulers, ILogger log)
    {
        var ct = http.RequestAborted;
        var request = http.Request;
        // Only multipart is a form here: `curl --data-binary @f.csv` labels a raw file x-www-form-urlencoded.
        var multipart = MediaTypeHeaderValue.TryParse(request.ContentType, out var type) &&
                        type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);
        // A declared size over the limit is refused before a byte is read (multipart adds its boundaries).
        if (DeclaredTooLarge(request, options, multipart))
            return Outcome.Of(TooLarge(options, queryName));

        Stream body;
        string? rawName;
        if (multipart)
        {
            var section = await FileSection(request, type!, ct);
            if (section is null)
                return Outcome.Of(Refuse(StatusCodes.Status400BadRequest, "bad_request", new("Biểu mẫu không có tệp", "No file in the form"), new(
                    "Hãy gửi tệp trong trường multipart/form-data tên 'file' (curl -F file=@households_2025.csv), hoặc gửi thẳng nội dung với ?name=households_2025.csv.",
                    "Send the file in a multipart/form-data field named 'file' (curl -F file=@households_2025.csv), or as the raw body with ?name=households_2025.csv."), queryName));
            body = section.Value.Body;
            rawName = section.Value.FileName ?? queryName;
        }
        else
        {
            body = request.Body;
            rawName = queryName;
        }

        return Outcome.Of(await Accept(body, rawName, caller, options, scanner, schedulers, log, ct));
    }

    /// <summary>A declared size over the limit is refused before a byte is read (multipart adds its boundaries).</summary>
    public static bool DeclaredTooLarge(HttpRequest request, ServeOptions options, bool multipart) =>
        request.ContentLength > options.UploadLimitMb * 1024L * 1024L + (multipart ? 64 * 1024 : 0);

    /// <summary>
    /// The one way a file enters the inbox, for the API and the workspace's form alike: the name
    /// made safe, the type, the size (counted while streaming), a workbook's structure, the ward of
    /// a ward-restricted caller's rows; then the rename into the inbox and the inbox job started,
    /// with the caller as who uploaded it. Nothing is left behind when it is refused.
    /// </summary>
    public static async Task<UploadOutcome> Accept(Stream body, string? rawName, Caller caller, ServeOptions options, InboxScanner scanner,
        ISchedulerFactory schedulers, ILogger log, CancellationToken ct)
    {
        var limit = options.UploadLimitMb * 1024L * 1024L;
        var (fileName, nameProblem) = SafeName(rawName);
        if (fileName is null)
            return Refuse(StatusCodes.Status400BadRequest, "bad_name", new("Tên tệp không dùng được", "File name not usable"), nameProblem!, null);
        if (!InboxScanner.IsInput(fileName))
            return Refuse(StatusCodes.Status415UnsupportedMediaType, "unsupported_type", new("Chỉ nhận tệp .csv và .xlsx", "Only .csv and .xlsx files"), Message.Of(
                $"'{fileName}' không phải tệp dữ liệu đầu vào: hộp thư đến nhận tệp .csv (UTF-8, phân cách bằng ',' hoặc ';') và .xlsx (trang tính đầu tiên) theo quy định dữ liệu đầu vào. Hãy lưu tệp ở một trong hai dạng đó.",
                $"'{fileName}' is not an input file: the inbox takes .csv (UTF-8, ',' or ';' separated) and .xlsx (first sheet) files of the input contract. Save it in one of those formats."), fileName);

        Directory.CreateDirectory(scanner.Inbox);
        var part = Path.Combine(scanner.Inbox, $".upload-{Guid.NewGuid():N}.part");
        var moved = false;
        try
        {
            var (bytes, sha256) = await Store(body, part, limit, ct);
            if (bytes < 0) return TooLarge(options, fileName);
            if (bytes == 0)
                return Refuse(StatusCodes.Status400BadRequest, "empty", new("Tệp trống", "Empty file"),
                    Message.Of($"'{fileName}' trống; hãy gửi nội dung của tệp.", $"'{fileName}' is empty; send the file's contents."), fileName);
            var xlsx = fileName.EndsWith(".xlsx", StringComparison.OrdinalIgnoreCase);
            if (xlsx && await Task.Run(() => UploadWardCheck.Inspect(part), ct) is { } refused)
                return RefuseWorkbook(refused.Kind, refused.Text, fileName, bytes, sha256);
            if (caller.Ward is { } ward)
            {
                var (holderVi, holderEn) = caller.Person ? ("Tài khoản này", "This account") : ("Khóa này", "This key");
                var check = await Task.Run(() => UploadWardCheck.Check(part, xlsx, ward, ct), ct);
                if (check.Unreadable is { } why && check.Refusal != Refusal.Contract)
                    return RefuseWorkbook(check.Refusal, why, fileName, bytes, sha256);
                if (check.Unreadable is { } unclear)
                    return Refuse(StatusCodes.Status422UnprocessableEntity, "unreadable", new("Không xác định được phường, xã của tệp", "The file's ward cannot be told"), Message.Of(
                        $"{holderVi} chỉ được tải lên dòng của phường, xã {ward}, và không kiểm tra được '{fileName}': {unclear.Vi}.",
                        $"{holderEn} may only upload rows of ward {ward}, and '{fileName}' could not be checked: {unclear.En}."), fileName, bytes, sha256);
                if (check.OtherWards.Count > 0)
                {
                    var others = string.Join(", ", check.OtherWards);
                    return Refuse(StatusCodes.Status403Forbidden, "other_ward", new("Có dòng của phường, xã khác", "Rows of another ward"), Message.Of(
                        $"{holderVi} chỉ được tải lên dòng của phường, xã {ward}; '{fileName}' có dòng của phường, xã {others}. " +
                        $"Hãy xóa các dòng đó, hoặc nhờ cán bộ cấp huyện tải tệp lên.",
                        $"{holderEn} may only upload rows of ward {ward}; '{fileName}' has rows of ward {others}. " +
                        $"Remove those rows, or ask an officer of the whole district to upload the file."), fileName, bytes, sha256);
                }
            }
            var final = MoveIntoInbox(part, scanner.Inbox, fileName);
            moved = true;
            scanner.MarkComplete(final, UploadedBy(caller));
            var message = "queued; see GET /api/jobs";
            try
            {
                var scheduler = await schedulers.GetScheduler(CancellationToken.None);
                await scheduler.TriggerJob(ServeHost.JobKeyOf(JobNames.Inbox),
                    new JobDataMap { [JobTriggers.DataKey] = JobTriggers.Upload(caller.KeyId) }, CancellationToken.None);
            }
            catch (SchedulerException e)
            {
                // The file is in the inbox: the next scheduled scan loads it.
                log.LogWarning("The inbox job could not be started for an upload: {Error}", e.Message);
                message = "queued for the next scheduled inbox run; see GET /api/jobs";
            }
            var stored = Path.GetFileName(final);
            return new UploadOutcome(StatusCodes.Status202Accepted, "queued", null, null, stored, bytes, sha256) { Accepted = new UploadAccepted(stored, bytes, sha256, message) };
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(options, fileName);
        }
        catch (BadHttpRequestException e)
        {
            return Refuse(StatusCodes.Status400BadRequest, "bad_request", new("Việc tải lên bị ngắt", "The upload was broken off"),
                Message.Of($"Không đọc được nội dung yêu cầu ({e.Message}); hãy gửi lại tệp.", $"The request body could not be read ({e.Message}); send the file again."), fileName);
        }
        catch (IOException e) when (!ct.IsCancellationRequested)
        {
            log.LogError("An upload could not be stored in the inbox {Inbox}: {Error}", scanner.Inbox, e.Message);
            return Refuse(StatusCodes.Status500InternalServerError, "failed", new("Không lưu được tệp", "The file could not be stored"), new(
                "Dịch vụ không ghi được tệp vào hộp thư đến (có thể đĩa đã đầy). Hãy thử lại sau, hoặc báo quản trị viên.",
                "The service could not write the file into its inbox (the disk may be full). Try again later, or tell the administrator."), fileName);
        }
        finally
        {
            if (!moved) TryDelete(part);
        }
    }

    /// <returns>Bytes written (-1 when over the limit) and the SHA-256 in hex.</returns>
    private static async Task<(long Bytes, string Sha256)> Store(Stream body, string part, long limit, CancellationToken ct)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(128 * 1024);
        try
        {
            long total = 0;
            await using var output = new FileStream(part, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous);
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                total += read;
                // Our own count: Kestrel's limit sits a little above (multipart boundaries), and a chunked body declares no size.
                if (total > limit) return (-1, "");
                hash.AppendData(buffer, 0, read);
                await output.WriteAsync(buffer.AsMemory(0, read), ct);
            }
            await output.FlushAsync(ct);
            output.Flush(flushToDisk: true);
            return (total, Convert.ToHexStringLower(hash.GetHashAndReset()));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static async Task<(Stream Body, string? FileName)?> FileSection(HttpRequest request, MediaTypeHeaderValue type, CancellationToken ct)
    {
        var boundary = HeaderUtilities.RemoveQuotes(type.Boundary).Value;
        if (string.IsNullOrEmpty(boundary)) return null;
        var reader = new MultipartReader(boundary, request.Body);
        while (await reader.ReadNextSectionAsync(ct) is { } section)
        {
            var disposition = section.GetContentDispositionHeader();
            if (disposition is null || !string.Equals(HeaderUtilities.RemoveQuotes(disposition.Name).Value, "file", StringComparison.OrdinalIgnoreCase))
                continue;
            var fileName = HeaderUtilities.RemoveQuotes(disposition.FileNameStar).Value;
            if (string.IsNullOrEmpty(fileName)) fileName = HeaderUtilities.RemoveQuotes(disposition.FileName).Value;
            return (section.Body, string.IsNullOrEmpty(fileName) ? null : fileName);
        }
        return null;
    }

    /// <summary>
    /// The name the file gets in the inbox: any folder part dropped (browsers and curl may send
    /// one; "../x.csv" becomes "x.csv"), leading dots and '~' dropped (the inbox ignores such
    /// names as copies in progress), characters that are not seen refused (<see cref="Unseen"/>).
    /// </summary>
    public static (string? Name, Message? Problem) SafeName(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
            return (null, new("Tệp không có tên: hãy gửi trong trường biểu mẫu 'file' kèm tên tệp, hoặc thêm ?name=households_2025.csv.",
                              "The file has no name: send it as a form field 'file' with a file name, or add ?name=households_2025.csv."));
        if (Unseen(raw) is { } what)
            return (null, Message.Of($"Tên tệp chứa {what.Vi}, thứ có thể làm tên trông khác với thực tế; " +
                                     $"hãy đổi tên tệp (chữ cái, chữ số, dấu cách, '-', '_' và '.' luôn an toàn) rồi gửi lại.",
                                     $"The file name contains {what.En}, which can make a name look different from what it is; " +
                                     $"rename the file (letters, digits, spaces, '-', '_' and '.' are always safe) and send it again."));
        var name = raw.Replace('\\', '/');
        name = name[(name.LastIndexOf('/') + 1)..].Trim().TrimStart('.', '~', ' ').Normalize(NormalizationForm.FormC);
        if (name.Length == 0 || name.Contains("..", StringComparison.Ordinal))
            return (null, Message.Of($"'{raw}' không phải tên tệp dùng được; hãy đặt tên như households_2025.csv.",
                                     $"'{raw}' is not a usable file name; name the file like households_2025.csv."));
        if (Encoding.UTF8.GetByteCount(name) > 200)
            return (null, new("Tên tệp dài hơn 200 byte; hãy rút ngắn.", "The file name is longer than 200 bytes; shorten it."));
        return (name, null);
    }

    /// <summary>
    /// The first character of a name that is not seen but changes what is seen, described: control
    /// characters, format characters — among them the bidirectional overrides, embeddings,
    /// isolates and marks (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C) that reorder
    /// how a name is displayed, zero-width characters and the byte-order mark — line and
    /// paragraph separators, and broken UTF-16. Vietnamese needs none of them (its tone marks are
    /// letters or combining marks).
    /// </summary>
    private static Message? Unseen(string raw)
    {
        var rest = raw.AsSpan();
        while (!rest.IsEmpty)
        {
            if (Rune.DecodeFromUtf16(rest, out var rune, out var used) != OperationStatus.Done)
                return new("một ký tự hỏng (nửa cặp thay thế UTF-16)", "a broken character (half of a UTF-16 surrogate pair)");
            var code = $"U+{rune.Value:X4}";
            var category = Rune.GetUnicodeCategory(rune);
            if (IsBidiControl(rune.Value)) return Message.Of($"một ký tự điều khiển hướng chữ ({code})", $"a text-direction control character ({code})");
            if (category == System.Globalization.UnicodeCategory.Control) return Message.Of($"một ký tự điều khiển ({code})", $"a control character ({code})");
            if (category == System.Globalization.UnicodeCategory.Format) return Message.Of($"một ký tự định dạng vô hình ({code})", $"an invisible formatting character ({code})");
            if (category is System.Globalization.UnicodeCategory.LineSeparator or System.Globalization.UnicodeCategory.ParagraphSeparator)
                return Message.Of($"một ký tự ngăn dòng ({code})", $"a line separator ({code})");
            rest = rest[used..];
        }
        return null;
    }

    private static bool IsBidiControl(int c) => c is >= 0x202A and <= 0x202E or >= 0x2066 and <= 0x2069 or 0x200E or 0x200F or 0x061C;

    /// <summary>Renames the finished upload into the inbox; an existing name gets -2, -3, … (never overwritten).</summary>
    private static string MoveIntoInbox(string part, string inbox, string fileName)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var extension = Path.GetExtension(fileName);
        for (var n = 1; ; n++)
        {
            var target = Path.Combine(inbox, n == 1 ? fileName : $"{stem}-{n}{extension}");
            if (File.Exists(target) || Directory.Exists(target)) continue;
            try
            {
                File.Move(part, target, overwrite: false);
                return target;
            }
            catch (IOException) when ((File.Exists(target) || Directory.Exists(target)) && n < 1000)
            {
                // Another upload took the name in between.
            }
        }
    }

    /// <summary>Who put a file into the inbox, as etl_load.loaded_by keeps it: user=ID for a person, key=ID for an API key.</summary>
    public static string UploadedBy(Caller caller) => (caller.Person ? "user=" : "key=") + caller.KeyId;

    public static UploadOutcome TooLarge(ServeOptions options, string? file) =>
        Refuse(StatusCodes.Status413PayloadTooLarge, "too_large", new("Tệp quá lớn", "File too large"), Message.Of(
            $"Mỗi lần tải lên tối đa {options.UploadLimitMb} MiB (UploadLimitMb). Hãy tách tệp, ví dụ mỗi phường, xã hoặc mỗi năm rà soát một tệp, hoặc chép thẳng vào thư mục hộp thư đến.",
            $"Uploads are limited to {options.UploadLimitMb} MiB (UploadLimitMb). Split the file, e.g. one file per ward or review year, or copy it into the inbox folder directly."), file);

    /// <summary>A workbook refused before its rows were read: crafted or damaged (400), or more than the limits to read (413).</summary>
    private static UploadOutcome RefuseWorkbook(Refusal kind, Message why, string fileName, long bytes, string sha256)
    {
        var detail = Message.Of($"'{fileName}' chưa được đưa vào hàng đợi: {why.Vi}.", $"'{fileName}' was not queued: {why.En}.");
        return kind == Refusal.TooLarge
            ? Refuse(StatusCodes.Status413PayloadTooLarge, "too_large_expanded", new("Bảng tính quá lớn khi giải nén", "Workbook too large once expanded"), detail, fileName, bytes, sha256)
            : Refuse(StatusCodes.Status400BadRequest, "malformed", new("Không phải bảng tính đọc được", "Not a readable workbook"), detail, fileName, bytes, sha256);
    }

    private static UploadOutcome Refuse(int status, string outcome, Message title, Message detail, string? file, long bytes = 0, string? sha256 = null) =>
        new(status, outcome, title, detail, file, bytes, sha256);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A leftover hidden .part file is ignored by the inbox; it does no harm.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
