using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

public sealed class UserCommandTests : IDisposable
{
    private const string Password = "mật khẩu của Lan 2025";

    private readonly TempFolder folder = new();

    private string Mart => folder.File("data/disu.duckdb");

    private string UsersFile => Path.Combine(folder.Path, "data", "users.json");

    private CliRun User(string? stdin, params string[] args) => CliRun.WithInput(stdin, ["serve", "user", .. args, "--mart", Mart]);

    private UserStore Store => new(UsersFile, new FakeTimeProvider());

    [Fact]
    public void Should_add_a_user_beside_the_mart_with_a_hashed_password_read_from_standard_input()
    {
        var run = User(Password + "\n", "add", "Lan.Nguyen", "--name", "Nguyễn Thị Lan", "--role", "planner", "--ward", "DISU");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("đã thêm người dùng lan.nguyen (Nguyễn Thị Lan, cán bộ kế hoạch, phường/xã DISU)");

        var text = File.ReadAllText(UsersFile);
        text.ShouldNotContain(Password);
        var user = Store.Find("lan.nguyen")!;
        (user.Name, user.Role, user.Ward, user.Disabled).ShouldBe(("Nguyễn Thị Lan", Role.Planner, "DISU", false));
        UserPasswords.Verify(user.PasswordHash, Password).Matches.ShouldBeTrue();
        UserPasswords.Verify(user.PasswordHash, Password + "x").Matches.ShouldBeFalse();
        using var json = JsonDocument.Parse(text);
        json.RootElement.GetProperty("users")[0].GetProperty("role").GetString().ShouldBe("planner");
        Directory.GetFiles(Path.GetDirectoryName(UsersFile)!).Select(Path.GetFileName).ShouldNotContain(f => f!.EndsWith(".duckdb", StringComparison.Ordinal),
            "the users go into their own file, not into a mart");
    }

    [Fact]
    public void Should_refuse_a_second_user_with_the_same_id_whatever_its_case()
    {
        User(Password + "\n", "add", "lan", "--name", "Lan", "--role", "leader").ExitCode.ShouldBe(0);
        var again = User("một mật khẩu khác hẳn\n", "add", "LAN", "--name", "Lan khác", "--role", "admin");
        again.ExitCode.ShouldBe(2);
        again.Error.ShouldContain("người dùng 'lan' đã có");
        Store.All().Single().Role.ShouldBe(Role.Leader);
    }

    [Theory]
    [InlineData("ngắn quá\n", "ít nhất 12 ký tự")]
    [InlineData("", "hãy đưa mật khẩu qua đầu vào chuẩn")]
    public void Should_refuse_a_missing_or_short_password(string stdin, string problem)
    {
        var run = User(stdin, "add", "lan", "--name", "Lan", "--role", "leader");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(problem);
        File.Exists(UsersFile).ShouldBeFalse();
    }

    [Theory]
    [InlineData("--password")]
    [InlineData("-p")]
    public void Should_take_no_password_on_the_command_line(string flag)
    {
        var run = User(null, "add", "lan", "--name", "Lan", "--role", "leader", flag, Password);
        run.ExitCode.ShouldBe(2);
        File.Exists(UsersFile).ShouldBeFalse();
    }

    [Theory]
    [InlineData("mayor", "phải là leader, planner, officer hoặc admin")]
    [InlineData("3", "phải là leader, planner, officer hoặc admin")]
    public void Should_refuse_an_unknown_role(string role, string problem)
    {
        var run = User(Password + "\n", "add", "lan", "--name", "Lan", "--role", role);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(problem);
    }

    [Theory]
    [InlineData("lan nguyen")]
    [InlineData("lân")]
    [InlineData("-lan")]
    [InlineData("l")]
    public void Should_refuse_an_id_that_is_not_plain(string id)
    {
        var run = User(Password + "\n", "add", id, "--name", "Lan", "--role", "leader");
        run.ExitCode.ShouldBe(2, run.Out);
        File.Exists(UsersFile).ShouldBeFalse();
    }

    [Fact]
    public void Should_change_a_password_lift_a_lockout_and_change_the_stamp()
    {
        User(Password + "\n", "add", "lan", "--name", "Lan", "--role", "officer").ExitCode.ShouldBe(0);
        Store.Change(users => users[0] = users[0] with { FailedAttempts = 3, LockedUntil = DateTimeOffset.MaxValue });
        var before = Store.Find("lan")!;

        var run = User("mật khẩu mới của Lan\n", "passwd", "lan");
        run.ExitCode.ShouldBe(0, run.Error);
        var after = Store.Find("lan")!;
        UserPasswords.Verify(after.PasswordHash, "mật khẩu mới của Lan").Matches.ShouldBeTrue();
        UserPasswords.Verify(after.PasswordHash, Password).Matches.ShouldBeFalse();
        (after.FailedAttempts, after.LockedUntil).ShouldBe((0, (DateTimeOffset?)null));
        after.Stamp.ShouldNotBe(before.Stamp);

        var unknown = User("mật khẩu mới của ai đó\n", "passwd", "ai.do");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("không có người dùng 'ai.do'");
    }

    [Fact]
    public void Should_disable_a_user_and_list_every_user_with_their_state_but_no_hash()
    {
        User(Password + "\n", "add", "lan", "--name", "Nguyễn Thị Lan", "--role", "planner", "--ward", "DISU").ExitCode.ShouldBe(0);
        User(Password + "\n", "add", "minh", "--name", "Trần Văn Minh", "--role", "admin").ExitCode.ShouldBe(0);
        var disabled = User(null, "disable", "minh");
        disabled.ExitCode.ShouldBe(0, disabled.Error);
        disabled.Out.ShouldContain("đã khóa người dùng minh");
        Store.Find("minh")!.Disabled.ShouldBeTrue();

        var list = User(null, "list");
        list.ExitCode.ShouldBe(0, list.Error);
        var lines = list.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldStartWith("tên đăng nhập");
        lines[1].ShouldMatch(@"^lan\s+Nguyễn Thị Lan\s+cán bộ kế hoạch\s+DISU\s+đang dùng$");
        lines[2].ShouldMatch(@"^minh\s+Trần Văn Minh\s+quản trị viên\s+\(tất cả\)\s+đã khóa$");
        list.Out.ShouldNotContain("AQAAAA");

        var english = CliRun.WithInput(null, "serve", "user", "list", "--mart", Mart, "--lang", "en");
        english.Out.ShouldContain("minh");
        english.Out.Split('\n')[0].ShouldStartWith("id");
        english.Out.ShouldContain("disabled");
    }

    [Fact]
    public void Should_keep_the_users_file_where_the_configuration_says()
    {
        var elsewhere = folder.File("secrets/people.json");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var configuration = DiSu.Analytics.Service.DisuConfiguration.Load(folder.Path, folder.Path,
            new System.Collections.Hashtable { ["DISU__Disu__Serve__Users"] = elsewhere });
        var code = DiSu.Analytics.Service.Cli.Run(["serve", "user", "add", "lan", "--name", "Lan", "--role", "leader", "--mart", Mart], stdout, stderr,
            configuration, new FakeTimeProvider(), new StringReader(Password + "\n"));
        code.ShouldBe(0, stderr.ToString());
        File.Exists(elsewhere).ShouldBeTrue();
        File.Exists(UsersFile).ShouldBeFalse();
    }

    public void Dispose() => folder.Dispose();
}
