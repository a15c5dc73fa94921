using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
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
public sealed record QueryResponse(IReadOnlyList<QueryColumnInfo> Columns, JsonElement Rows, int RowCount, bool Truncated,
    int RowCap, long ResponseLimitBytes, long ElapsedMs, string? Message);

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
                    outcome = new Outcome(Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No usable SQL", detail: problem), "bad_request", StatusCodes.Status400BadRequest);
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
                return Problem(StatusCodes.Status404NotFound, "no_ward_data", "No data of this key's ward",
                    $"This key is restricted to ward {caller.Ward}, and the mart has no households of that ward yet. " +
                    "Upload its files first (POST /api/files), or ask the administrator to check the key's ward code.");
            return Answer(result, options, limits);
        }
        catch (QueryRejectedException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "rejected", "Query refused", Sentence(e.Message));
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
                    cut != QueryCut.None, options.QueryRowCap, limits.MaxBytes, result.ElapsedMs, QueryResult.NoteFor(cut, rows, limits.MaxBytes));
                return new Outcome(Results.Json(response), cut == QueryCut.None ? "ok" : "truncated", StatusCodes.Status200OK, rows);
            case WorkerEnd.Rejected:
                return Problem(StatusCodes.Status400BadRequest, "rejected", "Query refused", Sentence(result.Message ?? "DuckDB refused the query"));
            case WorkerEnd.TimeLimit:
                return Problem(StatusCodes.Status422UnprocessableEntity, "timeout", "Query stopped at the time limit",
                    $"The query ran longer than {seconds} s and was stopped; narrow it (filter by ward/year) or aggregate. " +
                    $"The limit is QueryTimeoutSeconds = {seconds}.");
            case WorkerEnd.MemoryLimit:
                return Problem(StatusCodes.Status422UnprocessableEntity, "memory", "Query stopped at the memory limit",
                    "The query needed more memory than officers' queries may use and was stopped; narrow it (filter by ward/year), aggregate, " +
                    $"or select fewer columns. The limits are QueryMemoryLimitMb = {options.QueryMemoryLimitMb} for DuckDB and " +
                    $"QueryWorkerMemoryMb = {options.QueryWorkerMemoryMb} for everything the statement uses.");
            case WorkerEnd.Busy:
                return new Outcome(ApiResults.Busy(new MartBusyException(result.Message ?? "The mart is being written by another process.", TimeSpan.FromSeconds(5))),
                    "busy", StatusCodes.Status503ServiceUnavailable);
            case WorkerEnd.Cancelled:
                return new Outcome(Results.Empty, "cancelled", 499);
            case WorkerEnd.Crashed:
                return Problem(StatusCodes.Status422UnprocessableEntity, "crashed", "Query ended its worker",
                    $"DuckDB stopped the process running this query ({result.Message}). The service and other queries are not affected; " +
                    "the query was not run again. If a plain query does this, tell the administrator (the time is in the service's log).");
            default:
                return Problem(StatusCodes.Status422UnprocessableEntity, "failed", "Query failed",
                    Sentence("the query failed: " + (result.Message ?? "no reason given")));
        }
    }

    /// <summary>Reads the JSON body, refusing more than <see cref="MaxBodyBytes"/> before it is all in memory.</summary>
    private static async Task<(string? Sql, string? Problem)> ReadSql(HttpRequest request, CancellationToken ct)
    {
        var tooLong = $"The SQL is longer than {MaxSqlBytes / 1024} KB. Write a shorter query (a long IN list is better a join with a table of the mart).";
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
            return (null, "The body must be JSON with the statement in \"sql\", e.g. {\"sql\": \"SELECT * FROM v_ward_year\"}.");
        }
        if (string.IsNullOrWhiteSpace(parsed?.Sql))
            return (parsed?.Sql, "The SQL is empty. Send {\"sql\": \"SELECT …\"} with one query, e.g. SELECT * FROM v_ward_year.");
        if (Encoding.UTF8.GetByteCount(parsed.Sql) > MaxSqlBytes) return (parsed.Sql, tooLong);
        return (parsed.Sql, null);
    }

    private static Outcome Problem(int status, string outcome, string title, string detail) =>
        new(Results.Problem(statusCode: status, title: title, detail: detail), outcome, status);

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..] + (text.EndsWith('.') ? "" : ".");
}
