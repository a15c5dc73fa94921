using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// The rules of officers' SQL: one reading statement, and only functions decided for it — judged on
/// DuckDB's own parse tree, so no spelling of a denied call gets through, and every function DuckDB
/// has must have been decided.
/// </summary>
[Collection(TwoWardCollection.Name)]
public sealed class SqlPolicyTests(TwoWardFixture fixture)
{
    [Fact]
    public void Should_have_decided_every_table_function_table_macro_and_pragma_of_this_duckdb()
    {
        var tables = Catalog("table", "table_macro");
        tables.Where(n => !SqlFunctionRules.AllowedTableFunctions.Contains(n) && !SqlFunctionRules.DeniedTableFunctions.ContainsKey(n))
            .ShouldBeEmpty("decide each in SqlFunctionRules.AllowedTableFunctions or DeniedTableFunctions (mart/Sandbox/SqlFunctionRules.cs)");
        SqlFunctionRules.AllowedTableFunctions.Where(SqlFunctionRules.DeniedTableFunctions.ContainsKey).ShouldBeEmpty();
        SqlFunctionRules.AllowedTableFunctions.Where(n => !tables.Contains(n)).ShouldBeEmpty("the list names only functions DuckDB has");
        Catalog("pragma").Where(SqlFunctionRules.AllowedPragmas.Contains).Order(StringComparer.Ordinal).ShouldBe(
            SqlFunctionRules.AllowedPragmas.Order(StringComparer.Ordinal), "every allowed PRAGMA exists");
    }

    [Fact]
    public void Should_list_exactly_the_scalar_aggregate_and_macro_functions_of_this_duckdb_as_reviewed()
    {
        var functions = Catalog("scalar", "aggregate", "macro");
        // After a DuckDB upgrade: regenerate mart/Sandbox/duckdb-functions.txt from
        // SELECT DISTINCT function_name FROM duckdb_functions() WHERE function_type IN ('scalar','aggregate','macro') ORDER BY 1
        // and decide the new names (deny them in SqlFunctionRules.DeniedFunctions if they change state or read files).
        functions.Except(SqlFunctionRules.ReviewedFunctions, StringComparer.OrdinalIgnoreCase).ShouldBeEmpty("functions nobody has reviewed");
        SqlFunctionRules.ReviewedFunctions.Except(functions, StringComparer.OrdinalIgnoreCase).ShouldBeEmpty("reviewed functions this DuckDB lacks");
        SqlFunctionRules.DeniedFunctions.Keys.ShouldAllBe(n => functions.Contains(n));
    }

    [Theory]
    [InlineData("SELECT * FROM enable_logging(storage => 'file', storage_path => '/tmp/x')")]
    [InlineData("SELECT * FROM enable_logging(level => 'trace')")]
    [InlineData("FROM system.main.enable_logging()")]
    [InlineData("SELECT * FROM \"Enable_Logging\"()")]
    [InlineData("SELECT count(*) FROM (SELECT * FROM enable_logging())")]
    [InlineData("WITH x AS MATERIALIZED (SELECT * FROM enable_logging()) SELECT 1")]
    [InlineData("SELECT (SELECT 1 FROM enable_logging())")]
    [InlineData("SELECT list_transform([1], x -> (SELECT 1 FROM enable_logging()))")]
    [InlineData("SELECT 1 UNION ALL SELECT 1 FROM enable_logging()")]
    [InlineData("SELECT * FROM range(3) r JOIN LATERAL (SELECT * FROM enable_logging()) ON true")]
    [InlineData("SELECT 1 ORDER BY (SELECT 1 FROM enable_logging())")]
    [InlineData("SELECT 1 LIMIT (SELECT 1 FROM enable_logging())")]
    [InlineData("SUMMARIZE SELECT * FROM enable_logging()")]
    [InlineData("DESCRIBE SELECT * FROM enable_logging()")]
    [InlineData("EXPLAIN ANALYZE SELECT * FROM enable_logging()")]
    [InlineData("EXPLAIN (FORMAT json) SELECT * FROM enable_logging()")]
    [InlineData("/* hidden */ SELECT * FROM disable_logging()")]
    [InlineData("SELECT * FROM truncate_duckdb_logs()")]
    [InlineData("SELECT s.write_log() FROM (SELECT 'x' AS s)")]
    [InlineData("SELECT * FROM enable_profiling()")]
    [InlineData("SELECT * FROM disable_peg_parser()")]
    public void Should_refuse_a_function_that_changes_the_instance_however_it_is_written(string sql)
    {
        var error = Should.Throw<QueryRejectedException>(() => SqlPolicy.Require(sql));
        error.Text.En.ShouldStartWith("queries cannot call ");
        error.Text.En.ShouldContain("it changes the", customMessage: sql);
    }

