using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// Documents read the mart by column name, not by position: with every public view's columns in
/// reverse order, the demo's 2024 briefing, 2024 appendix and 2021–2024 trend report come out the
/// same, as PDF text, as CSV and as XLSX cells. Each document's time is the injected clock's and
/// its data-as-of time the load's, so nothing is left out of the comparison.
/// </summary>
public sealed class ColumnOrderTests
{
    [Fact]
    public void Should_print_the_same_documents_when_every_views_columns_are_in_reverse_order()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var before = Render(mart);

        var reversed = ReverseViews(mart.Connection);

        new[] { "v_ward_year", "v_group_year", "v_group_forecast", "v_group_plan", "v_household_year", "v_household_risk",
                "v_deprivation_by_group", "v_mpi_by_group", "v_mpi_indicator", "v_priority_groups", "v_support_coverage" }
            .ShouldBeSubsetOf(reversed, "the views the three documents read");
        Columns(mart.Connection, "v_ward_year")[0].ShouldBe("near_poor_dtts", "v_ward_year now starts with its last column");
        before.Count.ShouldBeGreaterThan(20, "three PDFs, their CSV files and their sheets");
        var after = Render(mart);
        after.Keys.ShouldBe(before.Keys);
        before.Where(d => after[d.Key] != d.Value).Select(d => d.Key).ShouldBeEmpty("documents that changed");
    }

    /// <summary>Each document as PDF (its metadata and text), CSV (every file) and XLSX (every cell: reference, type, format, text).</summary>
    private static SortedDictionary<string, string> Render(TestMart mart)
    {
        IReport[] reports =
        [
            BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(2024, DemoMartFixture.Ward)),
            AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, DemoMartFixture.Ward)),
            TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(2021, 2024, DemoMartFixture.Ward)),
        ];
        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        using var folder = new TempFolder();
        foreach (var report in reports)
        {
            foreach (var pdf in ReportFiles.Write(report, ReportFormat.Pdf, folder.File("pdf")))
            {
                var text = PdfText.Read(pdf);
                texts[Path.GetFileName(pdf)] = string.Join("\n", text.Title, text.Author, text.Subject, text.CreationDate, text.All);
            }
            foreach (var csv in ReportFiles.Write(report, ReportFormat.Csv, folder.File("csv")))
                texts[Path.GetFileName(csv)] = File.ReadAllText(csv);
            foreach (var xlsx in ReportFiles.Write(report, ReportFormat.Xlsx, folder.File("xlsx")))
                foreach (var sheet in XlsxCells.Read(xlsx))
                    texts[$"{Path.GetFileName(xlsx)}/{sheet.Name}"] =
                        string.Join("\n", sheet.Cells.Select(c => $"{c.Reference}\t{c.Type}\t{c.Format}\t{c.Text}"));
        }
        return texts;
    }

    /// <summary>
    /// Renames each public view and puts in its place one selecting the same columns in reverse
    /// order. Views find each other by name when queried, so a view reading another now reads the
    /// reversed one too. Returns the views reversed.
    /// </summary>
    private static IReadOnlyList<string> ReverseViews(DuckDBConnection connection)
    {
        var views = connection.Read<ViewRow>("SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main' ORDER BY view_name")
            .Select(v => v.ViewName).ToList();
        foreach (var view in views)
        {
            var columns = Columns(connection, view);
            columns.Count.ShouldBeGreaterThan(1, view);
            connection.Execute($"ALTER VIEW {Quote(view)} RENAME TO {Quote(view + "__as_created")}");
            connection.Execute($"CREATE VIEW {Quote(view)} AS SELECT {string.Join(", ", Enumerable.Reverse(columns).Select(Quote))} FROM {Quote(view + "__as_created")}");
        }
        return views;
    }

    private static List<string> Columns(DuckDBConnection connection, string view) =>
        connection.Read<ColumnRow>("SELECT column_name FROM duckdb_columns() WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index", view)
            .Select(c => c.ColumnName).ToList();

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record ViewRow
    {
        public required string ViewName { get; init; }
    }

    private sealed record ColumnRow
    {
        public required string ColumnName { get; init; }
    }
}
