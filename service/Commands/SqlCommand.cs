using System.CommandLine;
using DiSu.Analytics.Service.Shell;

namespace DiSu.Analytics.Service.Commands;

/// <summary>`disu sql`: an interactive SQL shell with the same locked-down connection as `disu query`.</summary>
internal static class SqlCommand
{
    public static Command Build(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var command = new Command("sql",
            "An interactive SQL shell on the mart (read-only, no file access, settings locked). Statements end with ';'; " +
            ".help lists the dot-commands. With stdin redirected (disu sql < q.sql) it runs the statements in order.")
        {
            mart,
        };
        command.SetAction(parse =>
        {
            var path = parse.GetValue(mart)!;
            using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
            var fromConsole = context.In == Console.In;
            var interactive = fromConsole && !Console.IsInputRedirected;
            var history = interactive ? new ShellHistory(ShellHistory.DefaultFile()) : null;
            using var shell = new SqlShell(connection, context, interactive, history);
            ConsoleCancelEventHandler onCtrlC = (_, e) => shell.Interrupt(e);
            // Only the real console delivers Ctrl-C; scripted input in tests must not hook the process.
            if (fromConsole) Console.CancelKeyPress += onCtrlC;
            try
            {
                if (interactive)
                    context.Error.WriteLine(context.T($"disu sql trên {Path.GetFullPath(path)} (chỉ đọc). Kết thúc câu lệnh bằng ';'. .help để xem các lệnh, .quit để thoát.",
                                                      $"disu sql on {Path.GetFullPath(path)} (read-only). End statements with ';'. .help for commands, .quit to leave."));
                ILineSource input = !interactive ? new PlainLines(context.In, null)
                    : Console.IsOutputRedirected ? new PlainLines(context.In, context.Error)
                    : new LineEditor(history!);
                return shell.Run(input);
            }
            finally
            {
                if (fromConsole) Console.CancelKeyPress -= onCtrlC;
            }
        });
        return command;
    }
}
