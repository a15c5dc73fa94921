using System.Diagnostics;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Serve;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

public sealed record QueryRequest(string? Sql);

public sealed record QueryColumnInfo(string Name, string Type);

/// <summary>A query's answer (snake_case in JSON, as everywhere in the API): at most <see cref="RowCap"/> rows; <see cref="Message"/> says when it was cut.</summary>
public sealed record QueryResponse(IReadOnlyList<QueryColumnInfo> Columns, IReadOnlyList<object?[]> Rows, int RowCount, bool Truncated,
    int RowCap, long ElapsedMs, string? Message);

/// <summary>
/// POST /api/query: one read-only SQL statement from an officer, with the row cap and time limit of
/// the service's options. A key for all wards runs it on the mart's locked-down read-only instance
/// (503 while a job writes); a key restricted to a ward runs it in that ward's sandbox, which holds
/// nothing of other wards (see <see cref="WardSandboxCache"/>).
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
        var sandboxes = new WardSandboxCache(gate, loggers.CreateLogger<WardSandboxCache>());
        services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopped.Register(sandboxes.Dispose);

        app.MapPost(Route, async (HttpContext http, ServeOptions options) =>
            {
                var caller = Caller.From(http.User);
                var started = Stopwatch.GetTimestamp();
                var (sql, problem) = await ReadSql(http.Request, http.RequestAborted);
                Outcome outcome;
                if (problem is not null)
                    outcome = new Outcome(Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "No usable SQL", detail: problem), "bad_request", StatusCodes.Status400BadRequest);
                else
                    outcome = await Run(http, caller, sql!, options, gate, sandboxes);
                audit.Query(caller, "POST " + Route, outcome.Name, outcome.Status, Stopwatch.GetElapsedTime(started), outcome.Rows, sql ?? "");
                return outcome.Result;
            })
            .RequireRole(Role.Officer)
            .WithName("RunQuery")
            .WithSummary("Run one read-only SQL query on the mart (a ward-restricted key: on its ward's rows only)")
            .WithDescription("Body {\"sql\": \"SELECT …\"}. Only queries run: no writes, files, extensions, settings or several statements. " +
                             "At most QueryRowCap rows come back (truncated = true says more existed); a query running longer than " +
                             "QueryTimeoutSeconds is stopped (422).")
            .WithTags("Query")
            .Accepts<QueryRequest>("application/json")
            .Produces<QueryResponse>()
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden,
                StatusCodes.Status404NotFound, StatusCodes.Status422UnprocessableEntity, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Outcome> Run(HttpContext http, Caller caller, string sql, ServeOptions options, MartGate gate, WardSandboxCache sandboxes)
    {
        var ct = http.RequestAborted;
        var limits = new QueryLimits(options.QueryRowCap, TimeSpan.FromSeconds(options.QueryTimeoutSeconds));
        try
        {
            var result = await Task.Run<QueryResult?>(() =>
            {
                if (caller.Ward is null) return gate.ReadLocked(c => QueryRunner.Run(c, sql, limits, ct), ct);
                using var lease = sandboxes.Acquire(caller.Ward, ct);
                return lease is null ? null : QueryRunner.Run(lease.Connection, sql, limits, ct);
            }, ct);
            if (result is null)
                return Problem(StatusCodes.Status404NotFound, "no_ward_data", "No data of this key's ward",
                    $"This key is restricted to ward {caller.Ward}, and the mart has no households of that ward yet. " +
                    "Upload its files first (POST /api/files), or ask the administrator to check the key's ward code.");
            var response = new QueryResponse(
                result.Columns.Select(c => new QueryColumnInfo(c.Name, c.Type)).ToList(), result.Rows, result.Rows.Count,
                result.Truncated, options.QueryRowCap, (long)result.Elapsed.TotalMilliseconds,
                result.Note);
            return new Outcome(Results.Json(response), result.Truncated ? "truncated" : "ok", StatusCodes.Status200OK, result.Rows.Count);
        }
        catch (QueryRejectedException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "rejected", "Query refused", Sentence(e.Message));
        }
        catch (QueryLimitException e)
        {
            return Problem(StatusCodes.Status422UnprocessableEntity, "timeout", "Query stopped at the time limit",
                Sentence(e.Message) + $" The limit is QueryTimeoutSeconds = {options.QueryTimeoutSeconds}.");
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
