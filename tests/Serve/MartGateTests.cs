using DiSu.Analytics.Mart;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>The single-writer discipline of `disu serve`: reads keep working or are told when to retry; writes never wait forever.</summary>
public sealed class MartGateTests : IDisposable
{
    private readonly TempFolder folder = new();
    private readonly string mart;

    public MartGateTests()
    {
        mart = folder.File("mart.duckdb");
        using var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(mart);
        connection.Execute("INSERT INTO mart_setting VALUES ('gate_test', 'before', 'test')");
    }

    private MartGate Gate(int writerPatience = 5, int readerPatience = 1) =>
        new(mart, TimeProvider.System, TimeSpan.FromSeconds(writerPatience), TimeSpan.FromSeconds(readerPatience), NullLogger<MartGate>.Instance);

    private static string Setting(Func<Func<DuckDB.NET.Data.DuckDBConnection, string>, string> read) =>
        read(c => c.Scalar<string>("SELECT value FROM mart_setting WHERE key = 'gate_test'")!);

    [Fact]
    public void Should_let_our_own_reads_see_the_committed_data_while_a_write_is_in_progress()
    {
        using var gate = Gate();
        string? seenDuringWrite = null;
        gate.Write(c =>
        {
            c.Execute("BEGIN TRANSACTION; UPDATE mart_setting SET value = 'after' WHERE key = 'gate_test'");
            seenDuringWrite = Task.Run(() => Setting(w => gate.Read(w))).GetAwaiter().GetResult();
            c.Execute("COMMIT");
        });
        seenDuringWrite.ShouldBe("before");
        Setting(w => gate.Read(w)).ShouldBe("after");
    }

    [Fact]
    public async Task Should_tell_officers_sql_when_to_retry_while_a_write_holds_the_mart()
    {
        using var gate = Gate(readerPatience: 1);
        MartBusyException? busy = null;
        gate.Write(_ =>
        {
            busy = Should.Throw<MartBusyException>(() => Task.Run(() => gate.LendAsync(file => Task.FromResult(File.Exists(file)))).GetAwaiter().GetResult());
        });
        busy!.RetryAfter.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        busy.Text.En.ShouldContain("retry in");
        (await gate.LendAsync(file => Task.FromResult(File.Exists(file)))).ShouldBeTrue("lent again once the write is done");
    }

    [Fact]
    public async Task Should_put_off_a_write_rather_than_wait_forever_for_a_reader_and_leave_the_mart_unchanged()
    {
        using var gate = Gate(writerPatience: 1);
        using var release = new ManualResetEventSlim();
        using var reading = new ManualResetEventSlim();
        var reader = Task.Run(() => gate.Read(c =>
        {
            reading.Set();
            release.Wait(TimeSpan.FromSeconds(30));
            return 0;
        }));
        reading.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();
        var error = Should.Throw<MartBusyException>(() => gate.Write(c => c.Execute("UPDATE mart_setting SET value = 'after' WHERE key = 'gate_test'")));
        error.Message.ShouldContain("put off");
        release.Set();
        await reader.WaitAsync(TimeSpan.FromSeconds(10));
        Setting(w => gate.Read(w)).ShouldBe("before");
    }

    [Fact]
    public void Should_put_off_a_write_while_another_process_reads_the_mart()
    {
        using var gate = Gate(writerPatience: 2);
        using (ReaderProcess.Open(mart))
        {
            var error = Should.Throw<MartBusyException>(() => gate.Write(c => c.Execute("UPDATE mart_setting SET value = 'after' WHERE key = 'gate_test'")));
            error.Message.ShouldContain("another process");
        }
        gate.Write(c => c.Execute("UPDATE mart_setting SET value = 'after' WHERE key = 'gate_test'"));
        Setting(w => gate.Read(w)).ShouldBe("after");
    }

    public void Dispose() => folder.Dispose();
}
