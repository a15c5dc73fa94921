using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Worker;

/// <summary>How a statement ended in a worker, as the service sees it (the worker may also have been killed).</summary>
internal enum WorkerEnd { Ok, Rejected, TimeLimit, MemoryLimit, Busy, Failed, Crashed, Cancelled }

/// <summary>A statement's result from a worker; <see cref="Rows"/> is the JSON array of rows.</summary>
internal sealed record WorkerResult(WorkerEnd End, string? Message, IReadOnlyList<WorkerColumn> Columns, JsonElement Rows,
    string? Cut, long ElapsedMs, long PeakMemoryBytes)
{
    /// <summary>The worker's message in English (<see cref="Message"/> is the Vietnamese).</summary>
    public string? MessageEn { get; init; }

    /// <summary>The message in both languages, or null.</summary>
    public DiSu.Analytics.Mart.Text.Message? Said => Message is null ? null : new(Message, MessageEn ?? Message);
}

/// <summary>
/// One `disu __query-worker` child process, seen from the service: it sends a statement and waits for
/// the answer while a watchdog polls the child's resident memory and the clock. Past the memory cap,
/// past the time limit plus a grace for the worker's own interrupt, or when the caller gives up, the
/// child is killed — a function DuckDB cannot interrupt, or memory it allocates outside its budget,
/// ends with the child and never reaches the service.
/// </summary>
internal sealed partial class QueryWorker : IDisposable
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(25);

    private readonly Process process;
    private readonly Stream requests;
    private readonly Stream replies;
    private readonly ILogger log;
    private readonly string folder;
    private bool dead;

    private QueryWorker(Process process, string folder, ILogger log)
    {
        this.process = process;
        this.folder = folder;
        this.log = log;
        requests = process.StandardInput.BaseStream;
        replies = process.StandardOutput.BaseStream;
    }

    public int Id => process.Id;

    /// <summary>Statements run so far; the pool retires a worker after a number of them.</summary>
    public int Statements { get; private set; }

    /// <summary>False once the child was killed, died or failed in a way that leaves it unsure.</summary>
    public bool Sound => !dead && !process.HasExited;

    /// <summary>How long a new worker may take to say it is ready (the .NET runtime and DuckDB loading, on a busy machine).</summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(60);

    /// <summary>Starts a worker and waits until it is ready for a statement.</summary>
    /// <exception cref="InvalidOperationException">It did not start or did not get ready.</exception>
    public static async Task<QueryWorker> StartAsync(WorkerLaunch launch, ILogger log)
    {
        var (program, prefix) = Program();
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in prefix.Concat(launch.Arguments())) start.ArgumentList.Add(argument);
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start");
        try
        {
            // Officers' statements yield the processor to the service's own work (leaders' reports, loads).
            process.PriorityClass = ProcessPriorityClass.BelowNormal;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or PlatformNotSupportedException)
        {
            log.LogDebug("Could not lower the query worker's priority: {Reason}", e.Message);
        }
        var worker = new QueryWorker(process, launch.TempDirectory, log);
        process.ErrorDataReceived += (_, e) => worker.OnError(e.Data);
        process.BeginErrorReadLine();
        var watch = Stopwatch.StartNew();
        var ready = WorkerFrames.ReadAsync(worker.replies, 4096, CancellationToken.None);
        if (await Task.WhenAny(ready, Task.Delay(StartLimit)) != ready || await Ready(ready) is false)
        {
            worker.Kill("it did not get ready");
            worker.Dispose();
            throw new InvalidOperationException($"the query worker did not get ready within {StartLimit.TotalSeconds:0} s");
        }
        log.LogInformation("Started query worker {Pid} in {StartMs} ms", process.Id, (long)watch.Elapsed.TotalMilliseconds);
        return worker;
    }

    private static async Task<bool> Ready(Task<byte[]?> frame)
    {
        try
        {
            return await frame is { } body
                && JsonSerializer.Deserialize<WorkerReply<JsonElement>>(body, WorkerFrames.Json)?.Outcome == WorkerOutcomes.Ready;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or JsonException)
        {
            return false;
        }
    }

    /// <summary>
    /// Runs one statement. <paramref name="hardLimit"/> is the statement's time limit plus the grace the
    /// worker gets to stop it itself; <paramref name="maxMemoryBytes"/> caps the child's resident memory.
    /// </summary>
    public async Task<WorkerResult> RunAsync(WorkerRequest request, TimeSpan hardLimit, long maxMemoryBytes, long maxReplyBytes, CancellationToken ct)
    {
        Statements++;
        var watch = Stopwatch.StartNew();
        long peak = 0;
        try
        {
            await WorkerFrames.WriteAsync(requests, request, CancellationToken.None);
        }
        catch (IOException)
        {
            return Crashed(watch, peak);
        }
        // Not cancelled by ct: a cancelled read would leave half a message in the pipe. The child is killed instead.
        var read = WorkerFrames.ReadAsync(replies, maxReplyBytes, CancellationToken.None);
        while (!read.IsCompleted)
        {
            await Task.WhenAny(read, Task.Delay(Poll, CancellationToken.None));
            if (read.IsCompleted) break;
            peak = Math.Max(peak, ResidentBytes());
            if (peak > maxMemoryBytes)
                return Killed(WorkerEnd.MemoryLimit, string.Create(CultureInfo.InvariantCulture, $"it used {peak / (1024 * 1024)} MB, above its cap"), watch, peak);
            if (watch.Elapsed > hardLimit)
                return Killed(WorkerEnd.TimeLimit, string.Create(CultureInfo.InvariantCulture,
                    $"its statement ran {watch.Elapsed.TotalSeconds:0.0} s, past the time limit and its grace"), watch, peak);
            if (ct.IsCancellationRequested)
                return Killed(WorkerEnd.Cancelled, "cancelled by the caller", watch, peak);
        }
        byte[]? frame;
        try
        {
            frame = await read;
        }
        catch (InvalidDataException e)
        {
            Kill($"its answer was malformed or too large ({e.Message})");
            return new WorkerResult(WorkerEnd.Failed, "câu trả lời lớn hơn mức dịch vụ nhận", [], Empty, null, Ms(watch), peak)
                { MessageEn = "the answer was larger than the service accepts" };
        }
        catch (IOException)
        {
            frame = null;
        }
        if (frame is null) return Crashed(watch, peak);
        return Parse(frame, peak);
    }

    private WorkerResult Parse(byte[] frame, long peak)
    {
        var reply = JsonSerializer.Deserialize<WorkerReply<JsonElement>>(frame, WorkerFrames.Json)
            ?? throw new InvalidDataException("an empty answer from the query worker");
        var end = reply.Outcome switch
        {
            WorkerOutcomes.Ok => WorkerEnd.Ok,
            WorkerOutcomes.Rejected => WorkerEnd.Rejected,
            WorkerOutcomes.TimeLimit => WorkerEnd.TimeLimit,
            WorkerOutcomes.MemoryLimit => WorkerEnd.MemoryLimit,
            WorkerOutcomes.Busy => WorkerEnd.Busy,
            _ => WorkerEnd.Failed,
        };
        // A statement that ran into a limit may leave the child holding memory: it is not given another.
        if (end is WorkerEnd.TimeLimit or WorkerEnd.MemoryLimit or WorkerEnd.Failed) Retire();
        return new WorkerResult(end, reply.Message, reply.Columns ?? [], reply.Rows.ValueKind == JsonValueKind.Array ? reply.Rows : Empty,
            reply.Cut, reply.ElapsedMs, peak) { MessageEn = reply.MessageEn };
    }

    private WorkerResult Killed(WorkerEnd end, string why, Stopwatch watch, long peak)
    {
        Kill(why);
        return new WorkerResult(end, null, [], Empty, null, Ms(watch), peak);
    }

    private WorkerResult Crashed(Stopwatch watch, long peak)
    {
        dead = true;
        var code = process.WaitForExit(2000) ? process.ExitCode : (int?)null;
        var signal = code is > 128 and < 160 ? $", signal {code - 128}" : "";
        log.LogWarning("Query worker {Pid} ended during a statement (exit code {ExitCode}{Signal})", process.Id, code, signal);
        return new WorkerResult(WorkerEnd.Crashed, code is null ? "it stopped answering" : $"it ended with exit code {code}{signal}", [], Empty, null, Ms(watch), peak);
    }

    private void Kill(string why)
    {
        if (dead) return;
        dead = true;
        log.LogWarning("Stopped query worker {Pid}: {Reason}", process.Id, why);
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // It ended by itself meanwhile.
        }
    }

    /// <summary>Ends the child after its current work: the pool starts a fresh one when needed.</summary>
    public void Retire() => dead = true;

    /// <summary>The child's resident memory, from /proc on Linux (cheap enough to read every poll).</summary>
    private long ResidentBytes()
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                var statm = File.ReadAllText($"/proc/{process.Id}/statm");
                var fields = statm.Split(' ');
                return long.Parse(fields[1], CultureInfo.InvariantCulture) * Environment.SystemPageSize;
            }
            process.Refresh();
            return process.WorkingSet64;
        }
        catch (Exception e) when (e is IOException or FormatException or InvalidOperationException or UnauthorizedAccessException)
        {
            return 0; // it has just ended: the read of its answer says so
        }
    }

    private void OnError(string? line)
    {
        if (string.IsNullOrWhiteSpace(line)) return;
        // Native code may print what it was working on: keep the log free of the statement's literals.
        var masked = Quoted().Replace(line, "'…'");
        log.LogWarning("Query worker {Pid} wrote: {Line}", process.Id, masked.Length <= 200 ? masked : masked[..200] + "…");
    }

    [GeneratedRegex("'[^']*'|\"[^\"]*\"")]
    private static partial Regex Quoted();

    private static long Ms(Stopwatch watch) => (long)watch.Elapsed.TotalMilliseconds;

    private static readonly JsonElement Empty = JsonDocument.Parse("[]").RootElement.Clone();

    /// <summary>
    /// This program again: its own executable when it runs as `disu`, else the .NET host with
    /// disu.dll (under `dotnet disu.dll`, `dotnet test` or `dotnet run`).
    /// </summary>
    private static (string Program, string[] Prefix) Program()
    {
        var assembly = typeof(QueryWorker).Assembly.Location;
        var host = Environment.ProcessPath;
        if (host is not null && Path.GetFileNameWithoutExtension(host) == Path.GetFileNameWithoutExtension(assembly)) return (host, []);
        var dotnet = host is not null && Path.GetFileNameWithoutExtension(host) == "dotnet"
            ? host
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
        return (dotnet, [assembly]);
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            try
            {
                // Closing its input ends a worker between statements; one still at work is killed.
                requests.Dispose();
                if (!process.WaitForExit(1000)) process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is IOException or InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone.
            }
        }
        process.Dispose();
        Mart.Sandbox.SandboxFolders.Delete(folder);
    }
}
