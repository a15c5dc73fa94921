using System.Text.RegularExpressions;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu standards impact`: the table per group and ward with both standards and the waste bounds, the CSV, and clear refusals.</summary>
public sealed partial class StandardsImpactCliTests
{
    /// <summary>A closed copy of <paramref name="mart"/> for the command line, which opens files itself.</summary>
    private static string Closed(TempFolder folder, TestMart mart)
    {
        var path = folder.File("mart.duckdb");
        mart.Connection.Execute("CHECKPOINT");
        File.Copy(mart.MartPath, path);
        return path;
    }

    /// <summary>The output with runs of spaces made one, so that a table row reads as its cells.</summary>
    private static string Squeezed(string text) => Spaces().Replace(text, " ");

    [Fact]
    public void Should_print_each_group_under_both_standards_with_the_waste_bounds()
    {
        using var folder = new TempFolder();
        using var ward = ImpactWard.Build();
        var mart = Closed(folder, ward);

        var run = CliRun.Of("standards", "impact", "--mart", mart, "--year", "2026", "--standard", "ND351_2025", "--ward", "disu");

        run.ExitCode.ShouldBe(0, run.Error);
        var text = Squeezed(run.Out);
        text.ShouldContain("Phường Dị Sử (DISU), năm rà soát 2026: NĐ 07/2021 (chính thức) và NĐ 351/2025 (giả định)");
        text.ShouldContain("│ Tổ dân phố │ Số hộ │ Hộ nghèo │ Hộ nghèo │ Cận nghèo │ Cận nghèo │ Trung bình │ Trung bình │ Hộ đổi │ do chuẩn │ do bỏ │ do thêm │ do cả │");
        text.ShouldContain("│ │ │ NĐ 07/2021 │ NĐ 351/2025 │ NĐ 07/2021 │ NĐ 351/2025 │ NĐ 07/2021 │ NĐ 351/2025 │ loại │ thu nhập │ chỉ số │ chỉ số │ hai │");
        // households | poor 07, 351 | near-poor 07, 351 | average 07, 351 | changed | by line | dropped | added | combined
        text.ShouldContain("│ Tổ dân phố Nhân Vinh (TDP01) │ 8 │ 2 │ 3–5 │ 1 │ 1–3 │ 4 │ 2 │ 5–6 │ 3–4 │ 0–1 │ 1 │ 0–1 │");
        text.ShouldContain("│ Tổ dân phố Phan Bôi (TDP02) │ 3 │ 2 │ 1 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0 │ 0 │");
        text.ShouldContain("│ Toàn phường │ 11 │ 4 │ 4–6 │ 1 │ 1–3 │ 4 │ 2 │ 5–6 │ 3–4 │ 0–1 │ 1 │ 0–1 │");
        text.ShouldContain("Năm 2026 không thu thập chỉ số Xử lý rác thải sinh hoạt (waste) mà NĐ 351/2025 cần (9 hộ không có số liệu): " +
                           "số theo NĐ 351/2025 ghi thấp–cao, cận dưới coi hộ không thiếu hụt chỉ số này, cận trên coi hộ thiếu hụt.");
        text.ShouldContain("hộ đổi loại được so với kết quả tính theo NĐ 07/2021");
        text.ShouldContain("Đã lưu phân loại giả định của 11 hộ năm 2026 theo ND351_2025 vào standard_impact");
        text.ShouldNotContain("XATH");
    }

    [Fact]
    public void Should_print_in_english_and_write_csv_with_one_row_per_group_and_ward()
    {
        using var folder = new TempFolder();
        using var ward = ImpactWard.Build();
        var mart = Closed(folder, ward);

        var en = CliRun.Of("standards", "impact", "--mart", mart, "--year", "2026", "--standard", "ND351_2025", "--lang", "en");
        en.ExitCode.ShouldBe(0, en.Error);
        var text = Squeezed(en.Out);
        text.ShouldContain("│ Group │ Households │ Poor │ Poor │ Near-poor │ Near-poor │ Average │ Average │ Changed │ by income │ indicator │ indicator │ combined │");
        text.ShouldContain("│ │ │ Decree 07/2021 │ Decree 351/2025 │ Decree 07/2021 │ Decree 351/2025 │");
        text.ShouldContain("│ Whole ward │ 4 │ 1 │ 1–2 │ 1 │ 1–2 │ 1 │ 1 │ 2 │ 1–2 │ 0 │ 0 │ 0–1 │");
        text.ShouldContain("2026 did not collect Household waste treatment (waste), which Decree 351/2025 needs (3 households without it): " +
                           "figures under Decree 351/2025 read low–high, the low bound assuming not deprived and the high bound deprived.");

        var file = folder.File("impact.csv");
        var csv = CliRun.Of("standards", "impact", "--mart", mart, "--year", "2026", "--standard", "ND351_2025", "--format", "csv", "--out", file);
        csv.ExitCode.ShouldBe(0, csv.Error);
        csv.Out.ShouldContain($"đã ghi {file}");
        var lines = File.ReadAllLines(file);
        lines.Length.ShouldBe(1 + 5);
        var headers = lines[0].Split(',');
        string Cell(int line, string column) => lines[line].Split(',')[Array.IndexOf(headers, column)];
        // DISU's ward row is the third: two groups first; numbers in the invariant culture.
        (Cell(3, "ward_code"), Cell(3, "group_code"), Cell(3, "households"), Cell(3, "poor_low"), Cell(3, "poor_high"))
            .ShouldBe(("DISU", "", "11", "4", "6"));
        Cell(3, "poor_rate_high").ShouldStartWith("54.54");
    }

    [Theory]
    [InlineData("--standard", "ND99_2040", "--standard 'ND99_2040': không có chuẩn nghèo này; các chuẩn đã biết: ND07_2021 (07/2021/NĐ-CP, 2021–2026), ND351_2025")]
    [InlineData("--standard", "'; DROP TABLE fact_household_year; --", "--standard ''; DROP TABLE fact_household_year; --': không có chuẩn nghèo này")]
    [InlineData("--year", "99999999999", "--year: '99999999999'")]
    [InlineData("--year", "1999", "--year 1999: năm rà soát phải từ 2000 đến 2100.")]
    [InlineData("--year", "2024", "--year 2024: kho dữ liệu chưa có kết quả rà soát năm 2024; các năm đã nạp: 2026.")]
    [InlineData("--ward", "NOPE", "--ward 'NOPE': kho dữ liệu không có phường, xã này; các mã đã nạp: DISU, XATH.")]
    [InlineData("--format", "json", "--format: 'json' không dùng được; dùng table hoặc csv.")]
    [InlineData("--out", "/no/such/folder/impact.csv", "--out '/no/such/folder/impact.csv': không ghi được tệp này")]
    public void Should_refuse_a_hostile_request_with_the_usage_code_and_change_nothing(string option, string value, string error)
    {
        using var folder = new TempFolder();
        using var ward = ImpactWard.Build();
        var mart = Closed(folder, ward);
        var args = new Dictionary<string, string> { ["--year"] = "2026", ["--standard"] = "ND351_2025", [option] = value };

        var run = CliRun.Of(["standards", "impact", "--mart", mart, .. args.SelectMany(a => new[] { a.Key, a.Value })]);

        run.ExitCode.ShouldBe(DiSu.Analytics.Service.Cli.Usage);
        run.Error.ShouldContain(error);
        run.Out.ShouldBeEmpty();
        using var after = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        after.Scalar<long>("SELECT count(*) FROM standard_impact").ShouldBe(0);
        after.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(15);
    }

    [Fact]
    public void Should_print_the_demos_groups_and_every_ward_of_the_panel()
    {
        using var folder = new TempFolder();
        using (var demo = DemoMartFixture.UntrainedCopy())
        {
            var mart = Closed(folder, demo);
            var year = demo.Scalar<int>("SELECT max(review_year) FROM fact_household_year").ToString(System.Globalization.CultureInfo.InvariantCulture);
            var run = CliRun.Of("standards", "impact", "--mart", mart, "--year", year, "--standard", "ND351_2025");
            run.ExitCode.ShouldBe(0, run.Error);
            var text = Squeezed(run.Out);
            foreach (var group in new[] { "Nhân Vinh", "Phan Bôi", "Trại", "Sài", "Trên", "Tháp", "Rừng", "Bưởi", "Thợ" })
                text.ShouldContain(group);
            var households = demo.Scalar<long>($"SELECT count(*) FROM fact_household_year WHERE is_current AND review_year = {year}");
            text.ShouldContain($"│ Toàn phường │ {DiSu.Analytics.Reports.VietnameseNumbers.Count(households)}");
            text.ShouldContain($"Năm {year} không thu thập chỉ số Xử lý rác thải sinh hoạt (waste)");
            Regex.Matches(text, @"│ \d[\d.]* │ \d+ │ \d+–\d+ │").Count.ShouldBeGreaterThanOrEqualTo(1, "poor under Decree 351 as bounds");
        }

        var panel = folder.File("panel.duckdb");
        File.Copy(GeneratedPanelFixture.TemplatePath, panel);
        var all = CliRun.Of("standards", "impact", "--mart", panel, "--year", "2025", "--standard", "ND351_2025", "--lang", "en");
        all.ExitCode.ShouldBe(0, all.Error);
        Regex.Matches(all.Out, @"review year 2025: Decree 07/2021 \(official\) and Decree 351/2025 \(what-if\)").Count.ShouldBe(GeneratedPanelFixture.Wards);
        Regex.Matches(Squeezed(all.Out), "│ Whole ward │").Count.ShouldBe(GeneratedPanelFixture.Wards);
        Regex.Matches(all.Out, @"2025 did not collect Household waste treatment \(waste\)").Count.ShouldBe(GeneratedPanelFixture.Wards);
    }

    [GeneratedRegex(" {2,}")]
    private static partial Regex Spaces();
}
