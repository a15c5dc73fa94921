using System.Net.Http.Json;
using System.Text.Json;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Api;

/// <summary>One TestService (the two-ward mart) shared by the tests of a class that do not change it.</summary>
public class ServiceFixture : IAsyncLifetime
{
    public TestService Service { get; protected set; } = null!;

    public virtual async Task InitializeAsync() => Service = await TestService.Start();

    public virtual async Task DisposeAsync()
    {
        if (Service is not null) await Service.DisposeAsync();
    }
}

/// <summary>
/// The two-ward mart plus a forecast from the 2024 round (pooled over both wards), and what the
/// views held when the mart was built, read directly before the service took the file.
/// </summary>
public sealed class ForecastServiceFixture : ServiceFixture
{
    public IReadOnlyList<Dictionary<string, object?>> GroupForecast { get; private set; } = [];
    public IReadOnlyList<Dictionary<string, object?>> HouseholdRisk { get; private set; } = [];
    public IReadOnlyList<Dictionary<string, object?>> Priority { get; private set; } = [];

    public override async Task InitializeAsync() => Service = await TestService.Start(seed: (folder, runner) =>
    {
        using (var scratch = new TempFolder())
            TestService.SeedTwoWards(scratch, runner);
        // The seed's read-write connection is open: a second connection to the same file shares its database.
        using var connection = new DuckDBConnection("Data Source=" + Path.GetFullPath(Path.Combine(folder, "mart.duckdb")));
        connection.Open();
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 1, 10, 1, 0, 0, TimeSpan.Zero));
        new Forecaster(connection, clock, Path.Combine(folder, "mart.duckdb")).Train(new ForecastOptions(2024, Scope.All));
        GroupForecast = ApiQuery.Rows(connection, "SELECT * FROM v_group_forecast ORDER BY ward_code, group_code NULLS LAST", []);
        HouseholdRisk = ApiQuery.Rows(connection, "SELECT * FROM v_household_risk ORDER BY household_id", []);
        Priority = ApiQuery.Rows(connection, "SELECT * FROM v_priority_groups ORDER BY ward_code, review_year, priority_rank", []);
    });
}

internal static class ApiJson
{
    public static async Task<JsonElement> Json(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).Clone();

    public static IEnumerable<JsonElement> Rows(this JsonElement body) => body.GetProperty("rows").EnumerateArray();

    public static string Text(this JsonElement row, string column) => row.GetProperty(column).GetString()!;

    /// <summary>The problem's detail as a person reads it: in Vietnamese.</summary>
    public static async Task<string> Detail(this HttpResponseMessage response) =>
        (await response.Json()).GetProperty("detail").GetString()!;

    /// <summary>The problem's detail in English (detail_en), as tools read it.</summary>
    public static async Task<string> DetailEn(this HttpResponseMessage response) =>
        (await response.Json()).GetProperty("detail_en").GetString()!;
}
