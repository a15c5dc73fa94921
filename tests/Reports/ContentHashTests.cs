using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The content hash in every footer covers the document's numbers and labels only: made again on
/// unchanged data it is the same, whenever the document is made and whenever the data was loaded
/// (that time stays in the footer beside it); one changed number changes it.
/// </summary>
public sealed class ContentHashTests
{
    [Fact]
    public void Should_give_the_same_hash_when_only_the_clock_and_the_data_as_of_time_change()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var first = Appendix(mart, mart.Clock);

        mart.Connection.Execute("UPDATE etl_load SET finished_at = finished_at + INTERVAL 40 DAY");
        var later = new FakeTimeProvider(TestMart.Epoch.AddDays(45));
        var second = Appendix(mart, later);

        second.Provenance.DataAsOf.ShouldBe(first.Provenance.DataAsOf!.Value.AddDays(40));
        second.Provenance.ContentHash.ShouldBe(first.Provenance.ContentHash);
        second.Decoration.Footer.ShouldContain("Số liệu đến " + second.Provenance.DataAsOf!.Value.ToOffset(Provenance.VietnamOffset).ToString("dd/MM/yyyy", VietnameseNumbers.Culture));
        second.Decoration.Footer.ShouldNotBe(first.Decoration.Footer, "the footer still says when the data is from");

        var trend = Trend(mart, later);
        mart.Connection.Execute("UPDATE etl_load SET finished_at = finished_at - INTERVAL 40 DAY");
        Trend(mart, mart.Clock).Provenance.ContentHash.ShouldBe(trend.Provenance.ContentHash);
    }

    [Fact]
    public void Should_give_another_hash_when_one_number_changes()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var before = Appendix(mart, mart.Clock);

        mart.Connection.Execute("UPDATE fact_target SET target_poor_rate = 0.30 WHERE year = 2024 AND ward_code = ? AND group_code IS NULL AND is_current", DemoMartFixture.Ward);
        var after = Appendix(mart, mart.Clock);

        after.Model.Total.TargetRate.ShouldBe(0.30);
        after.Provenance.ContentHash.ShouldNotBe(before.Provenance.ContentHash);
    }

    private static AppendixReport Appendix(TestMart mart, TimeProvider clock) =>
        AppendixReport.Build(mart.Connection, clock, new AppendixRequest(2024, DemoMartFixture.Ward));

    private static TrendReport Trend(TestMart mart, TimeProvider clock) =>
        TrendReport.Build(mart.Connection, clock, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
}
