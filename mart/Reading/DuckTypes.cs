using System.Collections;
using System.Data;
using System.Globalization;
using Dapper;

namespace DiSu.Analytics.Mart.Reading;

/// <summary>
/// What a row type may hold of DuckDB's values. Scalars convert as Dapper converts them
/// (HUGEINT from sum() into long or double, DECIMAL into decimal or double, DATE into DateOnly,
/// TIMESTAMP into DateTime); DuckDB lists arrive as List&lt;T&gt; and become arrays here.
/// </summary>
internal static class DuckTypes
{
    private static int registered;

    public static void Register()
    {
        if (Interlocked.Exchange(ref registered, 1) == 1) return;
        DefaultTypeMap.MatchNamesWithUnderscores = true;
        SqlMapper.AddTypeHandler(new ListHandler<string>());
        SqlMapper.AddTypeHandler(new ListHandler<long>());
        SqlMapper.AddTypeHandler(new ListHandler<int>());
        SqlMapper.AddTypeHandler(new ListHandler<double>());
    }

    private sealed class ListHandler<T> : SqlMapper.TypeHandler<T[]>
    {
        public override T[] Parse(object value) => value is IEnumerable items
            ? items.Cast<object?>().Select(v => (T)Convert.ChangeType(v ?? throw new DataException("A list holds NULL where a value is required."), typeof(T), CultureInfo.InvariantCulture)).ToArray()
            : throw new DataException($"Expected a DuckDB list, got {value.GetType().Name}.");

        public override void SetValue(IDbDataParameter parameter, T[]? value) => parameter.Value = value;
    }
}
