using System.Diagnostics;
using System.Globalization;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// The one path for ad hoc SQL — the HTTP API's SQL endpoint, <c>disu query</c>, <c>disu sql</c> and
/// <c>disu export csv|xlsx</c> — on a locked-down connection (<see cref="Mart.OpenReadOnly"/> or a
/// <see cref="WardSandbox"/>): only a reading statement runs (see <see cref="SqlPolicy"/>), on a
/// session of its own, within <see cref="QueryLimits"/> (rows, JSON bytes, time), cancellable; a
/// refusal says why in words an officer can act on (<see cref="QueryMessages"/>); values arrive in
/// the one value format (<see cref="ResultValues"/>).
/// </summary>
public static class QueryRunner
{
    /// <summary>Runs <paramref name="sql"/> and keeps its rows (the API's answer).</summary>
    /// <exception cref="QueryRejectedException">Not exactly one reading statement, or DuckDB refused it.</exception>
    /// <exception cref="QueryLimitException">It ran past <see cref="QueryLimits.Timeout"/> and was interrupted, or DuckDB ran out of the memory it may use.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the statement was interrupted.</exception>
    public static QueryResult Run(DuckDBConnection connection, string sql, QueryLimits limits, CancellationToken ct = default) =>
        Run(connection, sql, limits, parameters: null, ct);

    /// <summary>Runs <paramref name="sql"/> with <paramref name="parameters"/> (a saved query's $name values; null for an officer's own SQL) and keeps its rows.</summary>
    public static QueryResult Run(DuckDBConnection connection, string sql, QueryLimits limits, IReadOnlyList<DuckDBParameter>? parameters, CancellationToken ct = default)
    {
        var rows = new RowList();
        var run = Run(connection, sql, limits, rows, parameters, ct);
        return new QueryResult(run.Columns, rows.Rows, run.Cut != QueryCut.None, run.Elapsed) { Cut = run.Cut, MaxBytes = limits.MaxBytes };
    }

