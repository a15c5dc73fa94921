using System.Text.RegularExpressions;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Each view's current definition as the migrations wrote it (the last CREATE [OR REPLACE] VIEW of
/// that name, unless a later migration dropped it). Not DuckDB's stored text (duckdb_views().sql):
/// DuckDB re-prints a view from its parse tree, and that text does not always bind again — a CROSS
/// JOIN comes back as a comma, which then binds looser than the LEFT JOIN after it
/// (support_household_program, DuckDB 1.5.6).
/// </summary>
internal static partial class MartViews
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Cache = new(Read);

    public static IReadOnlyDictionary<string, string> Definitions => Cache.Value;

    private static IReadOnlyDictionary<string, string> Read()
    {
        var views = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (_, _, sql) in MartMigrator.Migrations)
        {
            foreach (var statement in Statements(sql))
            {
                var text = LeadingComments().Replace(statement, "");
                if (CreateView().Match(text) is { Success: true } create)
                    views[create.Groups["name"].Value] = text;
                else if (DropView().Match(text) is { Success: true } drop)
                    views.Remove(drop.Groups["name"].Value);
            }
        }
        return views;
    }

    /// <summary>The statements of a migration: split at ';' outside strings, quoted names and comments.</summary>
    internal static IEnumerable<string> Statements(string sql)
    {
        var start = 0;
        for (var i = 0; i < sql.Length; i++)
        {
            var next = i + 1 < sql.Length ? sql[i + 1] : '\0';
            switch (sql[i])
            {
                case '\'' or '"':
                    i = ClosingQuote(sql, i);
                    break;
                case '-' when next == '-':
                    var eol = sql.IndexOf('\n', i);
                    i = eol < 0 ? sql.Length : eol;
                    break;
                case '/' when next == '*':
                    var close = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                    i = close < 0 ? sql.Length : close + 1;
                    break;
                case ';':
                    if (!string.IsNullOrWhiteSpace(sql[start..i])) yield return sql[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        if (start < sql.Length && !string.IsNullOrWhiteSpace(sql[start..])) yield return sql[start..].Trim();
    }

    /// <summary>The index of the quote that closes the one at <paramref name="open"/>; a doubled quote is part of the text.</summary>
    private static int ClosingQuote(string sql, int open)
    {
        var quote = sql[open];
        var i = open + 1;
        while (i < sql.Length)
        {
            if (sql[i] == quote)
            {
                if (i + 1 < sql.Length && sql[i + 1] == quote) i += 2;
                else return i;
            }
            else i++;
        }
        return sql.Length;
    }

    [GeneratedRegex(@"^(\s+|--[^\n]*(\n|$)|/\*.*?\*/)*", RegexOptions.Singleline)]
    private static partial Regex LeadingComments();

    [GeneratedRegex(@"^CREATE\s+(OR\s+REPLACE\s+)?VIEW\s+(IF\s+NOT\s+EXISTS\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)\s", RegexOptions.IgnoreCase)]
    private static partial Regex CreateView();

    [GeneratedRegex(@"^DROP\s+VIEW\s+(IF\s+EXISTS\s+)?(?<name>[A-Za-z_][A-Za-z0-9_]*)", RegexOptions.IgnoreCase)]
    private static partial Regex DropView();
}
