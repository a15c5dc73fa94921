using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>
/// Checks an id and password against the users file. Every refusal looks the same to the person
/// (unknown id, wrong password, locked, disabled), and an unknown id costs the same time as a wrong
/// password. <see cref="ServeOptions.SignInMaxFailures"/> wrong passwords in a row lock the user for
/// <see cref="ServeOptions.SignInLockoutMinutes"/>; while locked even the right password is refused.
/// Each attempt is a line of the audit log (<see cref="Audit.SignIn"/>).
/// </summary>
public sealed class WebSignIn(UserStore store, ServeOptions options, Audit audit)
{
    public UserStore Store => store;

    /// <summary>The user signed in, or null; the audit log gets the outcome (the id only when it exists).</summary>
    public WebUser? Attempt(string? id, string? password, string? address)
    {
        var (user, outcome) = Check(id, password ?? "");
        audit.SignIn(user?.Id, outcome, address);
        return outcome == "signed_in" ? user : null;
    }

    private (WebUser? User, string Outcome) Check(string? id, string password)
    {
        var user = string.IsNullOrWhiteSpace(id) || id.Length > 64 ? null : store.Find(id);
        if (user is null)
        {
            UserPasswords.VerifyDecoy(password);
            return (null, "unknown_user");
        }
        var (matches, rehash) = UserPasswords.Verify(user.PasswordHash, password);
        var now = store.Clock.GetUtcNow();
        return store.Change<(WebUser?, string)>(users =>
        {
            // Read again under the lock: another attempt may have counted a failure meanwhile.
            var index = users.FindIndex(u => u.Id == user.Id);
            if (index < 0) return (null, "unknown_user");
            var current = users[index];
            if (current.Disabled) return (current, "disabled");
            if (current.Stamp != user.Stamp) return (current, "changed_meanwhile");
            if (current.LockedAt(now)) return (current, "locked");
            if (!matches)
            {
                var failures = current.FailedAttempts + 1;
                users[index] = failures >= options.SignInMaxFailures
                    ? current with { FailedAttempts = 0, LockedUntil = now.AddMinutes(options.SignInLockoutMinutes) }
                    : current with { FailedAttempts = failures };
                return (current, failures >= options.SignInMaxFailures ? "wrong_password_locked_out" : "wrong_password");
            }
            users[index] = current with
            {
                FailedAttempts = 0, LockedUntil = null,
                PasswordHash = rehash ? UserPasswords.Hash(password) : current.PasswordHash,
            };
            return (users[index], "signed_in");
        });
    }
}
