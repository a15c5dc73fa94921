using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// DuckDB refused the statement (syntax, unknown table, a write, a file, a setting) or the statement
/// is not a query. The message says why in words an officer can act on, with DuckDB's own reason.
/// </summary>
public sealed class QueryRejectedException(Message text, Exception? inner = null) : MartException(text, inner)
{
    public QueryRejectedException(Phrase vi, Phrase en, Exception? inner = null)
        : this(DiSu.Analytics.Mart.Text.Message.Of(vi, en), inner) { }
}

/// <summary>Which limit stopped a query.</summary>
public enum QueryLimitKind { Time, Memory }

/// <summary>The query ran past its time limit and was interrupted, or needed more memory than it may use.</summary>
public sealed class QueryLimitException(Message text, Exception? inner = null, QueryLimitKind kind = QueryLimitKind.Time) : MartException(text, inner)
{
    public QueryLimitKind Kind { get; } = kind;
}
