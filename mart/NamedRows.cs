using System.Globalization;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>A result row read by column name, so that a reordered SELECT cannot shift a value into the wrong field.</summary>
public sealed class NamedRow(IReadOnlyDictionary<string, object?> values)
{
    public object? this[string column] => values.TryGetValue(column, out var v)
        ? v
        : throw new KeyNotFoundException($"The query has no column '{column}' (it has {string.Join(", ", values.Keys)}).");

    public bool IsNull(string column) => this[column] is null;

    public string Text(string column) => (string)(this[column] ?? throw Null(column));

    public string? TextOrNull(string column) => (string?)this[column];

    public long Long(string column) => Convert.ToInt64(this[column] ?? throw Null(column), CultureInfo.InvariantCulture);

    public long? LongOrNull(string column) => this[column] is { } v ? Convert.ToInt64(v, CultureInfo.InvariantCulture) : null;

    public int Int(string column) => Convert.ToInt32(this[column] ?? throw Null(column), CultureInfo.InvariantCulture);

    public double Double(string column) => Convert.ToDouble(this[column] ?? throw Null(column), CultureInfo.InvariantCulture);

    public double? DoubleOrNull(string column) => this[column] is { } v ? Convert.ToDouble(v, CultureInfo.InvariantCulture) : null;

    public bool Bool(string column) => this[column] is true;

    private static InvalidOperationException Null(string column) => new($"Column '{column}' is NULL where a value is required.");
}

public static class NamedRowExtensions
{
    /// <summary>Runs a query and returns its rows by column name (for small result sets). A <see cref="DuckDBParameter"/> among the parameters binds by its name ($name).</summary>
    public static List<NamedRow> NamedRows(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(p as DuckDBParameter ?? new DuckDBParameter(p ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var names = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
        var rows = new List<NamedRow>();
        while (reader.Read())
        {
            var values = new Dictionary<string, object?>(names.Length, StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
                values[names[i]] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            rows.Add(new NamedRow(values));
        }
        return rows;
    }
}
