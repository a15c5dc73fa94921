using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// ServeOptions are bound from Disu:Serve by the configuration binder and checked by ServeOptionsValidator, in
/// `disu serve` before the host is built and by the host itself when it starts, whoever built the record.
/// </summary>
public sealed class ServeOptionsTests
{
    private static ServeOptions Bound(params (string Key, string Value)[] settings) =>
        ServeOptions.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value))).Build());

    [Fact]
    public void Should_keep_every_default_when_nothing_is_configured()
    {
        var bound = Bound();
        bound.Keys.ShouldBeEmpty();
        (bound with { Keys = new ServeOptions().Keys }).ShouldBeEquivalentTo(new ServeOptions());
    }

    [Fact]
    public void Should_replace_the_default_report_formats_with_the_configured_list_not_add_to_them()
    {
        Bound().ReportFormats.ShouldBe(["pdf", "xlsx"]);
        Bound(("Disu:Serve:ReportFormats:0", "csv")).ReportFormats.ShouldBe(["csv"]);
        Bound(("Disu:Serve:ReportFormats:0", "xlsx"), ("Disu:Serve:ReportFormats:1", "csv")).ReportFormats.ShouldBe(["xlsx", "csv"]);
    }

    [Fact]
    public void Should_bind_key_entries_as_written_by_people_hash_in_any_case_role_in_any_case_and_an_entry_without_id_named_by_its_place()
    {
        var hash = ApiKeyOptions.Hash("disu_secret");
        var options = Bound(
            ("Disu:Serve:Keys:0:Id", "ubnd"), ("Disu:Serve:Keys:0:Sha256", " " + hash.ToUpperInvariant() + " "), ("Disu:Serve:Keys:0:Role", "Planner"), ("Disu:Serve:Keys:0:Ward", " DISU "),
            ("Disu:Serve:Keys:1:Sha256", hash), ("Disu:Serve:Keys:1:Role", "admin"), ("Disu:Serve:Keys:1:Ward", " "));
        options.Keys.ShouldBe([new ApiKeyOptions("ubnd", hash, Role.Planner, "DISU"), new ApiKeyOptions("(key #1)", hash, Role.Admin, null)]);
        ServeOptionsValidator.Problems(options).ShouldBeEmpty();
    }

    [Fact]
    public void Should_say_each_rule_in_vietnamese_with_the_english_beside_it()
    {
        var problems = ServeOptionsValidator.Problems(new ServeOptions { QueryTimeoutSeconds = -5, ReportFormats = ["doc"], TimeZone = "Mars/Olympus" });
        problems.Select(p => p.En).ShouldBe([
            "TimeZone 'Mars/Olympus' is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)",
            "QueryTimeoutSeconds -5 must be between 1 and 3600",
            "ReportFormats: 'doc' must be pdf, xlsx or csv",
        ]);
        problems.Select(p => p.Vi).ShouldBe([
            "TimeZone 'Mars/Olympus' không phải múi giờ đã biết (dùng tên IANA như Asia/Ho_Chi_Minh)",
            "QueryTimeoutSeconds -5 phải nằm trong khoảng 1 đến 3600",
            "ReportFormats: 'doc' phải là pdf, xlsx hoặc csv",
        ]);
        var result = new ServeOptionsValidator().Validate(null, new ServeOptions { QueryTimeoutSeconds = -5 });
        result.Failures.ShouldBe(["QueryTimeoutSeconds -5 phải nằm trong khoảng 1 đến 3600 (QueryTimeoutSeconds -5 must be between 1 and 3600)"]);
    }

    [Fact]
    public async Task Should_not_start_a_host_whose_options_break_a_rule_even_when_no_command_checked_them()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        var options = new ServeOptions
        {
            Listen = "http://127.0.0.1:0", Inbox = folder.File("inbox"), Archive = folder.File("archive"), Quarantine = folder.File("quarantine"), Outbox = folder.File("outbox"),
            Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null }, QueryTimeoutSeconds = -1,
        };
        var settings = new ServeSettings(mart, options, new ConfigurationBuilder().Build(), new FakeTimeProvider(TestMart.Epoch), "512MB");
        var failure = await Should.ThrowAsync<OptionsValidationException>(async () =>
        {
            await using var app = ServeHost.Build(settings);
            await app.StartAsync();
        });
        failure.Message.ShouldContain("QueryTimeoutSeconds -1 must be between 1 and 3600");
        File.Exists(mart).ShouldBeFalse();
    }

    [Fact]
    public async Task Should_hand_the_settled_record_to_whoever_asks_for_the_options()
    {
        using var folder = new TempFolder();
        var options = new ServeOptions
        {
            Listen = "http://127.0.0.1:0", Inbox = folder.File("inbox"), Archive = folder.File("archive"), Quarantine = folder.File("quarantine"), Outbox = folder.File("outbox"),
            Schedules = new JobSchedules { Inbox = null, Briefing = null, Appendix = null, Trend = null }, QueryRowCap = 77,
        };
        await using var app = ServeHost.Build(new ServeSettings(folder.File("m.duckdb"), options, new ConfigurationBuilder().Build(), new FakeTimeProvider(TestMart.Epoch), "512MB"));
        app.Services.GetRequiredService<IOptions<ServeOptions>>().Value.ShouldBeSameAs(options);
        app.Services.GetRequiredService<IOptionsMonitor<ServeOptions>>().CurrentValue.ShouldBeSameAs(options);
        app.Services.GetRequiredService<ServeOptions>().ShouldBeSameAs(options);
    }
}
