using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Service.Commands;

/// <summary>
/// An officer's SQL at the command line (<c>disu query</c>, <c>disu sql</c>, <c>disu export</c>):
/// through <see cref="QueryRunner"/>, the runner the API uses, without its row, size and time caps
/// (the officer reads their own terminal or file; Ctrl-C cancels).
/// </summary>
internal static class OfficerSql
{
    public static readonly Message Cancelled = new("đã hủy truy vấn (Ctrl-C).", "query cancelled (Ctrl-C).");

    /// <summary>Runs <paramref name="sql"/> into <paramref name="sink"/>; null when it ran, else why not.</summary>
    public static Message? Run(DuckDBConnection connection, string sql, IQuerySink sink, IReadOnlyList<DuckDBParameter>? parameters = null, CancellationToken ct = default)
    {
        try
        {
            QueryRunner.Run(connection, sql, QueryLimits.Unbounded, sink, parameters, ct);
            return null;
        }
        catch (MartException e)
        {
            // Refused (policy, DuckDB's error explained, a value .NET cannot hold) or stopped by a limit.
            return e.Text;
        }
        catch (OperationCanceledException)
        {
            return Cancelled;
        }
    }
}
