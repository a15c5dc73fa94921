using System.Diagnostics;
using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Queries;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Worker;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// How one officer's statement ended, for whoever shows it: the rows (<see cref="Response"/>), or a
/// problem (<see cref="Title"/>, <see cref="Detail"/>) with its HTTP status; <see cref="Name"/> is the audit's outcome.
/// </summary>
public sealed record QueryOutcome(string Name, int Status)
{
    public QueryResponse? Response { get; init; }
    public Message? Title { get; init; }
    public Message? Detail { get; init; }

    /// <summary>Seconds to wait before trying again (the mart is being written), else null.</summary>
    public int? RetryAfterSeconds { get; init; }

    /// <summary>The query was cancelled by its caller (the request ended): there is nobody to answer.</summary>
    public bool Cancelled => Status == StatusCodes.Status499ClientClosedRequest;
}

/// <summary>
/// The one way an officer's SQL runs over HTTP: <c>POST /api/query</c> (which the workbench page's
/// script calls) and the page's plain form without script both come here. The statement is checked
/// (<see cref="SqlPolicy"/>), then run in a query worker process (<see cref="QueryWorkerPool"/>),
/// never in the service: a caller of all wards on the mart file (503 while a job writes), a caller
/// restricted to a ward on that ward's sandbox, which holds nothing of other wards
/// (<see cref="WardSandboxCache"/>). Every run is audited with the person or key.
/// </summary>
public sealed class OfficerQueries(ServeOptions options, MartGate gate, QueryWorkerPool workers, WardSandboxCache sandboxes, Audit audit, QueryHistory history)
{
    /// <summary>Each person's recent statements (<see cref="QueryHistory"/>).</summary>
    public QueryHistory History => history;

    /// <summary>The repository's saved queries (embedded in the binary), which officers run by name with a form for their parameters.</summary>
    public IReadOnlyList<SavedQuery> Saved => QueryCatalogue.Embedded;

    public ServeOptions Options => options;

    public SavedQuery? FindSaved(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : Saved.FirstOrDefault(q => q.Name.Equals(name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs <paramref name="sql"/> for <paramref name="caller"/> and writes the audit line (endpoint = <paramref name="endpoint"/>).</summary>
    /// <param name="parameters">A saved query's parameter values, already checked against its declarations; null for one's own SQL.</param>
    /// <param name="saved">The saved query run (its SQL is <paramref name="sql"/>), for the person's history; null for one's own SQL.</param>
    public async Task<QueryOutcome> RunAsync(Caller caller, string endpoint, string sql, IReadOnlyList<WorkerParameter>? parameters, CancellationToken ct,
        SavedQuery? saved = null)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = await Run(caller, sql, parameters, ct);
        audit.Query(caller, endpoint, outcome.Name, outcome.Status, Stopwatch.GetElapsedTime(started), outcome.Response?.RowCount, sql);
        history.Add(caller, saved is null ? sql : null, saved?.Name, parameters?.ToDictionary(p => p.Name, p => p.Value, StringComparer.Ordinal), outcome);
        return outcome;
    }

    /// <summary>Audits a request refused before anything ran (no SQL, too long, a bad parameter).</summary>
    public QueryOutcome Refuse(Caller caller, string endpoint, string? sql, int status, Message title, Message detail)
    {
        audit.Query(caller, endpoint, status == StatusCodes.Status404NotFound ? "not_found" : "bad_request", status, TimeSpan.Zero, null, sql ?? "");
        return new QueryOutcome(status == StatusCodes.Status404NotFound ? "not_found" : "bad_request", status) { Title = title, Detail = detail };
    }

    /// <summary>
    /// A saved query's parameter values as the worker binds them: each converted here first, so a
    /// wrong value is the caller's 400 with the parameter's rule, and defaults filled in.
    /// </summary>
    public static (IReadOnlyList<WorkerParameter>? Values, Message? Problem) Bind(SavedQuery query, IReadOnlyDictionary<string, string> values)
    {
        try
        {
            _ = query.Bind(values); // unknown names, missing values and wrong types, each with its rule
            return (query.Parameters.Select(p => new WorkerParameter(p.Name, p.Type,
                values.TryGetValue(p.Name, out var given) ? given : p.Default!)).ToList(), null);
        }
        catch (UsageException e)
        {
            return (null, Sentence(e.Text));
        }
    }

    private async Task<QueryOutcome> Run(Caller caller, string sql, IReadOnlyList<WorkerParameter>? parameters, CancellationToken ct)
    {
        var limits = new QueryLimits(options.QueryRowCap, TimeSpan.FromSeconds(options.QueryTimeoutSeconds), options.QueryResponseLimitMb * 1024L * 1024);
        try
        {
            // Refused here, at once and without a worker, when it breaks the rules; the worker checks again.
            SqlPolicy.Require(sql);
            using var slot = await workers.AcquireAsync(ct);
            WorkerResult? result;
            if (caller.Ward is null)
                result = await gate.LendAsync(file => slot.RunAsync(file, sql, limits, ct, parameters), ct);
            else
            {
                using var lease = await Task.Run(() => sandboxes.Acquire(caller.Ward, ct), ct);
                result = lease is null ? null : await slot.RunAsync(lease.File, sql, limits, ct, parameters);
            }
            if (result is null)
                return Problem(StatusCodes.Status404NotFound, "no_ward_data", new("Chưa có dữ liệu của phường, xã của khóa này", "No data of this key's ward"), Message.Of(
                    $"Khóa này chỉ dùng cho phường, xã {caller.Ward}, và kho dữ liệu chưa có hộ nào của đơn vị đó. " +
                    $"Hãy tải các tệp lên trước (POST /api/files), hoặc nhờ quản trị viên kiểm tra mã phường, xã của khóa.",
                    $"This key is restricted to ward {caller.Ward}, and the mart has no households of that ward yet. " +
                    $"Upload its files first (POST /api/files), or ask the administrator to check the key's ward code."));
            return Answer(result, limits);
        }
        catch (QueryRejectedException e)
        {
            return Problem(StatusCodes.Status400BadRequest, "rejected", Refused, Sentence(e.Text));
        }
        catch (MartBusyException e)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(e.RetryAfter.TotalSeconds));
            return new QueryOutcome("busy", StatusCodes.Status503ServiceUnavailable)
            {
                Title = new("Kho dữ liệu đang bận", "The mart is busy"), Detail = e.Text, RetryAfterSeconds = seconds,
            };
        }
        catch (MartException e)
        {
            return Problem(StatusCodes.Status503ServiceUnavailable, "unavailable", new("Không đọc được kho dữ liệu", "The mart cannot be read"), e.Text);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return new QueryOutcome("cancelled", StatusCodes.Status499ClientClosedRequest);
        }
    }

