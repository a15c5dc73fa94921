using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

public sealed class ServeCommandTests
{
    [Fact]
    public void Should_print_a_new_key_once_with_the_configuration_entry_holding_only_its_hash()
    {
        var run = CliRun.Of("serve", "key", "new", "--id", "ubnd-disu", "--role", "Planner", "--ward", "DISU");
        run.ExitCode.ShouldBe(0, run.Error);
        var key = run.Out.Split('\n')[0]["khóa: ".Length..].Trim();
        key.ShouldStartWith(ApiKeyOptions.Prefix);
        using var entry = JsonDocument.Parse(run.Out[run.Out.IndexOf('{', StringComparison.Ordinal)..]);
        entry.RootElement.GetProperty("Sha256").GetString().ShouldBe(ApiKeyOptions.Hash(key));
        entry.RootElement.GetProperty("Role").GetString().ShouldBe("planner");
        entry.RootElement.GetProperty("Ward").GetString().ShouldBe("DISU");
        run.Out[run.Out.IndexOf('{', StringComparison.Ordinal)..].ShouldNotContain(key);
        CliRun.WithInput(key + "\n", "serve", "key", "hash").Out.Trim().ShouldBe(ApiKeyOptions.Hash(key));
    }

    [Fact]
    public void Should_refuse_an_unknown_role_as_bad_usage()
    {
        var run = CliRun.Of("serve", "key", "new", "--id", "x", "--role", "mayor");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("phải là leader, planner, officer hoặc admin");
    }

    [Fact]
    public void Should_not_start_with_settings_that_break_a_rule_and_say_which()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("serve", "--mart", folder.File("m.duckdb"), "--listen", "ftp://0.0.0.0:21");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("Listen 'ftp://0.0.0.0:21' phải là một địa chỉ http:// hoặc https://");
        var english = CliRun.Of("serve", "--mart", folder.File("m.duckdb"), "--listen", "ftp://0.0.0.0:21", "--lang", "en");
        english.ExitCode.ShouldBe(2);
        english.Error.ShouldContain("Listen 'ftp://0.0.0.0:21' must be an http:// or https:// address");
        File.Exists(folder.File("m.duckdb")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("every minute", "Schedules:Inbox 'every minute' is not a Quartz cron expression")]
    [InlineData("0 * * * * ?", null)]
    public void Should_check_each_schedule_is_a_cron_expression(string cron, string? problem)
    {
        var options = new ServeOptions { Schedules = new JobSchedules { Inbox = cron } };
        var problems = ServeOptionsValidator.Problems(options).Select(p => p.En).ToList();
        if (problem is null) problems.ShouldBeEmpty();
        else problems.ShouldContain(p => p.StartsWith(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void Should_name_each_broken_key_entry()
    {
        var options = new ServeOptions
        {
            Keys = [new ApiKeyOptions("a", "not-a-hash", Role.Leader, null), new ApiKeyOptions("a", new string('0', 64), 0, null)],
        };
        var problems = ServeOptionsValidator.Problems(options).Select(p => p.En).ToList();
        problems.ShouldContain("Keys: 'a' needs Sha256, the 64 hex digits printed by 'disu serve key new'");
        problems.ShouldContain("Keys: 'a' needs Role: leader, planner, officer or admin");
        problems.ShouldContain(p => p.Contains("id 'a' is used 2 times", StringComparison.Ordinal));
    }
}
