namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>How an object of the mart reaches a ward's sandbox.</summary>
public enum SandboxCopy
{
    /// <summary>Every row: reference data with nothing of any household or ward in it.</summary>
    Whole,

    /// <summary>The rows that pass <see cref="SandboxRule.Filter"/>, run on the mart with the ward code bound.</summary>
    Filtered,

    /// <summary>
    /// A view computed in the sandbox, by its definition in the migrations, from the objects the
    /// sandbox holds; stored as a table.
    /// </summary>
    Recomputed,

    /// <summary>Not in the sandbox at all.</summary>
    Excluded,
}

/// <summary>
/// How one table or view of the mart reaches a ward's sandbox, and why. <see cref="Filter"/> is a SQL
/// condition on the object's own columns with <c>$1</c> for the ward code. A view is stored in the
/// sandbox as a table of the same name, columns and types.
/// </summary>
public sealed record SandboxRule(SandboxCopy Copy, string? Filter, string Reason)
{
    public static SandboxRule Whole(string reason) => new(SandboxCopy.Whole, null, reason);

    /// <summary>The rows whose <c>ward_code</c> is the ward's.</summary>
    public static SandboxRule ByWard(string reason) => new(SandboxCopy.Filtered, "ward_code = $1", reason);

    public static SandboxRule Where(string filter, string reason) => new(SandboxCopy.Filtered, filter, reason);

    public static SandboxRule Recompute(string reason) => new(SandboxCopy.Recomputed, null, reason);

    public static SandboxRule Exclude(string reason) => new(SandboxCopy.Excluded, null, reason);
}
