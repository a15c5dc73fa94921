using System.Globalization;
using System.Runtime.InteropServices;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Microsoft.Win32.SafeHandles;

namespace DiSu.Analytics.Service.Worker;

/// <summary>
/// The child side of a query worker: <c>disu __query-worker</c>, started by the service's
/// <see cref="QueryWorkerPool"/> and never by a person. It reads requests from standard input and
/// answers on a private copy of standard output, one statement at a time, each on a fresh DuckDB
/// instance (<see cref="LockedInstance"/>) that is closed afterwards, so nothing one statement does
/// to an instance reaches the next.
/// <para>
/// Before the first request it caps its own data memory (RLIMIT_DATA): DuckDB allocations beyond
/// it fail as DuckDB's "Out of Memory" error instead of growing the process. And it points file
/// descriptor 1 at standard error, so that anything native code prints cannot corrupt the answers.
/// </para>
/// </summary>
internal static class QueryWorkerHost
{
    public const string Verb = "__query-worker";

    /// <summary>The longest request taken (the SQL is capped far below, at the API).</summary>
    private const int MaxRequestBytes = 4 * 1024 * 1024;

    public static int Run(string[] args)
    {
        var settings = WorkerLaunch.Parse(args);
        using var replies = TakeStandardOutput();
        if (OperatingSystem.IsLinux()) LimitDataMemory(settings.MaxMemoryMb);
        using var requests = Console.OpenStandardInput();
        // The service starts its clock on a statement when it sends it: it waits for this first.
        WorkerFrames.WriteAsync(replies, new WorkerReply<object>(WorkerOutcomes.Ready, null, null, null, null, 0)).GetAwaiter().GetResult();
        while (true)
        {
            byte[]? frame;
            try
            {
                frame = WorkerFrames.ReadAsync(requests, MaxRequestBytes).GetAwaiter().GetResult();
            }
            catch (InvalidDataException)
            {
                return 1;
            }
            if (frame is null) return 0; // the service closed the pipe: its end of this worker
            var request = System.Text.Json.JsonSerializer.Deserialize<WorkerRequest>(frame, WorkerFrames.Json)!;
            var (reply, unsound) = Handle(request, settings);
            WorkerFrames.WriteAsync(replies, reply).GetAwaiter().GetResult();
            // After the .NET heap hit the cap this process may not be sound: the service starts another.
            if (unsound) return 3;
        }
    }

    /// <returns>The answer, and whether this process should end after sending it.</returns>
    private static (WorkerReply<IReadOnlyList<object?[]>> Reply, bool Unsound) Handle(WorkerRequest request, WorkerLaunch settings)
    {
        var started = Environment.TickCount64;
        (WorkerReply<IReadOnlyList<object?[]>>, bool) Reply(string outcome, DiSu.Analytics.Mart.Text.Message message, bool unsound = false) =>
            (new(outcome, message.Vi, null, null, null, Environment.TickCount64 - started, message.En), unsound);
        try
        {
            using var connection = LockedInstance.Open(request.File,
                new InstanceLimits(settings.MemoryLimitMb, settings.Threads, settings.TempDirectory, settings.TempLimitMb));
            var parameters = request.Parameters?.Select(p => new DuckDBParameter(p.Name, new Queries.QueryParameter(p.Name, p.Type, null, "").Convert(p.Value))).ToList();
            var result = QueryRunner.Run(connection, request.Sql,
                new QueryLimits(request.MaxRows, TimeSpan.FromMilliseconds(request.TimeoutMs), request.MaxBytes), parameters);
            return (new(WorkerOutcomes.Ok, null, result.Columns.Select(c => new WorkerColumn(c.Name, c.Type)).ToList(), result.Rows,
                result.Cut == QueryCut.None ? null : result.Cut.ToString().ToLowerInvariant(), (long)result.Elapsed.TotalMilliseconds), false);
        }
        catch (QueryLimitException e)
        {
            return Reply(e.Kind == QueryLimitKind.Memory ? WorkerOutcomes.MemoryLimit : WorkerOutcomes.TimeLimit, e.Text);
        }
        catch (QueryRejectedException e)
        {
            return Reply(WorkerOutcomes.Rejected, e.Text);
        }
        catch (MartLockedException e)
        {
            return Reply(WorkerOutcomes.Busy, e.Text);
        }
        catch (OutOfMemoryException)
        {
            return Reply(WorkerOutcomes.MemoryLimit, new("tiến trình chạy truy vấn hết bộ nhớ khi đọc kết quả", "the query worker ran out of memory while reading the result"), unsound: true);
        }
        catch (UsageException e)
        {
            // A parameter value the service let through and its type refuses (the service converts first, so only a crafted request).
            return Reply(WorkerOutcomes.Rejected, e.Text);
        }
        catch (Exception e) when (e is DuckDBException or MartException or IOException or InvalidOperationException)
        {
            var said = e.Said();
            return Reply(WorkerOutcomes.Failed, new(FirstLine(said.Vi), FirstLine(said.En)));
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();

    /// <summary>The answers' stream: a copy of file descriptor 1, which then points at standard error.</summary>
    private static Stream TakeStandardOutput()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS()) return Console.OpenStandardOutput();
        var copy = Dup(1);
        if (copy < 0 || Dup2(2, 1) < 0) throw new IOException($"the query worker could not set up its output (errno {Marshal.GetLastPInvokeError()})");
        return new FileStream(new SafeFileHandle(copy, ownsHandle: true), FileAccess.Write, 1);
    }

    private static void LimitDataMemory(int megabytes)
    {
        var bytes = (ulong)megabytes * 1024 * 1024;
        var limit = new RLimit { Current = bytes, Maximum = bytes };
        if (SetRLimit(RLimitData, ref limit) != 0)
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"query worker: could not cap its memory at {megabytes} MB (errno {Marshal.GetLastPInvokeError()}); the service's watchdog still does"));
    }

    private const int RLimitData = 2;

    [StructLayout(LayoutKind.Sequential)]
    private struct RLimit
    {
        public ulong Current;
        public ulong Maximum;
    }

    [DllImport("libc", EntryPoint = "setrlimit", SetLastError = true)]
    private static extern int SetRLimit(int resource, ref RLimit limit);

    [DllImport("libc", EntryPoint = "dup", SetLastError = true)]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2", SetLastError = true)]
    private static extern int Dup2(int fd, int target);
}

/// <summary>What a worker process is started with (command-line arguments), for every statement it runs.</summary>
internal sealed record WorkerLaunch(int MemoryLimitMb, int Threads, int MaxMemoryMb, string TempDirectory, int TempLimitMb)
{
    public IEnumerable<string> Arguments() =>
    [
        QueryWorkerHost.Verb,
        "--memory-limit-mb", Invariant(MemoryLimitMb), "--threads", Invariant(Threads), "--max-memory-mb", Invariant(MaxMemoryMb),
        "--temp-dir", TempDirectory, "--temp-limit-mb", Invariant(TempLimitMb),
    ];

    public static WorkerLaunch Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i]] = args[i + 1];
        int Number(string name) => int.Parse(values[name], CultureInfo.InvariantCulture);
        return new WorkerLaunch(Number("--memory-limit-mb"), Number("--threads"), Number("--max-memory-mb"), values["--temp-dir"], Number("--temp-limit-mb"));
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
