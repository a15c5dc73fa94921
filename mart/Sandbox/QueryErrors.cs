namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// DuckDB refused the statement (syntax, unknown table, a write, a file, a setting) or the statement
/// is not a query. The message says why in words an officer can act on, with DuckDB's own reason.
/// </summary>
public sealed class QueryRejectedException(string message, Exception? inner = null) : MartException(message, inner);

/// <summary>Which limit stopped a query.</summary>
public enum QueryLimitKind { Time, Memory }

/// <summary>The query ran past its time limit and was interrupted, or needed more memory than it may use.</summary>
public sealed class QueryLimitException(string message, Exception? inner = null, QueryLimitKind kind = QueryLimitKind.Time) : MartException(message, inner)
{
    public QueryLimitKind Kind { get; } = kind;
}
