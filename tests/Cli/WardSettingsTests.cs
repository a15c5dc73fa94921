using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>
/// `disu settings --ward CODE`: a ward's document settings (parent unit, plan number and date,
/// recipients) are listed, set against their rules, cleared with an empty value, and only for a
/// ward the mart holds.
/// </summary>
public sealed class WardSettingsTests
{
    // Lives as long as the test process; the OS temp folder takes it after.
    private static readonly TempFolder Templates = new();

    /// <summary>The mart every test starts from, loaded once per test run by the command line and closed.</summary>
    private static readonly Lazy<string> WithDiSu = new(() =>
    {
        var mart = Templates.File("m.duckdb");
        var load = CliRun.Of("etl", "load", SnapshotCsv.Write(Templates.File("s.csv"), [new SnapshotRow("H1").Poor(), new("H2")]), "--mart", mart);
        load.ExitCode.ShouldBe(0, load.Error);
        return mart;
    });

    /// <summary>A copy of a mart holding phường Dị Sử (DISU), from one small review file.</summary>
    private static string MartWithDiSu(TempFolder folder)
    {
        var mart = folder.File("m.duckdb");
        TestMart.CopyMart(WithDiSu.Value, mart);
        return mart;
    }

    private static Dictionary<string, string> Listed(string mart)
    {
        var run = CliRun.Of("settings", "--mart", mart, "--ward", "DISU", "--format", "json");
        run.ExitCode.ShouldBe(0, run.Error);
        return System.Text.Json.JsonDocument.Parse(run.Out).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("key").GetString()!, r => r.GetProperty("value").GetString()!);
    }

    [Fact]
    public void Should_list_all_four_keys_of_a_ward_empty_until_set()
    {
        using var folder = new TempFolder();
        var mart = MartWithDiSu(folder);
        var run = CliRun.Of("settings", "--mart", mart, "--ward", "DISU", "--format", "csv");
        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldStartWith("ward_code,key,value,description\n");
        Listed(mart).ShouldBe(new Dictionary<string, string>
        {
            ["parent_unit"] = "", ["plan_number"] = "", ["plan_date"] = "", ["recipients"] = "",
        }, ignoreOrder: true);
    }

    [Fact]
    public void Should_store_each_setting_in_its_printed_form_and_clear_one_with_an_empty_value()
    {
        using var folder = new TempFolder();
        var mart = MartWithDiSu(folder);
        var set = CliRun.Of("settings", "--mart", mart, "--ward", "DISU",
            "--set", "parent_unit=UBND Thị xã Mỹ Hào",
            "--set", "plan_number=Số: 125/KH-UBND",
            "--set", "plan_date=5/1/2024",
            "--set", "recipients=- Thường trực Đảng ủy, HĐND phường; Các tổ dân phố;;- Lưu: VT.");
        set.ExitCode.ShouldBe(0, set.Error);
        Listed(mart).ShouldBe(new Dictionary<string, string>
        {
            ["parent_unit"] = "thị xã Mỹ Hào",
            ["plan_number"] = "125/KH-UBND",
            ["plan_date"] = "05/01/2024",
            ["recipients"] = "Thường trực Đảng ủy, HĐND phường;Các tổ dân phố;Lưu: VT",
        }, ignoreOrder: true);

        CliRun.Of("settings", "--mart", mart, "--ward", "DISU", "--set", "plan_number=").ExitCode.ShouldBe(0);
        Listed(mart)["plan_number"].ShouldBe("");
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        connection.Scalar<long>("SELECT count(*) FROM ward_setting WHERE ward_code = 'DISU' AND key = 'plan_number'").ShouldBe(0);
        DiSu.Analytics.Reports.Ward.Resolve(connection, "DISU", new DiSu.Analytics.Mart.ReviewYear(2024)).ParentUnit.ShouldBe("thị xã Mỹ Hào");
    }

    [Theory]
    [InlineData("plan_date=31/02/2024", "plan_date phải là một ngày dạng dd/MM/yyyy")]
    [InlineData("plan_date=2024-01-15", "plan_date phải là một ngày dạng dd/MM/yyyy")]
    [InlineData("plan_number=kế hoạch 125", "plan_number phải là số và ký hiệu văn bản, ví dụ 125/KH-UBND")]
    [InlineData("parent_unit=Mỹ Hào", "parent_unit phải là đơn vị cấp trên trực tiếp")]
    [InlineData("recipients=;;", "recipients phải là các nơi nhận cách nhau bởi dấu ';'")]
    [InlineData("af_cutoff=0.5", "KHÓA là một trong parent_unit, plan_number, plan_date, recipients")]
    [InlineData("parent_unit", "hãy viết KHÓA=GIÁ_TRỊ")]
    public void Should_refuse_a_value_against_its_rule_say_the_rule_and_write_nothing(string assignment, string message)
    {
        using var folder = new TempFolder();
        var mart = MartWithDiSu(folder);
        var run = CliRun.Of("settings", "--mart", mart, "--ward", "DISU", "--set", "plan_number=1/KH-UBND", "--set", assignment);
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain(message);
        Listed(mart)["plan_number"].ShouldBe("");
    }

    [Fact]
    public void Should_refuse_a_ward_the_mart_does_not_hold_and_name_the_wards_it_does()
    {
        using var folder = new TempFolder();
        var mart = MartWithDiSu(folder);
        foreach (var args in new[] { new[] { "--ward", "DISUX" }, ["--ward", "DISUX", "--set", "parent_unit=thị xã Mỹ Hào"] })
        {
            var run = CliRun.Of(["settings", "--mart", mart, .. args]);
            run.ExitCode.ShouldBe(2);
            run.Error.ShouldContain("--ward DISUX: kho dữ liệu không có phường, xã này; các phường, xã đã nạp: DISU.");
        }
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadOnly(mart);
        connection.Scalar<long>("SELECT count(*) FROM ward_setting").ShouldBe(0);
    }

    [Fact]
    public void Should_point_a_ward_setting_set_without_a_ward_to_the_ward_option()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("settings", "--mart", MartWithDiSu(folder), "--set", "parent_unit=thị xã Mỹ Hào");
        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("parent_unit là thiết lập văn bản của một phường, xã; hãy thêm --ward MÃ.");
    }
}
