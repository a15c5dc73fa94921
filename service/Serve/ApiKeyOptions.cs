using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;

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
/// optionally the one ward it is restricted to. The key itself is never stored.
/// </summary>
public sealed record ApiKeyOptions(string Id, string Sha256, Role Role, string? Ward)
{
    public const string Prefix = "disu_";

    public static ApiKeyOptions Bind(IConfigurationSection section)
    {
        var roleText = section["Role"] ?? "";
        var role = Enum.TryParse<Role>(roleText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : 0;
        var ward = section["Ward"];
        return new ApiKeyOptions(section["Id"] ?? $"(key #{section.Key})", (section["Sha256"] ?? "").Trim().ToLowerInvariant(), role,
            string.IsNullOrWhiteSpace(ward) ? null : ward.Trim());
    }

    public IEnumerable<string> Problems()
    {
        if (Sha256.Length != 64 || !Sha256.All(Uri.IsHexDigit))
            yield return $"Keys: '{Id}' needs Sha256, the 64 hex digits printed by 'disu serve key new'";
        if (!Enum.IsDefined(Role) || Role == 0)
            yield return $"Keys: '{Id}' needs Role: leader, planner, officer or admin";
    }

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key.Trim())));

    /// <summary>A new random key: 32 bytes, URL-safe, with a prefix that secret scanners can find.</summary>
    public static string NewKey() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
