using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart;

/// <summary>Small conveniences over plain SQL; no repository layer on purpose.</summary>
public static class DuckDBConnectionExtensions
{
    public static int Execute(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(new DuckDBParameter(p ?? DBNull.Value));
        var value = command.ExecuteScalar();
        if (value is null or DBNull) return default;
        if (value is System.Numerics.BigInteger big) value = (decimal)big; // sum() of integers is HUGEINT
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }
}
