using DiSu.Analytics.Service.Shell;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu sql` scripted through stdin: one small mart shared by the tests, loaded through the CLI (whose read-write connection is closed) before any shell reads it.</summary>
public sealed class SqlShellTests : IClassFixture<SqlShellTests.SmallMart>
{
    private readonly SmallMart mart;

    public SqlShellTests(SmallMart mart) => this.mart = mart;

    public sealed class SmallMart : IDisposable
    {
        private readonly TempFolder folder = new();

        public SmallMart()
        {
            Path = folder.File("m.duckdb");
            var load = CliRun.Of("etl", "load", SnapshotCsv.Write(folder.File("s.csv"), [new SnapshotRow("H1").Poor(), new("H2")]), "--mart", Path);
            load.ExitCode.ShouldBe(0, load.Error);
        }

        public string Path { get; }

        public TempFolder Folder => folder;

        public void Dispose() => folder.Dispose();
    }

    private CliRun Sql(string script) => CliRun.WithInput(script, "sql", "--mart", mart.Path);

    [Fact]
    public void Should_run_a_statement_spread_over_several_lines()
    {
        var run = Sql(".mode csv\nSELECT\n  review_year,\n  households\nFROM v_ward_year\n;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBe("review_year,households\n2024,2\n", StringCompareShould.IgnoreLineEndings);
        run.Out.ShouldNotContain("disu>");
    }

    [Fact]
    public void Should_run_two_statements_on_one_line_in_order()
    {
        var run = Sql(".mode csv\nSELECT 1 AS a; SELECT 2 AS b;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBe("a\n1\nb\n2\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_not_end_a_statement_at_a_semicolon_in_a_string_or_comment()
    {
        var run = Sql(".mode csv\nSELECT 'a;b' AS s, -- not the end;\n \"x;y\".c /* nor; this */ FROM (SELECT 1 AS c) AS \"x;y\";\n");
        run.ExitCode.ShouldBe(0, run.Error);
        // CSV quotes a ';' too: a spreadsheet whose list separator is ';' must not split the value.
        run.Out.ShouldBe("s,c\n\"a;b\",1\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_list_tables_and_views_and_show_a_schema()
    {
        var run = Sql(".tables\n.schema v_ward_year\n.schema V_WARD_YEAR;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("v_group_year");
        run.Out.ShouldContain("view v_ward_year");
        run.Out.ShouldContain("  poor_rate DOUBLE");
    }

    [Fact]
    public void Should_explain_an_unknown_table_name_in_schema()
    {
        var run = Sql(".schema ward_year\n.schema nothing_like_it\n");
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("không có bảng hay view tên 'ward_year'; có phải là");
        run.Error.ShouldContain("v_ward_year");
        run.Error.ShouldContain("không có bảng hay view tên 'nothing_like_it'; .tables liệt kê chúng.");
    }

    [Fact]
    public void Should_switch_between_table_csv_and_json()
    {
        var run = Sql("SELECT 1 AS one;\n.mode csv\nSELECT 1 AS one;\n.mode json\nSELECT 1 AS one;\n.mode xml\n");
        run.ExitCode.ShouldBe(1);
        run.Out.ShouldContain("│ one │");
        run.Out.ShouldContain("one\n1\n");
        run.Out.ShouldContain("\"one\": 1");
        run.Error.ShouldContain("không có chế độ 'xml'");
    }

    [Fact]
    public void Should_write_results_to_a_file_with_output_and_come_back_to_stdout()
    {
        var file = mart.Folder.File($"out-{Guid.NewGuid():N}.csv");
        var run = Sql($".mode csv\n.output {file}\nSELECT 'in the file' AS w;\n.output\nSELECT 'on screen' AS w;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        File.ReadAllText(file).ShouldBe("w\nin the file\n", StringCompareShould.IgnoreLineEndings);
        run.Out.ShouldBe("w\non screen\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_print_the_time_of_each_statement_with_the_timer_on()
    {
        var run = Sql(".timer on\n.mode csv\nSELECT 1 AS a;\n.timer off\nSELECT 2 AS a;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldMatch(@"^Thời gian chạy: \d+,\d{3} giây\s*$");
        run.Out.ShouldBe("a\n1\na\n2\n", StringCompareShould.IgnoreLineEndings);
    }

    [Theory]
    [InlineData("CREATE TABLE t (x INT);", "ở đây chỉ chạy truy vấn")]
    [InlineData("INSERT INTO fact_household_year SELECT * FROM fact_household_year;", "ở đây chỉ chạy truy vấn")]
    [InlineData("COPY (SELECT 1) TO '/tmp/x.csv';", "ở đây chỉ chạy truy vấn")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd');", "truy vấn không được gọi read_csv(): nó đọc tệp")]
    [InlineData("ATTACH '/tmp/other.duckdb';", "ở đây chỉ chạy truy vấn")]
    [InlineData("INSTALL httpfs;", "ở đây chỉ chạy truy vấn")]
    [InlineData("LOAD httpfs;", "ở đây chỉ chạy truy vấn")]
    [InlineData("SET memory_limit = '10GB';", "ở đây chỉ chạy truy vấn")]
    [InlineData("SELECT * FROM enable_logging(level => 'trace');", "truy vấn không được gọi enable_logging(): nó thay đổi việc ghi nhật ký của phiên bản cơ sở dữ liệu")]
    public void Should_refuse_writes_files_and_settings_and_go_on_with_the_next_statement(string refused, string message)
    {
        var run = Sql($".mode csv\n{refused}\nSELECT 'still here' AS s;\n");
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("dòng 2: " + message);
        run.Out.ShouldBe("s\nstill here\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_name_an_unknown_dot_command()
    {
        var run = Sql(".frobnicate\n");
        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain("không có lệnh '.frobnicate'; .help liệt kê các lệnh");
    }

    [Fact]
    public void Should_stop_reading_at_quit()
    {
        var run = Sql(".mode csv\nSELECT 1 AS a;\n.quit\nSELECT 2 AS b;\n");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldBe("a\n1\n", StringCompareShould.IgnoreLineEndings);
    }

    [Fact]
    public void Should_run_a_last_statement_without_its_semicolon_and_show_help()
    {
        var run = Sql(".help\n.mode csv\nSELECT 3 AS c");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain(".output TỆP");
        run.Out.ShouldEndWith("c\n3\n");
    }

    [Theory]
    [InlineData("SELECT $$a;b$$ AS s;", 1)]
    [InlineData("SELECT 'it''s; fine' AS s;", 1)]
    [InlineData("SELECT 1; ; SELECT 2;", 2)]
    [InlineData("-- only a comment;\n", 0)]
    [InlineData("SELECT /* a\n; b */ 1;", 1)]
    public void Should_split_statements_only_at_semicolons_outside_quotes_and_comments(string input, int statements)
    {
        var splitter = new StatementSplitter();
        var count = input.Split('\n').Sum(line => splitter.Add(line).Count);
        count.ShouldBe(statements);
        splitter.IsEmpty.ShouldBeTrue();
    }
}