    [Theory]
    [InlineData("SELECT * FROM duckdb_logs", "queries cannot read duckdb_logs: it reads the instance's log")]
    [InlineData("SELECT * FROM duckdb_logs()", "queries cannot call duckdb_logs(): it reads the instance's log")]
    [InlineData("SELECT 1 WHERE 1 IN (SELECT 1 FROM duckdb_logs)", "queries cannot read duckdb_logs")]
    [InlineData("SELECT * FROM duckdb_logs_parsed('QueryLog')", "queries cannot call duckdb_logs_parsed()")]
    [InlineData("SELECT * FROM checkpoint()", "queries cannot call checkpoint(): it writes to the database file")]
    [InlineData("SELECT * FROM duckdb_secrets()", "queries cannot call duckdb_secrets(): it reads stored credentials")]
    [InlineData("SELECT * FROM query('SELECT 1')", "queries cannot call query(): it runs SQL or a query plan given as a string")]
    [InlineData("SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT 1'))", "queries cannot call json_execute_serialized_sql()")]
    [InlineData("SELECT json_serialize_plan('SELECT 1')", "queries cannot call json_serialize_plan()")]
    [InlineData("SELECT * FROM arrow_scan(1, 2, 3)", "queries cannot call arrow_scan(): it reads memory by address")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "queries cannot call read_csv(): it reads files")]
    [InlineData("SELECT * FROM '/etc/passwd.csv'", "queries cannot read files")]
    [InlineData("SELECT * FROM glob('/tmp/*')", "queries cannot call glob()")]
    [InlineData("SELECT nextval('s')", "queries cannot call nextval()")]
    [InlineData("SELECT setseed(0.5)", "queries cannot call setseed()")]
    [InlineData("SELECT pg_sleep(100)", "queries cannot call pg_sleep(): it only waits")]
    [InlineData("SELECT __internal_compress_string_ubigint('a')", "queries cannot call __internal_compress_string_ubigint()")]
    [InlineData("PRAGMA enable_profiling", "queries cannot run PRAGMA enable_profiling")]
    [InlineData("PRAGMA threads = 1", "queries cannot run PRAGMA threads")]
    [InlineData("PRAGMA table_info = 'x'", "queries cannot run PRAGMA table_info")]
    // DuckDB expands this pragma while splitting statements, by reading the folder: the parser instance has no file access.
    [InlineData("PRAGMA import_database('/tmp/x')", "queries cannot read or write files")]
    [InlineData("CALL enable_logging()", "only queries run here")]
    [InlineData("CALL pragma_table_info('v_group_year')", "only queries run here")]
    [InlineData("SET logging_level = 'trace'", "only queries run here")]
    [InlineData("CHECKPOINT", "only queries run here")]
    [InlineData("EXPLAIN ANALYZE CREATE TEMP TABLE t AS SELECT 1 AS i", "only queries run here")]
    public void Should_refuse_what_reads_other_sessions_files_secrets_or_memory(string sql, string message)
    {
        Should.Throw<QueryRejectedException>(() => SqlPolicy.Require(sql)).Text.En.ShouldStartWith(message);
    }

    [Theory]
    [InlineData("SELECT 1\0; DROP TABLE fact_target")]
    [InlineData("\0")]
    [InlineData("SELECT 'a\0b'")]
    public void Should_refuse_sql_with_a_nul_rather_than_run_the_part_before_it(string sql)
    {
        Should.Throw<QueryRejectedException>(() => SqlPolicy.Require(sql)).Text.En.ShouldStartWith("the SQL contains a NUL character (U+0000)");
    }

    [Theory]
    [InlineData("SELECT levenshtein(group_name, 'Tổ') FROM v_group_year")]
    [InlineData("FROM v_ward_year SELECT review_year, households")]
    [InlineData("WITH g AS (SELECT * FROM v_group_year) SELECT count(*) FROM g")]
    [InlineData("VALUES (1, 'a')")]
    [InlineData("DESCRIBE v_group_year")]
    [InlineData("SHOW ALL TABLES")]
    [InlineData("SUMMARIZE v_ward_year")]
    [InlineData("PRAGMA table_info('v_group_year')")]
    [InlineData("PRAGMA table_info(v_group_year);")]
    [InlineData("PRAGMA show_tables")]
    [InlineData("EXPLAIN SELECT * FROM v_group_year")]
    [InlineData("SELECT * FROM duckdb_columns() WHERE table_name = 'v_group_year'")]
    [InlineData("SELECT name, value FROM duckdb_settings()")]
    [InlineData("SELECT * FROM range(3) t(x), unnest([x, x + 1]) u(y)")]
    [InlineData("SELECT * FROM histogram(v_group_year, poor)")]
    [InlineData("SELECT unnest([1, 2]), list_transform([1], x -> x + 1), 'a' || 'b', 2 ** 3, 'abc' LIKE 'a%', strftime(DATE '2024-01-01', '%d/%m/%Y')")]
    [InlineData("SELECT * FROM (PIVOT v_group_year ON review_year IN (2023, 2024) USING sum(poor) GROUP BY group_code)")]
    [InlineData("SELECT row_number() OVER (PARTITION BY ward_code ORDER BY poor DESC) FROM v_group_year QUALIFY row_number() OVER () < 3")]
    public void Should_let_through_what_officers_read_with(string sql)
    {
        Should.NotThrow(() => SqlPolicy.Require(sql));
    }

    [Fact]
    public void Should_let_through_every_view_definition_of_the_mart_and_every_saved_query()
    {
        // What the product itself writes is what officers copy: none of it may be refused.
        var views = fixture.Mart.Rows("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal")
            .Select(r => (Name: (string)r[0]!, Body: Body((string)r[1]!))).ToList();
        views.ShouldNotBeEmpty();
        foreach (var (name, body) in views)
            Should.NotThrow(() => SqlPolicy.Require(body), name);
        var queries = Directory.GetFiles(Docs.MartDocsTests.RepoFile("queries"), "*.sql");
        queries.ShouldNotBeEmpty();
        foreach (var file in queries)
            Should.NotThrow(() => SqlPolicy.Require(File.ReadAllText(file)), file);
    }

    [Fact]
    public void Should_tell_how_to_write_a_pivot_that_runs_as_two_statements()
    {
        var error = Should.Throw<QueryRejectedException>(() => SqlPolicy.Require("PIVOT v_group_year ON review_year USING sum(poor)"));
        error.Text.En.ShouldStartWith("a PIVOT without the list of its values runs as two statements");
        error.Message.ShouldStartWith("PIVOT không có danh sách giá trị sẽ chạy thành hai câu lệnh"); // what the officer reads by default
    }

    private static HashSet<string> Catalog(params string[] types)
    {
        using var connection = new DuckDBConnection("Data Source=:memory:");
        connection.Open();
        return connection.Rows("SELECT DISTINCT function_name, function_type FROM duckdb_functions() WHERE internal")
            .Where(r => types.Contains((string)r[1]!)).Select(r => (string)r[0]!).ToHashSet(StringComparer.OrdinalIgnoreCase);
    }

    private static string Body(string createView)
    {
        var at = createView.IndexOf(" AS ", StringComparison.OrdinalIgnoreCase);
        return createView[(at + 4)..].TrimEnd().TrimEnd(';');
    }
}
