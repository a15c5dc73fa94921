using System.Numerics;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// Copies one object's rows from the mart into a sandbox table of the same name, columns and types,
/// through DuckDB's Appender. The filter runs on the mart with the ward code bound, so DuckDB reads
/// only the ward's rows; .NET holds one row at a time.
/// </summary>
internal static class TableCopy
{
    private delegate void Append(IDuckDBAppenderRow row, DuckDBDataReader reader, int ordinal);

    /// <summary>The types the Appender takes as they are; any other travels as DuckDB's text and is cast back.</summary>
    private static Append? NativeAppend(string type) => type switch
    {
        "BOOLEAN" => (row, r, i) => row.AppendValue((bool?)r.GetBoolean(i)),
        "TINYINT" => (row, r, i) => row.AppendValue((sbyte?)r.GetFieldValue<sbyte>(i)),
        "SMALLINT" => (row, r, i) => row.AppendValue((short?)r.GetInt16(i)),
        "INTEGER" => (row, r, i) => row.AppendValue((int?)r.GetInt32(i)),
        "BIGINT" => (row, r, i) => row.AppendValue((long?)r.GetInt64(i)),
        "UTINYINT" => (row, r, i) => row.AppendValue((byte?)r.GetFieldValue<byte>(i)),
        "USMALLINT" => (row, r, i) => row.AppendValue((ushort?)r.GetFieldValue<ushort>(i)),
        "UINTEGER" => (row, r, i) => row.AppendValue((uint?)r.GetFieldValue<uint>(i)),
        "UBIGINT" => (row, r, i) => row.AppendValue((ulong?)r.GetFieldValue<ulong>(i)),
        "HUGEINT" => (row, r, i) => row.AppendValue((BigInteger?)r.GetFieldValue<BigInteger>(i)),
        "FLOAT" => (row, r, i) => row.AppendValue((float?)r.GetFloat(i)),
        "DOUBLE" => (row, r, i) => row.AppendValue((double?)r.GetDouble(i)),
        "VARCHAR" => (row, r, i) => row.AppendValue(r.GetString(i)),
        "UUID" => (row, r, i) => row.AppendValue((Guid?)r.GetGuid(i)),
        // The rest — lists (the mart's VARCHAR[] and INTEGER[]; DuckDB.NET reads a list of numbers
        // holding a NULL only as nullables), TIMESTAMP WITH TIME ZONE, DECIMAL (beyond .NET's 28
        // digits), MAP (the Appender cannot write it), STRUCT, INTERVAL, infinite dates — as text:
        // DuckDB's cast from its own text form gives back the same value.
        _ => null,
    };

    public static long Copy(DuckDBConnection mart, DuckDBConnection sandbox, SourceObject source, string? filter, string wardCode, CancellationToken ct)
    {
        var appends = source.Columns.Select(c => NativeAppend(c.Type)).ToArray();
        var columns = source.Columns.Select((c, i) => (c.Name, c.Type, Text: appends[i] is null)).ToList();
        sandbox.Execute($"CREATE TABLE {Sql.Name(source.Name)} ({string.Join(", ", columns.Select(c => $"{Sql.Name(c.Name)} {(c.Text ? "VARCHAR" : c.Type)}"))})");

        using var command = mart.CreateCommand();
        command.CommandText = $"SELECT {string.Join(", ", columns.Select(c => c.Text ? $"CAST({Sql.Name(c.Name)} AS VARCHAR) AS {Sql.Name(c.Name)}" : Sql.Name(c.Name)))} " +
                              $"FROM main.{Sql.Name(source.Name)}" + (filter is null ? "" : $" WHERE {filter}");
        if (filter is not null && filter.Contains("$1", StringComparison.Ordinal))
            command.Parameters.Add(new DuckDBParameter(wardCode));
        command.UseStreamingMode = true;
        long rows = 0;
        using (var reader = command.ExecuteReader())
        using (var appender = sandbox.CreateAppender(source.Name))
        {
            while (reader.Read())
            {
                var row = appender.CreateRow();
                for (var i = 0; i < appends.Length; i++)
                {
                    if (reader.IsDBNull(i)) row.AppendNullValue();
                    else if (appends[i] is { } append) append(row, reader, i);
                    else row.AppendValue(reader.GetString(i));
                }
                row.EndRow();
                if (++rows % 8192 == 0) ct.ThrowIfCancellationRequested();
            }
        }
        foreach (var c in columns.Where(c => c.Text))
            sandbox.Execute($"ALTER TABLE {Sql.Name(source.Name)} ALTER {Sql.Name(c.Name)} SET DATA TYPE {c.Type} USING CAST({Sql.Name(c.Name)} AS {c.Type})");
        return rows;
    }
}

/// <summary>SQL text for names and strings built from the catalog (never from user input).</summary>
internal static class Sql
{
    public static string Name(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    public static string Text(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
