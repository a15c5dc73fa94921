using System.Diagnostics;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// The one door to the mart inside `disu serve`. DuckDB lets one process hold a file read-write,
/// and a process must not hold it read-only and read-write at once; so the service reads through a
/// locked-down read-only instance and, for a job that writes, closes it and opens the file
/// read-write until the job is done.
/// <list type="bullet">
/// <item>Reads of our own SQL (<see cref="Read{T}"/>) keep working during a write: they run on the
/// writer's instance and see the data as committed before the write (DuckDB's MVCC).</item>
/// <item>Officers' SQL runs in worker processes that open the file read-only themselves; the gate
/// lends them the file (<see cref="LendAsync{T}"/>) as a read that a writer waits for. During a
/// write it gets <see cref="MartBusyException"/> with an estimate of when to retry.</item>
/// <item>A writer waits at most <see cref="WriterPatience"/> for readers, here or in other processes,
/// to let go; then it gives up with <see cref="MartBusyException"/> and the job is deferred.</item>
/// <item>Nothing waits forever: a read waits at most <see cref="ReaderPatience"/> for the mart to change hands
/// (officers' SQL does not wait for a write at all).</item>
/// </list>
/// Waiting is measured on the real clock (the threads really wait); <paramref name="clock"/> stamps what the mart records.
/// </summary>
public sealed class MartGate(string martPath, TimeProvider clock, TimeSpan writerPatience, TimeSpan readerPatience, ILogger<MartGate> log,
    string memoryLimit = DiSu.Analytics.Mart.Mart.DefaultMemoryLimit) : IDisposable
{
    private enum Mode { Closed, Reading, Switching, Writing }

    private readonly object sync = new();
    private Mode mode = Mode.Closed;
    private int readers;
    private DuckDBConnection? anchor;
    private long writeStarted;
    private TimeSpan expectedWrite = TimeSpan.FromSeconds(5);
    private bool disposed;
    private long generation;

    public string MartPath { get; } = Path.GetFullPath(martPath);
    public TimeSpan WriterPatience { get; } = writerPatience;
    public TimeSpan ReaderPatience { get; } = readerPatience;

    /// <summary>
    /// Changes when a write starts and when it ends: what was read under one value may be kept and
    /// served again while the value holds (<see cref="Web.PageCache"/>).
    /// </summary>
    public long Generation => Interlocked.Read(ref generation);

    /// <summary>True while a job holds the mart for writing.</summary>
    public bool Writing
    {
        get { lock (sync) return mode == Mode.Writing; }
    }

    /// <summary>Runs our own (trusted, parameterised) SQL; works during writes too.</summary>
    public T Read<T>(Func<DuckDBConnection, T> work, CancellationToken cancellation = default)
    {
        DuckDBConnection connection;
        lock (sync)
        {
            WaitToRead(lockedDown: false, cancellation);
            if (mode == Mode.Closed)
            {
                anchor = DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath);
                mode = Mode.Reading;
            }
            // Both share the anchor's database instance: the read-only one is locked down, the writer's is not.
            connection = mode == Mode.Reading ? DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath) : OpenOnWriter();
            readers++;
        }
        try
        {
            return work(connection);
        }
        finally
        {
            connection.Dispose();
            Leave();
        }
    }

    /// <summary>
    /// Lends the mart file to another process (a query worker) for reading: counted as a read, so a
    /// writer waits for it, and refused at once (retry later) while a job writes.
    /// </summary>
    public async Task<T> LendAsync<T>(Func<string, Task<T>> work, CancellationToken cancellation = default)
    {
        Admit(lockedDown: true, cancellation);
        try
        {
            return await work(MartPath);
        }
        finally
        {
            Leave();
        }
    }

    private void Admit(bool lockedDown, CancellationToken cancellation)
    {
        lock (sync)
        {
            WaitToRead(lockedDown, cancellation);
            readers++;
        }
    }

    private void Leave()
    {
        lock (sync)
        {
            readers--;
            Monitor.PulseAll(sync);
        }
    }

    /// <summary>Waits (holding <see cref="sync"/>) until a read may start; throws when it may not.</summary>
    private void WaitToRead(bool lockedDown, CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (mode == Mode.Switching || (lockedDown && mode == Mode.Writing))
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            // A write lasts longer than a reader should wait: say at once when to come back.
            if (lockedDown && mode == Mode.Writing) throw Busy(Updated);
            cancellation.ThrowIfCancellationRequested();
            var left = ReaderPatience - Stopwatch.GetElapsedTime(deadline);
            if (left <= TimeSpan.Zero) throw Busy(Updated);
            Monitor.Wait(sync, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
        ObjectDisposedException.ThrowIf(disposed, this);
    }

    private DuckDBConnection OpenOnWriter()
    {
        var connection = new DuckDBConnection($"Data Source={MartPath}");
        connection.Open();
        return connection;
    }

    /// <summary>
    /// Runs <paramref name="work"/> holding the mart read-write. Throws <see cref="MartBusyException"/>
    /// when readers do not let go within <see cref="WriterPatience"/>; the mart is then untouched.
    /// </summary>
    public T Write<T>(Func<DuckDBConnection, T> work, CancellationToken cancellation = default)
    {
        var started = Stopwatch.GetTimestamp();
        lock (sync)
        {
            while (mode is Mode.Writing or Mode.Switching)
            {
                ObjectDisposedException.ThrowIf(disposed, this);
                if (Stopwatch.GetElapsedTime(started) > WriterPatience) throw Busy(new("đang bị một tác vụ khác giữ", "held by another job"));
                Monitor.Wait(sync, TimeSpan.FromMilliseconds(200));
            }
            ObjectDisposedException.ThrowIf(disposed, this);
            mode = Mode.Switching;
            writeStarted = Stopwatch.GetTimestamp();
            while (readers > 0)
            {
                if (Stopwatch.GetElapsedTime(started) > WriterPatience || cancellation.IsCancellationRequested)
                {
                    mode = anchor is null ? Mode.Closed : Mode.Reading;
                    Monitor.PulseAll(sync);
                    throw new MartBusyException($"{readers} read(s) in this service did not finish within {WriterPatience.TotalSeconds:0} s; the write was put off", TimeSpan.Zero);
                }
                Monitor.Wait(sync, TimeSpan.FromMilliseconds(100));
            }
            anchor?.Dispose();
            anchor = null;
        }

        DuckDBConnection writer;
        try
        {
            writer = OpenWriterPatiently(started, cancellation);
        }
        catch
        {
            lock (sync)
            {
                mode = Mode.Closed;
                Monitor.PulseAll(sync);
            }
            throw;
        }
        lock (sync)
        {
            anchor = writer;
            mode = Mode.Writing;
            Interlocked.Increment(ref generation);
            Monitor.PulseAll(sync);
        }
        var timer = Stopwatch.StartNew();
        try
        {
            return work(writer);
        }
        finally
        {
            lock (sync)
            {
                mode = Mode.Switching;
                // Reads running on the writer's instance must end before the instance goes: they are our own short queries.
                while (readers > 0) Monitor.Wait(sync, TimeSpan.FromMilliseconds(50));
                writer.Dispose();
                anchor = null;
                mode = Mode.Closed;
                Interlocked.Increment(ref generation);
                expectedWrite = TimeSpan.FromTicks((expectedWrite.Ticks + timer.Elapsed.Ticks) / 2);
                Monitor.PulseAll(sync);
            }
        }
    }

    public void Write(Action<DuckDBConnection> work, CancellationToken cancellation = default) =>
        Write<bool>(c => { work(c); return true; }, cancellation);

    private DuckDBConnection OpenWriterPatiently(long started, CancellationToken cancellation)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (true)
        {
            try
            {
                return DiSu.Analytics.Mart.Mart.OpenReadWrite(MartPath, clock, memoryLimit);
            }
            catch (MartLockedException e)
            {
                // Another process reads (e.g. an officer's `disu sql`): wait for it, but not forever.
                if (Stopwatch.GetElapsedTime(started) + delay > WriterPatience || cancellation.IsCancellationRequested)
                    throw new MartBusyException($"another process holds the mart ({e.Message.Split(". ")[0]}); the write was put off", TimeSpan.Zero, e);
                log.LogInformation("Mart held by another process; retrying in {DelayMs} ms", (int)delay.TotalMilliseconds);
                Thread.Sleep(delay);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private static readonly Message Updated = new("đang được một tác vụ cập nhật", "being updated by a job");

    private MartBusyException Busy(Message why)
    {
        // Retry after the rest of the current write, as long as writes have lately taken (at least 1 s).
        var left = expectedWrite - Stopwatch.GetElapsedTime(writeStarted);
        var retry = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(left.TotalSeconds)));
        return new MartBusyException(Message.Of($"Kho dữ liệu {why.Vi}; hãy thử lại sau {retry.TotalSeconds:0} giây.",
                                                $"The mart is {why.En}; retry in {retry.TotalSeconds:0} s."), retry);
    }

    public void Dispose()
    {
        lock (sync)
        {
            disposed = true;
            if (mode == Mode.Reading)
            {
                while (readers > 0) Monitor.Wait(sync, TimeSpan.FromMilliseconds(50));
                anchor?.Dispose();
                anchor = null;
                mode = Mode.Closed;
            }
            Monitor.PulseAll(sync);
        }
    }
}

/// <summary>The mart is changing hands; <see cref="RetryAfter"/> says when to ask again (zero: the next scheduled run).</summary>
public sealed class MartBusyException(Message text, TimeSpan retryAfter, Exception? inner = null) : MartException(text, inner)
{
    /// <summary>A reason that reads the same in both languages (passed on as it came).</summary>
    public MartBusyException(string message, TimeSpan retryAfter, Exception? inner = null)
        : this(DiSu.Analytics.Mart.Text.Message.Same(message), retryAfter, inner) { }

    public TimeSpan RetryAfter { get; } = retryAfter;
}
