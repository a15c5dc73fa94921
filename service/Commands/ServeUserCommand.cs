using System.CommandLine;
using System.Globalization;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// `disu serve user add|passwd|disable|list`: the people who sign in to the web workspace, kept in the
/// users file (Disu:Serve:Users, else users.json beside the mart). A password is read from standard
/// input, or typed twice without echo at a terminal; never from the command line, where `ps` and the
/// shell's history would keep it.
/// </summary>
internal static class ServeUserCommand
{
    public static Command Build(CliContext context)
    {
        var user = new Command("user", "People who sign in to the web workspace (disu serve at /): add, change a password, disable, list.");
        user.Subcommands.Add(Add(context));
        user.Subcommands.Add(Passwd(context));
        user.Subcommands.Add(Disable(context));
        user.Subcommands.Add(List(context));
        return user;
    }

    private static Argument<string> IdArgument() => new("id") { Description = "The sign-in name (letters without accents, digits, '.', '-', '_'), e.g. lan.nguyen." };

    private static Command Add(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var id = IdArgument();
        var name = new Option<string>("--name") { Description = "The person's name as shown in the workspace, e.g. \"Nguyễn Thị Lan\".", Required = true };
        var role = new Option<string>("--role") { Description = "leader, planner, officer or admin.", Required = true };
        var ward = new Option<string?>("--ward") { Description = "Restrict the user to one ward code (they then see nothing of other wards)." };
        var command = new Command("add", "Add a user; the password is read from standard input or typed twice without echo.") { id, name, role, ward, mart };
        command.SetAction(parse =>
        {
            var parsedRole = Role(parse.GetValue(role));
            var cleanId = UserAccounts.Id(parse.GetValue(id)!);
            var store = Store(context, parse.GetValue(mart)!);
            var added = UserAccounts.Add(store, cleanId, parse.GetValue(name)!, parsedRole, parse.GetValue(ward), Password(context));
            context.Line($"đã thêm người dùng {added.Id} ({added.Name}, {WebSections.RoleName(added.Role)}{(added.Ward is null ? "" : ", phường/xã " + added.Ward)}) vào {store.Path}",
                         $"added user {added.Id} ({added.Name}, {added.Role.ToString().ToLowerInvariant()}{(added.Ward is null ? "" : ", ward " + added.Ward)}) to {store.Path}");
            return Cli.Ok;
        });
        return command;
    }

    private static Command Passwd(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var id = IdArgument();
        var command = new Command("passwd", "Set a new password (read like 'add'); it also lifts a lockout and ends the user's open sessions.") { id, mart };
        command.SetAction(parse =>
        {
            var store = Store(context, parse.GetValue(mart)!);
            var target = parse.GetValue(id)!;
            if (store.Find(target) is null)
                throw new UsageException($"không có người dùng '{target}' (xem 'disu serve user list')", $"there is no user '{target}' (see 'disu serve user list')");
            var changed = UserAccounts.SetPassword(store, target, Password(context));
            context.Line($"đã đổi mật khẩu của {changed.Id}; các phiên đang mở của người này đã kết thúc", $"changed the password of {changed.Id}; their open sessions have ended");
            return Cli.Ok;
        });
        return command;
    }

    private static Command Disable(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var id = IdArgument();
        var command = new Command("disable", "Stop a user from signing in; an open session ends at its next request.") { id, mart };
        command.SetAction(parse =>
        {
            var changed = UserAccounts.Disable(Store(context, parse.GetValue(mart)!), parse.GetValue(id)!);
            context.Line($"đã khóa người dùng {changed.Id}; người này không đăng nhập được nữa", $"disabled user {changed.Id}; they can no longer sign in");
            return Cli.Ok;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var mart = CommonOptions.Mart(context);
        var command = new Command("list", "List the users: id, name, role, ward and whether they may sign in (no password hashes).") { mart };
        command.SetAction(parse =>
        {
            var store = Store(context, parse.GetValue(mart)!);
            var users = store.All().OrderBy(u => u.Id, StringComparer.Ordinal).ToList();
            if (users.Count == 0)
            {
                context.Line($"chưa có người dùng nào trong {store.Path}; thêm bằng 'disu serve user add'", $"no users yet in {store.Path}; add one with 'disu serve user add'");
                return Cli.Ok;
            }
            var now = context.Clock.GetUtcNow();
            var zone = ServeOptions.From(context.Configuration).Zone;
            var rows = users.Select(u => new[]
            {
                u.Id, u.Name, context.T(new(WebSections.RoleName(u.Role), u.Role.ToString().ToLowerInvariant())),
                u.Ward ?? context.T(new("(tất cả)", "(all)")), context.T(State(u, now, zone)),
            }).ToList();
            string[] headers = [context.T(new("tên đăng nhập", "id")), context.T(new("họ tên", "name")), context.T(new("vai trò", "role")),
                context.T(new("phường/xã", "ward")), context.T(new("trạng thái", "state"))];
            var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
            context.Out.WriteLine(string.Join("  ", headers.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
            foreach (var row in rows) context.Out.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
            return Cli.Ok;
        });
        return command;
    }

    private static Mart.Text.Message State(WebUser user, DateTimeOffset now, TimeZoneInfo zone)
    {
        if (user.Disabled) return new("đã khóa", "disabled");
        if (user.LockedAt(now))
        {
            var until = TimeZoneInfo.ConvertTime(user.LockedUntil!.Value, zone).ToString("HH:mm dd/MM/yyyy", CultureInfo.InvariantCulture);
            return new($"tạm khóa đến {until}", $"locked until {until}");
        }
        return new("đang dùng", "active");
    }

    private static UserStore Store(CliContext context, string martPath) =>
        new(ServeOptions.From(context.Configuration).UsersPath(martPath), context.Clock);

    private static Role Role(string? text) =>
        Enum.TryParse<Role>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(text, out _)
            ? parsed
            : throw new UsageException($"--role '{text}' phải là leader, planner, officer hoặc admin", $"--role '{text}' must be leader, planner, officer or admin");

    /// <summary>At a terminal: typed twice, not shown. Otherwise the first line of standard input.</summary>
    private static string Password(CliContext context)
    {
        if (ReferenceEquals(context.In, Console.In) && !Console.IsInputRedirected)
        {
            var first = Typed(context, context.T(new("Mật khẩu mới: ", "New password: ")));
            var second = Typed(context, context.T(new("Nhập lại mật khẩu: ", "Repeat the password: ")));
            if (first != second) throw new UsageException(new Mart.Text.Message("hai lần nhập mật khẩu không khớp nhau", "the two passwords do not match"));
            return first;
        }
        var line = context.In.ReadLine();
        if (string.IsNullOrEmpty(line))
            throw new UsageException(new Mart.Text.Message("hãy đưa mật khẩu qua đầu vào chuẩn (stdin), ví dụ: disu serve user add … < tep-mat-khau",
                                                           "give the password on standard input, e.g. disu serve user add … < password-file"));
        return line;
    }

    private static string Typed(CliContext context, string prompt)
    {
        context.Error.Write(prompt);
        var text = new System.Text.StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter) break;
            if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
            else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
        }
        context.Error.WriteLine();
        return text.ToString();
    }
}
