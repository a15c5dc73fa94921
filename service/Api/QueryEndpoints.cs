using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

public sealed record QueryRequest(string? Sql);

public sealed record QueryColumnInfo(string Name, string Type);

/// <summary>
/// A query's answer (snake_case in JSON, as everywhere in the API): at most <see cref="RowCap"/> rows
/// and <see cref="ResponseLimitBytes"/> of them as JSON; <see cref="Message"/> says when and why it was cut.
/// </summary>
/// <param name="Message">Why rows were cut, in Vietnamese (null when none were); <paramref name="MessageEn"/> the same in English.</param>
public sealed record QueryResponse(IReadOnlyList<QueryColumnInfo> Columns, JsonElement Rows, int RowCount, bool Truncated,
    int RowCap, long ResponseLimitBytes, long ElapsedMs, string? Message, string? MessageEn);

/// <summary>
/// POST /api/query: one read-only SQL statement from an officer, with the limits of the service's
/// options. It is checked here (<see cref="SqlPolicy"/>), then run in a query worker process
/// (<see cref="QueryWorkerPool"/>), never in the service: a key for all wards on the mart file
/// (503 while a job writes), a key restricted to a ward on that ward's sandbox, which holds nothing
/// of other wards (see <see cref="WardSandboxCache"/>).
/// <para>
/// A query stopped at the time limit answers 422, not 408: 408 says the client was too slow to send
/// its request, and browsers and proxies retry it by themselves, which would run the same
/// expensive query again.
/// </para>
/// </summary>
public static class QueryEndpoints
{
    public const string Route = "/api/query";

    /// <summary>The longest SQL text taken, in UTF-8 bytes; the JSON body may be larger (escapes).</summary>
    public const int MaxSqlBytes = 100 * 1024;

    private const int MaxBodyBytes = MaxSqlBytes * 8;

    private static readonly JsonSerializerOptions RequestJson = new(JsonSerializerDefaults.Web);

    private sealed record Outcome(IResult Result, string Name, int Status, long? Rows = null);

    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var audit = new Audit(loggers, services.GetRequiredService<TimeProvider>());
        var gate = services.GetRequiredService<MartGate>();
        var workers = services.GetRequiredService<QueryWorkerPool>();
        var sandboxes = new WardSandboxCache(gate, loggers.CreateLogger<WardSandboxCache>());
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(sandboxes.Dispose);
        var options = services.GetRequiredService<ServeOptions>();

        app.MapPost(Route, async (HttpContext http) =>
            {
                var caller = Caller.From(http.User);
                var started = Stopwatch.GetTimestamp();
                var (sql, problem) = await ReadSql(http.Request, http.RequestAborted);
                Outcome outcome;
                if (problem is not null)
                    outcome = Problem(StatusCodes.Status400BadRequest, "bad_request", new("Không có câu SQL dùng được", "No usable SQL"), problem);
                else
                    outcome = await Run(http, caller, sql!, options, gate, sandboxes, workers);
                audit.Query(caller, "POST " + Route, outcome.Name, outcome.Status, Stopwatch.GetElapsedTime(started), outcome.Rows, sql ?? "");
                return outcome.Result;
            })
            .RequireRole(Role.Officer)
            .WithName("RunQuery")
            .WithSummary("Run one read-only SQL query on the mart (a ward-restricted key: on its ward's rows only)")
            .WithDescription(Description(options))
            .WithTags("Query")
            .Accepts<QueryRequest>("application/json")
            .Produces<QueryResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    /// <summary>The limits, as the OpenAPI document states them: the numbers of this service's options.</summary>
    private static string Description(ServeOptions o) => string.Create(CultureInfo.InvariantCulture, $$"""
        Body {"sql": "SELECT …"}. Only reading statements run (a query, DESCRIBE, SHOW, SUMMARIZE, a listing PRAGMA, EXPLAIN), and only functions
        reviewed for officers (no files, logging, profiling, settings, secrets or SQL built from strings); anything else is 400. Each statement runs
        in a separate worker process on a fresh read-only DuckDB instance, with these limits: at most {{o.QueryRowCap}} rows (QueryRowCap) and
        {{o.QueryResponseLimitMb}} MiB of rows as JSON (QueryResponseLimitMb) come back, and truncated = true with a message says which cut the rest;
        a statement running longer than {{o.QueryTimeoutSeconds}} s (QueryTimeoutSeconds), or needing more than {{o.QueryMemoryLimitMb}} MiB of
        DuckDB memory (QueryMemoryLimitMb) or {{o.QueryWorkerMemoryMb}} MiB in all (QueryWorkerMemoryMb), is stopped (422); it may spill
        {{o.QueryTempLimitMb}} MiB to disk (QueryTempLimitMb) and use {{o.QueryThreads}} thread(s) (QueryThreads). {{o.QueryWorkers}} statements
        run at once (QueryWorkers); another waits up to {{o.QueryQueueSeconds}} s (QueryQueueSeconds), then gets 503 with Retry-After, as it does
        while a job writes the mart.
        """).ReplaceLineEndings(" ");

