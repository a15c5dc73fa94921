using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Etl;

/// <summary>The ETL's SQL, kept as plain .sql files embedded in the assembly.</summary>
internal static class SqlScripts
{
    public sealed record Step(EtlStage Stage, string Name, string Sql);

    public static string Macros { get; } = Read("macros.sql");

    private static readonly Step[] SnapshotSteps =
    [
        new(EtlStage.Validating, "snapshot_check.sql", Read("snapshot_check.sql")),
        new(EtlStage.Merging, "snapshot_merge.sql", Read("snapshot_merge.sql")),
        new(EtlStage.Dimensions, "dimensions.sql", Read("dimensions.sql")),
        new(EtlStage.Transitions, "transitions.sql", Read("transitions.sql")),
    ];

    /// <summary>The transition scope of the ward-years in <c>touched</c> (after a load of unit changes, the new units').</summary>
    public static string Transitions => SnapshotSteps[^1].Sql;

    /// <summary>Run once per review year of the transition scope, in ascending order.</summary>
    public static string TransitionsYear { get; } = Read("transitions_year.sql");

    private static readonly Step[] SupportSteps = [new(EtlStage.Validating, "support.sql", Read("support.sql"))];
    private static readonly Step[] TargetSteps = [new(EtlStage.Validating, "target.sql", Read("target.sql"))];
    private static readonly Step[] UnitChangeSteps = [new(EtlStage.Validating, "unit_change.sql", Read("unit_change.sql"))];

    public static IReadOnlyList<Step> For(FileKind kind) => kind switch
    {
        FileKind.Snapshot => SnapshotSteps,
        FileKind.Support => SupportSteps,
        FileKind.UnitChange => UnitChangeSteps,
        _ => TargetSteps,
    };

    private static string Read(string name)
    {
        using var stream = typeof(SqlScripts).Assembly.GetManifestResourceStream("Sql." + name)
            ?? throw new InvalidOperationException($"Embedded SQL {name} is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Replace("{{STANDARD_USES}}", SnapshotRules.StandardUses, StringComparison.Ordinal)
            .Replace("{{ANY_BROKEN}}", SnapshotRules.AnyBroken, StringComparison.Ordinal)
            .Replace("{{REASONS}}", SnapshotRules.Reasons, StringComparison.Ordinal)
            .Replace("{{DEPRIVATION_COUNT}}", SnapshotRules.DeprivationCount, StringComparison.Ordinal)
            .Replace("{{FLAGS_TYPED}}", SnapshotRules.FlagsTyped, StringComparison.Ordinal)
            .Replace("{{FLAGS_STORED_C}}", SnapshotRules.FlagsStoredOfC, StringComparison.Ordinal)
            .Replace("{{FLAGS_STORED}}", SnapshotRules.FlagsStored, StringComparison.Ordinal);
    }
}
