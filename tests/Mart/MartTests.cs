using System.Diagnostics;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>The mart file: creation, schema versions, read-only lock-down, the one-writer rule.</summary>
public sealed class MartTests
{
    [Fact]
    public void Should_create_a_mart_at_the_latest_schema_version()
    {
        using var mart = new TestMart();
        mart.Scalar<int>("SELECT max(version) FROM schema_version").ShouldBe(MartMigrator.LatestVersion);
        mart.Rows("SELECT version FROM schema_version ORDER BY 1").Count.ShouldBe(MartMigrator.Migrations.Count);
        mart.Scalar<DateTime>("SELECT min(applied_at) FROM schema_version").ShouldBe(mart.Clock.GetUtcNow().UtcDateTime, TimeSpan.FromSeconds(1));
    }

    [Fact]
    public void Should_refuse_a_mart_written_by_a_newer_build_and_leave_it_unchanged()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        using (var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path))
            connection.Execute("INSERT INTO schema_version VALUES (999, 'from the future', now())");
        var before = File.ReadAllBytes(path);

        var error = Should.Throw<MartSchemaException>(() => DiSu.Analytics.Mart.Mart.OpenReadWrite(path));
        error.Text.En.ShouldContain("schema version 999, newer than this build of disu understands");
        error.Message.ShouldContain("phiên bản lược đồ 999, mới hơn bản disu này hiểu được");
        Should.Throw<MartSchemaException>(() => DiSu.Analytics.Mart.Mart.OpenReadOnly(path));
        File.ReadAllBytes(path).ShouldBe(before);
    }

    [Fact]
    public void Should_upgrade_an_older_mart_when_opened_for_writing()
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        using (var connection = new DuckDB.NET.Data.DuckDBConnection($"Data Source={path}"))
        {
            // A mart of schema version 1: the tables, no public views yet; every later migration is the upgrade.
            connection.Open();
            new MartMigrator(connection, TimeProvider.System).Migrate(through: 1);
        }
        Should.Throw<MartSchemaException>(() => DiSu.Analytics.Mart.Mart.OpenReadOnly(path)).Text.En.ShouldContain("Open it once for writing");

        using (var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(path))
            MartMigrator.CurrentVersion(connection).ShouldBe(MartMigrator.LatestVersion);
        using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
        reader.Scalar<long>("SELECT count(*) FROM v_group_year").ShouldBe(0);
    }

    [Fact]
    public void Should_say_how_to_create_a_mart_when_none_exists()
    {
        using var folder = new TempFolder();
        Should.Throw<MartException>(() => DiSu.Analytics.Mart.Mart.OpenReadOnly(folder.File("none.duckdb")))
            .Text.En.ShouldContain("Create one with 'disu demo'");
    }

    [Theory]
    [InlineData("INSERT INTO mart_setting VALUES ('x', 'y', 'z')")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')")]
    [InlineData("COPY (SELECT 1) TO '/tmp/disu-should-not-exist.csv'")]
    [InlineData("SET enable_external_access = true")]
    [InlineData("ATTACH '/tmp/other.duckdb' AS other")]
    [InlineData("INSTALL httpfs")]
    public void Should_lock_down_read_only_connections(string sql)
    {
        using var folder = new TempFolder();
        var path = folder.File("m.duckdb");
        DiSu.Analytics.Mart.Mart.OpenReadWrite(path).Dispose();
        using var reader = DiSu.Analytics.Mart.Mart.OpenReadOnly(path);
        Should.Throw<DuckDB.NET.Data.DuckDBException>(() => reader.Execute(sql));
        File.Exists("/tmp/disu-should-not-exist.csv").ShouldBeFalse();
    }

    [Theory]
    [InlineData("query", "SELECT 1")]
    [InlineData("etl", "load")]
    [InlineData("migrate")]
    public async Task Should_give_a_clear_message_when_another_process_holds_the_mart(params string[] command)
    {
        using var mart = new TestMart();
        var disu = Path.Combine(AppContext.BaseDirectory, "disu.dll");
        var input = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new SnapshotRow("H1")]);
        string[] args = ["exec", disu, .. command, .. command[0] == "etl" ? new[] { input } : [], "--mart", mart.MartPath];
        var start = new ProcessStartInfo("dotnet", args)
        {
            RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.WaitForExit(60_000).ShouldBeTrue("a locked mart must fail fast, not hang");
        process.ExitCode.ShouldBe(1);
        (await stderr).ShouldContain($"đang được tiến trình {Environment.ProcessId} mở để ghi");
    }
}
