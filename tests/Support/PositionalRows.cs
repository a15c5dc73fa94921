using DuckDB.NET.Data;

namespace DiSu.Analytics.Tests.Support;

/// <summary>
/// Rows as object arrays, for tests that look at a handful of cells of their own SELECT. Product
/// code reads by column name (<see cref="DiSu.Analytics.Mart.Reading.TypedRows"/>); this helper
/// lives here so that it cannot creep back there.
/// </summary>
public static class PositionalRows
{
    public static List<object?[]> Rows(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var rows = new List<object?[]>();
        while (reader.Read())
        {
            var row = new object?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(row);
        }
        return rows;
    }
}
