using DiSu.Analytics.Service;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Support;

/// <summary>Runs the `disu` command line in-process and captures what it prints.</summary>
public sealed record CliRun(int ExitCode, string Out, string Error)
{
    public static CliRun Of(params string[] args) => WithInput(null, args);

    /// <summary>Runs with <paramref name="stdin"/> as standard input (null: the process's own).</summary>
    public static CliRun WithInput(string? stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var code = DiSu.Analytics.Service.Cli.Run(args, stdout, stderr, new DisuOptions(), new FakeTimeProvider(new DateTimeOffset(2024, 12, 20, 8, 0, 0, TimeSpan.Zero)),
            stdin is null ? null : new StringReader(stdin));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
