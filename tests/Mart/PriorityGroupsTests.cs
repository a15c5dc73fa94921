using System.Globalization;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>v_priority_groups: components, weights, re-weighting without data, stable ranking, recommendations.</summary>
public sealed class PriorityGroupsTests(DemoMartFixture fixture) : IClassFixture<DemoMartFixture>
{
    private const string Columns = "group_code, priority_rank, score, score_poor_rate, score_expected_rate, score_re_poor, score_m0, score_uncovered";

    [Fact]
    public void Should_rank_the_nine_groups_of_the_demo_ward_with_every_component_adding_up_to_the_score()
    {
        var rows = fixture.Mart.Rows($"SELECT {Columns}, expected_rate, m0, weights_vi, recommendation_vi, plan_year FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY priority_rank");

        rows.Count.ShouldBe(9);
        rows.Select(r => Convert.ToInt64(r[1], CultureInfo.InvariantCulture)).ShouldBe([1L, 2, 3, 4, 5, 6, 7, 8, 9]);
        foreach (var r in rows)
        {
            var parts = Enumerable.Range(3, 5).Sum(i => (double)r[i]!);
            ((double)r[2]!).ShouldBe(parts, 1e-9);
            ((double)r[2]!).ShouldBeInRange(0, 100);
            r[8].ShouldNotBeNull("the demo has forecasts");
            ((string)r[11]!).ShouldStartWith(fixture.Mart.Scalar<string>("SELECT group_name FROM v_group_year WHERE review_year = 2023 AND group_code = ?", (string)r[0]!) + ": thiếu hụt nhiều nhất về ");
            Convert.ToInt32(r[12], CultureInfo.InvariantCulture).ShouldBe(2024);
        }
        rows.Select(r => (double)r[2]!).ShouldBeInOrder(SortDirection.Descending);
        ((string)rows[0][10]!).ShouldBe("tỷ lệ nghèo 30, dự báo 25, tái nghèo 15, M0 20, chưa được hỗ trợ 10");
        rows.Max(r => (double)r[3]!).ShouldBe(30, 1e-9, "the group with the highest poor rate gets the whole weight of that component");
    }

    [Fact]
    public void Should_rank_by_one_component_alone_when_the_settings_give_it_all_the_weight()
    {
        using var mart = DemoMartWithoutForecast();
        foreach (var key in new[] { "poor_rate", "expected_rate", "re_poor", "uncovered" })
            mart.Connection.Execute("UPDATE mart_setting SET value = '0' WHERE key = ?", "priority_weight_" + key);

        var ranked = mart.Rows("SELECT group_code FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY priority_rank").Select(r => (string)r[0]!);
        var byM0 = mart.Rows("SELECT group_code FROM v_mpi_by_group WHERE ward_code = 'DISU' AND review_year = 2023 AND group_code IS NOT NULL ORDER BY m0 DESC, group_code").Select(r => (string)r[0]!);

        ranked.ShouldBe(byM0);
        mart.Scalar<double>("SELECT max(score) FROM v_priority_groups WHERE review_year = 2023").ShouldBe(100, 1e-9);
    }

    [Fact]
    public void Should_drop_the_forecast_components_and_reweight_the_others_without_a_forecast()
    {
        using var mart = DemoMartWithoutForecast();

        var rows = mart.Rows($"SELECT {Columns}, weights_vi FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023 ORDER BY priority_rank");

        rows.Count.ShouldBe(9);
        rows.ShouldAllBe(r => (double)r[4]! == 0 && (double)r[5]! == 0);
        ((string)rows[0][8]!).ShouldBe("tỷ lệ nghèo 30, dự báo 0, tái nghèo 0, M0 20, chưa được hỗ trợ 10");
        rows.Max(r => (double)r[3]!).ShouldBe(50, 1e-9, "30 of the 60 points left");
    }

    [Fact]
    public void Should_rank_the_same_whatever_the_order_the_rows_were_delivered_in()
    {
        using var inbox = new TempFolder();
        new SnapshotGenerator().Generate(new GeneratorOptions
        {
            Demo = false, Provinces = 1, WardsPerProvince = 2, GroupsPerWard = 6, HouseholdsPerWard = 600,
            FirstYear = 2022, LastYear = 2023, Seed = 5, DirtyRate = 0,
        }, inbox.Path);
        using var shuffled = new TempFolder();
        var random = new Random(17);
        foreach (var file in Directory.GetFiles(inbox.Path, "*.csv"))
        {
            var lines = File.ReadAllLines(file);
            File.WriteAllLines(Path.Combine(shuffled.Path, Path.GetFileName(file)), lines.Take(1).Concat(lines.Skip(1).OrderBy(_ => random.Next())));
        }
        using var a = new TestMart();
        using var b = new TestMart();
        a.Runner.Load([inbox.Path]);
        b.Runner.Load([shuffled.Path]);

        const string Query = $"SELECT ward_code, {Columns}, recommendation_vi FROM v_priority_groups WHERE review_year = 2023 ORDER BY ward_code, priority_rank";
        var first = a.Rows(Query).Select(Rounded).ToList();
        var second = b.Rows(Query).Select(Rounded).ToList();

        first.Count.ShouldBe(12);
        second.ShouldBe(first);
    }

    [Fact]
    public void Should_recommend_the_programs_that_address_the_groups_two_main_deprivations()
    {
        using var mart = new TestMart();
        var rows = Enumerable.Range(1, 6).Select(i => new SnapshotRow($"H{i:00}", 2024)
            .With("income_per_capita_month", "1200000").With("lack_housing_quality", "1").With("lack_water", "1")
            .With("lack_sanitation", i <= 4 ? "1" : "0").With("lack_telecom", i <= 2 ? "1" : "0")).ToArray();
        mart.LoadSnapshot("s.csv", rows).RowsRejected.ShouldBe(0);

        var r = mart.Rows("SELECT top_indicators, top_programs, recommendation_vi FROM v_priority_groups").ShouldHaveSingleItem();

        ((IEnumerable<object>)r[0]!).Cast<string>().ShouldBe(["housing_quality", "water"]);
        ((IEnumerable<object>)r[1]!).Cast<string>().ShouldBe(["housing", "water_sanitation"]);
        r[2].ShouldBe("Tổ dân phố Nhân Vinh: thiếu hụt nhiều nhất về chất lượng nhà ở và nguồn nước sinh hoạt; nên ưu tiên các chương trình hỗ trợ nhà ở và hỗ trợ nước sạch và vệ sinh.");
    }

    private static TestMart DemoMartWithoutForecast() => DemoMartFixture.Through2024Copy();

    private static string Rounded(object?[] row) =>
        string.Join("|", row.Select(v => v is double d ? Math.Round(d, 9).ToString("R", CultureInfo.InvariantCulture) : Convert.ToString(v, CultureInfo.InvariantCulture)));
}
