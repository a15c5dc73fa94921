using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Service.Serve;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Worker;

/// <summary>What officers' SQL may take, as the service's options set it (see <see cref="ServeOptions"/>).</summary>
public sealed record QueryWorkerLimits(int Workers, int Threads, int MemoryLimitMb, int WorkerMemoryMb, int TempLimitMb, TimeSpan Queue)
{
    /// <summary>How long past a statement's time limit the worker has to stop it itself before it is killed.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(2);

    /// <summary>A worker is replaced after this many statements, whatever happened.</summary>
    public const int StatementsPerWorker = 200;

    public static QueryWorkerLimits From(ServeOptions options) => new(options.QueryWorkers, options.QueryThreads, options.QueryMemoryLimitMb,
        options.QueryWorkerMemoryMb, options.QueryTempLimitMb, TimeSpan.FromSeconds(options.QueryQueueSeconds));
}

/// <summary>
/// Runs officers' SQL in child processes (<see cref="QueryWorker"/>), never in the service: at most
/// <see cref="QueryWorkerLimits.Workers"/> statements at once, each in a worker with its own DuckDB
/// instance, memory budget, thread count and spill folder, at a lower processor priority. Whatever
/// a statement does — exhaust its memory, run a function DuckDB cannot interrupt, crash DuckDB — ends
/// in that worker; the service's own reads, its jobs and <c>/health</c> do not share anything with it
/// but the mart file, which workers open read-only. Workers start when first needed and are kept for
/// the next statement unless they were stopped or ran into a limit.
/// </summary>
public sealed class QueryWorkerPool(QueryWorkerLimits limits, ILogger<QueryWorkerPool> log) : IDisposable
{
    private readonly SemaphoreSlim slots = new(limits.Workers, limits.Workers);
    private readonly Lock sync = new();
    private readonly Stack<QueryWorker> idle = new();
    private readonly HashSet<QueryWorker> live = [];
    private bool disposed;
    private long replaced;

    public QueryWorkerLimits Limits { get; } = limits;

    /// <summary>Workers replaced so far because a statement ran into a limit, was killed by the watchdog, or the worker died.</summary>
    public long Stopped => Interlocked.Read(ref replaced);

    /// <summary>The process ids of the workers now running, idle or at work.</summary>
    public IReadOnlyList<int> Processes
    {
        get { lock (sync) return live.Select(w => w.Id).ToList(); }
    }

    /// <summary>
    /// Waits for a free worker slot. Taken before the mart file is lent (<see cref="MartGate.LendAsync{T}"/>),
    /// so a statement queued here is not yet a read that a load waits for.
    /// </summary>
    /// <exception cref="MartBusyException">Every worker stayed busy for <see cref="QueryWorkerLimits.Queue"/>.</exception>
    public async Task<Slot> AcquireAsync(CancellationToken ct)
    {
        if (!await slots.WaitAsync(Limits.Queue, ct))
            throw new MartBusyException(DiSu.Analytics.Mart.Text.Message.Of(
                $"Cả {Limits.Workers} tiến trình chạy truy vấn đều đang bận với truy vấn của cán bộ khác; hãy thử lại sau {Math.Max(1, (int)Limits.Queue.TotalSeconds)} giây.",
                $"All {Limits.Workers} query workers are busy with other officers' queries; retry in {Math.Max(1, (int)Limits.Queue.TotalSeconds)} s."),
                Limits.Queue > TimeSpan.FromSeconds(1) ? Limits.Queue : TimeSpan.FromSeconds(1));
        return new Slot(this);
    }

    /// <summary>The right to run one statement in a worker; disposing gives the slot back.</summary>
    public sealed class Slot(QueryWorkerPool pool) : IDisposable
    {
        private int released;

        internal Task<WorkerResult> RunAsync(string file, string sql, QueryLimits query, CancellationToken ct, IReadOnlyList<WorkerParameter>? parameters = null) =>
            pool.RunAsync(file, sql, query, parameters, ct);

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0) pool.slots.Release();
        }
    }

    private async Task<WorkerResult> RunAsync(string file, string sql, QueryLimits query, IReadOnlyList<WorkerParameter>? parameters, CancellationToken ct)
    {
        QueryWorker? worker = null;
        try
        {
            worker = await TakeAsync();
            var request = new WorkerRequest(file, sql, query.MaxRows, query.MaxBytes, (int)query.Timeout.TotalMilliseconds, parameters);
            var result = await worker.RunAsync(request, query.Timeout + QueryWorkerLimits.Grace, Limits.WorkerMemoryMb * 1024L * 1024,
                query.MaxBytes + 1024 * 1024, ct);
            if (!worker.Sound && result.End is not (WorkerEnd.Ok or WorkerEnd.Rejected)) Interlocked.Increment(ref replaced);
            return result;
        }
        finally
        {
            if (worker is not null) Give(worker);
        }
    }

    private async Task<QueryWorker> TakeAsync()
    {
        lock (sync)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            while (idle.TryPop(out var ready))
            {
                if (ready.Sound) return ready;
                live.Remove(ready);
                ready.Dispose(); // died while idle
            }
        }
        // Its spill folder: private, and removed with the worker (or by the next start-up's sweep).
        var folder = SandboxFolders.Create();
        try
        {
            var worker = await QueryWorker.StartAsync(new WorkerLaunch(Limits.MemoryLimitMb, Limits.Threads, Limits.WorkerMemoryMb, folder, Limits.TempLimitMb), log);
            lock (sync) live.Add(worker);
            return worker;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            SandboxFolders.Delete(folder);
            log.LogError(e, "Could not start a query worker");
            throw new MartException(
                $"Hiện không chạy được SQL của cán bộ: tiến trình chạy truy vấn không khởi động được ({e.Message}). Quản trị viên xem lý do trong nhật ký của dịch vụ.",
                $"Officers' SQL cannot run now: the query worker process did not start ({e.Message}). The administrator finds the reason in the service's log.", e);
        }
    }

    private void Give(QueryWorker worker)
    {
        lock (sync)
        {
            if (!disposed && worker.Sound && worker.Statements < QueryWorkerLimits.StatementsPerWorker)
            {
                idle.Push(worker);
                return;
            }
            live.Remove(worker);
        }
        worker.Dispose();
    }

    public void Dispose()
    {
        List<QueryWorker> workers;
        lock (sync)
        {
            if (disposed) return;
            disposed = true;
            workers = [.. idle];
            idle.Clear();
            live.ExceptWith(workers);
        }
        // Workers at work are disposed when their statement returns (Give).
        foreach (var worker in workers) worker.Dispose();
    }
}
