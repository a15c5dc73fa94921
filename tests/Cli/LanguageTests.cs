using System.Text.Json;
using System.Text.RegularExpressions;
using DiSu.Analytics.Service;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>A small generated ward, loaded with a few bad rows, shared by the language tests (each command runs on it).</summary>
public sealed class LanguageFixture : IDisposable
{
    public LanguageFixture()
    {
        Inbox = Folder.File("inbox");
        Mart = Folder.File("m.duckdb");
        var generate = CliRun.Of("generate", "--out", Inbox, "--provinces", "1", "--wards", "1", "--groups", "3", "--households", "1500",
            "--first-year", "2022", "--last-year", "2024", "--dirty-rate", "0.01", "--seed", "7");
        generate.ExitCode.ShouldBe(0, generate.Error);
        Generate = generate;
    }

    public TempFolder Folder { get; } = new();

    public string Inbox { get; }

    public string Mart { get; }

    /// <summary>The output of `disu generate`, in the default language.</summary>
    public CliRun Generate { get; }

    public void Dispose() => Folder.Dispose();
}

/// <summary>
/// What people read is Vietnamese by default, with one number format (vi-VN); `--lang en` (or the
/// Disu:Language setting) gives the same in English, for tools and for readers of English.
/// </summary>
[RunsLong]
public sealed partial class LanguageTests(LanguageFixture fixture) : IClassFixture<LanguageFixture>
{
    /// <summary>
    /// Words of English sentences. A word counts only standing alone: inside a path, a file name or an
    /// identifier (households_2024.csv, /tmp/…/reports, v_ward_year) it is data, not a sentence.
    /// </summary>
    private static readonly HashSet<string> EnglishWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "and", "of", "is", "are", "for", "with", "to", "in", "no", "not", "must", "cannot", "see", "run", "give",
        "rows", "row", "read", "loaded", "rejected", "skipped", "refused", "failed", "wrote", "written", "file", "files",
        "households", "warning", "error", "forecast", "model", "learned", "transitions", "pooled", "calibration", "spread",
        "backtest", "tables", "views", "mart", "schema", "version", "expected", "type", "option", "usage", "documents",
    };

    [GeneratedRegex(@"(?<![\w/.\-'])[A-Za-z]+(?![\w/.\-'])")]
    private static partial Regex Word();

    /// <summary>The English words standing alone in <paramref name="text"/> (SQL keywords, in capitals, are not sentences).</summary>
    private static List<string> English(string text) =>
        Word().Matches(text).Select(m => m.Value)
            .Where(w => EnglishWords.Contains(w) && !(w.Length > 1 && w.All(char.IsUpper)))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static readonly string[] Vietnamese = ["đã nạp", "đã ghi", "dòng bị loại", "Xem lý do", "không phải", "hãy"];

    /// <summary>The main commands a ward officer runs, in order, on the fixture's ward; each must succeed (or fail as it should).</summary>
    private List<(string Command, CliRun Run)> RunAll(params string[] lang)
    {
        // Each language on its own copy of the ward, so that each run loads the files itself.
        var code = lang.Length == 0 ? "vi" : lang[^1];
        var mart = fixture.Folder.File($"m-{code}.duckdb");
        var outFolder = fixture.Folder.File("out-" + code);
        var runs = new List<(string, CliRun)>();
        void Run(int expected, params string[] args)
        {
            var run = CliRun.Of([.. args, .. lang]);
            run.ExitCode.ShouldBe(expected, $"disu {string.Join(' ', args)}\n{run.Out}\n{run.Error}");
            runs.Add((string.Join(' ', args), run));
        }

        Run(0, "etl", "load", fixture.Inbox, "--mart", mart);
        Run(0, "etl", "rejects", "--mart", mart);
        Run(0, "query", "--mart", mart, "SELECT review_year AS nam, households AS so_ho, poor AS ngheo, round(poor_rate, 2) AS ty_le, poor > 0 AS co_ho_ngheo FROM v_ward_year ORDER BY 1");
        Run(0, "forecast", "train", "--mart", mart, "--base-year", "2024");
        Run(0, "forecast", "predict", "--mart", mart, "--base-year", "2024");
        Run(0, "report", "appendix", "--mart", mart, "--year", "2025", "--out", outFolder, "--format", "pdf,csv");
        Run(0, "report", "trend", "--mart", mart, "--from", "2022", "--to", "2024", "--out", outFolder);
        Run(0, "export", "csv", "--mart", mart, "--query", "SELECT * FROM v_group_year", "--out", Path.Combine(outFolder, "groups.csv"));
        Run(0, "migrate", "--mart", mart);
        Run(1, "report", "briefing", "--mart", mart, "--year", "2022");
        Run(1, "query", "--mart", mart, "SELEC 1");
        Run(1, "query", "--mart", mart, "DELETE FROM fact_household_year");
        Run(2, "report", "appendix", "--mart", mart, "--year", "abc");
        Run(2, "report", "appendix", "--mart", mart);
        Run(2, "etl", "load", fixture.Folder.File("missing.csv"), "--mart", mart);
        Run(2, "query", "--mart", mart, "--saved", "nosuch");
        return runs;
    }

    [Fact]
    public void Should_speak_vietnamese_by_default_in_every_main_command_with_one_number_format()
    {
        fixture.Generate.Out.ShouldStartWith("đã ghi ");
        English(fixture.Generate.Out).ShouldBeEmpty(fixture.Generate.Out);

        foreach (var (command, run) in RunAll())
        {
            var said = run.Out + run.Error;
            // DuckDB's own words are quoted as DuckDB wrote them, after "DuckDB:".
            English(QuotedDuckDb().Replace(said, "")).ShouldBeEmpty($"disu {command}:\n{said}");
            // One number format: counts as Vietnamese readers write them (1.515 dòng), never 1,515.
            GroupedWithComma().IsMatch(said).ShouldBeFalse($"disu {command}:\n{said}");
        }
    }

    [GeneratedRegex(@"DuckDB: .*")]
    private static partial Regex QuotedDuckDb();

    [GeneratedRegex(@"\d{1,3}(,\d{3})+ (dòng|hộ|tệp|biến động)")]
    private static partial Regex GroupedWithComma();

    [Fact]
    public void Should_speak_english_with_lang_en()
    {
        var runs = RunAll("--lang", "en").ToDictionary(r => r.Command, r => r.Run);
        runs.Single(r => r.Key.StartsWith("etl load", StringComparison.Ordinal) && !r.Key.Contains("missing", StringComparison.Ordinal)).Value.Out
            .ShouldMatch(@"rows read, [\d,]+ loaded, [\d,]+ rejected");
        runs.Values.Select(r => r.Out + r.Error).Where(t => t.Contains("wrote ", StringComparison.Ordinal)).ShouldNotBeEmpty();
        runs.Single(r => r.Key.StartsWith("forecast train", StringComparison.Ordinal)).Value.Out.ShouldContain("forecast 2024→2025 for ");
        runs.Single(r => r.Key.StartsWith("report appendix", StringComparison.Ordinal) && r.Key.Contains("abc", StringComparison.Ordinal)).Value.Error
            .ShouldContain("--year: 'abc' is not a year; e.g. --year 2024");
        runs.Single(r => r.Key.StartsWith("query", StringComparison.Ordinal) && r.Key.Contains("SELEC 1", StringComparison.Ordinal)).Value.Error
            .ShouldContain("the SQL has a syntax error. DuckDB: Parser Error");
        foreach (var (command, run) in runs)
        {
            var said = run.Out + run.Error;
            foreach (var phrase in Vietnamese)
                said.ShouldNotContain(phrase, Case.Sensitive, $"disu {command} --lang en:\n{said}");
        }
    }

    [Fact]
    public void Should_take_the_language_from_the_setting_and_let_lang_override_it()
    {
        var missing = fixture.Folder.File("nothing-here.csv");
        Run(new DisuOptions { Language = "en" }, "etl", "load", missing).Error.ShouldContain("no such file or folder");
        Run(new DisuOptions { Language = "en" }, "etl", "load", missing, "--lang", "vi").Error.ShouldContain("không có tệp hay thư mục");
        Run(new DisuOptions { Language = "vi-VN" }, "etl", "load", missing).Error.ShouldContain("không có tệp hay thư mục");

        var bad = Run(new DisuOptions { Language = "fr" }, "etl", "load", missing);
        bad.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        bad.Error.ShouldContain("Disu:Language = 'fr' không phải ngôn ngữ có sẵn; đặt vi hoặc en");
        var badFlag = CliRun.Of("etl", "load", missing, "--lang", "fr");
        badFlag.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        badFlag.Error.ShouldContain("--lang: 'fr' không phải ngôn ngữ có sẵn; dùng --lang vi (tiếng Việt) hoặc --lang en (tiếng Anh)");
    }

    [Theory]
    [InlineData("disu: --year: 'abc' không phải một năm; ví dụ --year 2024", "report", "appendix", "--year", "abc")]
    [InlineData("disu: --from: 'x' không phải một năm; ví dụ --from 2024", "report", "trend", "--from", "x", "--to", "2024")]
    [InlineData("disu: --seed: 'abc' không phải một số nguyên; ví dụ --seed 42", "demo", "--seed", "abc")]
    [InlineData("disu: --format: 'xml' không phải giá trị hợp lệ; chọn một trong: table, csv, json", "query", "SELECT 1", "--format", "xml")]
    [InlineData("disu: thiếu --year: tùy chọn này là bắt buộc; ví dụ --year 2024", "report", "briefing")]
    [InlineData("disu: không có tùy chọn '--yeer' ở lệnh này", "report", "briefing", "--year", "2024", "--yeer", "2024")]
    [InlineData("disu: --year: 'abc' is not a year; e.g. --year 2024", "report", "appendix", "--year", "abc", "--lang", "en")]
    public void Should_say_what_a_bad_option_value_must_be_without_dotnet_type_names(string message, params string[] args)
    {
        var run = CliRun.Of(args);
        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.Split('\n')[0].TrimEnd('\r').ShouldBe(message);
        run.Error.ShouldNotContain("System.");
        run.Error.ShouldNotContain("expected type");
    }

    [Fact]
    public void Should_give_each_reject_its_file_row_column_value_and_a_reason_that_says_what_to_do_in_both_languages()
    {
        CliRun.Of("etl", "load", fixture.Inbox, "--mart", fixture.Mart).ExitCode.ShouldBe(0);
        var vi = JsonDocument.Parse(CliRun.Of("etl", "rejects", "--mart", fixture.Mart, "--format", "json").Out).RootElement.EnumerateArray().ToList();
        var en = JsonDocument.Parse(CliRun.Of("etl", "rejects", "--mart", fixture.Mart, "--format", "json", "--lang", "en").Out).RootElement.EnumerateArray().ToList();

        vi.Count.ShouldBeGreaterThan(5);
        en.Count.ShouldBe(vi.Count);
        foreach (var (r, e) in vi.Zip(en))
        {
            r.GetProperty("file").GetString().ShouldEndWith(".csv");
            r.GetProperty("row").GetInt64().ShouldBeGreaterThan(1);
            r.GetProperty("column").GetString().ShouldNotBeNullOrEmpty();
            foreach (var field in new[] { "file", "row", "column", "value" })
                e.GetProperty(field).ToString().ShouldBe(r.GetProperty(field).ToString());
            var reason = r.GetProperty("reason").GetString()!;
            var english = e.GetProperty("reason").GetString()!;
            // Every Vietnamese reason says what to do (hãy …, phải …, cần …, chỉ viết …); the English beside it says the same in English.
            new[] { "hãy", "phải", "cần", "chỉ viết" }.ShouldContain(w => reason.Contains(w, StringComparison.Ordinal), reason);
            var value = r.GetProperty("value").ToString();
            English(value.Length == 0 ? reason : reason.Replace(value, "", StringComparison.Ordinal)).ShouldBeEmpty(reason);
            english.ShouldNotBe(reason);
            foreach (var phrase in Vietnamese)
                english.ShouldNotContain(phrase, Case.Sensitive, english);
        }
    }

    private static CliRun Run(DisuOptions options, params string[] args)
    {
        var (stdout, stderr) = (new StringWriter(), new StringWriter());
        var code = DiSu.Analytics.Service.Cli.Run(args, stdout, stderr, options, new FakeTimeProvider(TestMart.Epoch));
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }
}
