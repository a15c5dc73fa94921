using System.Collections.Concurrent;
using System.Data;
using System.Reflection;
using Dapper;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Reading;

/// <summary>
/// The one read path from SQL to C#: each result row becomes a record by column
/// name (ward_code → WardCode), through Dapper. A row type is a record with init properties
/// (Dapper binds constructors by position, which is what this layer exists to avoid). A property
/// with no column, or a NULL in a property that cannot hold one, is an error rather than a quiet
/// zero on an official document; columns no property asks for are ignored.
/// </summary>
public static class TypedRows
{
    private static readonly ConcurrentDictionary<Type, RowShape> Shapes = new();

    static TypedRows() => DuckTypes.Register();

    /// <summary>Every row of <paramref name="sql"/> (for result sets that fit in memory). Parameters bind to ? in order; a <see cref="DuckDBParameter"/> binds by its name ($name).</summary>
    public static IReadOnlyList<T> Read<T>(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        using var reader = command.ExecuteReader();
        var shape = Shapes.GetOrAdd(typeof(T), t => new RowShape(t));
        var checks = shape.Bind(reader, sql);
        var parse = reader.GetRowParser<T>();
        var rows = new List<T>();
        while (reader.Read())
        {
            foreach (var (ordinal, property) in checks)
                if (reader.IsDBNull(ordinal))
                    throw new MartException($"Cột {reader.GetName(ordinal)} rỗng (NULL) nhưng {typeof(T).Name}.{property} cần một giá trị.",
                        $"Column {reader.GetName(ordinal)} is NULL but {typeof(T).Name}.{property} needs a value.");
            rows.Add(parse(reader));
        }
        return rows;
    }

    /// <summary>The one row of <paramref name="sql"/>; an error when there is none or more than one.</summary>
    public static T ReadSingle<T>(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        var rows = connection.Read<T>(sql, parameters);
        return rows.Count == 1 ? rows[0] : throw new MartException(
            $"Truy vấn trả về {rows.Count} dòng cho {typeof(T).Name}, cần đúng một.", $"The query returned {rows.Count} rows for {typeof(T).Name}; exactly one was expected.");
    }

    /// <summary>The row of <paramref name="sql"/>, or default when there is none; an error when there are several.</summary>
    public static T? ReadSingleOrDefault<T>(this DuckDBConnection connection, string sql, params object?[] parameters)
    {
        var rows = connection.Read<T>(sql, parameters);
        return rows.Count switch
        {
            0 => default,
            1 => rows[0],
            _ => throw new MartException($"Truy vấn trả về {rows.Count} dòng cho {typeof(T).Name}, cần nhiều nhất một.", $"The query returned {rows.Count} rows for {typeof(T).Name}; at most one was expected."),
        };
    }

    internal static DuckDBCommand Command(DuckDBConnection connection, string sql, object?[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
            command.Parameters.Add(DuckDBConnectionExtensions.Parameter(p));
        return command;
    }

    /// <summary>The settable properties of a row type, by the name a column must have.</summary>
    private sealed class RowShape
    {
        private readonly Type type;
        private readonly (string Key, string Name, bool Nullable)[] properties;

        public RowShape(Type type)
        {
            this.type = type;
            var nullability = new NullabilityInfoContext();
            properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .Where(p => p.SetMethod is not null && p.GetIndexParameters().Length == 0 && p.Name != "EqualityContract")
                .Select(p => (Key(p.Name), p.Name, p.PropertyType.IsValueType
                    ? Nullable.GetUnderlyingType(p.PropertyType) is not null
                    : nullability.Create(p).WriteState != NullabilityState.NotNull))
                .ToArray();
            if (properties.Length == 0)
                throw new InvalidOperationException($"{type.Name} has no settable properties; a row type is a record with init properties.");
            if (type.GetConstructor(Type.EmptyTypes) is null)
                throw new InvalidOperationException($"{type.Name} needs a parameterless constructor; a row type is a record with init properties, not a positional record.");
        }

        /// <summary>Checks the reader has a column for every property; returns the ordinals that must not be NULL.</summary>
        public (int Ordinal, string Property)[] Bind(IDataReader reader, string sql)
        {
            var columns = Enumerable.Range(0, reader.FieldCount).GroupBy(i => Key(reader.GetName(i))).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            var missing = properties.Where(p => !columns.ContainsKey(p.Key)).Select(p => p.Name).ToList();
            if (missing.Count > 0)
                throw new InvalidOperationException(
                    $"The query has no column for {type.Name}.{string.Join(", ", missing)} (it has {string.Join(", ", Enumerable.Range(0, reader.FieldCount).Select(reader.GetName))}): {Trim(sql)}");
            return properties.Where(p => !p.Nullable).Select(p => (columns[p.Key], p.Name)).ToArray();
        }

        private static string Trim(string sql)
        {
            var flat = string.Join(' ', sql.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
            return flat.Length <= 200 ? flat : flat[..200] + "…";
        }
    }

    /// <summary>ward_code, WardCode and wardcode are one name, as Dapper's MatchNamesWithUnderscores reads them.</summary>
    private static string Key(string name) => name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
}
