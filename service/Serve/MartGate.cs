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

    private readonly object _sync = new();
    private Mode _mode = Mode.Closed;
    private int _readers;
    private DuckDBConnection? _anchor;
    private long _writeStarted;
    private TimeSpan _expectedWrite = TimeSpan.FromSeconds(5);
    private bool _disposed;

    public string MartPath { get; } = Path.GetFullPath(martPath);
    public TimeSpan WriterPatience { get; } = writerPatience;
    public TimeSpan ReaderPatience { get; } = readerPatience;

    /// <summary>True while a job holds the mart for writing.</summary>
    public bool Writing
    {
        get { lock (_sync) return _mode == Mode.Writing; }
    }

    /// <summary>Runs our own (trusted, parameterised) SQL; works during writes too.</summary>
    public T Read<T>(Func<DuckDBConnection, T> work, CancellationToken cancellation = default)
    {
        DuckDBConnection connection;
        lock (_sync)
        {
            WaitToRead(lockedDown: false, cancellation);
            if (_mode == Mode.Closed)
            {
                _anchor = DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath);
                _mode = Mode.Reading;
            }
            // Both share the anchor's database instance: the read-only one is locked down, the writer's is not.
            connection = _mode == Mode.Reading ? DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath) : OpenOnWriter();
            _readers++;
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
        lock (_sync)
        {
            WaitToRead(lockedDown, cancellation);
            _readers++;
        }
    }

    private void Leave()
    {
        lock (_sync)
        {
            _readers--;
            Monitor.PulseAll(_sync);
        }
    }

    /// <summary>Waits (holding <see cref="_sync"/>) until a read may start; throws when it may not.</summary>
    private void WaitToRead(bool lockedDown, CancellationToken cancellation)
    {
        var deadline = Stopwatch.GetTimestamp();
        while (_mode == Mode.Switching || (lockedDown && _mode == Mode.Writing))
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // A write lasts longer than a reader should wait: say at once when to come back.
            if (lockedDown && _mode == Mode.Writing) throw Busy(Updated);
            cancellation.ThrowIfCancellationRequested();
            var left = ReaderPatience - Stopwatch.GetElapsedTime(deadline);
            if (left <= TimeSpan.Zero) throw Busy(Updated);
            Monitor.Wait(_sync, left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
        }
        ObjectDisposedException.ThrowIf(_disposed, this);
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
        lock (_sync)
        {
            while (_mode is Mode.Writing or Mode.Switching)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                if (Stopwatch.GetElapsedTime(started) > WriterPatience) throw Busy(new("đang bị một tác vụ khác giữ", "held by another job"));
                Monitor.Wait(_sync, TimeSpan.FromMilliseconds(200));
            }
            ObjectDisposedException.ThrowIf(_disposed, this);
            _mode = Mode.Switching;
            _writeStarted = Stopwatch.GetTimestamp();
            while (_readers > 0)
            {
                if (Stopwatch.GetElapsedTime(started) > WriterPatience || cancellation.IsCancellationRequested)
                {
                    _mode = _anchor is null ? Mode.Closed : Mode.Reading;
                    Monitor.PulseAll(_sync);
                    throw new MartBusyException($"{_readers} read(s) in this service did not finish within {WriterPatience.TotalSeconds:0} s; the write was put off", TimeSpan.Zero);
                }
                Monitor.Wait(_sync, TimeSpan.FromMilliseconds(100));
            }
            _anchor?.Dispose();
            _anchor = null;
        }

        DuckDBConnection writer;
        try
        {
            writer = OpenWriterPatiently(started, cancellation);
        }
        catch
        {
            lock (_sync)
            {
                _mode = Mode.Closed;
                Monitor.PulseAll(_sync);
            }
            throw;
        }
        lock (_sync)
        {
            _anchor = writer;
            _mode = Mode.Writing;
            Monitor.PulseAll(_sync);
        }
        var timer = Stopwatch.StartNew();
        try
        {
            return work(writer);
        }
        finally
        {
            lock (_sync)
            {
                _mode = Mode.Switching;
                // Reads running on the writer's instance must end before the instance goes: they are our own short queries.
                while (_readers > 0) Monitor.Wait(_sync, TimeSpan.FromMilliseconds(50));
                writer.Dispose();
                _anchor = null;
                _mode = Mode.Closed;
                _expectedWrite = TimeSpan.FromTicks((_expectedWrite.Ticks + timer.Elapsed.Ticks) / 2);
                Monitor.PulseAll(_sync);
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
        var left = _expectedWrite - Stopwatch.GetElapsedTime(_writeStarted);
        var retry = TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(left.TotalSeconds)));
        return new MartBusyException(Message.Of($"Kho dữ liệu {why.Vi}; hãy thử lại sau {retry.TotalSeconds:0} giây.",
                                                $"The mart is {why.En}; retry in {retry.TotalSeconds:0} s."), retry);
    }

    public void Dispose()
    {
        lock (_sync)
        {
            _disposed = true;
            if (_mode == Mode.Reading)
            {
                while (_readers > 0) Monitor.Wait(_sync, TimeSpan.FromMilliseconds(50));
                _anchor?.Dispose();
                _anchor = null;
                _mode = Mode.Closed;
            }
            Monitor.PulseAll(_sync);
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
