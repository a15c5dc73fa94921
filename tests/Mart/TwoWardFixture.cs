using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>
/// A mart of two wards of one province, built once for the sandbox and query-runner tests: a seeded
/// panel 2022–2024 (three groups of about 200 households per ward, supports, targets, a few
/// contract-breaking rows), a pooled forecast 2023 → 2024, a what-if of 2024 under the 2027 standard, and one file of ward A alone whose
/// rejects include a support for one of ward B's households. Then the writer is closed and the file
/// opened read-only, as the API will open it; ward A's sandbox is built once too.
/// </summary>
public sealed class TwoWardFixture : IDisposable
{
    public const string WardA = "P01W0001";
    public const string WardB = "P01W0002";

    private readonly TempFolder folder = new();
    private readonly Lazy<WardSandbox> sandboxA;

    public TwoWardFixture()
    {
        MartPath = folder.File("mart.duckdb");
        var clock = new FakeTimeProvider(new DateTimeOffset(2024, 12, 20, 8, 0, 0, TimeSpan.Zero));
        using (var writer = DiSu.Analytics.Mart.Mart.OpenReadWrite(MartPath, clock))
        {
            var inbox = folder.File("inbox");
            new SnapshotGenerator().Generate(new GeneratorOptions
            {
                Demo = false, Provinces = 1, WardsPerProvince = 2, GroupsPerWard = 3, HouseholdsPerWard = 200,
                FirstYear = 2022, LastYear = 2024, Seed = 5, DirtyRate = 0.02,
            }, inbox);
            var runner = new EtlRunner(writer, clock, "tests");
            runner.Load([inbox]);
            var a = writer.Scalar<string>("SELECT min(household_id) FROM fact_household_year WHERE ward_code = ? AND review_year = 2024", WardA)!;
            OtherWardsHousehold = writer.Scalar<string>("SELECT min(household_id) FROM fact_household_year WHERE ward_code = ?", WardB)!;
            var wardOnly = folder.File("supports-ward-a-2024.csv");
            File.WriteAllText(wardOnly, $"""
                year,household_id,ward_code,program,amount_vnd
                2024,{a},{WardA},health_insurance,804600
                2024,{OtherWardsHousehold},{WardA},health_insurance,804600
                2024,{a},{WardA},credit,1.500

                """);
            runner.LoadFile(wardOnly).RowsRejected.ShouldBe(2);
            new Forecaster(writer, clock, MartPath).Train(new ForecastOptions(2023, Scope.All, Seed: 1));
            // A planner's per-group targets for 2025 (no forecast from 2024: no expected entries), so
            // that each ward has a plan (v_group_plan) for the sandbox to hold.
            var planned = writer.Rows("""
                SELECT ward_code, min(group_code), arg_min(poor, group_code) FROM v_group_year WHERE review_year = 2024 AND households > 0 GROUP BY ward_code ORDER BY 1
                """).Select(r => $"2025,{r[0]},{r[1]},,{r[2]}");
            var plans = folder.File("targets-groups-2025.csv");
            File.WriteAllText(plans, "year,ward_code,group_code,target_poor_rate,target_poor_households\n" + string.Join("\n", planned) + "\n");
            runner.LoadFile(plans).RowsRejected.ShouldBe(0);
            // A what-if under the 2027 standard (disu standards impact), so that the sandbox has one to hold.
            DiSu.Analytics.Mart.Standards.StandardImpact.Store(writer, 2024, "ND351_2025", null, clock.GetUtcNow(), "tests");
        }
        Mart = DiSu.Analytics.Mart.Mart.OpenReadOnly(MartPath);
        WardBHouseholds = Mart.Rows("SELECT DISTINCT household_id FROM dim_household WHERE ward_code = ?", WardB)
            .Select(r => (string)r[0]!).ToHashSet(StringComparer.Ordinal);
        sandboxA = new Lazy<WardSandbox>(() => WardSandbox.Build(Mart, WardA));
    }

    public string MartPath { get; }

    /// <summary>The mart, read-only and locked down (<see cref="DiSu.Analytics.Mart.Mart.OpenReadOnly"/>).</summary>
    public DuckDBConnection Mart { get; }

    /// <summary>Ward B's household the ward-A file named in a support row (rejected: not a household of ward A).</summary>
    public string OtherWardsHousehold { get; }

    public IReadOnlySet<string> WardBHouseholds { get; }

    public WardSandbox SandboxA => sandboxA.Value;

    public void Dispose()
    {
        if (sandboxA.IsValueCreated) sandboxA.Value.Dispose();
        Mart.Dispose();
        folder.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class TwoWardCollection : ICollectionFixture<TwoWardFixture>
{
    public const string Name = "two-ward mart";
}
