using System.CommandLine;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Commands;
using Spectre.Console;

namespace DiSu.Analytics.Service;

/// <summary>
/// The `disu` command line. Exit codes: 0 success, 1 failure, 2 bad usage.
/// </summary>
public static class Cli
{
    public const int Ok = 0;
    public const int Failure = 1;
    public const int Usage = 2;

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DisuOptions? options = null, TimeProvider? clock = null, TextReader? stdin = null)
    {
        var context = new CliContext(options ?? DisuOptions.Load(), stdout, stderr, clock ?? TimeProvider.System) { In = stdin ?? System.Console.In };
        var root = new RootCommand("disu — poverty-reduction analytics for Vietnamese wards: load household reviews into a DuckDB mart, query it, generate demo data.");
        root.Subcommands.Add(DemoCommand.Build(context));
        root.Subcommands.Add(GenerateCommand.Build(context));
        root.Subcommands.Add(EtlCommands.Build(context));
        root.Subcommands.Add(QueryCommand.Build(context));
        root.Subcommands.Add(SqlCommand.Build(context));
        root.Subcommands.Add(ForecastCommands.Build(context));
        root.Subcommands.Add(PriorityCommand.Build(context));
        root.Subcommands.Add(PlanCommand.Build(context));
        root.Subcommands.Add(ReportCommands.Build(context));
        root.Subcommands.Add(ExportCommand.Build(context));
        root.Subcommands.Add(MigrateCommand.Build(context));
        root.Subcommands.Add(SettingsCommand.Build(context));
        root.Subcommands.Add(SchemaCommand.Build(context));
        root.Subcommands.Add(ServeCommand.Build(context));
        root.Subcommands.Add(BenchCommand.Build(context));

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
                stderr.WriteLine($"disu: {error.Message}");
            stderr.WriteLine("Run 'disu --help' (or 'disu COMMAND --help') for usage.");
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (MartException e)
        {
            stderr.WriteLine($"disu: {e.Message}");
            return Failure;
        }
        catch (DiSu.Analytics.Reports.ReportException e)
        {
            stderr.WriteLine($"disu: {e.Message}");
            return Failure;
        }
        catch (UsageException e)
        {
            stderr.WriteLine($"disu: {e.Message}");
            return Usage;
        }
    }
}

/// <summary>What every command needs: settings, output streams, the clock.</summary>
public sealed record CliContext(DisuOptions Options, TextWriter Out, TextWriter Error, TimeProvider Clock)
{
    public IAnsiConsole Console { get; } = CreateConsole(Out);

    /// <summary>Standard input; tests pass a StringReader to script `disu sql`.</summary>
    public TextReader In { get; init; } = System.Console.In;

    internal static IAnsiConsole CreateConsole(TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
    {
        Out = new AnsiConsoleOutput(output),
        Ansi = output == System.Console.Out && !System.Console.IsOutputRedirected ? AnsiSupport.Detect : AnsiSupport.No,
        ColorSystem = output == System.Console.Out && !System.Console.IsOutputRedirected ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        Interactive = output == System.Console.Out && !System.Console.IsOutputRedirected ? InteractionSupport.Detect : InteractionSupport.No,
    });
        // Redirected output (files, pipes, tests) is read by people later: do not wrap at 80 columns.
        if (output != System.Console.Out || System.Console.IsOutputRedirected) console.Profile.Width = 240;
        return console;
    }

    public bool Interactive => Out == System.Console.Out && !System.Console.IsOutputRedirected;

    public string LoadedBy => $"{Environment.UserName}@{Environment.MachineName}";

    /// <summary>A line of plain text; on a terminal it goes through the console so that it lands above a live progress bar.</summary>
    public void Say(string line)
    {
        if (Interactive) Console.Write(new Spectre.Console.Text(line + "\n"));
        else Out.WriteLine(line);
    }
}

/// <summary>Bad usage the parser cannot see (e.g. a value out of range); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message), DiSu.Analytics.Mart.Text.IHasMessage
{
    public UsageException(DiSu.Analytics.Mart.Text.Message text)
        : this(text.Vi) => Text = text;

    /// <summary>The message in both languages; a message made from one string reads the same in both.</summary>
    public DiSu.Analytics.Mart.Text.Message Text { get; } = new(message, message);
}
