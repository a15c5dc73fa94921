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

    public static void Seed(DuckDBConnection connection)
    {
        var seeded = int.Parse(connection.Scalar<string>("SELECT value FROM mart_setting WHERE key = 'standards_version'") ?? "0",
            System.Globalization.CultureInfo.InvariantCulture);
        if (seeded >= File.Version) return;

        using var tx = connection.BeginTransaction();
        connection.Execute("DELETE FROM dim_period; DELETE FROM dim_standard; DELETE FROM dim_indicator;");
        var ordinal = 0;
        foreach (var i in File.Indicators)
            connection.Execute("INSERT INTO dim_indicator VALUES (?, ?, ?, ?, ?, ?, ?)",
                i.Code, i.Column, i.Dimension, i.DimensionVi, i.LabelVi, i.LabelEn, ++ordinal);
        foreach (var s in File.Standards)
        {
            // The indicator list goes in as a SQL literal: codes are validated against dim_indicator below.
            var list = "[" + string.Join(", ", s.Indicators.Select(c => $"'{c.Replace("'", "''", StringComparison.Ordinal)}'")) + "]";
            connection.Execute($"INSERT INTO dim_standard VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {list}, ?, ?, ?, ?, ?, ?, ?)",
                s.Id, s.NameVi, s.Decree, s.FirstYear, s.LastYear, s.UrbanLine, s.RuralLine,
                s.UrbanAverageTop, s.RuralAverageTop, s.MinDeprivations,
                s.Confirmed.Lines, s.Confirmed.AverageBand, s.Confirmed.MinDeprivations, s.Confirmed.Indicators, s.Confirmed.Validity,
                s.Note, File.Version);
            connection.Execute("INSERT INTO dim_period SELECT y, ? FROM range(?, ? + 1) r(y)", s.Id, s.FirstYear, s.LastYear);
        }
        var unknown = connection.Scalar<long>("""
            SELECT count(*) FROM (SELECT unnest(indicators) AS code FROM dim_standard)
            WHERE code NOT IN (SELECT indicator_code FROM dim_indicator)
            """);
        if (unknown > 0)
            throw new MartSchemaException("poverty-standards.json names an indicator that is not in its indicator list.");
        connection.Execute("UPDATE mart_setting SET value = ? WHERE key = 'standards_version'",
            File.Version.ToString(System.Globalization.CultureInfo.InvariantCulture));
        tx.Commit();
    }

    private static StandardsFile Load()
    {
        var json = MartMigrator.ReadResource(typeof(StandardsSeeder).Assembly, "Standards.poverty-standards.json");
        return JsonSerializer.Deserialize<StandardsFile>(json, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })
            ?? throw new InvalidOperationException("poverty-standards.json is empty.");
    }
}

public sealed record StandardsFile(int Version, IReadOnlyList<IndicatorDefinition> Indicators, IReadOnlyList<StandardDefinition> Standards);

public sealed record IndicatorDefinition(string Code, string Column, string Dimension, string DimensionVi, string LabelVi, string LabelEn);

public sealed record StandardDefinition(
    string Id, string NameVi, string Decree, int FirstYear, int LastYear,
    long UrbanLine, long RuralLine, long? UrbanAverageTop, long? RuralAverageTop, int MinDeprivations,
    IReadOnlyList<string> Indicators, StandardConfirmation Confirmed, string? Note);

public sealed record StandardConfirmation(bool Lines, bool AverageBand, bool MinDeprivations, bool Indicators, bool Validity);
