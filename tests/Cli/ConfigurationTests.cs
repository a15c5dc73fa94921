using System.Collections;
using DiSu.Analytics.Service;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Docs;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>
/// One configuration for every command, `disu serve` included: appsettings.json beside the program, disu.json in
/// the working folder, environment variables spelt DISU__ + the key with '__' for ':' (DISU__Disu__Language), then
/// flags. Every setting is checked before a command runs; variables spelt the old ways are named, not silently lost.
/// Each test has its own program folder, working folder and environment: nothing of the machine's.
/// </summary>
public sealed class ConfigurationTests : IDisposable
{
    private readonly TempFolder program = new();
    private readonly TempFolder working = new();
    private readonly Dictionary<string, string> environment = [];

    public void Dispose()
    {
        program.Dispose();
        working.Dispose();
    }

    private DisuConfiguration Load() => DisuConfiguration.Load(program.Path, working.Path, new Hashtable(environment));

    private CliRun Run(params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = DiSu.Analytics.Service.Cli.Run(args, stdout, stderr, Load(), new FakeTimeProvider(TestMart.Epoch));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    /// <summary>`disu serve` expected to refuse to start: had it started, the test fails instead of waiting for ever.</summary>
    private Task<CliRun> Refused(params string[] args) => Task.Run(() => Run(args)).WaitAsync(TimeSpan.FromMinutes(2));

    private string Missing => working.File("nothing-here.csv");

    [Fact]
    public void Should_speak_the_language_of_DISU__Disu__Language_and_let_lang_override_it()
    {
        Run("etl", "load", Missing).Error.ShouldContain("không có tệp hay thư mục");
        environment["DISU__Disu__Language"] = "en";
        Run("etl", "load", Missing).Error.ShouldContain("no such file or folder");
        Run("etl", "load", Missing, "--lang", "vi").Error.ShouldContain("không có tệp hay thư mục");
    }

    [Fact]
    public void Should_refuse_a_DISU__Disu__Language_that_is_no_language_before_the_command_runs_naming_the_key_and_the_values()
    {
        environment["DISU__Disu__Language"] = "fr";
        var mart = working.File("m.duckdb");
        var run = Run("migrate", "--mart", mart);
        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.ShouldContain("cài đặt Disu:Language = 'fr' không phải ngôn ngữ có sẵn; đặt vi hoặc en");
        run.Error.ShouldContain("DISU__Disu__Language");
        var english = Run("migrate", "--mart", mart, "--lang", "en");
        english.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        english.Error.ShouldContain("the setting Disu:Language = 'fr' is not an available language; set vi or en");
        File.Exists(mart).ShouldBeFalse();
    }

    [Fact]
    public void Should_let_disu_json_override_appsettings_json_the_environment_override_both_and_flags_override_all()
    {
        File.WriteAllText(program.File("appsettings.json"), """{ "Disu": { "Mart": "a.duckdb", "MemoryLimit": "2GB", "Serve": { "QuietSeconds": 1, "Inbox": "in-a" } } }""");
        File.WriteAllText(working.File("disu.json"), """{ "Disu": { "Mart": "b.duckdb", "Serve": { "QuietSeconds": 2 } } }""");
        environment["DISU__Disu__Serve__QuietSeconds"] = "3";
        var loaded = Load();
        loaded.Options.Mart.ShouldBe("b.duckdb");
        loaded.Options.MemoryLimit.ShouldBe("2GB");
        var serve = ServeOptions.From(loaded.Root);
        (serve.QuietSeconds, serve.Inbox).ShouldBe((3, "in-a"));
        ServeOptions.From(DisuConfiguration.WithFlags(loaded.Root, [new("Disu:Serve:QuietSeconds", "4")])).QuietSeconds.ShouldBe(4);
        environment["DISU__Disu__Mart"] = "c.duckdb";
        Load().Options.Mart.ShouldBe("c.duckdb");
        loaded.Warnings.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("Disu__Serve__Listen", "DISU__Disu__Serve__Listen")]
    [InlineData("Serve__Listen", "DISU__Disu__Serve__Listen")]
    [InlineData("DISU__Serve__Listen", "DISU__Disu__Serve__Listen")]
    public void Should_name_a_listen_address_spelt_the_old_way_and_not_listen_there(string variable, string spelling)
    {
        environment[variable] = "http://0.0.0.0:9999";
        var loaded = Load();
        ServeOptions.From(loaded.Root).Listen.ShouldBe(new ServeOptions().Listen);
        var warning = loaded.Warnings.ShouldHaveSingleItem();
        warning.Vi.ShouldStartWith($"cảnh báo: bỏ qua biến môi trường {variable}");
        warning.Vi.ShouldContain($"hãy viết {spelling}");
        warning.En.ShouldStartWith($"warning: ignoring the environment variable {variable}");
        warning.En.ShouldContain($"write {spelling}");
        // Every command says so on standard error, `disu serve` before it starts.
        Run("etl", "load", Missing).Error.ShouldContain($"disu: cảnh báo: bỏ qua biến môi trường {variable}");
    }

    [Fact]
    public void Should_name_the_mart_spelt_DISU__Mart_and_use_the_default()
    {
        environment["DISU__Mart"] = "elsewhere.duckdb";
        var loaded = Load();
        loaded.Options.Mart.ShouldBe("data/disu.duckdb");
        loaded.Warnings.ShouldHaveSingleItem().En.ShouldContain("write DISU__Disu__Mart");
    }

    [Fact]
    public void Should_read_every_documented_spelling_and_no_warning_for_them_or_for_variables_of_other_programs()
    {
        environment["DISU__Disu__Serve__Listen"] = "http://127.0.0.1:6000";
        environment["DISU__Disu__Serve__Schedules__Inbox"] = "0 */5 * * * ?";
        environment["DISU__Disu__Serve__ReportFormats__0"] = "csv";
        environment["DISU__Logging__LogLevel__Default"] = "Warning";
        environment["PATH"] = "/usr/bin";
        environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        var loaded = Load();
        var serve = ServeOptions.From(loaded.Root);
        (serve.Listen, serve.Schedules.Inbox).ShouldBe(("http://127.0.0.1:6000", "0 */5 * * * ?"));
        serve.ReportFormats.ShouldBe(["csv"]);
        loaded.Root["Logging:LogLevel:Default"].ShouldBe("Warning");
        loaded.Warnings.ShouldBeEmpty();
    }

    [Fact]
    public void Should_warn_about_a_key_nothing_reads_such_as_the_old_Disu_Culture_and_still_run()
    {
        File.WriteAllText(working.File("disu.json"), """{ "Disu": { "Culture": "vi-VN", "Serve": { "Lissten": "http://127.0.0.1:1" } } }""");
        var loaded = Load();
        loaded.Warnings.Select(w => w.En).ShouldBe([
            "warning: no setting reads the key Disu:Culture (appsettings.json, disu.json or DISU__Disu__Culture); remove it or correct its name (see docs/operations.md#configuration)",
            "warning: no setting reads the key Disu:Serve:Lissten (appsettings.json, disu.json or DISU__Disu__Serve__Lissten); remove it or correct its name (see docs/operations.md#configuration)",
        ]);
        var run = Run("etl", "load", Missing);
        run.Error.ShouldContain("disu: cảnh báo: không cài đặt nào đọc khóa Disu:Culture");
        run.Error.ShouldContain("không có tệp hay thư mục");
    }

    [Fact]
    public async Task Should_not_start_the_service_with_a_negative_query_timeout_from_the_environment()
    {
        environment["DISU__Disu__Serve__QueryTimeoutSeconds"] = "-5";
        var mart = working.File("m.duckdb");
        var run = await Refused("serve", "--mart", mart, "--inbox", working.File("inbox"));
        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.ShouldContain("cài đặt của dịch vụ (Disu:Serve) vi phạm các quy tắc sau nên dịch vụ chưa khởi động:");
        run.Error.ShouldContain("QueryTimeoutSeconds -5 phải nằm trong khoảng 1 đến 3600");
        (await Refused("serve", "--mart", mart, "--lang", "en")).Error.ShouldContain("QueryTimeoutSeconds -5 must be between 1 and 3600");
        File.Exists(mart).ShouldBeFalse();
        Directory.Exists(working.File("inbox")).ShouldBeFalse();
    }

    [Theory]
    [InlineData("DISU__Disu__Serve__QuietSeconds", "ten", "the setting Disu:Serve:QuietSeconds = 'ten' cannot be read: it must be a whole number, e.g. 10")]
    [InlineData("DISU__Disu__Serve__RefreshForecasts", "yes", "the setting Disu:Serve:RefreshForecasts = 'yes' cannot be read: it must be true or false")]
    [InlineData("DISU__Disu__Serve__Keys__0__Role", "mayor", "the setting Disu:Serve:Keys:0:Role = 'mayor' cannot be read: it must be leader, planner, officer, admin")]
    public async Task Should_name_the_key_and_what_it_must_be_when_the_service_cannot_read_a_value(string variable, string value, string message)
    {
        environment[variable] = value;
        var run = await Refused("serve", "--mart", working.File("m.duckdb"), "--lang", "en");
        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.Trim().ShouldBe("disu: " + message);
        (await Refused("serve", "--mart", working.File("m.duckdb"))).Error.ShouldContain($"cài đặt {DisuConfiguration.KeyOf(variable)} = '{value}' không đọc được: phải là");
        File.Exists(working.File("m.duckdb")).ShouldBeFalse();
    }

    [Fact]
    public void Should_refuse_a_memory_limit_that_is_no_size_before_any_command_runs()
    {
        environment["DISU__Disu__MemoryLimit"] = "lots";
        var run = Run("query", "SELECT 1", "--mart", working.File("m.duckdb"), "--lang", "en");
        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.ShouldContain("the setting Disu:MemoryLimit = 'lots' must be a size such as 1GB or 512MB");
        run.Out.ShouldBeEmpty();
    }

    [Fact]
    public void Should_ship_an_appsettings_json_that_every_setting_reads_and_every_rule_accepts()
    {
        var shipped = DisuConfiguration.Load(MartDocsTests.RepoFile("service"), working.Path, new Hashtable());
        shipped.Root["Disu:Mart"].ShouldBe("data/disu.duckdb");
        shipped.Warnings.Select(w => w.En).ShouldBeEmpty();
        DisuOptionsValidator.Problems(shipped.Options).ShouldBeEmpty();
        ServeOptionsValidator.Problems(ServeOptions.From(shipped.Root)).ShouldBeEmpty();
    }
}
