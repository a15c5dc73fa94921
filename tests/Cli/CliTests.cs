using System.Text.Json;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>The `disu` command line: exit codes, messages, formats.</summary>
public sealed class CliTests
{
    [Theory]
    [InlineData("--help")]
    [InlineData("etl", "load", "--help")]
    [InlineData("query", "--help")]
    [InlineData("generate", "--help")]
    public void Should_print_help_and_succeed(params string[] args)
    {
        var run = CliRun.Of(args);
        run.ExitCode.ShouldBe(0);
        run.Out.ShouldContain("Usage:");
    }

    [Theory]
    [InlineData("frobnicate")]
    [InlineData("etl", "load")]
    [InlineData("query")]
    [InlineData("query", "SELECT 1", "--format", "xml")]
    [InlineData("generate", "--out", "/tmp/x", "--households", "lots")]
    public void Should_exit_2_on_bad_usage_and_point_to_help(params string[] args)
    {
        var run = CliRun.Of(args);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("disu --help");
    }

    [Fact]
    public void Should_exit_2_and_load_nothing_when_a_path_does_not_exist()
    {
        using var folder = new TempFolder();
        var good = SnapshotCsv.Write(folder.File("good.csv"), [new("H1")]);
        var run = CliRun.Of("etl", "load", good, folder.File("typo.csv"), "--mart", folder.File("m.duckdb"));
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("không có tệp hay thư mục");
        File.Exists(folder.File("m.duckdb")).ShouldBeFalse();
    }

    [Fact]
    public void Should_exit_2_when_generator_options_break_a_rule()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("generate", "--out", folder.Path, "--households", "5");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("số hộ mỗi phường, xã (--households) phải từ 10 đến 1.000.000 (giá trị nhận được: 5)");
        CliRun.Of("generate", "--out", folder.Path, "--households", "5", "--lang", "en").Error.ShouldContain("HouseholdsPerWard must be between 10 and 1,000,000");
    }

    [Fact]
    public void Should_load_print_per_file_results_and_list_rejects()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        var good = SnapshotCsv.Write(folder.File("good.csv"), [new("H1"), new SnapshotRow("H2").With("members", "0")]);
        var bad = folder.File("bad.csv");
        File.WriteAllText(bad, "just,some,columns\n1,2,3\n");

        var load = CliRun.Of("etl", "load", good, bad, "--mart", mart);
        load.ExitCode.ShouldBe(0, load.Error);
        load.Out.ShouldContain("đã nạp  good.csv (tệp hộ, lần nạp #1): đọc 2 dòng, nạp 1, loại 1");
        load.Out.ShouldContain("từ chối bad.csv: không phải tệp theo quy định dữ liệu đầu vào");
        load.Out.ShouldContain("1 tệp đã nạp, 0 bỏ qua, 1 bị từ chối, 0 lỗi");

        var again = CliRun.Of("etl", "load", good, "--mart", mart, "--json");
        using var json = JsonDocument.Parse(again.Out);
        json.RootElement.GetProperty("files")[0].GetProperty("outcome").GetString().ShouldBe("skipped");

        var rejects = CliRun.Of("etl", "rejects", "--mart", mart, "--format", "csv");
        rejects.ExitCode.ShouldBe(0);
        rejects.Out.ShouldContain("1,good.csv,3,members,0,members: '0' phải là số nguyên từ 1 đến 50");
        rejects.Out.ShouldContain("bad.csv,,,,\"tệp bị từ chối: không phải tệp theo quy định dữ liệu đầu vào");
        var english = CliRun.Of("etl", "rejects", "--mart", mart, "--format", "csv", "--lang", "en");
        english.Out.ShouldContain("1,good.csv,3,members,0,members: '0' must be a whole number from 1 to 50");
        english.Out.ShouldContain("bad.csv,,,,\"file refused: not a file of the input contract");

        var onlyGood = CliRun.Of("etl", "rejects", "--mart", mart, "--file", "good.csv", "--format", "json");
        JsonDocument.Parse(onlyGood.Out).RootElement.GetArrayLength().ShouldBe(1);
    }

    [Theory]
    [InlineData("DELETE FROM fact_household_year", "ở đây chỉ chạy truy vấn")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "truy vấn không được gọi read_csv(): nó đọc tệp")]
    [InlineData("COPY (SELECT 1) TO '/tmp/x.csv'", "ở đây chỉ chạy truy vấn")]
    [InlineData("SELEC 1", "câu SQL có lỗi cú pháp. DuckDB: Parser Error")]
    // Reported "Success" and left the instance logging to a file it could not write.
    [InlineData("SELECT * FROM enable_logging(storage => 'file', storage_path => '/tmp/disu-log')", "truy vấn không được gọi enable_logging()")]
    [InlineData("CALL enable_logging()", "ở đây chỉ chạy truy vấn")]
    public void Should_refuse_writes_file_access_and_instance_changes_in_query_with_a_clear_message(string sql, string message)
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        TestMart.EmptyAt(mart);
        var run = CliRun.Of("query", "--mart", mart, sql);
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain(message);
        var export = CliRun.Of("export", "csv", "--mart", mart, "--query", sql, "--out", folder.File("out.csv"));
        export.ExitCode.ShouldBe(1);
        export.Error.ShouldContain(message);
        File.Exists(folder.File("out.csv")).ShouldBeFalse();
    }

    [Fact]
    public void Should_answer_queries_as_table_csv_and_json()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        CliRun.Of("etl", "load", SnapshotCsv.Write(folder.File("s.csv"), [new SnapshotRow("H1").Poor(), new("H2")]), "--mart", mart);
        const string Sql = "SELECT review_year, households, poor, round(poor_rate, 2)::DOUBLE AS rate FROM v_ward_year";
        var table = CliRun.Of("query", "--mart", mart, Sql).Out;
        table.ShouldContain("│ review_year │ households │ poor │ rate │");
        table.ShouldContain("│ 2024        │ 2          │ 1    │ 50   │");
        CliRun.Of("query", "--mart", mart, "--format", "csv", Sql).Out.ShouldBe("review_year,households,poor,rate\n2024,2,1,50\n", StringCompareShould.IgnoreLineEndings);
        var json = JsonDocument.Parse(CliRun.Of("query", "--mart", mart, "--format", "json", Sql).Out).RootElement[0];
        json.GetProperty("poor").GetInt64().ShouldBe(1);
    }
}

