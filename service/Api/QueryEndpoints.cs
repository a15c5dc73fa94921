using System.ComponentModel;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Worker;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace DiSu.Analytics.Service.Api;

/// <summary>The body of POST /api/query: one's own SQL, or the name of a saved query with its parameter values.</summary>
public sealed record QueryRequest(string? Sql, string? Saved = null, Dictionary<string, JsonElement>? Params = null);

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

    public static IEndpointRouteBuilder MapQueryApi(this IEndpointRouteBuilder app)
    {
        var services = app.ServiceProvider;
        var queries = services.GetRequiredService<OfficerQueries>();
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(services.GetRequiredService<WardSandboxCache>().Dispose);
        var options = services.GetRequiredService<ServeOptions>();

        app.MapPost(Route, async (HttpContext http, [Description("json (default), csv or xlsx: the same rows as a file to download.")] string? format) =>
            {
                var caller = Caller.From(http.User);
                var file = QueryFiles.Parse(format);
                var (request, problem) = await ReadRequest(http.Request, http.RequestAborted);
                QueryOutcome outcome;
                if (file is null)
                    outcome = queries.Refuse(caller, "POST " + Route, request?.Sql, StatusCodes.Status400BadRequest, new("Không có định dạng này", "Unknown format"),
                        Message.Of($"Không có định dạng '{Shorten(format!)}': dùng json (mặc định), csv hoặc xlsx.", $"Unknown format '{Shorten(format!)}': use json (the default), csv or xlsx."));
                else if (problem is not null)
                    outcome = queries.Refuse(caller, "POST " + Route, request?.Sql, StatusCodes.Status400BadRequest, new("Không có câu SQL dùng được", "No usable SQL"), problem);
                else if (request!.Saved is { } name)
                {
                    var saved = queries.FindSaved(name);
                    var values = Values(request.Params);
                    var (bound, bad) = saved is null ? (null, null) : OfficerQueries.Bind(saved, values);
                    outcome = saved is null
                        ? queries.Refuse(caller, "POST " + Route, null, StatusCodes.Status404NotFound, new("Không có truy vấn lưu sẵn này", "No such saved query"),
                            Message.Of($"Không có truy vấn lưu sẵn '{Shorten(name)}'; GET {SavedRoute} liệt kê các tên.", $"There is no saved query '{Shorten(name)}'; GET {SavedRoute} lists the names."))
                        : bad is not null
                            ? queries.Refuse(caller, "POST " + Route, saved.Sql, StatusCodes.Status400BadRequest, new("Tham số không hợp lệ", "Bad parameter"), bad)
                            : await queries.RunAsync(caller, "POST " + Route, saved.Sql, bound, http.RequestAborted, saved);
                }
                else
                    outcome = await queries.RunAsync(caller, "POST " + Route, request.Sql!, null, http.RequestAborted);
                return Result(outcome, file ?? QueryFile.Json);
            })
            .RequireRole(Role.Officer)
            .WithName("RunQuery")
            .WithSummary("Run one read-only SQL query, or a saved query, on the mart (a ward-restricted key: on its ward's rows only)")
            .WithDescription(Description(options))
            .WithTags("Query")
            .Accepts<QueryRequest>("application/json")
            .Produces<QueryResponse>()
            .Produces(StatusCodes.Status200OK, typeof(Stream), QueryFiles.CsvType, ReportEndpoints.XlsxType)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);

        app.MapGet(SavedRoute, () => Results.Json(queries.Saved.Select(q => new SavedQueryInfo(q.Name, q.DescriptionVi, q.Description,
                q.Parameters.Select(p => new SavedQueryParameter(p.Name, p.TypeName, p.Default, p.Description)).ToList()))))
            .RequireRole(Role.Officer)
            .WithName("ListSavedQueries")
            .WithSummary("The saved queries an officer can run with POST /api/query {\"saved\": NAME, \"params\": {…}}")
            .WithTags("Query")
            .Produces<IReadOnlyList<SavedQueryInfo>>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

        app.MapGet(HistoryRoute, (HttpContext http) => Results.Json(queries.History.Of(Caller.From(http.User))))
            .RequireRole(Role.Officer)
            .WithName("QueryHistory")
            .WithSummary("The signed-in person's own recent statements, newest first (kept in memory until a restart; an API key has none)")
            .WithTags("Query")
            .Produces<IReadOnlyList<QueryHistoryEntry>>()
            .ProducesProblems(StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);
        return app;
    }

    public const string HistoryRoute = "/api/query/history";

    public const string SavedRoute = "/api/query/saved";

    /// <summary>The answer of an outcome: the rows as JSON or as a file, or the problem in both languages.</summary>
    public static IResult Result(QueryOutcome outcome, QueryFile file)
    {
        if (outcome.Cancelled) return new StatusOnly(outcome.Status);
        if (outcome.Response is { } response)
            return file == QueryFile.Json ? Results.Json(response) : QueryFiles.Write(response, file);
        return outcome.RetryAfterSeconds is { } seconds
            ? ApiResults.Busy(new MartBusyException(outcome.Detail!, TimeSpan.FromSeconds(seconds)))
            : ApiResults.Problem(outcome.Status, outcome.Title!, outcome.Detail!);
    }

    private sealed class StatusOnly(int status) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            if (!http.Response.HasStarted) http.Response.StatusCode = status;
            return Task.CompletedTask;
        }
    }

    private static Dictionary<string, string> Values(Dictionary<string, JsonElement>? given) =>
        (given ?? []).ToDictionary(p => p.Key, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString()!,
            JsonValueKind.Null => "",
            _ => p.Value.GetRawText(),
        }, StringComparer.Ordinal);

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

    /// <summary>Reads the JSON body, refusing more than <see cref="MaxBodyBytes"/> before it is all in memory.</summary>
    private static async Task<(QueryRequest? Request, Message? Problem)> ReadRequest(HttpRequest request, CancellationToken ct)
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
        if (parsed?.Saved is not null)
            return string.IsNullOrWhiteSpace(parsed.Sql) ? (parsed, null)
                : (parsed, new("Hãy cho hoặc \"sql\" (câu SQL của bạn) hoặc \"saved\" (tên truy vấn lưu sẵn), không cả hai.",
                               "Give either \"sql\" (your own SQL) or \"saved\" (a saved query's name), not both."));
        if (parsed?.Params is { Count: > 0 })
            return (parsed, new("\"params\" chỉ đi cùng \"saved\"; trong câu SQL của bạn hãy viết giá trị thẳng vào truy vấn.",
                                "\"params\" goes with \"saved\"; in your own SQL write the values into the query."));
        if (string.IsNullOrWhiteSpace(parsed?.Sql))
            return (parsed, new("Câu SQL trống. Hãy gửi {\"sql\": \"SELECT …\"} với một truy vấn, ví dụ SELECT * FROM v_ward_year.",
                                "The SQL is empty. Send {\"sql\": \"SELECT …\"} with one query, e.g. SELECT * FROM v_ward_year."));
        if (Encoding.UTF8.GetByteCount(parsed.Sql) > MaxSqlBytes) return (parsed, tooLong);
        return (parsed, null);
    }

    // A value echoed in a message stays short: the message is for a person, not a mirror.
    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}

/// <summary>A saved query as GET /api/query/saved lists it.</summary>
public sealed record SavedQueryInfo(string Name, string DescriptionVi, string Description, IReadOnlyList<SavedQueryParameter> Parameters);

public sealed record SavedQueryParameter(string Name, string Type, string? Default, string Description);
