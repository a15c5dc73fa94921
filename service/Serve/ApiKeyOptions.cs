using System.Security.Cryptography;
using System.Text;

namespace DiSu.Analytics.Service.Serve;

/// <summary>What each role may do; each role includes the ones before it.</summary>
public enum Role
{
    /// <summary>Aggregates and reports.</summary>
    Leader = 1,
    /// <summary>+ household-level risk lists (of the key's ward, when the key has one).</summary>
    Planner = 2,
    /// <summary>+ ad hoc SQL and file uploads.</summary>
    Officer = 3,
    /// <summary>+ jobs.</summary>
    Admin = 4,
}

/// <summary>
/// One API key as configured: an id (named in the audit log), the SHA-256 of the key, a role and
/// optionally the one ward it is restricted to. The key itself is never stored. Bound from
/// <c>Disu:Serve:Keys</c> by the configuration binder (through the parameterless constructor); the
/// hash is kept as <see cref="Hash"/> writes it and a blank ward means none, however the entry wrote them.
/// </summary>
public sealed record ApiKeyOptions(string Id, string Sha256, Role Role, string? Ward)
{
    public const string Prefix = "disu_";

    public ApiKeyOptions()
        : this("", "", 0, null) { }

    public string Sha256 { get; init => field = Normal(value); } = Normal(Sha256);

    public string? Ward { get; init => field = Blank(value); } = Blank(Ward);

    private static string Normal(string? hash) => (hash ?? "").Trim().ToLowerInvariant();

    private static string? Blank(string? ward) => string.IsNullOrWhiteSpace(ward) ? null : ward.Trim();

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));

    /// <summary>A new random key: 32 bytes, URL-safe, with a prefix that secret scanners can find.</summary>
    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