    private static async Task<Outcome> Run(HttpContext http, Caller caller, string sql, ServeOptions options, MartGate gate, WardSandboxCache sandboxes,
        QueryWorkerPool workers)
    {
        var ct = http.RequestAborted;
        var limits = new QueryLimits(options.QueryRowCap, TimeSpan.FromSeconds(options.QueryTimeoutSeconds), options.QueryResponseLimitMb * 1024L * 1024);
        try
        {
            // Refused here, at once and without a worker, when it breaks the rules; the worker checks again.
            SqlPolicy.Require(sql);
            using var slot = await workers.AcquireAsync(ct);
            WorkerResult? result;
            if (caller.Ward is null)
                result = await gate.LendAsync(file => slot.RunAsync(file, sql, limits, ct), ct);
            else
            {
                using var lease = await Task.Run(() => sandboxes.Acquire(caller.Ward, ct), ct);
                result = lease is null ? null : await slot.RunAsync(lease.File, sql, limits, ct);
            }
            if (result is null)
                return Problem(StatusCodes.Status404NotFound, "no_ward_data", new("Chưa có dữ liệu của phường, xã của khóa này", "No data of this key's ward"), Message.Of(
                    $"Khóa này chỉ dùng cho phường, xã {caller.Ward}, và kho dữ liệu chưa có hộ nào của đơn vị đó. " +
                    $"Hãy tải các tệp lên trước (POST /api/files), hoặc nhờ quản trị viên kiểm tra mã phường, xã của khóa.",
                    $"This key is restricted to ward {caller.Ward}, and the mart has no households of that ward yet. " +
                    $"Upload its files first (POST /api/files), or ask the administrator to check the key's ward code."));
            return Answer(result, options, limits);
        }
        catch (QueryRejectedException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "rejected", Refused, Sentence(e.Text));
        }
        catch (MartBusyException e)
        {
            return new Outcome(ApiResults.Busy(e), "busy", StatusCodes.Status503ServiceUnavailable);
        }
        catch (MartException e)
        {
            return new Outcome(ApiResults.Unavailable(e), "unavailable", StatusCodes.Status503ServiceUnavailable);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new Outcome(Results.Empty, "cancelled", 499);
        }
    }

    private static Outcome Answer(WorkerResult result, ServeOptions options, QueryLimits limits)
    {
        var seconds = options.QueryTimeoutSeconds;
        switch (result.End)
        {
            case WorkerEnd.Ok:
                var rows = result.Rows.GetArrayLength();
                var cut = result.Cut switch { "rows" => QueryCut.Rows, "bytes" => QueryCut.Bytes, _ => QueryCut.None };
                var response = new QueryResponse(result.Columns.Select(c => new QueryColumnInfo(c.Name, c.Type)).ToList(), result.Rows, rows,
                    cut != QueryCut.None, options.QueryRowCap, limits.MaxBytes, result.ElapsedMs,
                    QueryResult.NoteTextFor(cut, rows, limits.MaxBytes)?.Vi, QueryResult.NoteTextFor(cut, rows, limits.MaxBytes)?.En);
                return new Outcome(Results.Json(response), cut == QueryCut.None ? "ok" : "truncated", StatusCodes.Status200OK, rows);
            case WorkerEnd.Rejected:
                return Problem(StatusCodes.Status400BadRequest, "rejected", Refused,
                    Sentence(result.Said ?? new("DuckDB từ chối truy vấn", "DuckDB refused the query")));
            case WorkerEnd.TimeLimit:
                return Problem(StatusCodes.Status422UnprocessableEntity, "timeout", new("Truy vấn bị dừng ở giới hạn thời gian", "Query stopped at the time limit"), Message.Of(
                    $"Truy vấn chạy lâu hơn {seconds} giây nên đã bị dừng; hãy thu hẹp (lọc theo phường, xã/năm) hoặc gộp nhóm. " +
                    $"Giới hạn là QueryTimeoutSeconds = {seconds}.",
                    $"The query ran longer than {seconds} s and was stopped; narrow it (filter by ward/year) or aggregate. " +
                    $"The limit is QueryTimeoutSeconds = {seconds}."));
            case WorkerEnd.MemoryLimit:
                return Problem(StatusCodes.Status422UnprocessableEntity, "memory", new("Truy vấn bị dừng ở giới hạn bộ nhớ", "Query stopped at the memory limit"), Message.Of(
                    $"Truy vấn cần nhiều bộ nhớ hơn mức cho phép với truy vấn của cán bộ nên đã bị dừng; hãy thu hẹp (lọc theo phường, xã/năm), gộp nhóm, " +
                    $"hoặc chọn ít cột hơn. Giới hạn là QueryMemoryLimitMb = {options.QueryMemoryLimitMb} cho DuckDB và " +
                    $"QueryWorkerMemoryMb = {options.QueryWorkerMemoryMb} cho mọi thứ câu lệnh dùng.",
                    $"The query needed more memory than officers' queries may use and was stopped; narrow it (filter by ward/year), aggregate, " +
                    $"or select fewer columns. The limits are QueryMemoryLimitMb = {options.QueryMemoryLimitMb} for DuckDB and " +
                    $"QueryWorkerMemoryMb = {options.QueryWorkerMemoryMb} for everything the statement uses."));
            case WorkerEnd.Busy:
                return new Outcome(ApiResults.Busy(new MartBusyException(
                        result.Said ?? new("Kho dữ liệu đang được một tiến trình khác ghi.", "The mart is being written by another process."), TimeSpan.FromSeconds(5))),
                    "busy", StatusCodes.Status503ServiceUnavailable);
            case WorkerEnd.Cancelled:
                return new Outcome(Results.Empty, "cancelled", 499);
            case WorkerEnd.Crashed:
                return Problem(StatusCodes.Status422UnprocessableEntity, "crashed", new("Truy vấn làm dừng tiến trình chạy nó", "Query ended its worker"), Message.Of(
                    $"DuckDB đã dừng tiến trình chạy truy vấn này ({result.Message}). Dịch vụ và các truy vấn khác không bị ảnh hưởng; " +
                    $"truy vấn không được chạy lại. Nếu một truy vấn bình thường gây ra điều này, hãy báo quản trị viên (thời điểm có trong nhật ký của dịch vụ).",
                    $"DuckDB stopped the process running this query ({result.MessageEn ?? result.Message}). The service and other queries are not affected; " +
                    $"the query was not run again. If a plain query does this, tell the administrator (the time is in the service's log)."));
            default:
                return Problem(StatusCodes.Status422UnprocessableEntity, "failed", new("Truy vấn không chạy được", "Query failed"),
                    Sentence((result.Said ?? new("không rõ lý do", "no reason given")).After("truy vấn không chạy được: ", "the query failed: ")));
        }
    }

    /// <summary>Reads the JSON body, refusing more than <see cref="MaxBodyBytes"/> before it is all in memory.</summary>
    private static async Task<(string? Sql, Message? Problem)> ReadSql(HttpRequest request, CancellationToken ct)
    {
        var tooLong = Message.Of(
            $"Câu SQL dài hơn {MaxSqlBytes / 1024} KB. Hãy viết truy vấn ngắn hơn (một danh sách IN dài nên thay bằng phép nối với một bảng của kho dữ liệu).",
            $"The SQL is longer than {MaxSqlBytes / 1024} KB. Write a shorter query (a long IN list is better a join with a table of the mart).");
        if (request.ContentLength > MaxBodyBytes) return (null, tooLong);
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (body.Length + read > MaxBodyBytes) return (null, tooLong);
            body.Write(chunk, 0, read);
        }
        QueryRequest? parsed;
        try
        {
            parsed = body.Length == 0 ? null : JsonSerializer.Deserialize<QueryRequest>(body.GetBuffer().AsSpan(0, (int)body.Length), RequestJson);
        }
        catch (JsonException)
        {
            return (null, new("Nội dung phải là JSON với câu lệnh trong \"sql\", ví dụ {\"sql\": \"SELECT * FROM v_ward_year\"}.",
                              "The body must be JSON with the statement in \"sql\", e.g. {\"sql\": \"SELECT * FROM v_ward_year\"}."));
        }
        if (string.IsNullOrWhiteSpace(parsed?.Sql))
            return (parsed?.Sql, new("Câu SQL trống. Hãy gửi {\"sql\": \"SELECT …\"} với một truy vấn, ví dụ SELECT * FROM v_ward_year.",
                                     "The SQL is empty. Send {\"sql\": \"SELECT …\"} with one query, e.g. SELECT * FROM v_ward_year."));
        if (Encoding.UTF8.GetByteCount(parsed.Sql) > MaxSqlBytes) return (parsed.Sql, tooLong);
        return (parsed.Sql, null);
    }

    private static readonly Message Refused = new("Truy vấn bị từ chối", "Query refused");

    private static Outcome Problem(int status, string outcome, Message title, Message detail) =>
        new(ApiResults.Problem(status, title, detail), outcome, status);

    private static Message Sentence(Message text) => new(Sentence(text.Vi), Sentence(text.En));

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], System.Globalization.CultureInfo.InvariantCulture) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
