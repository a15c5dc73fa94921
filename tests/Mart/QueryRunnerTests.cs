using System.Security.Cryptography;
using System.Text.Json;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// One officer's statement with a row cap and a time limit, on the two connections that will serve
/// SQL: the read-only mart and a ward sandbox. Only reading statements run; nothing can be written,
/// read from files or reconfigured.
/// </summary>
[Collection(TwoWardCollection.Name)]
public sealed class QueryRunnerTests(TwoWardFixture fixture)
{
    private static readonly QueryLimits Generous = new(1000, TimeSpan.FromSeconds(30));

    public static TheoryData<string, string> Refused()
    {
        string[] statements =
        [
            "SELECT * FROM read_csv('/etc/passwd')",
            "SELECT * FROM read_text('/etc/hostname')",
            "COPY (SELECT 1) TO '{tmp}/x.csv'",
            "COPY fact_household_year TO '{tmp}/households.parquet'",
            "EXPORT DATABASE '{tmp}/export'",
            "ATTACH '{tmp}/x.duckdb' AS x",
            "INSTALL httpfs",
            "LOAD httpfs",
            "SET memory_limit = '10GB'",
            "SET enable_external_access = true",
            "RESET lock_configuration",
            "CREATE TABLE t (i INTEGER)",
            "CREATE TEMP TABLE t AS SELECT 1 AS i",
            "CREATE MACRO twice(x) AS x * 2",
            "INSERT INTO fact_target SELECT * FROM fact_target",
            "UPDATE fact_household_year SET status = 'poor'",
            "DELETE FROM fact_household_year",
            "DROP VIEW v_group_year",
            "DROP TABLE fact_household_year",
            "ALTER TABLE fact_target ADD COLUMN note VARCHAR",
            "PRAGMA enable_profiling",
            "PRAGMA threads = 1",
            "PRAGMA memory_limit = '10GB'",
            "CHECKPOINT",
            "BEGIN TRANSACTION",
            "SET VARIABLE ward = 'P01W0002'",
            "EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1 AS i",
        ];
        var data = new TheoryData<string, string>();
        foreach (var target in new[] { "mart", "sandbox" })
            foreach (var sql in statements)
                data.Add(target, sql);
        return data;
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public void Should_refuse_what_would_write_read_files_or_change_settings(string target, string statement)
    {
        using var tmp = new TempFolder();
        var sql = statement.Replace("{tmp}", tmp.Path, StringComparison.Ordinal);
        var before = Hash(fixture.MartPath);

        var error = Should.Throw<QueryRejectedException>(() => QueryRunner.Run(Connection(target), sql, Generous));

        error.Text.En.ShouldNotContain("\n");
        error.Text.En.ShouldMatch(@"^(only queries run here|queries cannot)");
        Directory.EnumerateFileSystemEntries(tmp.Path).ShouldBeEmpty();
        Hash(fixture.MartPath).ShouldBe(before);
        QueryRunner.Run(Connection(target), "SELECT count(*) FROM v_group_year", Generous).Rows[0][0].ShouldBe(Connection(target) == fixture.Mart ? 18L : 9L);
    }

    [Theory]
    [InlineData("mart", "SELECT count(*) FROM v_household_year WHERE ward_code = 'P01W0001'")]
    [InlineData("sandbox", "SELECT count(*) FROM v_household_year")]
    [InlineData("sandbox", "FROM v_ward_year SELECT review_year, households ORDER BY review_year")]
    [InlineData("sandbox", "WITH g AS (SELECT * FROM v_group_year) SELECT count(*) FROM g")]
    [InlineData("sandbox", "VALUES (1, 'a')")]
    [InlineData("sandbox", "DESCRIBE v_group_year")]
    [InlineData("sandbox", "SHOW TABLES")]
    [InlineData("sandbox", "SUMMARIZE v_ward_year")]
    [InlineData("sandbox", "PRAGMA table_info('v_group_year')")]
    [InlineData("mart", "EXPLAIN SELECT * FROM v_group_year WHERE ward_code = 'P01W0001'")]
    [InlineData("sandbox", "EXPLAIN ANALYZE SELECT count(*) FROM v_household_year")]
    [InlineData("sandbox", "/* the ward */ SELECT ';' AS semicolon -- ; not the end\n;")]
    public void Should_run_a_reading_statement(string target, string sql)
    {
        var result = QueryRunner.Run(Connection(target), sql, Generous);
        result.Rows.ShouldNotBeEmpty();
        result.Columns.Count.ShouldBe(result.Rows[0].Length);
        result.Truncated.ShouldBeFalse();
        result.Note.ShouldBeNull();
    }

    [Fact]
    public void Should_cut_the_result_at_the_row_cap_and_say_so()
    {
        var cut = QueryRunner.Run(fixture.Mart, "SELECT i FROM range(10) t(i) ORDER BY i", new QueryLimits(3, TimeSpan.FromSeconds(30)));
        cut.Rows.Select(r => r[0]).ShouldBe([0L, 1L, 2L]);
        cut.Truncated.ShouldBeTrue();
        cut.Note.ShouldBe("result cut at 3 rows; add LIMIT or aggregate");

        QueryRunner.Run(fixture.Mart, "SELECT i FROM range(10) t(i)", new QueryLimits(10, TimeSpan.FromSeconds(30))).Truncated.ShouldBeFalse();
    }

    [Fact]
    public void Should_cut_the_result_at_the_byte_cap_and_say_so()
    {
        // Ten rows of 200 KB as JSON each: a cap of 1 MiB holds five of them.
        var cut = QueryRunner.Run(fixture.Mart, "SELECT i, repeat('x', 200000) AS s FROM range(10) t(i) ORDER BY i",
            new QueryLimits(1000, TimeSpan.FromSeconds(30), 1024 * 1024));
        cut.Rows.Count.ShouldBe(5);
        cut.Truncated.ShouldBeTrue();
        cut.Cut.ShouldBe(QueryCut.Bytes);
        cut.Note.ShouldBe("result cut at 5 rows: the rows after them would pass the response size limit of 1 MB; select fewer or shorter columns, add LIMIT or aggregate");
        System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(cut.Rows).Length.ShouldBeLessThanOrEqualTo(1024 * 1024);
    }

    [Fact]
    public void Should_stop_reading_at_the_cap_without_running_the_whole_query()
    {
        // A hundred billion rows: only a streamed result returns the first ones before the time limit.
        var result = QueryRunner.Run(fixture.SandboxA.Connection, "SELECT i FROM range(100000000000) t(i)", new QueryLimits(5, TimeSpan.FromSeconds(30)));
        result.Rows.Count.ShouldBe(5);
        result.Truncated.ShouldBeTrue();
    }

    [Theory]
    [InlineData("mart", "SELECT sum(i) FROM range(1000000000000) t(i)")]
    // The ward's household-years crossed with themselves twice, and a trillion numbers summed (no shortcut to either).
    [InlineData("sandbox", "SELECT count(*) + (SELECT sum(i) FROM range(1000000000000) t(i)) FROM v_household_year a, v_household_year b, v_household_year c WHERE (a.members + 7 * b.members + 13 * c.members) % 11 = 3")]
    public void Should_stop_a_query_that_runs_past_the_time_limit(string target, string sql)
    {
        // Left alone either would run for hours: returning at all is the interrupt at the limit.
        var error = Should.Throw<QueryLimitException>(() => QueryRunner.Run(Connection(target), sql, new QueryLimits(100, TimeSpan.FromSeconds(1))));
        error.Kind.ShouldBe(QueryLimitKind.Time);
        error.Text.En.ShouldBe("the query ran longer than 1 s and was stopped; narrow it (filter by ward/year) or aggregate");
        QueryRunner.Run(Connection(target), "SELECT 42", Generous).Rows[0][0].ShouldBe(42, "the connection serves the next query");
    }

    [Fact]
    public void Should_stop_when_the_caller_cancels()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        Should.Throw<OperationCanceledException>(() =>
            QueryRunner.Run(fixture.Mart, "SELECT sum(i) FROM range(1000000000000) t(i)", Generous, cancel.Token));
    }

