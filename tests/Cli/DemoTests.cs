using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>`disu demo`: the README's main command reproduces phường Dị Sử's published figures.</summary>
public sealed class DemoTests
{
    [Fact]
    public void Should_reproduce_the_wards_0_44_percent_for_2023_and_the_2024_target()
    {
        using var folder = new TempFolder();
        var run = CliRun.Of("demo", "--out", folder.Path);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("poor-household rate at the end of 2023: 0.44%");
        run.Out.ShouldContain("Tỷ lệ hộ nghèo cuối năm 2023: 0,44%");
        run.Out.ShouldContain("│ 2024 │");
        run.Out.ShouldContain("0,31%");
        run.Out.ShouldContain("Dự kiến tỷ lệ hộ nghèo năm 2024 — Phường Dị Sử");
        run.Out.ShouldContain("Toàn phường/xã");

        using var mart = DiSu.Analytics.Mart.Mart.OpenReadOnly(Path.Combine(folder.Path, "disu.duckdb"));
        mart.Scalar<double>("SELECT round(poor_rate, 2)::DOUBLE FROM v_ward_year WHERE review_year = 2023").ShouldBe(0.44);
        mart.Scalar<double>("SELECT target_poor_rate FROM v_ward_year WHERE review_year = 2024").ShouldBe(0.31);
        mart.Rows("SELECT DISTINCT group_name FROM v_group_year ORDER BY 1").Select(r => (string)r[0]!).ShouldBe(
            new[] { "Nhân Vinh", "Phan Bôi", "Trại", "Sài", "Trên", "Tháp", "Rừng", "Bưởi", "Thợ" }
                .Select(n => "Tổ dân phố " + n).Order(StringComparer.Ordinal));
        mart.Scalar<long>("SELECT count(*) FROM etl_reject").ShouldBeGreaterThan(0);
        mart.Scalar<long>("SELECT count(*) FROM etl_reject WHERE row_no IS NULL").ShouldBe(0);
        mart.Scalar<long>("SELECT sum(status_disagreements) FROM v_ward_year").ShouldBeGreaterThan(0);
        mart.Scalar<long>("SELECT count(*) FROM fact_support WHERE is_current").ShouldBeGreaterThan(0);
        mart.Scalar<long>("SELECT count(*) FROM v_ward_year WHERE escaped > 0 AND re_poor + newly_poor > 0").ShouldBeGreaterThan(0);
        mart.Rows("SELECT target_poor_rate, p_target_met IS NOT NULL, low95 <= expected_poor AND expected_poor <= high95 FROM v_group_forecast WHERE target_year = 2024 AND group_code IS NULL")
            .ShouldHaveSingleItem().ShouldBe([0.31, true, true]);
        mart.Scalar<long>("SELECT count(*) FROM v_group_forecast WHERE target_year = 2024 AND group_code IS NOT NULL").ShouldBe(9);
    }
}
