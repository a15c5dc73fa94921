using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// The ward sandbox: a key restricted to ward A sees ward A's rows and nothing of ward B, through any
/// table or view, and every object of the mart has a decided rule.
/// </summary>
[Collection(TwoWardCollection.Name)]
public sealed class WardSandboxTests(TwoWardFixture fixture, ITestOutputHelper output)
{
    private const string WardA = TwoWardFixture.WardA;
    private const string WardB = TwoWardFixture.WardB;

    [Fact]
    public void Should_have_a_rule_for_every_table_and_view_of_the_mart()
    {
        // A migration that adds a table or view must say here what a ward's sandbox holds of it.
        SandboxRules.Missing(fixture.Mart).ShouldBeEmpty("add each to SandboxRules.All (mart/Sandbox/SandboxRules.cs)");
        SandboxRules.All["job_run"].Copy.ShouldBe(SandboxCopy.Excluded, "migration 0008's job log is not ward data");
        var views = Names(fixture.Mart, "SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal");
        SandboxRules.All.Where(r => r.Value.Copy == SandboxCopy.Recomputed).Select(r => r.Key).ShouldAllBe(name => views.Contains(name));
    }

    [Fact]
    public void Should_hold_every_ruled_object_except_the_excluded_as_a_table()
    {
        var expected = Names(fixture.Mart, """
                SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'
                UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal
                """)
            .Where(n => SandboxRules.All[n].Copy != SandboxCopy.Excluded).Order(StringComparer.Ordinal).ToList();
        fixture.SandboxA.Objects.ShouldBe(expected);
        Names(fixture.SandboxA.Connection, "SELECT table_name FROM duckdb_tables()").Order(StringComparer.Ordinal).ShouldBe(expected);
        Names(fixture.SandboxA.Connection, "SELECT view_name FROM duckdb_views() WHERE NOT internal").ShouldBeEmpty();
        output.WriteLine($"ward {WardA}: {fixture.SandboxA.Objects.Count} tables, built in {fixture.SandboxA.BuildTime.TotalMilliseconds:0} ms");
    }

    [Fact]
    public void Should_hold_only_the_wards_rows_in_every_object_with_a_ward_code()
    {
        var withWard = Names(fixture.SandboxA.Connection, "SELECT table_name FROM duckdb_columns() WHERE column_name = 'ward_code'");
        withWard.Count.ShouldBeGreaterThan(20);
        foreach (var table in withWard)
        {
            fixture.SandboxA.Connection.Scalar<long>($"SELECT count(*) FROM {table} WHERE ward_code IS DISTINCT FROM ?", WardA).ShouldBe(0, table);
            if (table.StartsWith("fact_", StringComparison.Ordinal) || table.StartsWith("v_", StringComparison.Ordinal))
                fixture.SandboxA.Connection.Scalar<long>($"SELECT count(*) FROM {table}").ShouldBeGreaterThan(0, table);
        }
    }

    [Fact]
    public void Should_show_no_household_of_the_other_ward_in_any_text_of_any_table()
    {
        // The same scan finds ward B everywhere in the mart, the ward-A file's reject included.
        var inMart = OtherWardTexts(fixture.Mart);
        inMart.ShouldContain(hit => hit.StartsWith("etl_reject.value:", StringComparison.Ordinal) && hit.EndsWith(fixture.OtherWardsHousehold, StringComparison.Ordinal));
        inMart.ShouldContain(hit => hit.StartsWith("v_household_year.household_id:", StringComparison.Ordinal));

        OtherWardTexts(fixture.SandboxA.Connection).ShouldBeEmpty();
    }

    [Fact]
    public void Should_count_the_wards_households_as_the_mart_does()
    {
        var inMart = fixture.Mart.Scalar<long>("SELECT count(*) FROM v_household_year WHERE ward_code = ?", WardA);
        inMart.ShouldBeGreaterThan(500);
        fixture.SandboxA.Connection.Scalar<long>("SELECT count(*) FROM v_household_year").ShouldBe(inMart);
    }

