using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

public enum OutputFormat { Table, Csv, Json }

/// <summary>Writes a query result as a console table, RFC 4180 CSV or a JSON array of objects.</summary>
public static class ResultWriter
{
    public static long Write(DbDataReader reader, OutputFormat format, TextWriter output, IAnsiConsole console, int maxTableRows = 1000)
    {
        return format switch
        {
            OutputFormat.Csv => WriteCsv(reader, output),
            OutputFormat.Json => WriteJson(reader, output),
            _ => WriteTable(reader, console, maxTableRows),
        };
    }

    private static long WriteTable(DbDataReader reader, IAnsiConsole console, int maxRows)
    {
        var table = new Table().Border(TableBorder.Rounded);
        for (var i = 0; i < reader.FieldCount; i++)
            table.AddColumn(new TableColumn(Markup.Escape(reader.GetName(i))));
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            if (rows > maxRows) continue;
            var cells = new string[reader.FieldCount];
            for (var i = 0; i < cells.Length; i++)
                cells[i] = Markup.Escape(Text(reader, i) ?? "NULL");
            table.AddRow(cells);
        }
        console.Write(table);
        console.MarkupLine(rows > maxRows
            ? $"[grey]{rows} rows; the first {maxRows} shown — use --format csv for all of them[/]"
            : $"[grey]{rows} row{(rows == 1 ? "" : "s")}[/]");
        return rows;
    }

    private static long WriteCsv(DbDataReader reader, TextWriter output)
    {
        output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Quote(reader.GetName(i)))));
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => Quote(Text(reader, i) ?? ""))));
        }
        return rows;
    }

    private static long WriteJson(DbDataReader reader, TextWriter output)
    {
        using var stream = new MemoryStream();
        long rows = 0;
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartArray();
            while (reader.Read())
            {
                rows++;
                json.WriteStartObject();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    json.WritePropertyName(reader.GetName(i));
                    WriteJsonValue(json, reader.IsDBNull(i) ? null : reader.GetValue(i));
                }
                json.WriteEndObject();
            }
            json.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
        return rows;
    }

    public static void WriteJsonValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case bool b: json.WriteBooleanValue(b); break;
            case byte or sbyte or short or ushort or int or uint or long:
                json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case float or double or decimal:
                json.WriteNumberValue(Convert.ToDecimal(value, CultureInfo.InvariantCulture)); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static string? Text(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return null;
        var value = reader.GetValue(i);
        return value switch
        {
            DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
            DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
            double d => d.ToString("0.######", CultureInfo.InvariantCulture),
            System.Collections.IEnumerable e and not string => "[" + string.Join(", ", e.Cast<object?>()) + "]",
            _ => Convert.ToString(value, CultureInfo.InvariantCulture),
        };
    }

    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
