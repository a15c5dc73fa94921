using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// A person who signs in to the web workspace: the same role and ward an API key has, a password
/// hash (ASP.NET Core Identity's format, never the password) and the state of wrong attempts.
/// <see cref="Stamp"/> changes with the password or when the user is disabled: a cookie issued
/// under an older stamp stops working at its next request.
/// </summary>
public sealed record WebUser
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public required Role Role { get; init; }
    public string? Ward { get; init; }
    public bool Disabled { get; init; }
    public required string PasswordHash { get; init; }
    public required string Stamp { get; init; }
    public int FailedAttempts { get; init; }
    public DateTimeOffset? LockedUntil { get; init; }
    public DateTimeOffset Changed { get; init; }

    public bool LockedAt(DateTimeOffset now) => LockedUntil is { } until && until > now;

    public static string NewStamp() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
