using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Web;

public sealed class PageCacheTests
{
    [Fact]
    public void A_page_read_is_kept_until_a_job_writes_and_then_read_again()
    {
        using var folder = new TempFolder();
        var path = folder.File("mart.duckdb");
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, new FakeTimeProvider(TestMart.Epoch)))
            mart.Execute("CREATE TABLE page_value (v INTEGER); INSERT INTO page_value VALUES (1)");
        using var gate = new MartGate(path, TimeProvider.System, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), NullLogger<MartGate>.Instance);
        var cache = new PageCache(gate);
        var reads = 0;
        string Value() => cache.Read("k", c => { reads++; return c.Scalar<int>("SELECT v FROM page_value").ToString(System.Globalization.CultureInfo.InvariantCulture); }, default);

        Value().ShouldBe("1");
        Value().ShouldBe("1");
        reads.ShouldBe(1, "the second read is the kept one");

        gate.Write(c => c.Execute("UPDATE page_value SET v = 2"));
        Value().ShouldBe("2", "a write makes the kept value stale");
        reads.ShouldBe(2);
    }

    [Fact]
    public void Values_read_before_or_during_a_write_are_not_served_after_it()
    {
        using var folder = new TempFolder();
        var path = folder.File("mart.duckdb");
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, new FakeTimeProvider(TestMart.Epoch)))
            mart.Execute("CREATE TABLE page_value (v INTEGER); INSERT INTO page_value VALUES (1)");
        using var gate = new MartGate(path, TimeProvider.System, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10), NullLogger<MartGate>.Instance);
        var cache = new PageCache(gate);
        var reads = 0;
        // The read starts before the write and ends after it began: its value may be of either side.
        cache.Read("k", c => { reads++; gate.Generation.ShouldBe(0); return "before"; }, default);
        gate.Write(c => cache.Read("k", r => { reads++; return "during"; }, default).ShouldBe("during"));
        cache.Read("k", r => { reads++; return "after"; }, default).ShouldBe("after");
        reads.ShouldBe(3);
    }
}
