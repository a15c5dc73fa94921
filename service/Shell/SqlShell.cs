using System.Diagnostics;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Commands;
using DiSu.Analytics.Service.Output;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Shell;

/// <summary>
/// The `disu sql` read–eval–print loop on a read-only, locked-down connection. Results go to the current
/// output (stdout or the file of `.output`); the shell's own messages (errors, timings, notices) go to
/// stderr so that a script's output stays clean. Non-interactive runs go on after a failed statement and
/// end with exit code 1.
/// </summary>
public sealed partial class SqlShell(DuckDBConnection connection, CliContext context, bool interactive, ShellHistory? history) : IDisposable
{
    public const string Prompt = "disu> ";
    public const string Continuation = "   ...> ";

    private readonly Lock gate = new();
    private CancellationTokenSource? running;
    private volatile bool stopped;
    private bool failed;
    private OutputFormat mode = OutputFormat.Table;
    private bool timer;
    private StreamWriter? file;
    private IAnsiConsole? fileConsole;

    private TextWriter Output => file ?? context.Out;
    private IAnsiConsole OutputConsole => fileConsole ?? context.Console;

    public int Run(ILineSource input)
    {
        var splitter = new StatementSplitter();
        while (!stopped)
        {
            var line = input.Read(splitter.IsEmpty ? Prompt : Continuation);
            if (line.Interrupted)
            {
                // Ctrl-C at the prompt drops what was typed; only .quit or Ctrl-D ends the shell.
                context.Error.WriteLine(splitter.IsEmpty
                    ? context.T($"(Ctrl-C không thoát khỏi trình SQL: gõ .quit hoặc nhấn Ctrl-D)", $"(Ctrl-C does not leave the shell: type .quit or press Ctrl-D)")
                    : context.T($"(đã bỏ câu lệnh; gõ .quit hoặc nhấn Ctrl-D để thoát)", $"(statement dropped; type .quit or press Ctrl-D to leave)"));
                splitter.Reset();
                splitter.SkipLine();
                continue;
            }
            if (line.Text is null) break;
            if (interactive) history?.Add(line.Text);
            if (splitter.IsEmpty && line.Text.TrimStart().StartsWith('.'))
            {
                splitter.SkipLine();
                if (!Dot(line.Text.Trim())) break;
                continue;
            }
            foreach (var (sql, at) in splitter.Add(line.Text))
            {
                if (stopped) break;
                Execute(sql, at);
            }
        }
        // A last statement without its ';' still runs: `echo "SELECT 1" | disu sql` should just work.
        if (!stopped && splitter.Rest() is { } rest) Execute(rest.Sql, rest.Line);
        // At the prompt the officer has seen every error already; a script's caller needs the exit code.
        return failed && !interactive ? Cli.Failure : Cli.Ok;
    }

    /// <summary>Ctrl-C: cancels the running query. A script (non-interactive) stops altogether.</summary>
    public void Interrupt(ConsoleCancelEventArgs e)
    {
        e.Cancel = true;
        if (!interactive) stopped = true;
        lock (gate)
        {
            if (running is null)
            {
                if (interactive) context.Error.WriteLine(context.T($"(gõ .quit hoặc nhấn Ctrl-D để thoát)", $"(type .quit or press Ctrl-D to leave)"));
                return;
            }
            running.Cancel();
        }
    }

    private void Execute(string sql, int line)
    {
        using var cancel = new CancellationTokenSource();
        lock (gate) running = cancel;
        var watch = Stopwatch.StartNew();
        try
        {
            var sink = ResultWriter.Sink(mode, Output, OutputConsole, context.Language);
            if (OfficerSql.Run(connection, sql, sink, ct: cancel.Token) is { } problem)
            {
                Fail(line, problem);
            }
            else
            {
                sink.Finish();
                Output.Flush();
            }
        }
        finally
        {
            lock (gate) running = null;
        }
        if (timer) context.Error.WriteLine(context.T($"Thời gian chạy: {watch.Elapsed.TotalSeconds:0.000} giây", $"Run Time: {watch.Elapsed.TotalSeconds:0.000} s"));
    }

    private void Fail(int line, Message message)
    {
        failed = true;
        // In a script the line number says which statement failed; at the prompt it is obvious.
        var text = context.T(message);
        context.Error.WriteLine(interactive ? $"disu: {text}" : context.T($"disu: dòng {line}: {text}", $"disu: line {line}: {text}"));
    }

    private void CloseFile()
    {
        file?.Dispose();
        file = null;
        fileConsole = null;
    }

    public void Dispose() => CloseFile();
}
