using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>
/// Ward codes as the mart spells them, and the one rule for finding one: a code matches without
/// regard to case or surrounding spaces (<c>--ward disu</c> and <c>?ward=disu</c> are DISU), on
/// the command line and over HTTP alike.
/// </summary>
public static class Wards
{
    /// <summary>Every ward with a current snapshot, in code order.</summary>
    public static IReadOnlyList<string> Loaded(DuckDBConnection connection) =>
        connection.Read<LoadedWard>("SELECT DISTINCT ward_code FROM geo_year WHERE is_current ORDER BY 1").Select(w => w.WardCode).ToList();

    /// <summary>The mart's spelling of <paramref name="asked"/> among <paramref name="loaded"/>; null when it is not there.</summary>
    public static string? Find(IReadOnlyList<string> loaded, string? asked)
    {
        if (string.IsNullOrWhiteSpace(asked)) return null;
        var code = asked.Trim();
        return loaded.FirstOrDefault(w => string.Equals(w, code, StringComparison.Ordinal))
            ?? loaded.FirstOrDefault(w => string.Equals(w, code, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>The mart's spelling of <paramref name="asked"/>; null when no such ward is loaded.</summary>
    public static string? Find(DuckDBConnection connection, string? asked) => Find(Loaded(connection), asked);

    private sealed record LoadedWard
    {
        public required string WardCode { get; init; }
    }
}
