using System.CommandLine;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
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

    /// <summary>Runs with <paramref name="options"/> and no configuration sources, or (null) with the configuration of this process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DisuOptions? options = null, TimeProvider? clock = null, TextReader? stdin = null) =>
        Run(args, stdout, stderr, options is null ? DisuConfiguration.Load() : DisuConfiguration.Of(options), clock, stdin);

    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, DisuConfiguration configuration, TimeProvider? clock = null, TextReader? stdin = null)
    {
        var context = new CliContext(configuration.Options, stdout, stderr, clock ?? TimeProvider.System)
        {
            In = stdin ?? System.Console.In,
            Configuration = configuration.Root,
        };
        var lang = new Option<string?>("--lang")
        {
            Description = "Language of messages and errors: vi (Vietnamese, the default) or en (English). Setting: Disu:Language.",
            HelpName = "vi|en",
            Recursive = true,
        };
        var root = new RootCommand("disu — poverty-reduction analytics for Vietnamese wards: load household reviews into a DuckDB mart, query it, generate demo data.");
        root.Options.Add(lang);
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
        root.Subcommands.Add(StandardsCommand.Build(context));
        root.Subcommands.Add(ServeCommand.Build(context));
        root.Subcommands.Add(BenchCommand.Build(context));

        var parse = root.Parse(args);
        var languageProblem = ChooseLanguage(context, parse, lang);
        if (languageProblem is not null)
        {
            stderr.WriteLine($"disu: {context.T(languageProblem)}");
            return Usage;
        }
        foreach (var warning in configuration.Warnings) stderr.WriteLine($"disu: {context.T(warning)}");
        // Checked before any command runs, as the service's options are when it starts: a bad setting is never half used.
        var settingProblems = DisuOptionsValidator.Problems(context.Options);
        if (settingProblems.Count > 0)
        {
            foreach (var problem in settingProblems) stderr.WriteLine($"disu: {context.T(problem)}");
            return Usage;
        }
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors.Select(ParseErrorText.Of).Distinct())
                stderr.WriteLine($"disu: {context.T(error)}");
            stderr.WriteLine(context.T(new Message(
                "Xem cách dùng: 'disu --help' (hoặc 'disu LỆNH --help').",
                "Run 'disu --help' (or 'disu COMMAND --help') for usage.")));
            return Usage;
        }
        try
        {
            return parse.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is MartException or DiSu.Analytics.Reports.ReportException or UsageException)
        {
            stderr.WriteLine($"disu: {context.T(((IHasMessage)e).Text)}");
            return e is UsageException ? Usage : Failure;
        }
    }

    /// <summary>
    /// Sets the context's language from --lang, else the Disu:Language setting, else Vietnamese.
    /// Returns the problem when --lang names a language there is none of (a wrong setting is <see cref="DisuOptionsValidator"/>'s).
    /// </summary>
    private static Message? ChooseLanguage(CliContext context, ParseResult parse, Option<string?> option)
    {
        context.Language = Languages.Parse(context.Options.Language) ?? Language.Vietnamese;
        string? asked;
        try
        {
            asked = parse.GetValue(option);
        }
        catch (InvalidOperationException)
        {
            asked = null; // --lang without a value: the parse error says so
        }
        if (asked is null) return null;
        if (Languages.Parse(asked) is not { } flag)
            return Message.Of($"--lang: '{asked}' không phải ngôn ngữ có sẵn; dùng --lang vi (tiếng Việt) hoặc --lang en (tiếng Anh)",
                              $"--lang: '{asked}' is not an available language; use --lang vi (Vietnamese) or --lang en (English)");
        context.Language = flag;
        return null;
    }
}

/// <summary>What every command needs: settings, output streams, the clock.</summary>
public sealed record CliContext(DisuOptions Options, TextWriter Out, TextWriter Error, TimeProvider Clock)
{
    public IAnsiConsole Console { get; } = CreateConsole(Out);

    /// <summary>Standard input; tests pass a StringReader to script `disu sql`.</summary>
    public TextReader In { get; init; } = System.Console.In;

    /// <summary>The run's configuration (<see cref="DisuConfiguration"/>), for what binds more than <see cref="Options"/>: `disu serve`'s Disu:Serve.</summary>
    public Microsoft.Extensions.Configuration.IConfiguration Configuration { get; init; } = DisuConfiguration.Of(Options).Root;

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

    /// <summary>The language people read this run's output in (--lang, else the Disu:Language setting, else Vietnamese).</summary>
    public Language Language { get; set; } = Language.Vietnamese;

    /// <summary>The message in this run's language.</summary>
    public string T(Message message) => message.In(Language);

    /// <summary>
    /// A sentence in this run's language, its numbers formatted as that language's readers write
    /// them (3.407 in Vietnamese, 3,407 in English): one number format per output.
    /// </summary>
    public string T(Phrase vi, Phrase en) =>
        (Language == Language.English ? en : vi).ToString(Language.Culture());

    /// <summary>A line of output in this run's language.</summary>
    public void Line(Phrase vi, Phrase en) => Out.WriteLine(T(vi, en));

    /// <summary>A warning on standard error in this run's language.</summary>
    public void Warn(Phrase vi, Phrase en) => Error.WriteLine("disu: " + T(vi, en));

    /// <summary><see cref="Say(string)"/> in this run's language.</summary>
    public void Say(Phrase vi, Phrase en) => Say(T(vi, en));

    /// <summary>A line of plain text; on a terminal it goes through the console so that it lands above a live progress bar.</summary>
    public void Say(string line)
    {
        if (Interactive) Console.Write(new Spectre.Console.Text(line + "\n"));
        else Out.WriteLine(line);
    }
}

/// <summary>Bad usage the parser cannot see (e.g. a value out of range); exit code 2.</summary>
public sealed class UsageException(string message) : Exception(message), IHasMessage
{
    public UsageException(Message text)
        : this(text.Vi) => Text = text;

    public UsageException(Phrase vi, Phrase en)
        : this(DiSu.Analytics.Mart.Text.Message.Of(vi, en)) { }

    /// <summary>The message in both languages; a message made from one string reads the same in both.</summary>
    public Message Text { get; } = new(message, message);
}
