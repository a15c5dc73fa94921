using System.Diagnostics;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// An officer's `disu sql` session in another process, holding the mart read-only until disposed.
/// DuckDB's file locks are per process, so "another reader" has to be a real one.
/// </summary>
public sealed class ReaderProcess : IDisposable
{
    private readonly Process shell;

    private ReaderProcess(Process shell) => this.shell = shell;

    public static ReaderProcess Open(string mart)
    {
        var disu = Path.Combine(AppContext.BaseDirectory, "disu.dll");
        var shell = new Process
        {
            StartInfo = new ProcessStartInfo("dotnet", ["exec", disu, "sql", "--mart", mart])
            {
                RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            },
        };
        shell.Start();
        shell.StandardInput.WriteLine("SELECT 'ready';");
        shell.StandardInput.Flush();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        string? line;
        while ((line = shell.StandardOutput.ReadLine()) is not null && !line.Contains("ready", StringComparison.Ordinal) && DateTime.UtcNow < deadline) { }
        if (line is null) throw new InvalidOperationException($"disu sql did not open the mart: {shell.StandardError.ReadToEnd()}");
        return new ReaderProcess(shell);
    }

    public void Dispose()
    {
        shell.StandardInput.Close();
        if (!shell.WaitForExit(10_000)) shell.Kill(entireProcessTree: true);
        shell.Dispose();
    }
}
