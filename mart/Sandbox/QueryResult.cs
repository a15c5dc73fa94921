using System.Globalization;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>What one ad hoc statement may take: rows returned and wall-clock time.</summary>
public sealed record QueryLimits(int MaxRows, TimeSpan Timeout)
{
    internal void Validate()
    {
        if (MaxRows < 1)
            throw new ArgumentOutOfRangeException(nameof(MaxRows), MaxRows, "MaxRows must be at least 1");
        if (Timeout <= TimeSpan.Zero)
            throw new ArgumentOutOfRangeException(nameof(Timeout), Timeout, "Timeout must be positive");
    }
}

/// <summary>A result column: its name and DuckDB's name for its type (e.g. <c>DECIMAL(18,3)</c>, <c>VARCHAR[]</c>).</summary>
public sealed record QueryColumn(string Name, string Type);

/// <summary>
/// The rows of one statement, as JSON-friendly values (see <see cref="QueryRunner"/>), at most the
/// row cap of its <see cref="QueryLimits"/>; <see cref="Truncated"/> says more rows existed.
/// </summary>
public sealed record QueryResult(IReadOnlyList<QueryColumn> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, TimeSpan Elapsed)
{
    /// <summary>What to tell the caller when the result was cut; null when it is whole.</summary>
    public string? Note => Truncated
        ? string.Create(CultureInfo.InvariantCulture, $"result cut at {Rows.Count} rows; add LIMIT or aggregate")
        : null;
}