public sealed class SettingsCommandTests
{
    [Fact]
    public void Should_change_the_newly_escaped_window_and_refuse_unknown_settings()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        TestMart.EmptyAt(mart);
        var set = CliRun.Of("settings", "--mart", mart, "--set", "newly_escaped_years=2", "--format", "csv");
        set.ExitCode.ShouldBe(0, set.Error);
        set.Out.ShouldContain("newly_escaped_years,2,");
        var bad = CliRun.Of("settings", "--mart", mart, "--set", "standards_version=9");
        bad.ExitCode.ShouldBe(2);
        bad.Error.ShouldContain("TÊN là một trong newly_escaped_years, small_cell_households");
        CliRun.Of("settings", "--mart", mart, "--set", "small_cell_households=-1").ExitCode.ShouldBe(2);
    }
}

public sealed class QueryOutputTests
{
    private static string Mart(TempFolder folder)
    {
        var mart = folder.File("m.duckdb");
        TestMart.EmptyAt(mart);
        return mart;
    }

    [Fact]
    public void Should_write_nested_values_blobs_dates_and_nan_as_json()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("query", "--mart", Mart(folder), "--format", "json",
            "SELECT [1, 2] AS l, {'x': 1} AS s, 'ab'::BLOB AS b, DATE '2024-12-31' AS d, 'NaN'::DOUBLE AS n, 0.5::DOUBLE AS h");
        run.ExitCode.ShouldBe(0, run.Error);
        var row = System.Text.Json.JsonDocument.Parse(run.Out).RootElement[0];
        row.GetProperty("l").GetArrayLength().ShouldBe(2);
        row.GetProperty("s").GetProperty("x").GetInt64().ShouldBe(1);
        row.GetProperty("b").GetString().ShouldBe("YWI=");
        row.GetProperty("d").GetString().ShouldBe("2024-12-31");
        row.GetProperty("n").GetString().ShouldBe("NaN");
        row.GetProperty("h").GetDouble().ShouldBe(0.5);
    }

    [Theory]
    [InlineData("SELECT 'infinity'::DATE")]
    [InlineData("SELECT union_value(a := 1)")]
    [InlineData("SELECT '294247-01-10'::TIMESTAMP")]
    public void Should_fail_cleanly_on_values_dotnet_cannot_show(string sql)
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("query", "--mart", Mart(folder), sql);
        run.ExitCode.ShouldBeOneOf(0, 1);
        // The runner the API uses names the column and the cast that shows it.
        if (run.ExitCode == 1) run.Error.ShouldContain("hãy ép sang VARCHAR trong truy vấn, ví dụ CAST(");
    }
}
