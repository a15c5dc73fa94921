using DiSu.Analytics.Mart.Text;
using Microsoft.AspNetCore.Identity;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// Passwords through ASP.NET Core Identity's <see cref="PasswordHasher{TUser}"/> (PBKDF2 with
/// HMAC-SHA512, a salt per password, the iteration count stored in the hash, compared in constant
/// time), from the shared framework: no password is stored or logged.
/// </summary>
public static class UserPasswords
{
    /// <summary>Long enough to resist guessing without rules about character classes (NIST SP 800-63B).</summary>
    public const int MinLength = 12;

    public const int MaxLength = 256;

    private static readonly PasswordHasher<WebUser> Hasher = new();

    // Verified against when the user does not exist, so that an unknown id costs as long as a wrong password.
    private static readonly Lazy<string> Decoy = new(() => Hasher.HashPassword(null!, Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24))));

    public static string Hash(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Whether <paramref name="password"/> matches, and whether its hash should be rewritten with today's parameters.</summary>
    public static (bool Matches, bool Rehash) Verify(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password) switch
        {
            PasswordVerificationResult.Success => (true, false),
            PasswordVerificationResult.SuccessRehashNeeded => (true, true),
            _ => (false, false),
        };

    public static void VerifyDecoy(string password) => Hasher.VerifyHashedPassword(null!, Decoy.Value, password);

    /// <summary>The rule a new password must keep, or null.</summary>
    public static Message? Problem(string password)
    {
        if (password.Length < MinLength)
            return Message.Of($"mật khẩu phải có ít nhất {MinLength} ký tự", $"the password must have at least {MinLength} characters");
        if (password.Length > MaxLength)
            return Message.Of($"mật khẩu dài quá {MaxLength} ký tự", $"the password is longer than {MaxLength} characters");
        if (password.Any(char.IsControl))
            return new Message("mật khẩu không được chứa ký tự điều khiển", "the password must not contain control characters");
        return null;
    }
}
