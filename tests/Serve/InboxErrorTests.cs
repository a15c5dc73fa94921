using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Tests.Serve;

/// <summary>
/// Errors of an inbox run's steps by kind: what the mart cannot do yet (a MartException) is said at
/// Information as before, a bug is logged at Error with its exception, and neither stops the run.
/// The pipeline is put together by hand over the two-ward mart, with a forecast step that fails as told.
/// </summary>
public sealed class InboxErrorTests
{
    private const string Category = "DiSu.Analytics.Service.Serve.InboxPipeline";

    [Fact]
    public async Task Should_log_an_unexpected_error_of_the_forecast_at_Error_with_its_exception_and_still_write_the_reports()
    {
        await using var rig = ServeRig.Create();
        var logs = new InMemoryLogs();
        // InvalidOperationException is what a bug throws ("Sequence contains no elements"), not only what forecasting used to say "not enough history" with.
        using var inbox = Inbox.Over(rig, logs, _ => throw new InvalidOperationException("Sequence contains no elements"));
        var file = rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());

        var result = inbox.Pipeline.Run([file], "test");

        logs.Lines.ShouldContain(l => l.StartsWith($"Error {Category}: Forecast not refreshed", StringComparison.Ordinal)
                                      && l.Contains("System.InvalidOperationException: Sequence contains no elements", StringComparison.Ordinal),
            string.Join("\n", logs.Lines));
        logs.Lines.ShouldNotContain(l => l.StartsWith("Information", StringComparison.Ordinal) && l.Contains("Forecast not refreshed", StringComparison.Ordinal));
        result.Outcome.ShouldBe(JobOutcomes.Partial);
        result.Message.ShouldContain("forecast not refreshed: Sequence contains no elements");
        result.PublicMessage.ShouldContain("forecast not refreshed: an unexpected error (details in job_run)");
        result.RowsLoaded.ShouldBe(40);
        // The bug in one step does not cost the wards their documents.
        rig.FilesUnder(Path.Combine(rig.Outbox, TestService.WardA)).ShouldContain(f => Path.GetFileName(f).Contains("briefing", StringComparison.OrdinalIgnoreCase));
        var run = inbox.Gate.Read(c => JobRuns.Recent(c, 10, JobNames.Inbox)).ShouldHaveSingleItem();
        run.Outcome.ShouldBe(JobOutcomes.Partial);
        run.Message!.ShouldContain("forecast not refreshed: Sequence contains no elements");
    }

    [Fact]
    public async Task Should_say_at_Information_why_the_mart_cannot_forecast_yet_and_count_the_run_as_succeeded()
    {
        await using var rig = ServeRig.Create();
        var logs = new InMemoryLogs();
        using var inbox = Inbox.Over(rig, logs, _ => throw new MartException(new Message(
            "quá ít dữ liệu trước năm 2025 để huấn luyện", "too little history before 2025 to train")));
        var file = rig.DropSnapshot("households_2025.csv", InboxTests.Round2025());

        var result = inbox.Pipeline.Run([file], "test");

        logs.Lines.ShouldContain($"Information {Category}: Forecast not refreshed: too little history before 2025 to train");
        logs.Lines.ShouldNotContain(l => l.StartsWith("Error", StringComparison.Ordinal), string.Join("\n", logs.Lines));
        result.Outcome.ShouldBe(JobOutcomes.Succeeded, result.Message);
        rig.FilesUnder(Path.Combine(rig.Outbox, TestService.WardA)).ShouldContain(f => Path.GetFileName(f).Contains("briefing", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The service's inbox pipeline without the host: its steps as the host builds them, the forecast's training replaced.</summary>
    private sealed class Inbox : IDisposable
    {
        private readonly ILoggerFactory factory;

        private Inbox(ILoggerFactory factory, MartGate gate, InboxPipeline pipeline) => (this.factory, Gate, Pipeline) = (factory, gate, pipeline);

        public MartGate Gate { get; }
        public InboxPipeline Pipeline { get; }

        public static Inbox Over(ServeRig rig, InMemoryLogs logs, Func<DuckDBConnection, IReadOnlyList<ForecastResult>> train)
        {
            var factory = LoggerFactory.Create(b => b.AddProvider(logs).SetMinimumLevel(LogLevel.Debug));
            var options = rig.Defaults with { RefreshForecasts = true };
            var gate = new MartGate(rig.MartPath, rig.Clock, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(2), factory.CreateLogger<MartGate>());
            var board = new JobBoard(rig.Clock);
            var log = factory.CreateLogger<InboxPipeline>();
            var pipeline = new InboxPipeline(gate,
                new InboxLoads(new InboxScanner(rig.Inbox, TimeSpan.Zero, rig.Clock), options, rig.Clock, log),
                new InboxForecast(train, log),
                new InboxReports(gate, new OutboxWriter(rig.Outbox, [ReportFormat.Csv], rig.Clock), board, rig.Clock, log),
                options, board, rig.Clock, log);
            return new Inbox(factory, gate, pipeline);
        }

        public void Dispose()
        {
            Gate.Dispose();
            factory.Dispose();
        }
    }
}