    private QueryOutcome Answer(WorkerResult result, QueryLimits limits)
    {
        var seconds = options.QueryTimeoutSeconds;
        switch (result.End)
        {
            case WorkerEnd.Ok:
                var rows = result.Rows.GetArrayLength();
                var cut = result.Cut switch { "rows" => QueryCut.Rows, "bytes" => QueryCut.Bytes, _ => QueryCut.None };
                var note = QueryResult.NoteTextFor(cut, rows, limits.MaxBytes);
                var response = new QueryResponse(result.Columns.Select(c => new QueryColumnInfo(c.Name, c.Type)).ToList(), result.Rows, rows,
                    cut != QueryCut.None, options.QueryRowCap, limits.MaxBytes, result.ElapsedMs, note?.Vi, note?.En);
                return new QueryOutcome(cut == QueryCut.None ? "ok" : "truncated", StatusCodes.Status200OK) { Response = response };
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
                return new QueryOutcome("busy", StatusCodes.Status503ServiceUnavailable)
                {
                    Title = new("Kho dữ liệu đang bận", "The mart is busy"), RetryAfterSeconds = 5,
                    Detail = result.Said ?? new("Kho dữ liệu đang được một tiến trình khác ghi.", "The mart is being written by another process."),
                };
            case WorkerEnd.Cancelled:
                return new QueryOutcome("cancelled", StatusCodes.Status499ClientClosedRequest);
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

    private static readonly Message Refused = new("Truy vấn bị từ chối", "Query refused");

    private static QueryOutcome Problem(int status, string outcome, Message title, Message detail) =>
        new(outcome, status) { Title = title, Detail = detail };

    private static Message Sentence(Message text) => new(Sentence(text.Vi), Sentence(text.En));

    private static string Sentence(string text) =>
        text.Length == 0 ? text : char.ToUpper(text[0], CultureInfo.InvariantCulture) + text[1..] + (text.EndsWith('.') ? "" : ".");
}

public static class OfficerQueriesRegistration
{
    /// <summary>The runner of officers' SQL and the ward sandboxes it uses, one of each per service.</summary>
    public static IServiceCollection AddOfficerQueries(this IServiceCollection services)
    {
        services.AddSingleton(sp => new WardSandboxCache(sp.GetRequiredService<MartGate>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<WardSandboxCache>()));
        services.AddSingleton(sp => new OfficerQueries(sp.GetRequiredService<ServeOptions>(), sp.GetRequiredService<MartGate>(),
            sp.GetRequiredService<QueryWorkerPool>(), sp.GetRequiredService<WardSandboxCache>(),
            new Audit(sp.GetRequiredService<ILoggerFactory>(), sp.GetRequiredService<TimeProvider>()), new QueryHistory(sp.GetRequiredService<TimeProvider>())));
        return services;
    }
}
