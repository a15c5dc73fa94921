using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu report forms`: a ward's or a province's forms written as files, codes in any case, clear refusals.</summary>
public sealed class FormsCliTests
{
    [Fact]
    public void Should_write_a_wards_forms_as_pdf_and_csv()
    {
        using var folder = new TempFolder();
        var out_ = folder.File("out");
        var run = CliRun.Of("report", "forms", "--mart", DemoFile(folder), "--year", "2024", "--ward", "DISU", "--format", "pdf,csv", "--out", out_);

        run.ExitCode.ShouldBe(0, run.Error);
        Directory.GetFiles(out_).Select(Path.GetFileName).Order(StringComparer.Ordinal)
            .ShouldBe(["forms-2024-DISU-Ho-can-ngheo.csv", "forms-2024-DISU-Ho-ngheo.csv", "forms-2024-DISU-provenance.csv", "forms-2024-DISU.pdf"]);
        run.Out.ShouldContain("đã ghi " + Path.Combine(out_, "forms-2024-DISU.pdf"));
        var pdf = PdfText.Read(Path.Combine(out_, "forms-2024-DISU.pdf"));
        pdf.Page(1).ShouldContain("TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2024");
        pdf.Page(1).ShouldContain("(Cấp xã: Phường Dị Sử, tỉnh Hưng Yên)");
    }

    [Fact]
    public void Should_take_ward_and_province_codes_in_any_case()
    {
        using var folder = new TempFolder();
        var mart = PanelFile(folder);
        var ward = CliRun.Of("report", "forms", "--mart", mart, "--year", "2024", "--ward", " p01w0005 ", "--out", folder.File("w"));
        var province = CliRun.Of("report", "forms", "--mart", mart, "--year", "2024", "--province", "p01", "--format", "csv", "--out", folder.File("p"));

        ward.ExitCode.ShouldBe(0, ward.Error);
        File.Exists(Path.Combine(folder.File("w"), "forms-2024-P01W0005.pdf")).ShouldBeTrue();
        province.ExitCode.ShouldBe(0, province.Error);
        var poor = File.ReadAllLines(Path.Combine(folder.File("p"), "forms-2024-P01-Ho-ngheo.csv"));
        poor.Count(l => l.StartsWith("Đơn vị,", StringComparison.Ordinal)).ShouldBe(GeneratedPanelFixture.Wards);
    }

    [Fact]
    public void Should_ask_for_a_ward_or_a_province_when_the_mart_holds_several_wards()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("report", "forms", "--mart", PanelFile(folder), "--year", "2024", "--out", folder.File("out"));

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain("Kho dữ liệu có 20 phường, xã");
        Directory.Exists(folder.File("out")).ShouldBeFalse();
    }

    public static TheoryData<string[], string, string> Refusals => new()
    {
        { ["--province", "zz"], "Không có tỉnh 'zz' trong kho dữ liệu; các mã tỉnh đã nạp: 33 (Hưng Yên).", "Province 'zz' is not in the mart; provinces loaded: 33 (Hưng Yên)." },
        { ["--ward", "DISU", "--province", "33"], "--ward và --province: chỉ chọn một", "--ward and --province: give one" },
        { ["--year", "2021"], "cần kết quả rà soát năm 2021 và kỳ rà soát trước đó", "the 2021 review and the round before it must be loaded" },
        { ["--year", "2031"], "năm rà soát mới nhất là 2024", "the latest review year is 2024" },
        { ["--ward", "NOPE"], "Không có phường, xã 'NOPE'", "Ward 'NOPE' is not in the mart" },
        { ["--format", "docx"], "'docx' không phải định dạng báo cáo", "unknown report format 'docx'" },
    };

    [Theory]
    [MemberData(nameof(Refusals))]
    public void Should_refuse_clearly_in_vietnamese_with_english_beside(string[] args, string vi, string en)
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        // Phường Dị Sử unless the case names a unit: the demo mart holds three wards.
        string[] common = ["report", "forms", "--mart", mart, "--out", folder.File("out"), .. args.Contains("--year") ? Array.Empty<string>() : ["--year", "2024"],
            .. args.Contains("--ward") || args.Contains("--province") ? Array.Empty<string>() : ["--ward", "DISU"], .. args];

        var vietnamese = CliRun.Of(common);
        var english = CliRun.Of([.. common, "--lang", "en"]);

        vietnamese.ExitCode.ShouldNotBe(0);
        vietnamese.Error.ShouldContain(vi);
        english.ExitCode.ShouldNotBe(0);
        english.Error.ShouldContain(en);
        Directory.Exists(folder.File("out")).ShouldBeFalse();
    }

    private static string DemoFile(TempFolder folder)
    {
        var path = folder.File("demo.duckdb");
        using var mart = DemoMartFixture.UntrainedCopy();
        mart.Connection.Execute("CHECKPOINT");
        File.Copy(mart.MartPath, path);
        return path;
    }

    private static string PanelFile(TempFolder folder)
    {
        var path = folder.File("panel.duckdb");
        File.Copy(GeneratedPanelFixture.TemplatePath, path);
        return path;
    }
}
