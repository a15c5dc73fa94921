using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// The audit trail of ad hoc SQL and uploads: one structured line per request in the log category
/// <see cref="Category"/>, so it lands in the service's JSON logs beside everything else. A line
/// says who (key id), when (UTC), what (endpoint, outcome, status), how long and how many rows; for
/// SQL the statement's hash and length and its shape with every literal masked, for uploads the file
/// name, size and hash. Result rows, file contents and DuckDB's error messages (which quote values)
/// never reach it: a household id must not end up in a log.
/// </summary>
public sealed partial class Audit(ILoggerFactory loggers, TimeProvider clock)
{
    public const string Category = "DiSu.Audit";

    private const int MaxLoggedSql = 4000;

    private readonly ILogger log = loggers.CreateLogger(Category);

    public void Query(Caller caller, string endpoint, string outcome, int status, TimeSpan elapsed, long? rows, string sql) =>
        QueryLine(log, endpoint, caller.KeyId, Now(), outcome, status, (long)elapsed.TotalMilliseconds, rows,
            Sha256Hex(Encoding.UTF8.GetBytes(sql)), sql.Length, Shorten(SqlMask.Mask(sql)));

    public void Upload(Caller caller, string endpoint, string outcome, int status, TimeSpan elapsed, string? file, long bytes, string? sha256) =>
        UploadLine(log, endpoint, caller.KeyId, Now(), outcome, status, (long)elapsed.TotalMilliseconds, file ?? "", bytes, sha256 ?? "");

    // The hash and length identify a long statement; its first few KB are enough to read.
    private static string Shorten(string text) => text.Length <= MaxLoggedSql ? text : text[..MaxLoggedSql] + "…";

    private string Now() => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Information, always: an audit line must not disappear when someone turns warnings down.
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "{Endpoint} key={KeyId} at={At} outcome={Outcome} status={Status} elapsed_ms={ElapsedMs} rows={RowCount} sql_sha256={SqlSha256} sql_length={SqlLength} sql={Sql}")]
    private static partial void QueryLine(ILogger log, string endpoint, string keyId, string at, string outcome, int status, long elapsedMs,
        long? rowCount, string sqlSha256, int sqlLength, string sql);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "{Endpoint} key={KeyId} at={At} outcome={Outcome} status={Status} elapsed_ms={ElapsedMs} file={File} bytes={Bytes} sha256={Sha256}")]
    private static partial void UploadLine(ILogger log, string endpoint, string keyId, string at, string outcome, int status, long elapsedMs,
        string file, long bytes, string sha256);
}

/// <summary>
/// A SQL statement's shape for the audit log: string literals (also E'…' and $tag$…$tag$), quoted
/// identifiers and comments become <c>?</c>, so that a household id written into a query is not
/// logged while the statement stays recognisable. An unterminated literal masks the rest.
/// </summary>
public static class SqlMask
{
    public static string Mask(string sql)
    {
        var text = new StringBuilder(Math.Min(sql.Length, 4096));
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (c == '\'')
            {
                // E'…' takes backslash escapes; the E itself was copied already and stays.
                var escapes = i > 0 && sql[i - 1] is 'e' or 'E' && (i == 1 || !IsWordChar(sql[i - 2]));
                i = SkipQuoted(sql, i, '\'', escapes);
                text.Append("'?'");
            }
            else if (c == '"')
            {
                i = SkipQuoted(sql, i, '"', escapes: false);
                text.Append("\"?\"");
            }
            else if (c == '-' && At(sql, i + 1, '-'))
            {
                var end = sql.IndexOf('\n', i);
                i = end < 0 ? sql.Length : end;
                text.Append("--?");
            }
            else if (c == '/' && At(sql, i + 1, '*'))
            {
                var end = sql.IndexOf("*/", i + 2, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + 2;
                text.Append("/*?*/");
            }
            else if (c == '$' && DollarTag(sql, i) is { } tag)
            {
                var end = sql.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = end < 0 ? sql.Length : end + tag.Length;
                text.Append("'?'");
            }
            else
            {
                text.Append(char.IsControl(c) && c is not ('\n' or '\t') ? ' ' : c);
                i++;
            }
        }
        return text.ToString();
    }

    private static bool At(string s, int i, char c) => i < s.Length && s[i] == c;

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    /// <returns>The index after the closing quote (a doubled quote is part of the value).</returns>
    private static int SkipQuoted(string s, int start, char quote, bool escapes)
    {
        var i = start + 1;
        while (i < s.Length)
        {
            if (escapes && s[i] == '\\') { i += 2; continue; }
            if (s[i] == quote)
            {
                if (At(s, i + 1, quote)) { i += 2; continue; }
                return i + 1;
            }
            i++;
        }
        return s.Length;
    }

    /// <summary>"$$" or "$tag$" opening a dollar-quoted string; null for a parameter such as $1.</summary>
    private static string? DollarTag(string s, int start)
    {
        if (start > 0 && IsWordChar(s[start - 1])) return null;
        var i = start + 1;
        while (i < s.Length && (char.IsLetter(s[i]) || s[i] == '_' || (i > start + 1 && char.IsDigit(s[i])))) i++;
        return At(s, i, '$') ? s[start..(i + 1)] : null;
    }
}