    [Theory]
    [InlineData("SELECT 1; SELECT 2", "the SQL holds 2 statements; send one statement at a time")]
    [InlineData("SELECT 1; DROP TABLE fact_target;", "the SQL holds 2 statements")]
    [InlineData("  -- nothing but a comment\n", "the SQL is empty")]
    public void Should_refuse_anything_but_one_statement(string sql, string message)
    {
        Should.Throw<QueryRejectedException>(() => QueryRunner.Run(fixture.SandboxA.Connection, sql, Generous)).Text.En.ShouldStartWith(message);
    }

    [Fact]
    public void Should_explain_a_syntax_error_in_one_readable_line()
    {
        var error = Should.Throw<QueryRejectedException>(() => QueryRunner.Run(fixture.SandboxA.Connection, "SELEC *\nFROM v_group_year", Generous));
        error.Text.En.ShouldBe("the SQL has a syntax error. DuckDB: Parser Error: syntax error at or near \"SELEC\" (LINE 1: SELEC *)");
    }

    [Fact]
    public void Should_name_the_table_DuckDB_suggests_for_a_misspelt_one()
    {
        var error = Should.Throw<QueryRejectedException>(() => QueryRunner.Run(fixture.SandboxA.Connection, "SELECT * FROM v_group_yea", Generous));
        error.Text.En.ShouldStartWith("the query names something the database does not have");
        error.Text.En.ShouldContain("v_group_yea does not exist");
        error.Text.En.ShouldContain("Did you mean \"v_group_year\"");
        error.Text.En.ShouldNotContain("\n");
    }

