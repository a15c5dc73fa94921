using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// Report CSV and XLSX carry group names from the delivered files: a group named like a formula
/// is written with a leading apostrophe, while the report's numbers — a falling M0 is negative —
/// stay numbers.
/// </summary>
public sealed class ReportSpreadsheetSafetyTests : IDisposable
{
    private readonly TestMart mart = new();
    private readonly TempFolder folder = new();

    public ReportSpreadsheetSafetyTests()
    {
        mart.LoadSnapshot("households_2023.csv", [.. Hostile.Groups(2023)]).RowsRejected.ShouldBe(0);
        mart.LoadSnapshot("households_2024.csv", [.. Hostile.Groups(2024)]).RowsRejected.ShouldBe(0);
    }

    private IReport Trend() => ReportBatch.Build(mart.Connection, mart.Clock, ReportKind.Trend, "DISU", 2024);

    [Fact]
    public void Should_write_formula_like_group_names_with_an_apostrophe_and_a_falling_M0_as_a_plain_negative_number_in_csv()
    {
        var files = ReportFiles.Write(Trend(), ReportFormat.Csv, folder.Path);

        foreach (var file in files)
            Hostile.ShouldHoldNoFormula(Hostile.ParseCsv(File.ReadAllText(file)), Path.GetFileName(file));
        var groups = Hostile.ParseCsv(File.ReadAllText(files.Single(f => f.EndsWith("-To-dan-pho.csv", StringComparison.Ordinal))));
        Hostile.Column(groups, "Tên tổ dân phố").Distinct().ShouldBe(Hostile.Values.Select(v => "'" + v));

        var mpiFile = files.Single(f => f.EndsWith("-Da-chieu.csv", StringComparison.Ordinal));
        var raw = File.ReadAllText(mpiFile);
        var mpi = Hostile.ParseCsv(raw);
        var change = Hostile.Column(mpi, "Thay đổi M0").Where(v => v.Length > 0).ToList();
        change.Count.ShouldBe(Hostile.Values.Length + 1, "every group and the ward");
        foreach (var value in change)
        {
            double.Parse(value, CultureInfo.InvariantCulture).ShouldBeLessThan(0);
            Hostile.ShouldBePlainNumber(raw, value);
        }
        Hostile.Column(mpi, "Tổ dân phố").ShouldContain("'=HYPERLINK(\"http://x\",\"y\")");
    }

    [Fact]
    public void Should_write_formula_like_group_names_as_text_with_an_apostrophe_and_numbers_as_numeric_cells_in_xlsx()
    {
        var xlsx = ReportFiles.Write(Trend(), ReportFormat.Xlsx, folder.Path).Single();

        foreach (var sheet in MiniExcel.GetSheetNames(xlsx))
        {
            var cells = MiniExcel.Query(xlsx, useHeaderRow: false, sheetName: sheet).Cast<IDictionary<string, object?>>().SelectMany(r => r.Values);
            foreach (var text in cells.OfType<string>())
                (text.Length > 0 && Hostile.FormulaStarts.Contains(text[0], StringComparison.Ordinal)).ShouldBeFalse($"{sheet}: '{text}' would run as a formula");
        }
        var groups = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Tổ dân phố").Cast<IDictionary<string, object?>>().ToList();
        // XML reads a bare CR in a cell as LF; the apostrophe is there either way.
        groups.Select(r => r["Tên tổ dân phố"]).Distinct().ShouldBe(Hostile.Values.Select(v => "'" + v.Replace('\r', '\n')));
        groups.ShouldAllBe(r => r["Tổng số hộ"] is double && (double)r["Tổng số hộ"]! == 12);
        var mpi = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Đa chiều").Cast<IDictionary<string, object?>>()
            .Where(r => r["Thay đổi M0"] is not null).ToList();
        mpi.Count.ShouldBe(Hostile.Values.Length + 1);
        mpi.ShouldAllBe(r => r["Thay đổi M0"] is double && (double)r["Thay đổi M0"]! < 0);
    }

    public void Dispose()
    {
        folder.Dispose();
        mart.Dispose();
    }
}
