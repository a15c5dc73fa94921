using System.Diagnostics;
using System.Globalization;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Runs one ad hoc statement from an officer (the HTTP API's SQL endpoint) on a locked-down
/// connection — <see cref="Mart.OpenReadOnly"/> or a <see cref="WardSandbox"/> — with a row cap and a
/// time limit. Only a reading statement runs (see <see cref="SqlPolicy"/>); values come back as
/// JSON-friendly .NET types (see <see cref="ResultValues"/>), at most <see cref="QueryLimits.MaxRows"/>
/// rows and <see cref="QueryLimits.MaxBytes"/> of JSON.
/// </summary>
public static class QueryRunner
{
    /// <exception cref="QueryRejectedException">Not exactly one reading statement, or DuckDB refused it.</exception>
    /// <exception cref="QueryLimitException">It ran past <see cref="QueryLimits.Timeout"/> and was interrupted, or DuckDB ran out of the memory it may use.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled; the statement was interrupted.</exception>
    public static QueryResult Run(DuckDBConnection connection, string sql, QueryLimits limits, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(sql);
        ArgumentNullException.ThrowIfNull(limits);
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
        // Streaming: DuckDB produces rows as they are read, so the row cap stops the work too.
        command.UseStreamingMode = true;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(limits.Timeout);
        try
        {
            using var interrupter = new Interrupter(command.Cancel, deadline.Token);
            var types = DescribedTypes(session, sql);
            using var reader = command.ExecuteReader();
            var columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => new QueryColumn(reader.GetName(i), types is not null && i < types.Count ? types[i] : reader.GetDataTypeName(i).ToUpperInvariant()))
                .ToList();
            var readers = Enumerable.Range(0, reader.FieldCount).Select(i => ResultValues.ReaderFor(reader, i)).ToArray();
            var rows = new List<object?[]>();
            var cut = QueryCut.None;
            var size = new JsonSize();
            while (reader.Read())
            {
                if (deadline.IsCancellationRequested) break;
                if (rows.Count == limits.MaxRows)
                {
                    cut = QueryCut.Rows;
                    break;
                }
                var row = ReadRow(reader, readers, columns);
                if (!size.TryAdd(row, limits.MaxBytes))
                {
                    cut = QueryCut.Bytes;
                    break;
                }
                rows.Add(row);
            }
            // DuckDB does not always honour an interrupt (some operators run long between checks):
            // a statement that outlived its limit is still refused, never returned as if in time.
            if (deadline.IsCancellationRequested) throw Stopped(limits, ct, null);
            return new QueryResult(columns, rows, cut != QueryCut.None, watch.Elapsed) { Cut = cut, MaxBytes = limits.MaxBytes };
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

    private static Exception Stopped(QueryLimits limits, CancellationToken ct, Exception? inner)
    {
        if (ct.IsCancellationRequested) return new OperationCanceledException("the query was cancelled by the caller", inner, ct);
        var seconds = limits.Timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        return new QueryLimitException(Message.Of(
            $"truy vấn chạy lâu hơn {limits.Timeout.TotalSeconds:0.###} giây nên đã bị dừng; hãy thu hẹp (lọc theo phường, xã/năm) hoặc gộp nhóm",
            $"the query ran longer than {seconds} s and was stopped; narrow it (filter by ward/year) or aggregate"), inner);
    }

    private static object?[] ReadRow(DuckDBDataReader reader, Func<DuckDBDataReader, int, object?>[] readers, List<QueryColumn> columns)
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
                throw new QueryRejectedException(
                    $"cột {columns[i].Name} ({columns[i].Type}) có giá trị không trả về được ({(e.InnerException ?? e).Message}); " +
                    $"hãy ép sang VARCHAR trong truy vấn, ví dụ CAST({columns[i].Name} AS VARCHAR)",
                    $"column {columns[i].Name} ({columns[i].Type}) holds a value that cannot be returned ({(e.InnerException ?? e).Message}); " +
                    $"cast it to VARCHAR in the query, e.g. CAST({columns[i].Name} AS VARCHAR)", e);
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
            return session.Rows("DESCRIBE " + sql).Select(r => (string)r[1]!).ToList();
        }
        catch (DuckDBException)
        {
            return null;
        }
    }

    /// <summary>
    /// DuckDB.NET reports an interrupted statement as a cancellation; an interrupt during the
    /// statement check or DESCRIBE comes back as DuckDB's "INTERRUPT Error: Interrupted!".
    /// </summary>
    private static bool IsInterrupt(Exception e) =>
        e is OperationCanceledException || e.Message.Contains("INTERRUPT Error", StringComparison.OrdinalIgnoreCase);
}