    /// <summary>Runs <paramref name="sql"/> and hands each row to <paramref name="sink"/> as it comes (the CLI, the shell, exports).</summary>
    /// <param name="parameters">Values for a saved query's $name parameters; null for an officer's own SQL.</param>
    public static QueryRun Run(DuckDBConnection connection, string sql, QueryLimits limits, IQuerySink sink,
        IReadOnlyList<DuckDBParameter>? parameters = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(sink);
        limits.Validate();
        ct.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        // Before anything of the statement is bound: a table function may act when it is bound.
        SqlPolicy.Require(sql);

        // A connection of its own on the same database: whatever the statement leaves in its session
        // dies with it, and a late interrupt cannot reach the caller's next statement.
        using var session = Sibling.Open(connection);
        using var command = session.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters ?? []) command.Parameters.Add(p);
        // Streaming: DuckDB produces rows as they are read, so the row cap stops the work too.
        command.UseStreamingMode = true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        if (limits.Timeout != Timeout.InfiniteTimeSpan) deadline.CancelAfter(limits.Timeout);
        try
        {
            using var interrupter = new Interrupter(command.Cancel, deadline.Token);
            var types = parameters is { Count: > 0 } ? null : DescribedTypes(session, sql);
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new QueryColumn(reader.GetName(i), types is not null && i < types.Count ? types[i] : reader.GetDataTypeName(i).ToUpperInvariant()))
                .ToList();
            sink.Columns(columns);
            var readers = Enumerable.Range(0, reader.FieldCount).Select(i => ReaderFor(reader, i, columns[i])).ToArray();
            long count = 0;
            var cut = QueryCut.None;
            var size = limits.MaxBytes == long.MaxValue ? null : new JsonSize();
            while (reader.Read())
            {
                if (deadline.IsCancellationRequested) break;
                if (count == limits.MaxRows)
                {
                    cut = QueryCut.Rows;
                    break;
                }
                var row = ReadRow(reader, readers, columns);
                if (size is not null && !size.TryAdd(row, limits.MaxBytes))
                {
                    cut = QueryCut.Bytes;
                    break;
                }
                sink.Row(row);
                count++;
            }
            // DuckDB does not always honour an interrupt (some operators run long between checks):
            // a statement that outlived its limit is still refused, never returned as if in time.
            if (deadline.IsCancellationRequested) throw Stopped(limits, ct, null);
            return new QueryRun(columns, count, cut, watch.Elapsed);
        }
        catch (Exception e) when (deadline.IsCancellationRequested && IsInterrupt(e))
        {
            throw Stopped(limits, ct, e);
        }
        catch (DuckDBException e) when (e.Message.Contains("Out of Memory Error", StringComparison.OrdinalIgnoreCase))
        {
            throw new QueryLimitException(new Message(
                "truy vấn cần nhiều bộ nhớ hơn mức cho phép với truy vấn của cán bộ nên đã bị dừng; hãy thu hẹp (lọc theo phường, xã/năm), gộp nhóm, hoặc chọn ít cột hơn",
                "the query needed more memory than officers' queries may use and was stopped; narrow it (filter by ward/year), aggregate, or select fewer columns"),
                e, QueryLimitKind.Memory);
        }
        catch (DuckDBException e)
        {
            throw new QueryRejectedException(QueryMessages.Explain(e.Message), e);
        }
    }

    private sealed class RowList : IQuerySink
    {
        public List<object?[]> Rows { get; } = [];

        public void Columns(IReadOnlyList<QueryColumn> columns) { }

        public void Row(object?[] values) => Rows.Add(values);
    }

    private static Exception Stopped(QueryLimits limits, CancellationToken ct, Exception? inner)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException("the query was cancelled by the caller", inner, ct);
        var seconds = limits.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new QueryLimitException(Message.Of(
            $"truy vấn chạy lâu hơn {limits.Timeout.TotalSeconds:0.###} giây nên đã bị dừng; hãy thu hẹp (lọc theo phường, xã/năm) hoặc gộp nhóm",
            $"the query ran longer than {seconds} s and was stopped; narrow it (filter by ward/year) or aggregate"), inner);
    }

    private static Func<System.Data.Common.DbDataReader, int, object?> ReaderFor(DuckDBDataReader reader, int ordinal, QueryColumn column)
    {
        try
        {
            return ResultValues.ReaderFor(reader, ordinal);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or InvalidCastException)
        {
            // DuckDB.NET has no .NET type for some of DuckDB's (UNION): known before the first row.
            throw Uncastable(column, e);
        }
    }

    private static QueryRejectedException Uncastable(QueryColumn column, Exception e) => new(
        $"cột {column.Name} ({column.Type}) có giá trị không trả về được ({(e.InnerException ?? e).Message}); " +
        $"hãy ép sang VARCHAR trong truy vấn, ví dụ CAST({column.Name} AS VARCHAR)",
        $"column {column.Name} ({column.Type}) holds a value that cannot be returned ({(e.InnerException ?? e).Message}); " +
        $"cast it to VARCHAR in the query, e.g. CAST({column.Name} AS VARCHAR)", e);

    private static object?[] ReadRow(DuckDBDataReader reader, Func<System.Data.Common.DbDataReader, int, object?>[] readers, List<QueryColumn> columns)
    {
        var row = new object?[readers.Length];
        for (var i = 0; i < row.Length; i++)
        {
            try
            {
                row[i] = reader.IsDBNull(i) ? null : readers[i](reader, i);
            }
            catch (Exception e) when (e is InvalidCastException or InvalidOperationException or OverflowException
                                           or ArgumentException or NotSupportedException or System.Reflection.TargetInvocationException)
            {
                throw Uncastable(columns[i], e);
            }
        }
        return row;
    }

    /// <summary>
    /// DuckDB's own type names (DECIMAL(18,3), VARCHAR[], TIMESTAMP WITH TIME ZONE) from DESCRIBE,
    /// which binds the query without running it; null when the statement cannot be described (EXPLAIN).
    /// </summary>
    private static List<string>? DescribedTypes(DuckDBConnection session, string sql)
    {
        try
        {
            return session.Read<DescribedColumn>("DESCRIBE " + sql).Select(c => c.ColumnType).ToList();
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    private sealed record DescribedColumn
    {
        public required string ColumnType { get; init; }
    }

    /// <summary>
    /// DuckDB.NET reports an interrupted statement as a cancellation; an interrupt during the
    /// statement check or DESCRIBE comes back as DuckDB's "INTERRUPT Error: Interrupted!".
    /// </summary>
    private static bool IsInterrupt(Exception e) =>
        e is OperationCanceledException || e.Message.Contains("INTERRUPT Error", StringComparison.OrdinalIgnoreCase);
}
