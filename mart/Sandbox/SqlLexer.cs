namespace DiSu.Analytics.Mart.Sandbox;

public enum SqlTokenKind
{
    /// <summary>Anything outside the tokens below: keywords, names, numbers, operators, white space.</summary>
    Code,
    /// <summary>'…' with '' inside; E'…' also takes backslash escapes (the E stays in the code before it).</summary>
    String,
    /// <summary>"…" with "" inside.</summary>
    QuotedName,
    /// <summary>$$…$$ or $tag$…$tag$ (not a parameter such as $1 or $ward).</summary>
    DollarString,
    /// <summary>-- to the end of the line (the newline is not part of it).</summary>
    LineComment,
    /// <summary>/* … */.</summary>
    BlockComment,
    /// <summary>A ';' outside all of the above: the end of a statement.</summary>
    Semicolon,
}

/// <summary>A piece of SQL text; <see cref="Closed"/> is false for a string or comment the text ends inside.</summary>
public readonly record struct SqlToken(SqlTokenKind Kind, int Start, int Length, bool Closed = true)
{
    public int End => Start + Length;
}

/// <summary>
/// The one reading of SQL text as DuckDB reads its quotes and comments, for the shell's statement
/// splitter and the audit log's literal mask: a ';' or a secret inside a string, a quoted name or a
/// comment is found the same way by both. (Whether a statement may run is for DuckDB's own parser,
/// <see cref="SqlPolicy"/>.)
/// </summary>
public static class SqlLexer
{
    public static IEnumerable<SqlToken> Tokens(string sql)
    {
        ArgumentNullException.ThrowIfNull(sql);
        var i = 0;
        var code = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            SqlToken? token = c switch
            {
                '\'' => Quoted(sql, i, '\'', SqlTokenKind.String, escapes: i > 0 && sql[i - 1] is 'e' or 'E' && (i == 1 || !IsWordChar(sql[i - 2]))),
                '"' => Quoted(sql, i, '"', SqlTokenKind.QuotedName, escapes: false),
                '-' when next == '-' => LineComment(sql, i),
                '/' when next == '*' => BlockComment(sql, i),
                '$' when DollarTag(sql, i) is { } tag => Dollar(sql, i, tag),
                ';' => new SqlToken(SqlTokenKind.Semicolon, i, 1),
                _ => null,
            };
            if (token is not { } t)
            {
                i++;
                continue;
            }
            if (i > code) yield return new SqlToken(SqlTokenKind.Code, code, i - code);
            yield return t;
            i = code = t.End;
        }
        if (sql.Length > code) yield return new SqlToken(SqlTokenKind.Code, code, sql.Length - code);
    }

    private static SqlToken Quoted(string s, int start, char quote, SqlTokenKind kind, bool escapes)
    {
        var i = start + 1;
        while (i < s.Length)
        {
            if (escapes && s[i] == '\\') { i += 2; continue; }
            if (s[i] == quote)
            {
                // A doubled quote is part of the value.
                if (i + 1 < s.Length && s[i + 1] == quote) { i += 2; continue; }
                return new SqlToken(kind, start, i + 1 - start);
            }
            i++;
        }
        return new SqlToken(kind, start, s.Length - start, Closed: false);
    }

    private static SqlToken LineComment(string s, int start)
    {
        var end = s.IndexOf('\n', start);
        return end < 0 ? new SqlToken(SqlTokenKind.LineComment, start, s.Length - start, Closed: false) : new SqlToken(SqlTokenKind.LineComment, start, end - start);
    }

    private static SqlToken BlockComment(string s, int start)
    {
        var end = s.IndexOf("*/", start + 2, StringComparison.Ordinal);
        return end < 0 ? new SqlToken(SqlTokenKind.BlockComment, start, s.Length - start, Closed: false) : new SqlToken(SqlTokenKind.BlockComment, start, end + 2 - start);
    }

    private static SqlToken Dollar(string s, int start, string tag)
    {
        var end = s.IndexOf(tag, start + tag.Length, StringComparison.Ordinal);
        return end < 0 ? new SqlToken(SqlTokenKind.DollarString, start, s.Length - start, Closed: false) : new SqlToken(SqlTokenKind.DollarString, start, end + tag.Length - start);
    }

    /// <summary>"$$" or "$tag$" opening a dollar-quoted string; null for a parameter such as $1 or $ward.</summary>
    private static string? DollarTag(string s, int start)
    {
        if (start > 0 && IsWordChar(s[start - 1])) return null;
        var i = start + 1;
        while (i < s.Length && (char.IsAsciiLetter(s[i]) || s[i] == '_' || (i > start + 1 && char.IsAsciiDigit(s[i])))) i++;
        return i < s.Length && s[i] == '$' ? s[start..(i + 1)] : null;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';
}
