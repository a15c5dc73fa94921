using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>The 2024 appendix of the demo ward: numbers from the mart, Vietnamese formats, rows that add up.</summary>
public sealed class AppendixReportTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    private AppendixReport Build(int year = 2024) =>
        AppendixReport.Build(fixture.Mart.Connection, fixture.Mart.Clock, new AppendixRequest(year, DemoMartFixture.Ward));

    private static PdfText WritePdf(IReport report, TempFolder folder) =>
        PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());

    [Fact]
    public void Should_show_the_2023_rate_and_the_2024_target_of_phuong_Di_Su()
    {
        var pdf = DemoMartFixture.Pdf(DemoMartFixture.Appendix2024);

        pdf.All.ShouldContain("PHỤ LỤC: DỰ KIẾN TỶ LỆ HỘ NGHÈO PHƯỜNG DỊ SỬ NĂM 2024");
        pdf.All.ShouldContain("(Kèm theo Kế hoạch số … ngày … của Ủy ban nhân dân phường Dị Sử về giảm nghèo năm 2024)");
        var total = pdf.Pages.SelectMany(p => p).First(l => l.StartsWith("Toàn phường Dị Sử", StringComparison.Ordinal));
        total.ShouldStartWith("Toàn phường Dị Sử 3.434 15 0,44 ");
        total.ShouldContain(" 0,31 ");
        pdf.All.ShouldContain($"Trang 1/{pdf.Pages.Count}");
        pdf.Title.ShouldBe("Phụ lục: Dự kiến tỷ lệ hộ nghèo phường Dị Sử năm 2024");
        pdf.Author.ShouldBe("UBND PHƯỜNG DỊ SỬ");
    }

    [Fact]
    public void Should_print_every_groups_households_poor_and_rate_as_the_mart_has_them()
    {
        var lines = DemoMartFixture.Pdf(DemoMartFixture.Appendix2024).Pages.SelectMany(p => p).ToList();
        var groups = fixture.Mart.Rows("SELECT group_name, households, poor, poor_rate FROM v_group_year WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY group_code");

        groups.Count.ShouldBe(9);
        for (var i = 0; i < groups.Count; i++)
        {
            var g = groups[i];
            var expected = $"{i + 1} {g[0]} {Convert.ToInt64(g[1], CultureInfo.InvariantCulture).ToString("#,0", VietnameseNumbers.Culture)} {g[2]} " +
                Math.Round((double)g[3]!, 2).ToString("F2", VietnameseNumbers.Culture);
            lines.ShouldContain(l => l.StartsWith(expected + " ", StringComparison.Ordinal), $"row for {g[0]}: {expected}");
        }
    }

    [Fact]
    public void Should_make_the_ward_row_equal_the_sum_of_the_group_rows_in_every_column()
    {
        var model = DemoMartFixture.Appendix2024.Model;

        model.Groups.Sum(g => g.Households).ShouldBe(model.Total.Households);
        model.Groups.Sum(g => g.Poor).ShouldBe(model.Total.Poor);
        model.HasPlan.ShouldBeTrue();
        foreach (var column in new Func<AppendixPlan, long>[] { p => p.Escapes, p => p.NewPoor, p => p.RePoor, p => p.Poor })
            model.Groups.Sum(g => column(g.Plan!)).ShouldBe(column(model.Total.Plan!));
        model.HasForecast.ShouldBeTrue();
        Math.Round(model.Groups.Sum(g => g.Expected!.Poor), 1).ShouldBe(model.Total.Expected!.Poor);
        var wardForecast = fixture.Mart.Scalar<double>("SELECT expected_poor FROM v_group_forecast WHERE ward_code = 'DISU' AND target_year = 2024 AND group_code IS NULL");
        model.Total.Expected!.Poor.ShouldBe(Math.Round(wardForecast, 1));
    }

    [Fact]
    public void Should_carry_the_same_numbers_in_xlsx_and_csv_as_in_the_pdf()
    {
        using var folder = new TempFolder();
        var report = DemoMartFixture.Appendix2024;
        var xlsx = ReportFiles.Write(report, ReportFormat.Xlsx, folder.Path).Single();
        var csv = ReportFiles.Write(report, ReportFormat.Csv, folder.Path);
        var pdf = DemoMartFixture.Pdf(report);
        var plan = GroupPlan.Read(fixture.Mart.Connection, DemoMartFixture.Ward, 2024).ShouldNotBeNull();
        var printed = PlanPrints.Reconcile(pdf, plan, report.Model.Ward);

        MiniExcel.GetSheetNames(xlsx).ShouldBe(["Phụ lục", ReportFiles.ProvenanceSheet]);
        var rows = MiniExcel.Query(xlsx, useHeaderRow: true, sheetName: "Phụ lục").Cast<IDictionary<string, object?>>().ToList();
        rows.Count.ShouldBe(10);
        long Cell(IDictionary<string, object?> row, string header) => Convert.ToInt64(row[header], CultureInfo.InvariantCulture);
        foreach (var (row, shown) in rows.Zip(printed))
        {
            (Cell(row, "Tổng số hộ"), Cell(row, "Hộ nghèo cuối năm 2023"), Cell(row, "Kế hoạch thoát nghèo năm 2024"), Cell(row, "Dự kiến phát sinh mới năm 2024"),
                Cell(row, "Dự kiến tái nghèo năm 2024"), Cell(row, "Hộ nghèo cuối năm 2024"))
                .ShouldBe((shown.Households, shown.PoorStart, shown.Escapes, shown.NewPoor, shown.RePoor, shown.PoorEnd), $"XLSX row of {shown.Name}");
            // XLSX holds the fraction under a percentage format.
            (100 * Convert.ToDouble(row["Tỷ lệ hộ nghèo cuối năm 2024 (%)"], CultureInfo.InvariantCulture)).ToString("F2", VietnameseNumbers.Culture).ShouldBe(shown.PoorEndRate);
        }
        var total = rows[^1];
        Convert.ToInt64(total["Tổng số hộ"], CultureInfo.InvariantCulture).ShouldBe(3434);
        // XLSX stores a rate as the fraction under a percentage format (Excel shows 0,44%).
        Convert.ToDouble(total["Tỷ lệ hộ nghèo cuối năm 2023 (%)"], CultureInfo.InvariantCulture).ShouldBe(0.0044, 1e-15);
        Convert.ToDouble(total["Mục tiêu 2024 (%)"], CultureInfo.InvariantCulture).ShouldBe(0.0031, 1e-15);
        var expectedPoor = Convert.ToDouble(total["Dự báo: hộ nghèo cuối năm 2024 (kỳ vọng)"], CultureInfo.InvariantCulture);
        pdf.Pages.SelectMany(p => p).SkipWhile(l => !l.StartsWith(AppendixReport.ForecastCaption, StringComparison.Ordinal))
            .First(l => l.StartsWith("Toàn phường", StringComparison.Ordinal)).ShouldContain(" " + expectedPoor.ToString("#,0.0", VietnameseNumbers.Culture) + " ");

        csv.Select(Path.GetFileName).ShouldBe(["appendix-2024-DISU.csv", "appendix-2024-DISU-provenance.csv"]);
        var csvTotal = File.ReadAllLines(csv[0])[^1];
        csvTotal.ShouldStartWith($",,Phường Dị Sử,3434,15,0.44,{printed[^1].Escapes},{printed[^1].NewPoor},{printed[^1].RePoor},{printed[^1].PoorEnd},");
        csvTotal.ShouldContain("," + expectedPoor.ToString(CultureInfo.InvariantCulture) + ",");
        File.ReadAllText(csv[1]).ShouldContain(report.Provenance.ContentHash);
    }

    [Fact]
    public void Should_give_the_same_text_for_the_same_data_and_clock()
    {
        using var folder1 = new TempFolder();
        using var folder2 = new TempFolder();
        var first = WritePdf(Build(), folder1);
        var second = WritePdf(Build(), folder2);

        second.Pages.ShouldBe(first.Pages);
        second.CreationDate.ShouldBe(first.CreationDate);
        first.All.ShouldContain("Mã nội dung: " + Build().Provenance.ContentHash);
    }

    [Fact]
    public void Should_refuse_a_plan_year_without_an_earlier_round()
    {
        var error = Should.Throw<ReportException>(() => Build(2021));
        error.Message.ShouldContain("chưa có vòng nào trước năm 2021");
        error.Message.ShouldContain("2021, 2022, 2023, 2024");
        error.Text.En.ShouldContain("has no round before 2021");
    }

    [Fact]
    public void Should_leave_the_expected_columns_empty_and_say_why_without_a_forecast()
    {
        using var mart = DemoMartFixture.Through2024Copy();
        using var folder = new TempFolder();

        var report = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(2024, DemoMartFixture.Ward));
        var pdf = WritePdf(report, folder);

        report.Model.HasForecast.ShouldBeFalse();
        report.Model.Groups.ShouldAllBe(g => g.Expected == null && g.Plan == null);
        report.Model.HasPlan.ShouldBeFalse();
        pdf.Flow.ShouldContain("Chưa có dự báo từ năm 2023 cho năm 2024, nên chưa có bảng dự báo thống kê");
        pdf.Flow.ShouldContain("Chưa có kế hoạch phân bổ chỉ tiêu năm 2024 cho từng tổ dân phố, nên các cột kế hoạch để trống");
        pdf.Flow.ShouldContain("Dự báo cho năm 2024 cần số liệu của ít nhất hai kỳ rà soát trước năm 2024");
        pdf.Flow.ShouldContain("được hệ thống tự lập sau mỗi lần nạp số liệu rà soát");
        pdf.Flow.ShouldNotContain("disu forecast");
        pdf.Pages.SelectMany(p => p).Single(l => l.StartsWith("Toàn phường", StringComparison.Ordinal)).ShouldContain("3.434 15 0,44 — — — — — 0,31 Chưa có kế hoạch");
        pdf.All.ShouldNotContain(AppendixReport.ForecastCaption);
        pdf.All.ShouldContain("Mô hình: không dùng dự báo");
    }
}