    [Fact]
    public void Should_give_every_object_the_rows_the_mart_gives_for_the_ward()
    {
        // Recomputed views equal the mart's view filtered to the ward: no view mixes wards (a view that
        // did, e.g. a national average, would need another rule).
        foreach (var name in fixture.SandboxA.Objects)
        {
            var rule = SandboxRules.All[name];
            var columns = Columns(fixture.Mart, name);
            var filter = rule.Copy switch
            {
                SandboxCopy.Filtered => rule.Filter,
                SandboxCopy.Recomputed when columns.Any(c => c.Name == "ward_code") => "ward_code = $1",
                _ => null,
            };
            var expected = Canonical(fixture.Mart, name, columns, filter);
            Canonical(fixture.SandboxA.Connection, name, columns, null).ShouldBe(expected, name);
        }
        foreach (var name in new[] { "fact_forecast", "v_group_forecast", "v_priority_groups", "v_support_gap", "v_mpi_indicator", "dim_model", "etl_load", "etl_reject" })
            fixture.SandboxA.Connection.Scalar<long>($"SELECT count(*) FROM {name}").ShouldBeGreaterThan(0, name);
    }

    [Fact]
    public void Should_keep_every_column_name_and_type_and_each_objects_description()
    {
        foreach (var name in fixture.SandboxA.Objects)
        {
            Columns(fixture.SandboxA.Connection, name).Select(c => (c.Name, c.Type)).ShouldBe(Columns(fixture.Mart, name).Select(c => (c.Name, c.Type)), name);
            Description(fixture.SandboxA.Connection, name).ShouldBe(Description(fixture.Mart, name), name);
        }
        Description(fixture.SandboxA.Connection, "v_group_year").ShouldNotBeNullOrEmpty();
        Columns(fixture.SandboxA.Connection, "dim_model").Select(c => c.Type).ShouldContain("INTEGER[]");
        Columns(fixture.SandboxA.Connection, "etl_load").Select(c => c.Type).ShouldContain("TIMESTAMP WITH TIME ZONE");
    }

    [Fact]
    public void Should_keep_only_the_wards_own_files_and_their_rejects_without_household_ids()
    {
        // The generator's files are one per province and year, both wards in each: not the ward's alone.
        fixture.SandboxA.Connection.Rows("SELECT file_name, ward_years FROM etl_load").Select(r => $"{r[0]} {r[1]}")
            .ShouldBe([$"supports-ward-a-2024.csv {WardA}:2024"]);
        fixture.SandboxA.Connection.Rows("SELECT column_name, value FROM etl_reject").Select(r => $"{r[0]}={r[1]}")
            .ShouldBe(["amount_vnd=1.500"]);
        fixture.Mart.Scalar<long>("SELECT count(*) FROM etl_reject WHERE value = ?", fixture.OtherWardsHousehold).ShouldBe(1);
    }

    [Fact]
    public void Should_refuse_writes_even_on_its_own_connection()
    {
        var connection = fixture.SandboxA.Connection;
        Should.Throw<DuckDBException>(() => connection.Execute("CREATE TABLE extra (i INTEGER)")).Message.ShouldContain("read-only");
        Should.Throw<DuckDBException>(() => connection.Execute("DELETE FROM fact_household_year")).Message.ShouldContain("read-only");
        Should.Throw<DuckDBException>(() => connection.Execute("SET enable_external_access = true")).Message.ShouldContain("locked");
        connection.Scalar<string>("SELECT current_setting('memory_limit')").ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public void Should_refuse_a_ward_the_mart_does_not_have()
    {
        foreach (var code in new[] { "NOPE", WardA.ToLowerInvariant() })
        {
            var error = Should.Throw<MartException>(() => WardSandbox.Build(fixture.Mart, code));
            error.Text.En.ShouldContain($"The mart has no ward '{code}'");
            error.Text.En.ShouldContain("matched exactly, case included");
        }
    }

    [Fact]
    public void Should_delete_its_file_when_disposed()
    {
        string file;
        using (var sandbox = WardSandbox.Build(fixture.Mart, WardB))
        {
            file = sandbox.Connection.DataSource;
            File.Exists(file).ShouldBeTrue();
            sandbox.Connection.Scalar<long>("SELECT count(DISTINCT ward_code) FROM v_household_year").ShouldBe(1);
            sandbox.Connection.Scalar<string>("SELECT any_value(ward_code) FROM v_household_year").ShouldBe(WardB);
        }
        Directory.Exists(Path.GetDirectoryName(file)).ShouldBeFalse();
    }

    [Fact]
    public void Should_stop_when_cancelled()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Should.Throw<OperationCanceledException>(() => WardSandbox.Build(fixture.Mart, WardA, cancelled.Token));
    }

