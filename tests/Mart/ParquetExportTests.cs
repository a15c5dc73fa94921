using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>`disu export`: Parquet that reads back as the same mart, and query results as CSV/XLSX.</summary>
public sealed class ParquetExportTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    [Fact]
    // The demo mart is a copy reopened from its file, as every real mart is: DuckDB writes views back
    // with CROSS JOIN as a comma, which broke two views in views.sql until migration 0010.
    public void Should_read_back_the_same_public_views_from_the_exported_parquet()
    {
        using var folder = new TempFolder();
        var result = ParquetExport.Run(fixture.Mart.Connection, folder.Path);

        using var lake = new DuckDBConnection("Data Source=:memory:");
        lake.Open();
        lake.Execute(File.ReadAllText(result.ViewsScript));
        foreach (var view in new[] { "v_group_year", "v_ward_year", "v_transitions", "v_support_coverage", "v_group_forecast", "v_form_summary" })
        {
            var expected = Canonical(fixture.Mart.Connection, view);
            var actual = Canonical(lake, view);
            actual.Count.ShouldBeGreaterThan(0, view);
            actual.ShouldBe(expected, view);
        }
        lake.Scalar<long>("SELECT count(*) FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023").ShouldBe(9);
    }

    [Fact]
    public void Should_partition_facts_by_province_and_year_in_hive_folders()
    {
        using var folder = new TempFolder();
        var result = ParquetExport.Run(fixture.Mart.Connection, folder.Path);

        result.Tables.Single(t => t.Name == "fact_household_year").PartitionBy.ShouldBe(["province", "year"]);
        result.Tables.Single(t => t.Name == "fact_support").PartitionBy.ShouldBe(["year"]);
        result.Tables.Single(t => t.Name == "dim_indicator").PartitionBy.ShouldBeEmpty();
        foreach (var year in new[] { 2021, 2022, 2023, 2024, 2025 })
            Directory.GetFiles(Path.Combine(folder.Path, "fact_household_year", "province=33", $"year={year}"), "*.parquet").ShouldNotBeEmpty();
        result.Views.ShouldContain("v_group_year");
        var views = result.Views.ToList();
        views.IndexOf("v_ward_year").ShouldBeGreaterThan(views.IndexOf("v_group_year"), "a view comes after the views it reads");
    }

    [Fact]
    public void Should_write_a_query_result_as_csv_and_xlsx_from_the_command_line()
    {
        using var folder = new TempFolder();
        string martPath;
        using (var mart = new TestMart())
        {
            mart.LoadSnapshot("s.csv", new SnapshotRow("H1").Poor(), new SnapshotRow("H2").NotPoor()).RowsRejected.ShouldBe(0);
            martPath = folder.File("m.duckdb");
            mart.Connection.Execute("CHECKPOINT");
            File.Copy(mart.MartPath, martPath);
        }
        const string Sql = "SELECT group_name, households, poor FROM v_group_year";

        CliRun.Of("export", "csv", "--mart", martPath, "--query", Sql, "--out", folder.File("g.csv")).ExitCode.ShouldBe(0);
        CliRun.Of("export", "xlsx", "--mart", martPath, "--query", Sql, "--out", folder.File("g.xlsx")).ExitCode.ShouldBe(0);
        var refused = CliRun.Of("export", "csv", "--mart", martPath, "--query", "COPY fact_household_year TO '/tmp/x.csv'", "--out", folder.File("x.csv"));

        File.ReadAllLines(folder.File("g.csv")).ShouldBe(["group_name,households,poor", "Tổ dân phố Nhân Vinh,2,1"]);
        var row = MiniExcel.Query(folder.File("g.xlsx"), useHeaderRow: true).Cast<IDictionary<string, object?>>().ShouldHaveSingleItem();
        row["group_name"].ShouldBe("Tổ dân phố Nhân Vinh");
        Convert.ToInt64(row["poor"], System.Globalization.CultureInfo.InvariantCulture).ShouldBe(1);
        refused.ExitCode.ShouldBe(1);
        refused.Error.ShouldContain("ở đây chỉ chạy truy vấn");
        File.Exists(folder.File("x.csv")).ShouldBeFalse();
    }

    /// <summary>The view's rows as sorted text, doubles to 9 decimals (parallel sums may differ in the last bit).</summary>
    private static List<string> Canonical(DuckDBConnection connection, string view) =>
        connection.Rows($"SELECT * FROM {view}")
            .Select(r => string.Join("|", r.Select(v => v switch
            {
                double d => Math.Round(d, 9).ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                System.Collections.IEnumerable e when v is not string => string.Join(",", e.Cast<object?>()),
                _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture),
            })))
            .Order(StringComparer.Ordinal).ToList();
}
