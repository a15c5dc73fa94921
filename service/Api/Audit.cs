using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DiSu.Analytics.Mart.Sandbox;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Api;

/// <summary>
/// The audit trail of ad hoc SQL, uploads and downloads: one structured line per request in the log category
/// <see cref="Category"/>, so it lands in the service's JSON logs beside everything else. A line
/// says who (key=KEY-ID for an API key, user=USER-ID for a signed-in person), when (UTC), what (endpoint, outcome, status), how long and how many rows; for
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
        QueryLine(log, endpoint, Holder(caller), caller.KeyId, Now(), outcome, status, (long)elapsed.TotalMilliseconds, rows,
            Sha256Hex(Encoding.UTF8.GetBytes(sql)), sql.Length, Shorten(SqlMask.Mask(sql)));

    public void Upload(Caller caller, string endpoint, string outcome, int status, TimeSpan elapsed, string? file, long bytes, string? sha256) =>
        UploadLine(log, endpoint, Holder(caller), caller.KeyId, Now(), outcome, status, (long)elapsed.TotalMilliseconds, file ?? "", bytes, sha256 ?? "");

    /// <summary>A document given out (a report, a file's rejects): its file name and size; a refusal with its status and no file.</summary>
    public void Document(Caller caller, string endpoint, string outcome, int status, TimeSpan elapsed, string? file, long bytes) =>
        DocumentLine(log, endpoint, Holder(caller), caller.KeyId, Now(), outcome, status, (long)elapsed.TotalMilliseconds, file ?? "", bytes);

    /// <summary>
    /// A sign-in to the web workspace. An id nobody has is not written (people type passwords into the
    /// wrong field), only that it was unknown.
    /// </summary>
    public void SignIn(string? userId, string outcome, string? address) =>
        SignInLine(log, "POST /dang-nhap", userId ?? "?", Now(), outcome, address ?? "?");

    /// <summary>A setting changed from the workspace (the priority weights): the values as stored, never a household's data.</summary>
    public void Setting(Caller caller, string endpoint, string outcome, int status, string change) =>
        SettingLine(log, endpoint, Holder(caller), caller.KeyId, Now(), outcome, status, change);

    /// <summary>A table downloaded from a page: which table of which ward and year, and how many rows (not their contents).</summary>
    public void Download(Caller caller, string endpoint, string outcome, int status, string table, long rows) =>
        DownloadLine(log, endpoint, Holder(caller), caller.KeyId, Now(), outcome, status, table, rows);

    private static string Holder(Caller caller) => caller.Person ? "user" : "key";

    // The hash and length identify a long statement; its first few KB are enough to read.
    private static string Shorten(string text) => text.Length <= MaxLoggedSql ? text : text[..MaxLoggedSql] + "…";

    private string Now() => clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    // Information, always: an audit line must not disappear when someone turns warnings down.
    [LoggerMessage(EventId = 9001, Level = LogLevel.Information,
        Message = "{Endpoint} {Holder}={KeyId} at={At} outcome={Outcome} status={Status} elapsed_ms={ElapsedMs} rows={RowCount} sql_sha256={SqlSha256} sql_length={SqlLength} sql={Sql}")]
    private static partial void QueryLine(ILogger log, string endpoint, string holder, string keyId, string at, string outcome, int status, long elapsedMs,
        long? rowCount, string sqlSha256, int sqlLength, string sql);

    [LoggerMessage(EventId = 9003, Level = LogLevel.Information, Message = "{Endpoint} user={UserId} at={At} outcome={Outcome} from={Address}")]
    private static partial void SignInLine(ILogger log, string endpoint, string userId, string at, string outcome, string address);

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "{Endpoint} {Holder}={KeyId} at={At} outcome={Outcome} status={Status} change={Change}")]
    private static partial void SettingLine(ILogger log, string endpoint, string holder, string keyId, string at, string outcome, int status, string change);

    [LoggerMessage(EventId = 9011, Level = LogLevel.Information, Message = "{Endpoint} {Holder}={KeyId} at={At} outcome={Outcome} status={Status} table={Table} rows={RowCount}")]
    private static partial void DownloadLine(ILogger log, string endpoint, string holder, string keyId, string at, string outcome, int status, string table, long rowCount);

    [LoggerMessage(EventId = 9002, Level = LogLevel.Information,
        Message = "{Endpoint} {Holder}={KeyId} at={At} outcome={Outcome} status={Status} elapsed_ms={ElapsedMs} file={File} bytes={Bytes} sha256={Sha256}")]
    private static partial void UploadLine(ILogger log, string endpoint, string holder, string keyId, string at, string outcome, int status, long elapsedMs,
        string file, long bytes, string sha256);

    [LoggerMessage(EventId = 9004, Level = LogLevel.Information,
        Message = "{Endpoint} {Holder}={KeyId} at={At} outcome={Outcome} status={Status} elapsed_ms={ElapsedMs} file={File} bytes={Bytes}")]
    private static partial void DocumentLine(ILogger log, string endpoint, string holder, string keyId, string at, string outcome, int status, long elapsedMs,
        string file, long bytes);
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
        foreach (var token in SqlLexer.Tokens(sql))
        {
            switch (token.Kind)
            {
                case SqlTokenKind.String or SqlTokenKind.DollarString: text.Append("'?'"); break;
                case SqlTokenKind.QuotedName: text.Append("\"?\""); break;
                case SqlTokenKind.LineComment: text.Append("--?"); break;
                case SqlTokenKind.BlockComment: text.Append("/*?*/"); break;
                default:
                    foreach (var c in sql.AsSpan(token.Start, token.Length))
                        text.Append(char.IsControl(c) && c is not ('\n' or '\t') ? ' ' : c);
                    break;
            }
        }
        return text.ToString();
    }
}
