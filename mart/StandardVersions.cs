using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// The versions of each poverty standard (standard_version): a changed standard is recorded as a
/// new version, never overwritten, and dim_standard holds the latest version of each. Versions come
/// from a newer shipped standards file (<see cref="StandardsSeeder"/>) or an administrator's
/// corrected file (<see cref="StandardsCorrection"/>).
/// </summary>
public static class StandardVersions
{
    /// <summary>source_kind of a version that came with the shipped poverty-standards.json.</summary>
    public const string Shipped = "shipped";

    /// <summary>source_kind of a version an administrator recorded with `disu standards update`.</summary>
    public const string Administrator = "administrator";

    private const string Columns =
        "standard_id, name_vi, decree, first_year, last_year, urban_line, rural_line, urban_average_top, rural_average_top, " +
        "min_deprivations, indicators, lines_confirmed, average_band_confirmed, min_deprivations_confirmed, indicators_confirmed, " +
        "validity_confirmed, note";

    /// <summary>Every standard as dim_standard holds it now (its latest version), in order of its years.</summary>
    public static IReadOnlyList<VersionedStandard> Current(DuckDBConnection connection) =>
        connection.Read<VersionRow>($"SELECT {Columns}, version FROM dim_standard ORDER BY first_year, standard_id")
            .Select(r => r.ToVersioned()).ToList();

    /// <summary>The latest version of <paramref name="standardId"/>, of one source kind when given; null when none is recorded.</summary>
    public static VersionedStandard? Latest(DuckDBConnection connection, string standardId, string? sourceKind = null) =>
        connection.Read<VersionRow>($"""
            SELECT {Columns}, version FROM standard_version
            WHERE standard_id = ? AND (? IS NULL OR source_kind = ?)
            ORDER BY version DESC LIMIT 1
            """, standardId, sourceKind, sourceKind).Select(r => r.ToVersioned()).SingleOrDefault();

    /// <summary>Records <paramref name="standard"/> as version <paramref name="version"/> (history only; see <see cref="MakeCurrent"/>).</summary>
    internal static void Record(DuckDBConnection connection, StandardDefinition standard, int version, string sourceKind, string source,
        DateTimeOffset at, string by)
    {
        var c = standard.Confirmed;
        connection.Execute($"""
            INSERT INTO standard_version ({Columns}, version, source_kind, source, recorded_at, recorded_by)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, {IndicatorList(standard.Indicators)}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            standard.Id, standard.NameVi, standard.Decree, standard.FirstYear, standard.LastYear, standard.UrbanLine, standard.RuralLine,
            standard.UrbanAverageTop, standard.RuralAverageTop, standard.MinDeprivations,
            c.Lines, c.AverageBand, c.MinDeprivations, c.Indicators, c.Validity, standard.Note,
            version, sourceKind, source, at, by);
    }

    /// <summary>
    /// Standards seeded before versions were kept (a mart from before migration 0017) are version 1 of
    /// the shipped file they came from.
    /// </summary>
    internal static int RecordUnversioned(DuckDBConnection connection, DateTimeOffset at) =>
        connection.Execute($"""
            INSERT INTO standard_version ({Columns}, version, source_kind, source, recorded_at, recorded_by)
            SELECT {Columns}, version, '{Shipped}', 'poverty-standards.json version ' || data_version, ?, 'disu'
            FROM dim_standard d
            WHERE NOT EXISTS (SELECT 1 FROM standard_version v WHERE v.standard_id = d.standard_id)
            """, at);

    internal static long UnversionedCount(DuckDBConnection connection) =>
        connection.Scalar<long>("SELECT count(*) FROM dim_standard d WHERE NOT EXISTS (SELECT 1 FROM standard_version v WHERE v.standard_id = d.standard_id)");

    /// <summary>Makes version <paramref name="version"/> of <paramref name="standardId"/> the row dim_standard holds.</summary>
    internal static void MakeCurrent(DuckDBConnection connection, string standardId, int version, int dataVersion)
    {
        connection.Execute("DELETE FROM dim_standard WHERE standard_id = ?", standardId);
        connection.Execute($"""
            INSERT INTO dim_standard ({Columns}, data_version, version)
            SELECT {Columns}, ?, version FROM standard_version WHERE standard_id = ? AND version = ?
            """, dataVersion, standardId, version);
    }

    /// <summary>dim_period from dim_standard: one row per review year each standard covers.</summary>
    internal static void RebuildPeriods(DuckDBConnection connection) =>
        connection.Execute("""
            DELETE FROM dim_period;
            INSERT INTO dim_period SELECT unnest(range(first_year, last_year + 1)) AS review_year, standard_id FROM dim_standard;
            """);

    /// <summary>True when the two say the same in every field (the version is a new one when any differs).</summary>
    public static bool Same(StandardDefinition a, StandardDefinition b) =>
        a.Id == b.Id && a.NameVi == b.NameVi && a.Decree == b.Decree && a.FirstYear == b.FirstYear && a.LastYear == b.LastYear
        && a.UrbanLine == b.UrbanLine && a.RuralLine == b.RuralLine && a.UrbanAverageTop == b.UrbanAverageTop
        && a.RuralAverageTop == b.RuralAverageTop && a.MinDeprivations == b.MinDeprivations
        && a.Indicators.SequenceEqual(b.Indicators, StringComparer.Ordinal) && a.Confirmed == b.Confirmed && a.Note == b.Note;

    /// <summary>The indicator list as a SQL literal; codes are checked against dim_indicator before they get here or after (seeding).</summary>
    private static string IndicatorList(IEnumerable<string> codes) =>
        "[" + string.Join(", ", codes.Select(c => $"'{c.Replace("'", "''", StringComparison.Ordinal)}'")) + "]::VARCHAR[]";

    private sealed record VersionRow
    {
        public required string StandardId { get; init; }
        public required string NameVi { get; init; }
        public required string Decree { get; init; }
        public int FirstYear { get; init; }
        public int LastYear { get; init; }
        public long UrbanLine { get; init; }
        public long RuralLine { get; init; }
        public long? UrbanAverageTop { get; init; }
        public long? RuralAverageTop { get; init; }
        public int MinDeprivations { get; init; }
        public required string[] Indicators { get; init; }
        public bool LinesConfirmed { get; init; }
        public bool AverageBandConfirmed { get; init; }
        public bool MinDeprivationsConfirmed { get; init; }
        public bool IndicatorsConfirmed { get; init; }
        public bool ValidityConfirmed { get; init; }
        public string? Note { get; init; }
        public int Version { get; init; }

        public VersionedStandard ToVersioned() => new(new StandardDefinition(
            StandardId, NameVi, Decree, FirstYear, LastYear, UrbanLine, RuralLine, UrbanAverageTop, RuralAverageTop, MinDeprivations,
            Indicators, new StandardConfirmation(LinesConfirmed, AverageBandConfirmed, MinDeprivationsConfirmed, IndicatorsConfirmed, ValidityConfirmed),
            Note), Version);
    }
}

/// <summary>A standard and the number of its version.</summary>
public sealed record VersionedStandard(StandardDefinition Standard, int Version);
