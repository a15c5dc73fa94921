using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>What `disu serve user` changes in the users file; every rule is checked before anything is written.</summary>
public static partial class UserAccounts
{
    public static WebUser Add(UserStore store, string id, string name, Role role, string? ward, string password)
    {
        var cleanId = Id(id);
        var cleanName = DisplayName(name);
        var cleanWard = string.IsNullOrWhiteSpace(ward) ? null : ward.Trim();
        if (UserPasswords.Problem(password) is { } problem) throw new UsageException(problem);
        var hash = UserPasswords.Hash(password);
        return store.Change(users =>
        {
            if (users.Any(u => string.Equals(u.Id, cleanId, StringComparison.OrdinalIgnoreCase)))
                throw new UsageException($"người dùng '{cleanId}' đã có; đổi mật khẩu bằng 'disu serve user passwd {cleanId}'",
                                         $"user '{cleanId}' already exists; change the password with 'disu serve user passwd {cleanId}'");
            var user = new WebUser
            {
                Id = cleanId, Name = cleanName, Role = role, Ward = cleanWard, PasswordHash = hash,
                Stamp = WebUser.NewStamp(), Changed = store.Clock.GetUtcNow(),
            };
            users.Add(user);
            return user;
        });
    }

    /// <summary>A new password also lifts a lockout and ends the user's sessions (the stamp changes).</summary>
    public static WebUser SetPassword(UserStore store, string id, string password)
    {
        if (UserPasswords.Problem(password) is { } problem) throw new UsageException(problem);
        var hash = UserPasswords.Hash(password);
        return Replace(store, id, u => u with { PasswordHash = hash, Stamp = WebUser.NewStamp(), FailedAttempts = 0, LockedUntil = null });
    }

    /// <summary>The user can no longer sign in, and a session already open ends at its next request.</summary>
    public static WebUser Disable(UserStore store, string id) =>
        Replace(store, id, u => u with { Disabled = true, Stamp = WebUser.NewStamp() });

    private static WebUser Replace(UserStore store, string id, Func<WebUser, WebUser> change) => store.Change(users =>
    {
        var index = users.FindIndex(u => string.Equals(u.Id, id.Trim(), StringComparison.OrdinalIgnoreCase));
        if (index < 0)
            throw new UsageException($"không có người dùng '{id}' (xem 'disu serve user list')", $"there is no user '{id}' (see 'disu serve user list')");
        users[index] = change(users[index]) with { Changed = store.Clock.GetUtcNow() };
        return users[index];
    });

    /// <summary>Ids are short, plain and lower-case: they appear in the audit log and are typed at sign-in.</summary>
    public static string Id(string id)
    {
        var clean = id.Trim().ToLowerInvariant();
        if (!IdPattern().IsMatch(clean))
            throw new UsageException($"tên đăng nhập '{id}' chỉ được gồm chữ Latin không dấu, chữ số, '.', '-' và '_', dài 2 đến 64 ký tự, bắt đầu bằng chữ hoặc số",
                                     $"the user id '{id}' may only hold Latin letters without accents, digits, '.', '-' and '_', 2 to 64 characters, starting with a letter or digit");
        return clean;
    }

    private static string DisplayName(string name)
    {
        var clean = name.Trim();
        if (clean.Length is 0 or > 100 || clean.Any(char.IsControl))
            throw new UsageException(new Message("--name cần họ tên của người dùng (1 đến 100 ký tự, không có ký tự điều khiển)",
                                                 "--name needs the user's name (1 to 100 characters, no control characters)"));
        return clean;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{1,63}$")]
    private static partial Regex IdPattern();
}
