using System.Collections.Concurrent;
using System.Diagnostics;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// The real `disu` program (disu.dll is copied next to the test assembly) as a child process, so
/// that a test can kill it hard or send it SIGTERM. Its log lines (JSON, one a line) are collected.
/// </summary>
public sealed class DisuProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> lines = new();

    private DisuProcess(Process process)
    {
        this.process = process;
    }

    public int Id => process.Id;
    public bool HasExited => process.HasExited;
    public int ExitCode => process.ExitCode;
    public IReadOnlyList<string> Lines => lines.ToList();

    /// <summary>`disu serve` over <paramref name="rig"/>'s mart and folders; <paramref name="settings"/> are configuration keys (Disu:Serve:QuietSeconds …), passed as environment variables (DISU__Disu__Serve__QuietSeconds …).</summary>
    public static DisuProcess Serve(ServeRig rig, IReadOnlyDictionary<string, string> settings)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            WorkingDirectory = rig.Folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "disu.dll"), "serve", "--mart", rig.MartPath,
                     "--inbox", rig.Inbox, "--archive", rig.Archive, "--quarantine", rig.Quarantine, "--outbox", rig.Outbox, "--listen", "http://127.0.0.1:0" })
            start.ArgumentList.Add(argument);
        foreach (var (key, value) in settings)
            start.Environment[DiSu.Analytics.Service.DisuConfiguration.VariableOf(key)] = value;
        var process = new Process { StartInfo = start };
        var child = new DisuProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child.lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child.lines.Enqueue("stderr: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until the child has written a line containing <paramref name="text"/>; fails if it exits first.</summary>
    public async Task WaitForLine(string text, TimeSpan timeout)
    {
        await Poll.Until(() =>
        {
            if (lines.Any(l => l.Contains(text, StringComparison.Ordinal))) return true;
            if (process.HasExited) throw new InvalidOperationException($"disu exited ({process.ExitCode}) before writing '{text}':\n{string.Join('\n', lines)}");
            return false;
        }, $"disu to write '{text}'", timeout, () => "\n" + string.Join('\n', lines));
    }

    /// <summary>Like a power cut for the process: SIGKILL, no chance to clean up.</summary>
    public void KillHard()
    {
        process.Kill(entireProcessTree: true);
        process.WaitForExit();
    }

    /// <summary>What systemd sends to stop the service.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public async Task<bool> WaitForExit(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        process.Dispose();
    }
}
