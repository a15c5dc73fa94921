using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The three demo documents as XLSX and CSV lose nothing and mean one thing: every number is a
/// numeric cell with a format (counts with separators, years without, rates as percentages),
/// every rate in a workbook has one unit, sheet names are Vietnamese, yes/no reads "Có"/"Không",
/// and CSV carries each double of the mart as it is.
/// </summary>
public sealed class ReportExportTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    /// <summary>The three documents of the demo, built once per test run (the tests write and read their files).</summary>
    private static IReport[] Reports() => [DemoMartFixture.Appendix2024, DemoMartFixture.Trend2021To2024, DemoMartFixture.Briefing2024];

    [Fact]
    public void Should_name_the_sheets_in_vietnamese_with_diacritics()
    {
        using var folder = new TempFolder();
        var names = Reports().Select(r => XlsxCells.Read(ReportFiles.Write(r, ReportFormat.Xlsx, folder.Path).Single()).Select(s => s.Name).ToList()).ToList();

        names[0].ShouldBe(["Phụ lục", "Nguồn số liệu"]);
        names[1].ShouldBe(["Phường", "Tổ dân phố", "Thiếu hụt", "Đa chiều", "Ưu tiên", "Khoảng trống hỗ trợ", "Nguồn số liệu"]);
        names[2].ShouldBe(["Tổng quan", "Xu hướng", "Nhóm nguy cơ", "Tái nghèo", "Hỗ trợ", "Đa chiều", "Ưu tiên", "Khoảng trống hỗ trợ", "Nguồn số liệu"]);
    }

    [Fact]
    public void Should_store_every_rate_as_a_fraction_under_one_percentage_format_and_every_number_with_a_format()
    {
        using var folder = new TempFolder();
        foreach (var report in Reports())
        {
            var rates = 0;
            foreach (var sheet in XlsxCells.Read(ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).Single()).Where(s => s.Name != ReportFiles.ProvenanceSheet))
            {
                var numbers = sheet.Cells.Where(c => c.Row > 1 && c.Type is null).ToList();
                numbers.ShouldNotBeEmpty(sheet.Name);
                numbers.ShouldAllBe(c => c.Format != "General", $"{report.Kind}/{sheet.Name}: a number without a format");
                // A rate column, or a row of a key–value sheet, says "(%)" or "(…, %)": its numbers are fractions shown as percentages.
                var labels = sheet.Cells.Where(c => c.Column == "A").ToDictionary(c => c.Row, c => c.Text);
                foreach (var cell in numbers)
                {
                    var percent = sheet.Headers[cell.Column].EndsWith("%)", StringComparison.Ordinal)
                        || (sheet.Headers[cell.Column] == "Giá trị" && labels[cell.Row].EndsWith("%)", StringComparison.Ordinal));
                    if (!percent)
                    {
                        cell.Format.ShouldNotBe("0.00%", $"{report.Kind}/{sheet.Name} {cell.Reference}: a percentage format on a number that is not a rate");
                        continue;
                    }
                    rates++;
                    cell.Format.ShouldBe("0.00%", $"{report.Kind}/{sheet.Name} {cell.Reference}");
                    Math.Abs(cell.Number).ShouldBeLessThanOrEqualTo(1.0, $"{report.Kind}/{sheet.Name} {cell.Reference}: a rate in percent, not as a fraction");
                }
            }
            rates.ShouldBeGreaterThan(0, report.Kind);
        }
    }

    [Fact]
    public void Should_show_counts_with_thousands_separators_years_without_and_the_ward_rate_as_its_fraction()
    {
        using var folder = new TempFolder();
        var trend = XlsxCells.Read(ReportFiles.Write(Reports()[1], ReportFormat.Xlsx, folder.Path).Single());
        var ward = trend.Single(s => s.Name == "Phường");

        ward.Column("Năm").ShouldAllBe(c => c.Format == "0");
        ward.Column("Năm").Select(c => c.Number).ShouldBe([2021, 2022, 2023, 2024]);
        ward.Column("Tổng số hộ").ShouldAllBe(c => c.Format == "#,##0");
        ward.Column(FlowWords.PoorEnd).ShouldAllBe(c => c.Format == "#,##0");
        var rate2023 = fixture.Mart.Scalar<double>("SELECT poor_rate FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", DemoMartFixture.Ward);
        ward.Column("Tỷ lệ hộ nghèo (%)")[2].Number.ShouldBe(rate2023 / 100);
        (rate2023 / 100).ToString("0.00%", CultureInfo.GetCultureInfo("vi-VN")).ShouldBe("0,44%", "what Excel shows a vi-VN reader");
    }

    [Fact]
    public void Should_write_yes_and_no_as_co_and_khong_in_the_vietnamese_xlsx_and_csv()
    {
        using var folder = new TempFolder();
        var report = Reports()[1];
        var groups = XlsxCells.Read(ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).Single()).Single(s => s.Name == "Tổ dân phố");
        groups.Column("Nhóm nhỏ").Select(c => c.Text).Distinct().ShouldBe(["Không"]);

        var files = ReportFiles.Write(report, ReportFormat.Csv, folder.Path);
        var csv = Hostile.ParseCsv(File.ReadAllText(files.Single(f => f.EndsWith("-To-dan-pho.csv", StringComparison.Ordinal))));
        Hostile.Column(csv, "Nhóm nhỏ").Distinct().ShouldBe(["Không"]);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            foreach (var word in new[] { ",True", ",False", ",có", ",không" })
                text.ShouldNotContain(word, Case.Sensitive, $"{Path.GetFileName(file)}: a boolean in a Vietnamese CSV is Có or Không");
        }
    }

    [Fact]
    public void Should_carry_each_rate_of_the_mart_in_percent_at_full_precision_in_the_csv()
    {
        using var folder = new TempFolder();
        var files = ReportFiles.Write(Reports()[1], ReportFormat.Csv, folder.Path);
        var ward = Hostile.ParseCsv(File.ReadAllText(files.Single(f => f.EndsWith("-Phuong.csv", StringComparison.Ordinal))));
        var rates = fixture.Mart.Rows("SELECT poor_rate FROM v_ward_year WHERE ward_code = ? ORDER BY review_year", DemoMartFixture.Ward)
            .Select(r => Convert.ToDouble(r[0], CultureInfo.InvariantCulture)).ToList();

        Hostile.Column(ward, "Tỷ lệ hộ nghèo (%)").Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ShouldBe(rates);
    }
}
