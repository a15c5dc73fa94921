using System.Text.Json;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// Poverty standards are data (DESIGN.md principle 4): seeded from the versioned file
/// Standards/poverty-standards.json; a newer file version re-seeds them on the next open.
/// </summary>
public static class StandardsSeeder
{
    public static StandardsFile File { get; } = Load();

    /// <summary>The label of a version that came with a shipped file (standard_version.source).</summary>
    public static string SourceOf(StandardsFile file) => $"poverty-standards.json version {file.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)}";

    public static void Seed(DuckDBConnection connection, TimeProvider clock) => Seed(connection, clock, File);

    /// <summary>
    /// Seeds a newer shipped file: each standard whose fields differ from what the last shipped file
    /// said of it becomes a new version (history kept in standard_version); an unchanged one keeps
    /// its version, including one an administrator corrected since (the shipped file did not speak
    /// to it). Standards seeded before versions were kept are recorded as version 1 first.
    /// </summary>
    /// <param name="file">The shipped file; a test passes a changed copy of it.</param>
    public static void Seed(DuckDBConnection connection, TimeProvider clock, StandardsFile file)
    {
        var seeded = int.Parse(connection.Scalar<string>("SELECT value FROM mart_setting WHERE key = 'standards_version'") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);
        var unversioned = StandardVersions.UnversionedCount(connection);
        if (seeded >= file.Version && unversioned == 0) return;

        var now = clock.GetUtcNow();
        using var tx = connection.BeginTransaction();
        if (unversioned > 0) StandardVersions.RecordUnversioned(connection, now);
        if (seeded < file.Version)
        {
            connection.Execute("DELETE FROM dim_period; DELETE FROM dim_standard; DELETE FROM dim_indicator;");
            var ordinal = 0;
            foreach (var i in file.Indicators)
                connection.Execute("INSERT INTO dim_indicator VALUES (?, ?, ?, ?, ?, ?, ?)",
                    i.Code, i.Column, i.Dimension, i.DimensionVi, i.LabelVi, i.LabelEn, ++ordinal);
            foreach (var s in file.Standards)
            {
                var latest = StandardVersions.Latest(connection, s.Id);
                var shipped = StandardVersions.Latest(connection, s.Id, StandardVersions.Shipped);
                var version = latest?.Version ?? 0;
                if (shipped is null || !StandardVersions.Same(shipped.Standard, s))
                    StandardVersions.Record(connection, s, ++version, StandardVersions.Shipped, SourceOf(file), now, "disu");
                StandardVersions.MakeCurrent(connection, s.Id, version, file.Version);
            }
            StandardVersions.RebuildPeriods(connection);
            var unknown = connection.Scalar<long>("""
                SELECT count(*) FROM (SELECT unnest(indicators) AS code FROM dim_standard)
                WHERE code NOT IN (SELECT indicator_code FROM dim_indicator)
                """);
            if (unknown > 0)
                throw new MartSchemaException("poverty-standards.json names an indicator that is not in its indicator list.");
            connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'standards_version'",
                file.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        tx.Commit();
    }

    /// <summary>The shipped file as given (tests seed a changed copy of it).</summary>
    public static StandardsFile Parse(string json) =>
        JsonSerializer.Deserialize<StandardsFile>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidOperationException("poverty-standards.json is empty.");

    private static StandardsFile Load()
    {
        var json = MartMigrator.ReadResource(typeof(StandardsSeeder).Assembly, "Standards.poverty-standards.json");
        return Parse(json);
    }
}

public sealed record StandardsFile(int Version, IReadOnlyList<IndicatorDefinition> Indicators, IReadOnlyList<StandardDefinition> Standards);

public sealed record IndicatorDefinition(string Code, string Column, string Dimension, string DimensionVi, string LabelVi, string LabelEn);

public sealed record StandardDefinition(
    string Id, string NameVi, string Decree, int FirstYear, int LastYear,
    long UrbanLine, long RuralLine, long? UrbanAverageTop, long? RuralAverageTop, int MinDeprivations,
    IReadOnlyList<string> Indicators, StandardConfirmation Confirmed, string? Note);

public sealed record StandardConfirmation(bool Lines, bool AverageBand, bool MinDeprivations, bool Indicators, bool Validity);
