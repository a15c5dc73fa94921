using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>A ward's review round.</summary>
public sealed record WardYear(string WardCode, int ReviewYear);

/// <summary>
/// The transitions of households between a ward's review rounds (fact_transition), rebuilt by the
/// load's own SQL (transitions.sql, then transitions_year.sql year by year) for a load, a
/// reclassification, or any change of status in place.
/// </summary>
public static class Transitions
{
    /// <summary>
    /// Rebuilds the transitions of <paramref name="wardYears"/>, of the later rounds of their wards
    /// and of the later years of their households (whose history they carry). Runs in the caller's
    /// transaction, if any. Returns the ward-years rebuilt.
    /// </summary>
    public static int Rebuild(DuckDBConnection connection, IEnumerable<WardYear> wardYears, IProgress<int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var values = string.Join(", ", wardYears.Select(w =>
            $"({SqlText.Literal(w.WardCode)}, {w.ReviewYear.ToString(CultureInfo.InvariantCulture)})"));
        connection.Execute(values.Length == 0
            ? "CREATE OR REPLACE TEMP TABLE touched (ward_code VARCHAR, review_year INTEGER)"
            : $"CREATE OR REPLACE TEMP TABLE touched AS SELECT * FROM (VALUES {values}) v(ward_code, review_year)");
        // Every household of those rounds: a changed status reaches its later years in other wards.
        connection.Execute("""
            CREATE OR REPLACE TEMP TABLE touched_households AS
            SELECT DISTINCT f.household_id FROM fact_household_year f
            JOIN touched t ON t.ward_code = f.ward_code AND t.review_year = f.review_year
            WHERE f.is_current
            """);
        return RebuildTouched(connection, progress);
    }

    /// <summary>Rebuilds from temp tables touched (ward_code, review_year) and touched_households (household_id) that the caller made.</summary>
    internal static int RebuildTouched(DuckDBConnection connection, IProgress<int>? progress = null)
    {
        Run(connection, "transitions.sql", SqlScripts.TransitionsScope);
        FillYears(connection, progress);
        return connection.Scalar<int>("SELECT count(*) FROM scope_rounds");
    }

    /// <summary>transitions_year.sql once per review year of the scope (temp table scope_rounds), in ascending order; reports each year.</summary>
    internal static void FillYears(DuckDBConnection connection, IProgress<int>? progress = null)
    {
        var years = connection.Read<ScopeRound>("SELECT DISTINCT review_year FROM scope_rounds ORDER BY 1");
        foreach (var year in years)
        {
            progress?.Report(year.ReviewYear);
            connection.Execute($"SET VARIABLE transition_year = {year.ReviewYear.ToString(CultureInfo.InvariantCulture)}");
            Run(connection, "transitions_year.sql", SqlScripts.TransitionsYear);
        }
    }

    private static void Run(DuckDBConnection connection, string name, string sql)
    {
        try
        {
            connection.Execute(sql);
        }
        catch (DuckDBException e)
        {
            throw new InvalidOperationException($"{name}: {e.Message}", e);
        }
    }

    private sealed record ScopeRound { public int ReviewYear { get; init; } }
}
