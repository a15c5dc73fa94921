namespace DiSu.Analytics.Service.Shell;

/// <summary>One line of input: the text, or null at end of input; Interrupted when Ctrl-C was pressed at the prompt.</summary>
public sealed record InputLine(string? Text, bool Interrupted = false)
{
    public static readonly InputLine End = new((string?)null);
    public static readonly InputLine Cancelled = new("", Interrupted: true);
}

/// <summary>Where the shell reads lines from.</summary>
public interface ILineSource
{
    InputLine Read(string prompt);
}

/// <summary>
/// Lines from a reader (a script on stdin, or a StringReader in tests); writes the prompt only when given
/// somewhere to write it (a terminal whose output is redirected, where the line editor cannot be used).
/// </summary>
public sealed class PlainLines(TextReader input, TextWriter? prompts) : ILineSource
{
    public InputLine Read(string prompt)
    {
        if (prompts is not null)
        {
            prompts.Write(prompt);
            prompts.Flush();
        }
        var line = input.ReadLine();
        return line is null ? InputLine.End : new InputLine(line);
    }
}
