using System.Text;
using DiSu.Analytics.Mart.Sandbox;

namespace DiSu.Analytics.Service.Shell;

/// <summary>
/// Collects input lines into SQL statements ending with ';'. A ';' inside a string ('…', E'…'), a
/// quoted identifier ("…"), a dollar-quoted string ($$…$$, $tag$…$tag$) or a comment (-- …, /* … */)
/// does not end a statement: the text is read by <see cref="SqlLexer"/>, as the audit log's mask
/// reads it. What is pending carries over lines so statements can span several.
/// </summary>
public sealed class StatementSplitter
{
    private readonly StringBuilder pending = new();
    private int pendingLine = 1;
    private int lineNo;

    /// <summary>True when nothing but white space or comments is pending.</summary>
    public bool IsEmpty
    {
        get
        {
            var (start, open) = Scan();
            return start is null && !open;
        }
    }

    /// <summary>The input line on which the pending (or last completed) statement started.</summary>
    public int StartLine { get; private set; }

    /// <summary>Counts a line that is not SQL (a dot-command) so that line numbers stay right.</summary>
    public void SkipLine()
    {
        lineNo++;
        if (pending.Length == 0) pendingLine = lineNo + 1;
    }

    /// <summary>Adds a line; returns the statements it completed, each with the line it started on.</summary>
    public IReadOnlyList<(string Sql, int Line)> Add(string line)
    {
        lineNo++;
        if (pending.Length == 0) pendingLine = lineNo;
        pending.Append(line).Append('\n');
        var text = pending.ToString();
        var done = new List<(string, int)>();
        int? first = null;
        var from = 0;
        foreach (var token in SqlLexer.Tokens(text))
        {
            if (token.Kind == SqlTokenKind.Semicolon)
            {
                if (first is { } start)
                {
                    StartLine = LineOf(text, start);
                    done.Add((text[from..token.Start].Trim(), StartLine));
                }
                from = token.End;
                first = null;
            }
            else if (first is null && HasContent(text, token) is { } at)
            {
                first = at;
            }
        }
        if (from > 0)
        {
            pendingLine = LineOf(text, from);
            pending.Remove(0, from);
        }
        if (first is { } open) StartLine = LineOf(text, open);
        return done;
    }

    /// <summary>What is left at the end of input (a statement without its closing ';'), if anything.</summary>
    public (string Sql, int Line)? Rest()
    {
        var (start, _) = Scan();
        if (start is not { } at) return null;
        var text = pending.ToString();
        var rest = (text.Trim(), LineOf(text, at));
        Reset();
        return rest;
    }

    /// <summary>Drops the pending statement (Ctrl-C on a continuation line).</summary>
    public void Reset()
    {
        pending.Clear();
        pendingLine = lineNo + 1;
    }

    /// <summary>Where the pending statement's first content is (null if none), and whether it ends inside a string or comment.</summary>
    private (int? Start, bool Open) Scan()
    {
        var text = pending.ToString();
        int? start = null;
        var open = false;
        foreach (var token in SqlLexer.Tokens(text))
        {
            start ??= HasContent(text, token);
            open = !token.Closed && token.Kind != SqlTokenKind.LineComment;
        }
        return (start, open);
    }

    /// <summary>Where the token's first content is: comments and white space are not a statement, strings and code are.</summary>
    private static int? HasContent(string text, SqlToken token)
    {
        switch (token.Kind)
        {
            case SqlTokenKind.LineComment or SqlTokenKind.BlockComment or SqlTokenKind.Semicolon:
                return null;
            case SqlTokenKind.Code:
                for (var i = token.Start; i < token.End; i++)
                    if (!char.IsWhiteSpace(text[i])) return i;
                return null;
            default:
                return token.Start;
        }
    }

    private int LineOf(string text, int index) => pendingLine + text.AsSpan(0, index).Count('\n');
}