    [Fact]
    public void Should_return_json_friendly_values_with_duckdbs_type_names()
    {
        var result = QueryRunner.Run(fixture.SandboxA.Connection, """
            SELECT 1.5::DECIMAL(18,3) AS share, sum(x) AS total, 170141183460469231731687303715884105727::HUGEINT AS huge,
                   DATE '2024-12-20' AS day, TIMESTAMPTZ '2024-12-20 08:00:00+07' AS at, TIMESTAMP '2024-12-20 08:00:00.5' AS local,
                   [1, NULL, 3] AS ints, ['TDP01', NULL] AS codes, {'ward': 'P01W0001', 'n': 2} AS record, MAP {'poor': 3} AS counts,
                   INTERVAL '1 year 2 months 3 days 04:05:06.5' AS span, 'NaN'::DOUBLE AS nan, 0.25 :: DOUBLE AS rate, NULL AS nothing, true AS yes
            FROM (VALUES (2), (3)) t(x)
            """, Generous);

        result.Columns.Select(c => $"{c.Name}:{c.Type}").ShouldBe([
            "share:DECIMAL(18,3)", "total:HUGEINT", "huge:HUGEINT", "day:DATE", "at:TIMESTAMP WITH TIME ZONE", "local:TIMESTAMP",
            "ints:INTEGER[]", "codes:VARCHAR[]", "record:STRUCT(ward VARCHAR, n INTEGER)", "counts:MAP(VARCHAR, INTEGER)",
            "span:INTERVAL", "nan:DOUBLE", "rate:DOUBLE", "nothing:INTEGER", "yes:BOOLEAN",
        ]);
        JsonSerializer.Serialize(result.Rows).ShouldBe(
            """[[1.500,5,"170141183460469231731687303715884105727","2024-12-20","2024-12-20T01:00:00Z","2024-12-20T08:00:00.5",""" +
            """[1,null,3],["TDP01",null],{"ward":"P01W0001","n":2},{"poor":3},"P1Y2M3DT4H5M6.5S","NaN",0.25,null,true]]""");
    }

    [Fact]
    public void Should_ask_for_a_cast_when_a_value_has_no_dotnet_form()
    {
        var error = Should.Throw<QueryRejectedException>(() => QueryRunner.Run(fixture.Mart, "SELECT 'infinity'::DATE AS open_end", Generous));
        error.Text.En.ShouldStartWith("column open_end (DATE) holds a value that cannot be returned");
        error.Text.En.ShouldEndWith("cast it to VARCHAR in the query, e.g. CAST(open_end AS VARCHAR)");
    }

    private DuckDBConnection Connection(string target) => target == "mart" ? fixture.Mart : fixture.SandboxA.Connection;

    private static string Hash(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return Convert.ToHexString(SHA256.HashData(stream));
    }
}
