using System.Text;

namespace DiSu.Analytics.Service.Shell;

/// <summary>
/// Collects input lines into SQL statements ending with ';'. A ';' inside a string ('…'), a quoted
/// identifier ("…"), a dollar-quoted string ($$…$$, $tag$…$tag$) or a comment (-- …, /* … */)
/// does not end a statement. State carries over lines so statements can span several.
/// </summary>
public sealed class StatementSplitter
{
    private enum State { Normal, SingleQuote, DoubleQuote, Dollar, BlockComment }

    private readonly StringBuilder current = new();
    private State state = State.Normal;
    private string dollarTag = "";
    private bool hasContent;
    private int lineNo;

    /// <summary>True when nothing but white space or comments is pending.</summary>
    public bool IsEmpty => !hasContent && state is State.Normal;

    /// <summary>The input line on which the pending (or last completed) statement started.</summary>
    public int StartLine { get; private set; }

    /// <summary>Counts a line that is not SQL (a dot-command) so that line numbers stay right.</summary>
    public void SkipLine() => lineNo++;

    /// <summary>Adds a line; returns the statements it completed, each with the line it started on.</summary>
    public IReadOnlyList<(string Sql, int Line)> Add(string line)
    {
        lineNo++;
        var done = new List<(string, int)>();
        var text = line + "\n";
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            switch (state)
            {
                case State.Normal when c == '-' && next == '-':
                    // A line comment runs to the end of the line: keep it, it cannot end the statement.
                    var end = text.IndexOf('\n', i);
                    current.Append(text, i, end - i);
                    i = end - 1;
                    continue;
                case State.Normal when c == '/' && next == '*':
                    state = State.BlockComment;
                    current.Append("/*");
                    i++;
                    continue;
                case State.Normal when c == ';':
                    if (hasContent) done.Add((current.ToString().Trim(), StartLine));
                    current.Clear();
                    hasContent = false;
                    continue;
                case State.Normal when c == '\'':
                    state = State.SingleQuote;
                    break;
                case State.Normal when c == '"':
                    state = State.DoubleQuote;
                    break;
                case State.Normal when c == '$' && DollarTagAt(text, i) is { } tag:
                    state = State.Dollar;
                    dollarTag = tag;
                    current.Append(tag);
                    MarkContent();
                    i += tag.Length - 1;
                    continue;
                case State.SingleQuote when c == '\'':
                case State.DoubleQuote when c == '"':
                    // A doubled quote ('' or "") is an escaped quote and the string goes on; the
                    // state machine handles it naturally by leaving and re-entering the string.
                    state = State.Normal;
                    break;
                case State.Dollar when c == '$' && string.CompareOrdinal(text, i, dollarTag, 0, dollarTag.Length) == 0:
                    state = State.Normal;
                    current.Append(dollarTag);
                    i += dollarTag.Length - 1;
                    continue;
                case State.BlockComment when c == '*' && next == '/':
                    state = State.Normal;
                    current.Append("*/");
                    i++;
                    continue;
            }
            current.Append(c);
            if (state != State.BlockComment && !char.IsWhiteSpace(c)) MarkContent();
        }
        return done;
    }

    /// <summary>What is left at the end of input (a statement without its closing ';'), if anything.</summary>
    public (string Sql, int Line)? Rest()
    {
        if (!hasContent) return null;
        var rest = (current.ToString().Trim(), StartLine);
        Reset();
        return rest;
    }

    /// <summary>Drops the pending statement (Ctrl-C on a continuation line).</summary>
    public void Reset()
    {
        current.Clear();
        state = State.Normal;
        hasContent = false;
    }

    private void MarkContent()
    {
        if (!hasContent) StartLine = lineNo;
        hasContent = true;
    }

    private static string? DollarTagAt(string text, int i)
    {
        var j = i + 1;
        while (j < text.Length && (char.IsAsciiLetter(text[j]) || text[j] == '_' || (j > i + 1 && char.IsAsciiDigit(text[j])))) j++;
        return j < text.Length && text[j] == '$' ? text[i..(j + 1)] : null;
    }
}
