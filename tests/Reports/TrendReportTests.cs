using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

public sealed class TrendReportTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    private static readonly TrendRequest Demo = new(2021, 2024, DemoMartFixture.Ward);

    private TrendReport Build(TrendRequest? request = null) =>
        TrendReport.Build(fixture.Mart.Connection, fixture.Mart.Clock, request ?? Demo);

    private static string WritePdf(TrendReport report, TempFolder folder) =>
        ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single();

    [Fact]
    public void Should_print_the_Vietnamese_title_with_its_diacritics_and_number_every_page()
    {
        var report = DemoMartFixture.Trend2021To2024;
        var pdf = DemoMartFixture.Pdf(report);

        report.Info.Title.ShouldBe("Báo cáo diễn biến tỷ lệ hộ nghèo, hộ cận nghèo phường Dị Sử giai đoạn 2021–2024");
        pdf.Title.ShouldBe(report.Info.Title);
        pdf.Author.ShouldBe("UBND PHƯỜNG DỊ SỬ");
        pdf.All.Replace('\n', ' ').ShouldContain("BÁO CÁO DIỄN BIẾN TỶ LỆ HỘ NGHÈO, HỘ CẬN NGHÈO PHƯỜNG DỊ SỬ GIAI ĐOẠN 2021–2024");
        pdf.Pages.Count.ShouldBeInRange(3, 8);
        for (var page = 1; page <= pdf.Pages.Count; page++)
            pdf.Page(page).ShouldContain($"Trang {page}/{pdf.Pages.Count}");
        pdf.Page(1).ShouldContain("Mã nội dung: " + report.Provenance.ContentHash);
        report.FileStem.ShouldBe("trend-2021-2024-DISU");
    }

    [Fact]
    public void Should_print_the_ward_table_with_the_marts_numbers_in_Vietnamese_format()
    {
        var lines = DemoMartFixture.Pdf(DemoMartFixture.Trend2021To2024).Pages.SelectMany(p => p).ToList();
        var years = fixture.Mart.Rows("""
            SELECT review_year, households, poor, poor_rate, near_poor, near_poor_rate
            FROM v_ward_year WHERE ward_code = ? ORDER BY review_year
            """, DemoMartFixture.Ward);

        years.Count.ShouldBe(4, "Dị Sử's own rounds, 2021–2024");
        foreach (var row in years)
        {
            // năm, tổng số hộ, … the flows …, hộ nghèo cuối kỳ, tỷ lệ, mục tiêu, hộ cận nghèo, tỷ lệ
            var start = Convert.ToInt32(row[0], CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) + " " +
                VietnameseNumbers.Count(Convert.ToInt64(row[1], CultureInfo.InvariantCulture)) + " ";
            var end = " " + string.Join(' ',
                VietnameseNumbers.Count(Convert.ToInt64(row[2], CultureInfo.InvariantCulture)),
                VietnameseNumbers.Rate(Convert.ToDouble(row[3], CultureInfo.InvariantCulture)));
            var nearPoor = " " + string.Join(' ',
                VietnameseNumbers.Count(Convert.ToInt64(row[4], CultureInfo.InvariantCulture)),
                VietnameseNumbers.Rate(Convert.ToDouble(row[5], CultureInfo.InvariantCulture)));
            lines.ShouldContain(l => l.StartsWith(start, StringComparison.Ordinal) && l.Contains(end + " ", StringComparison.Ordinal)
                && l.EndsWith(nearPoor, StringComparison.Ordinal), $"ward row {start}…{end}…{nearPoor}");
        }
        // The issue's own example: 0,44 % of households were poor at the end of 2023 (25 − 16 + 4 + 2 + 1 − 1 = 15).
        lines.ShouldContain("2023 3.434 25 16 4 2 1 1 15 0,44 — 38 1,11");
    }

    [Fact]
    public void Should_show_every_group_by_name()
    {
        var text = DemoMartFixture.Pdf(DemoMartFixture.Trend2021To2024).All;
        var names = fixture.Mart.Rows("SELECT DISTINCT group_name FROM v_group_year WHERE ward_code = ? AND review_year = 2024", DemoMartFixture.Ward)
            .Select(r => (string)r[0]!).ToList();

        names.Count.ShouldBe(9);
        foreach (var name in names)
            text.ShouldContain(name);
    }

    [Fact]
    public void Should_mark_groups_below_the_small_cell_threshold()
    {
        using var folder = new TempFolder();
        var before = fixture.Mart.Scalar<string>("SELECT value FROM mart_setting WHERE key = 'small_cell_households'");
        TrendReport report;
        try
        {
            // The demo's groups all have about 300–500 households: a threshold of 400 makes some of them small.
            fixture.Mart.Connection.Execute("UPDATE mart_setting SET value = '400' WHERE key = 'small_cell_households'");
            report = Build();
        }
        finally
        {
            fixture.Mart.Connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'small_cell_households'", before);
        }

        report.Model.SmallCellHouseholds.ShouldBe(400);
        var small = report.Model.Groups.Where(g => g.AnySmallCell).ToList();
        small.ShouldNotBeEmpty();
        small.ShouldAllBe(g => g.Years.Any(y => y.Households < 400));
        report.Model.Groups.Where(g => !g.AnySmallCell).ShouldAllBe(g => g.Years.All(y => y.Households >= 400));

        var text = PdfText.Read(WritePdf(report, folder)).All;
        text.ShouldContain("(*) Nhóm nhỏ: dưới 400 hộ");
        foreach (var group in small)
            text.ShouldContain(group.Name + " (*)");
        var sheet = report.Sheets.Single(s => s.Name == "Tổ dân phố");
        sheet.Rows.Count(r => r[^1] is true).ShouldBe(small.Sum(g => g.Years.Count(y => y.SmallCell)));

        // With the default threshold nothing in the demo is small and no note is printed.
        var normal = Build();
        normal.Model.Groups.ShouldAllBe(g => !g.AnySmallCell);
        PdfText.Read(WritePdf(normal, folder)).All.ShouldNotContain("Nhóm nhỏ");
    }

    [Fact]
    public void Should_carry_the_same_numbers_in_the_xlsx()
    {
        using var folder = new TempFolder();
        var report = DemoMartFixture.Trend2021To2024;
        var path = ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).Single();

        var ward = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Phường").Cast<IDictionary<string, object?>>().ToList();
        var mart = fixture.Mart.Rows("SELECT review_year, poor, poor_rate, near_poor_rate, escaped, newly_poor + near_poor_to_poor, entered_poor FROM v_ward_year WHERE ward_code = ? ORDER BY 1", DemoMartFixture.Ward);
        ward.Count.ShouldBe(mart.Count);
        for (var i = 0; i < mart.Count; i++)
        {
            Number(ward[i]["Năm"]).ShouldBe(Convert.ToDouble(mart[i][0], CultureInfo.InvariantCulture));
            Number(ward[i][FlowWords.PoorEnd]).ShouldBe(Convert.ToDouble(mart[i][1], CultureInfo.InvariantCulture));
            // Rates in percent in the mart, as fractions under a percentage format in XLSX.
            Number(ward[i]["Tỷ lệ hộ nghèo (%)"]).ShouldBe(Convert.ToDouble(mart[i][2], CultureInfo.InvariantCulture) / 100, 1e-12);
            Number(ward[i]["Tỷ lệ hộ cận nghèo (%)"]).ShouldBe(Convert.ToDouble(mart[i][3], CultureInfo.InvariantCulture) / 100, 1e-12);
            foreach (var (word, column) in new[] { (FlowWords.Escaped, 4), (FlowWords.NewPoor, 5), (FlowWords.Entered, 6) })
            {
                (ward[i][word] is null or "" ? (double?)null : Number(ward[i][word]))
                    .ShouldBe(mart[i][column] is null ? null : Convert.ToDouble(mart[i][column], CultureInfo.InvariantCulture), word);
            }
        }

        var groups = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Tổ dân phố").Cast<IDictionary<string, object?>>().ToList();
        groups.Count.ShouldBe((int)fixture.Mart.Scalar<long>("SELECT count(*) FROM v_group_year WHERE ward_code = ?", DemoMartFixture.Ward));
        var phanBoi2021 = groups.Single(g => (string?)g["Mã tổ dân phố"] == "TDP02" && Number(g["Năm"]) == 2021);
        Number(phanBoi2021["Tỷ lệ hộ nghèo (%)"]).ShouldBe(
            fixture.Mart.Scalar<double>("SELECT poor_rate FROM v_group_year WHERE ward_code = 'DISU' AND group_code = 'TDP02' AND review_year = 2021") / 100, 1e-12);

        var deprivations = MiniExcel.Query(path, useHeaderRow: true, sheetName: "Thiếu hụt").Cast<IDictionary<string, object?>>().ToList();
        deprivations.Count.ShouldBe(report.Model.Deprivations.Cells.Count + report.Model.Deprivations.Ward.Count);
        var cell = deprivations.First(d => (string?)d["Mã tổ dân phố"] == "TDP01" && (string?)d["Mã chỉ số"] == "employment");
        Number(cell["Tỷ lệ hộ thiếu hụt (%)"]).ShouldBe(fixture.Mart.Scalar<double>("""
            SELECT uncensored_rate FROM v_deprivation_by_group
            WHERE ward_code = 'DISU' AND group_code = 'TDP01' AND indicator_code = 'employment' AND review_year = 2024
            """) / 100, 1e-12);
    }

    [Fact]
    public void Should_write_the_same_text_from_the_same_data_and_clock()
    {
        using var folder = new TempFolder();
        var first = PdfText.Read(WritePdf(Build(), folder));
        var second = PdfText.Read(WritePdf(Build(), folder));

        second.All.ShouldBe(first.All);
        second.CreationDate.ShouldBe(first.CreationDate);
    }

    [Fact]
    public void Should_refuse_a_range_without_a_loaded_year_and_say_which_years_are_loaded()
    {
        var none = Should.Throw<ReportException>(() => Build(new TrendRequest(2010, 2015, DemoMartFixture.Ward)));
        none.Message.ShouldContain("không có số liệu rà soát năm 2015");
        none.Message.ShouldContain("2021, 2022, 2023, 2024");

        var backwards = Should.Throw<ReportException>(() => Build(new TrendRequest(2024, 2021, DemoMartFixture.Ward)));
        backwards.Text.En.ShouldContain("must not be after");
        backwards.Text.En.ShouldContain("2021, 2022, 2023, 2024");
    }

    [Fact]
    public void Should_report_only_the_loaded_years_of_a_wider_range_and_say_which_are_missing()
    {
        var report = Build(new TrendRequest(2019, 2022, DemoMartFixture.Ward));

        report.Model.Years.ShouldBe([2021, 2022]);
        report.FileStem.ShouldBe("trend-2019-2022-DISU");
        report.Info.Title.ShouldEndWith("giai đoạn 2021–2022");
        string.Join(" ", TrendText.Summary(report.Model)).ShouldContain("2019, 2020");
    }

    private static double Number(object? value) => Convert.ToDouble(value, CultureInfo.InvariantCulture);
}
