using System.Text;

namespace DiSu.Analytics.Service.Shell;

/// <summary>
/// A deliberately small line editor for the terminal: typing, Backspace/Delete, Left/Right, Home/End
/// (Ctrl-A/Ctrl-E), Ctrl-U (clear), Up/Down through the history, Ctrl-C (drop the line), Ctrl-D on an
/// empty line (end). Appending at the end writes just the character, so long lines that wrap stay correct;
/// editing inside a line longer than the terminal is the one case where the redraw can look wrong.
/// </summary>
public sealed class LineEditor(ShellHistory history) : ILineSource
{
    public InputLine Read(string prompt)
    {
        var before = Console.TreatControlCAsInput;
        // Ctrl-C at the prompt arrives as a key here; while a query runs it stays a signal (see SqlShell).
        Console.TreatControlCAsInput = true;
        try
        {
            return ReadKeys(prompt);
        }
        finally
        {
            Console.TreatControlCAsInput = before;
        }
    }

    private InputLine ReadKeys(string prompt)
    {
        var buffer = new StringBuilder();
        var cursor = 0;
        var recall = history.Lines.Count;
        var draft = "";
        Console.Write(prompt);
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            var control = (key.Modifiers & ConsoleModifiers.Control) != 0;
            switch (key.Key)
            {
                case ConsoleKey.Enter:
                    Console.Write('\n');
                    return new InputLine(buffer.ToString());
                case ConsoleKey.C when control:
                    Console.Write("^C\n");
                    return InputLine.Cancelled;
                case ConsoleKey.D when control:
                    if (buffer.Length > 0) continue;
                    Console.Write('\n');
                    return InputLine.End;
                case ConsoleKey.Backspace when cursor > 0:
                    buffer.Remove(--cursor, 1);
                    if (cursor == buffer.Length) Console.Write("\b \b");
                    else Redraw(prompt, buffer, cursor);
                    continue;
                case ConsoleKey.Delete when cursor < buffer.Length:
                    buffer.Remove(cursor, 1);
                    break;
                case ConsoleKey.LeftArrow when cursor > 0:
                    cursor--;
                    break;
                case ConsoleKey.RightArrow when cursor < buffer.Length:
                    cursor++;
                    break;
                case ConsoleKey.Home:
                case ConsoleKey.A when control:
                    cursor = 0;
                    break;
                case ConsoleKey.End:
                case ConsoleKey.E when control:
                    cursor = buffer.Length;
                    break;
                case ConsoleKey.U when control:
                    buffer.Clear();
                    cursor = 0;
                    break;
                case ConsoleKey.UpArrow when recall > 0:
                    if (recall == history.Lines.Count) draft = buffer.ToString();
                    Replace(buffer, history.Lines[--recall], ref cursor);
                    break;
                case ConsoleKey.DownArrow when recall < history.Lines.Count:
                    recall++;
                    Replace(buffer, recall == history.Lines.Count ? draft : history.Lines[recall], ref cursor);
                    break;
                default:
                    if (key.KeyChar == '\t') key = new ConsoleKeyInfo(' ', ConsoleKey.Spacebar, false, false, false);
                    if (char.IsControl(key.KeyChar) || control) continue;
                    buffer.Insert(cursor++, key.KeyChar);
                    if (cursor == buffer.Length)
                    {
                        Console.Write(key.KeyChar);
                        continue;
                    }
                    break;
            }
            Redraw(prompt, buffer, cursor);
        }
    }

    private static void Replace(StringBuilder buffer, string text, ref int cursor)
    {
        buffer.Clear().Append(text);
        cursor = buffer.Length;
    }

    private static void Redraw(string prompt, StringBuilder buffer, int cursor)
    {
        // Back to the start of the row, the whole line, clear what an older, longer line left, cursor back.
        var back = buffer.Length - cursor;
        Console.Write($"\r{prompt}{buffer}\x1b[K{(back > 0 ? $"\x1b[{back}D" : "")}");
    }
}
