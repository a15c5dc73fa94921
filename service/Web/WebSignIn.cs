using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// Checks an id and password against the users file. Every refusal looks the same to the person
/// (unknown id, wrong password, locked, disabled), and an unknown id costs the same time as a wrong
/// password. <see cref="ServeOptions.SignInMaxFailures"/> wrong passwords in a row lock the user for
/// <see cref="ServeOptions.SignInLockoutMinutes"/>; while locked even the right password is refused.
/// </summary>
public sealed class WebSignIn(UserStore store, ServeOptions options)
{
    public UserStore Store => store;

    /// <summary>The user signed in, or null.</summary>
    public WebUser? Attempt(string? id, string? password)
    {
        password ??= "";
        var user = string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : store.Find(id);
        if (user is null)
        {
            UserPasswords.VerifyDecoy(password);
            return null;
        }
        var (matches, rehash) = UserPasswords.Verify(user.PasswordHash, password);
        var now = store.Clock.GetUtcNow();
        return store.Change(users =>
        {
            // Read again under the lock: another attempt may have counted a failure meanwhile.
            var index = users.FindIndex(u => u.Id == user.Id);
            if (index < 0) return null;
            var current = users[index];
            if (current.Disabled || current.Stamp != user.Stamp) return null;
            if (current.LockedAt(now)) return null;
            if (!matches)
            {
                var failures = current.FailedAttempts + 1;
                users[index] = failures >= options.SignInMaxFailures
                    ? current with { FailedAttempts = 0, LockedUntil = now.AddMinutes(options.SignInLockoutMinutes) }
                    : current with { FailedAttempts = failures };
                return null;
            }
            users[index] = current with
            {
                FailedAttempts = 0, LockedUntil = null,
                PasswordHash = rehash ? UserPasswords.Hash(password) : current.PasswordHash,
            };
            return users[index];
        });
    }
}