    [Fact]
    public void Should_build_from_a_read_write_connection_and_leave_out_an_object_without_a_rule()
    {
        using var mart = new TestMart();
        mart.LoadSnapshot("2024.csv",
            new SnapshotRow("A1").Poor(), new SnapshotRow("A2").NotPoor(),
            new SnapshotRow("B1").InWard("W2", "Phường Hai").Poor()).RowsRejected.ShouldBe(0);
        // What migration 0009 might add without deciding its rule.
        mart.Connection.Execute("CREATE TABLE new_household_notes (ward_code VARCHAR, household_id VARCHAR, note VARCHAR)");
        mart.Connection.Execute("INSERT INTO new_household_notes VALUES ('W2', 'B1', 'moved')");

        SandboxRules.Missing(mart.Connection).ShouldBe(["new_household_notes"]);
        using var sandbox = WardSandbox.Build(mart.Connection, "DISU");
        sandbox.Objects.ShouldNotContain("new_household_notes");
        sandbox.Connection.Rows("SELECT household_id FROM v_household_year ORDER BY 1").Select(r => (string)r[0]!).ShouldBe(["A1", "A2"]);
        mart.Scalar<long>("SELECT count(*) FROM v_household_year").ShouldBe(3, "the writer's connection is untouched");
    }

    /// <summary>"table.column: value" for every text (and list, as text) containing ward B's code or a household id of ward B.</summary>
    private List<string> OtherWardTexts(DuckDBConnection connection)
    {
        var hits = new List<string>();
        var columns = connection.Rows("""
            SELECT c.table_name, c.column_name FROM duckdb_columns() c
            JOIN (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main'
                  UNION ALL SELECT view_name FROM duckdb_views() WHERE schema_name = 'main' AND NOT internal) o USING (table_name)
            WHERE c.schema_name = 'main' AND (c.data_type = 'VARCHAR' OR c.data_type LIKE '%[]' OR c.data_type LIKE 'STRUCT%' OR c.data_type LIKE 'MAP%')
            """).Select(r => ((string)r[0]!, (string)r[1]!));
        foreach (var (table, column) in columns)
        {
            foreach (var row in connection.Rows($"SELECT DISTINCT CAST(\"{column}\" AS VARCHAR) FROM \"{table}\" WHERE \"{column}\" IS NOT NULL"))
            {
                var text = (string)row[0]!;
                if (text.Contains(WardB, StringComparison.Ordinal) || fixture.WardBHouseholds.Contains(text))
                    hits.Add($"{table}.{column}: {text}");
            }
        }
        return hits;
    }

    private static List<string> Names(DuckDBConnection connection, string sql) =>
        connection.Rows(sql).Select(r => (string)r[0]!).ToList();

    private static List<(string Name, string Type, string? Comment)> Columns(DuckDBConnection connection, string table) =>
        connection.Rows("SELECT column_name, data_type, comment FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", table)
            .Select(r => ((string)r[0]!, (string)r[1]!, (string?)r[2])).ToList();

    private static string? Description(DuckDBConnection connection, string name) =>
        connection.Scalar<string>("""
            SELECT comment FROM (SELECT table_name AS name, comment FROM duckdb_tables() UNION ALL SELECT view_name, comment FROM duckdb_views())
            WHERE name = ?
            """, name);

    /// <summary>Every row as one string (doubles rounded to 9 decimals: sums may differ in the last bits), sorted.</summary>
    private static List<string> Canonical(DuckDBConnection connection, string name, List<(string Name, string Type, string? Comment)> columns, string? filter)
    {
        var cells = columns.Select(c => c.Type is "DOUBLE" or "FLOAT"
            ? $"coalesce(CAST(round(\"{c.Name}\", 9) AS VARCHAR), '∅')"
            : $"coalesce(CAST(\"{c.Name}\" AS VARCHAR), '∅')");
        var sql = $"SELECT concat_ws(' | ', {string.Join(", ", cells)}) FROM \"{name}\"" + (filter is null ? "" : $" WHERE {filter}");
        var rows = filter is not null && filter.Contains("$1", StringComparison.Ordinal) ? connection.Rows(sql, WardA) : connection.Rows(sql);
        return rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal).ToList();
    }
}
