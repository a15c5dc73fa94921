using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu standards update` and `disu standards reclassify` on a copy of the demo.</summary>
public sealed class StandardsCliTests
{
    /// <summary>A closed copy of the loaded demo mart for the command line, which opens files itself.</summary>
    private static string DemoFile(TempFolder folder)
    {
        var path = folder.File("demo.duckdb");
        using var mart = DemoMartFixture.UntrainedCopy();
        mart.Connection.Execute("CHECKPOINT");
        File.Copy(mart.MartPath, path);
        return path;
    }

    private static string Json(TempFolder folder, string text)
    {
        var path = folder.File($"standards-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void Should_record_a_correction_then_reclassify_and_say_what_changed_in_vietnamese_then_nothing_the_second_time()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);

        var update = CliRun.Of("standards", "update", "--file", Json(folder, """{ "standards": [ { "id": "ND07_2021", "urban_line": 2600000 } ] }"""), "--mart", mart);

        update.ExitCode.ShouldBe(0, update.Error);
        update.Out.ShouldContain("ND07_2021 (Nghị định 07/2021/NĐ-CP): đã ghi phiên bản 2 (trước đó: phiên bản 1); urban_line: 2000000 → 2600000.");
        long loaded;
        using (var read = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart))
            loaded = read.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND review_year BETWEEN 2021 AND 2026");
        update.Out.ShouldContain($"{DiSu.Analytics.Reports.VietnameseNumbers.Count(loaded)} hộ đã nạp của các năm 2021–2026 vẫn theo phân loại cũ; chạy 'disu standards reclassify --standard ND07_2021' để phân loại lại.");

        var run = CliRun.Of("standards", "reclassify", "--standard", "ND07_2021", "--mart", mart);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Chuẩn ND07_2021 (Nghị định 07/2021/NĐ-CP): đã phân loại lại theo phiên bản 2 (trước đó: phiên bản 1), lần chạy #1.");
        long reviewed;
        using (var read = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart))
            reviewed = read.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND review_year = 2023");
        run.Out.ShouldContain($"  Năm 2023: xét {DiSu.Analytics.Reports.VietnameseNumbers.Count(reviewed)} hộ; ");
        run.Out.ShouldContain("    mức sống trung bình → nghèo: ");
        run.Out.ShouldContain("(trạng thái giữ là mức sống trung bình theo kết quả xã ghi nhận)");
        run.Out.ShouldContain("Phân loại cũ được giữ trong bảng status_history (run_id = 1).");

        var again = CliRun.Of("standards", "reclassify", "--standard", "ND07_2021", "--mart", mart, "--lang", "en");

        again.ExitCode.ShouldBe(0, again.Error);
        again.Out.Trim().ShouldBe("Nothing changed: every loaded household of review years 2021–2026 is already classified by standard ND07_2021 (Decree 07/2021/NĐ-CP) version 2.");
    }

    [Fact]
    public void Should_print_the_reclassification_in_english_with_english_numbers()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        CliRun.Of("standards", "update", "--file", Json(folder, """{ "standards": [ { "id": "ND07_2021", "urban_line": 2600000 } ] }"""), "--mart", mart).ExitCode.ShouldBe(0);

        var run = CliRun.Of("standards", "reclassify", "--standard", "ND07_2021", "--mart", mart, "--lang", "en");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Standard ND07_2021 (Decree 07/2021/NĐ-CP): reclassified by version 2 (before: version 1), run #1.");
        long households;
        using (var read = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart))
            households = read.Scalar<long>("SELECT count(*) FROM fact_household_year WHERE is_current AND review_year = 2023");
        run.Out.ShouldContain($"  2023: {households.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)} households classified again; ");
        run.Out.ShouldContain("    average → poor: ");
        run.Out.ShouldNotContain("hộ");
    }

    [Theory]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "urban_line": 2000000, """,
        "tệp không phải JSON hợp lệ (dòng 1", "the file is not valid JSON (line 1")]
    [InlineData("""{ "standards": [ { "id": "ND07_2021", "rural_line": -1500000 } ] }""",
        "ND07_2021.rural_line: '-1500000' phải là số đồng nguyên dương", "ND07_2021.rural_line: '-1500000' must be a positive whole number of VND")]
    [InlineData("""{ "standards": [ { "id": "ND351_2025", "indicators": ["employment", "internet"] } ] }""",
        "ND351_2025.indicators: chỉ số 'internet' không có trong dim_indicator", "ND351_2025.indicators: indicator 'internet' is not in dim_indicator")]
    [InlineData("""{ "standards": [ { "id": "ND2030", "urban_line": 3000000 } ] }""",
        "standards[0].id: kho dữ liệu không có chuẩn nghèo 'ND2030' (có: ND07_2021, ND351_2025)", "standards[0].id: the mart has no standard 'ND2030' (known: ND07_2021, ND351_2025)")]
    public void Should_refuse_a_bad_file_in_either_language_and_write_nothing(string json, string vi, string en)
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);
        var file = Json(folder, json);

        var run = CliRun.Of("standards", "update", "--file", file, "--mart", mart);
        var english = CliRun.Of("standards", "update", "--file", file, "--mart", mart, "--lang", "en");

        run.ExitCode.ShouldBe(1);
        run.Error.ShouldContain(vi);
        run.Error.ShouldContain("tệp bị từ chối; không ghi gì vào kho dữ liệu.");
        run.Out.ShouldBeEmpty();
        english.ExitCode.ShouldBe(1);
        english.Error.ShouldContain(en);
        english.Error.ShouldContain("the file is refused; nothing was written to the mart.");
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        connection.Scalar<long>("SELECT count(*) FROM standard_version").ShouldBe(2);
        connection.Scalar<string>("SELECT string_agg(standard_id || ':' || version || ':' || urban_line || ':' || rural_line, ',' ORDER BY standard_id) FROM dim_standard")
            .ShouldBe("ND07_2021:1:2000000:1500000,ND351_2025:1:2800000:2200000");
    }

    [Fact]
    public void Should_refuse_a_missing_file_and_an_unknown_standard_to_reclassify_by()
    {
        using var folder = new TempFolder();
        var mart = DemoFile(folder);

        var missing = CliRun.Of("standards", "update", "--file", folder.File("nowhere.json"), "--mart", mart);
        var unknown = CliRun.Of("standards", "reclassify", "--standard", "ND2030", "--mart", mart);
        var noMart = CliRun.Of("standards", "reclassify", "--standard", "ND07_2021", "--mart", folder.File("typo.duckdb"), "--lang", "en");

        missing.ExitCode.ShouldBe(1);
        missing.Error.ShouldContain("không có tệp '");
        unknown.ExitCode.ShouldBe(2);
        unknown.Error.ShouldContain("--standard ND2030: kho dữ liệu không có chuẩn nghèo này; các chuẩn có: ND07_2021, ND351_2025");
        noMart.ExitCode.ShouldBe(2);
        noMart.Error.ShouldContain("there is no mart here");
        File.Exists(folder.File("typo.duckdb")).ShouldBeFalse();
    }
}
