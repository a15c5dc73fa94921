using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Microsoft.Extensions.Logging;

namespace DiSu.Analytics.Service.Serve;

/// <summary>
/// The second job of an inbox run that changed data: forecast each ward from its own latest round,
/// so that a ward loaded a year behind the others still gets its next year forecast. That the mart
/// cannot forecast yet (the first round of a new ward) is no problem of the run; a model folder that
/// cannot be written is one; anything else is a bug, logged at Error with its exception, and the
/// run still goes on to the reports. Logs under <see cref="InboxPipeline"/>'s category.
/// </summary>
public sealed class InboxForecast(Func<DuckDBConnection, IReadOnlyList<ForecastResult>> train, ILogger<InboxPipeline> log)
{
    public InboxForecast(MartGate gate, ServeOptions options, TimeProvider clock, ILogger<InboxPipeline> log)
        : this(connection => new Forecaster(connection, clock, gate.MartPath).TrainLatest(Scope.All, options.ForecastSeed), log) { }

    public void Refresh(DuckDBConnection connection, RunProblems problems)
    {
        if (connection.Scalar<long>("SELECT count(*) FROM fact_household_year") == 0) return;
        try
        {
            foreach (var result in train(connection))
                log.LogInformation("Forecast refreshed: model {Model}, base year {BaseYear}, {Households} households scored", result.ModelId, result.BaseYear, result.Households);
        }
        // What the mart cannot forecast from yet is said in both languages; the reports then say no forecast exists.
        // (ForecastException is named beside MartException for as long as it is not one.)
        catch (Exception e) when (e is MartException || e is ForecastException)
        {
            log.LogInformation("Forecast not refreshed: {Reason}", e.English());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add($"forecast not refreshed: the model folder cannot be written ({e.Message})");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogError(e, "Forecast not refreshed: unexpected error");
            problems.Add($"forecast not refreshed: {e.English()}", "forecast not refreshed: an unexpected error (details in job_run)");
        }
    }
}
