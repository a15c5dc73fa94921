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
            command.Parameters.Add(Parameter(p));
        return command.ExecuteNonQuery();
    }

    public static T? Scalar<T>(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(Parameter(p));
        var value = command.ExecuteScalar();
        if (value is null or DBNull) return default;
        if (value is System.Numerics.BigInteger big) value = (decimal)big; // sum() of integers is HUGEINT
        var target = Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T);
        return (T)Convert.ChangeType(value, target, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A positional parameter (?) for <paramref name="value"/>: NULL for null, a typed year as its
    /// number (DuckDB knows no <see cref="ReviewYear"/>), a <see cref="DuckDBParameter"/> as it is.
    /// </summary>
    public static DuckDBParameter Parameter(object? value) => value switch
    {
        DuckDBParameter { Value: ReviewYear year } parameter => Set(parameter, year.Value),
        DuckDBParameter { Value: PlanYear year } parameter => Set(parameter, year.Value),
        DuckDBParameter parameter => parameter,
        null => new DuckDBParameter(DBNull.Value),
        ReviewYear year => new DuckDBParameter(year.Value),
        PlanYear year => new DuckDBParameter(year.Value),
        _ => new DuckDBParameter(value),
    };

    private static DuckDBParameter Set(DuckDBParameter parameter, int value)
    {
        parameter.Value = value;
        return parameter;
    }
}
