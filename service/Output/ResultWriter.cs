using System.Data.Common;
using System.Globalization;
using System.Text;
using System.Text.Json;
using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Mart.Text;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

public enum OutputFormat { Table, Csv, Json }

/// <summary>
/// Writes a query result as a console table, RFC 4180 CSV (text cells formula-safe, see
/// <see cref="SpreadsheetText"/>) or a JSON array of objects. CSV and JSON are machine formats:
/// invariant culture, doubles at full round-trip precision; the table is for reading on screen.
/// </summary>
public static class ResultWriter
{
    /// <param name="language">The language of the table people read (its booleans, decimals and the count under it); CSV and JSON are for tools and do not change with it.</param>
    public static long Write(DbDataReader reader, OutputFormat format, TextWriter output, IAnsiConsole console, Language language = Language.Vietnamese, int maxTableRows = 1000)
    {
        return format switch
        {
            OutputFormat.Csv => WriteCsv(reader, output),
            OutputFormat.Json => WriteJson(reader, output),
            _ => WriteTable(reader, console, maxTableRows, language),
        };
    }

    private static long WriteTable(DbDataReader reader, IAnsiConsole console, int maxRows, Language language)
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
                cells[i] = Markup.Escape(reader.IsDBNull(i) ? "NULL" : Cell(reader.GetValue(i), language));
            table.AddRow(cells);
        }
        console.Write(table);
        var count = (rows > maxRows
            ? Message.Of($"{rows:N0} dòng; hiển thị {maxRows:N0} dòng đầu — dùng --format csv để lấy tất cả",
                         $"{rows:N0} rows; the first {maxRows:N0} shown — use --format csv for all of them")
            : Message.Of($"{rows:N0} dòng", $"{rows:N0} row{(rows == 1 ? "" : "s")}")).In(language);
        console.MarkupLine($"[grey]{count}[/]");
        return rows;
    }

    /// <summary>
    /// A value in a table people read: in Vietnamese booleans are Có/Không and decimals take a comma
    /// (0,44), so that a Vietnamese table has one number format; whole numbers are never grouped
    /// (a year stays 2024). In English the values read as in CSV.
    /// </summary>
    private static string Cell(object value, Language language) => (value, language) switch
    {
        (bool b, Language.Vietnamese) => b ? "Có" : "Không",
        (double d, Language.Vietnamese) when double.IsFinite(d) => d.ToString("0.######", Languages.Vietnamese),
        (float f, Language.Vietnamese) when float.IsFinite(f) => f.ToString("0.######", Languages.Vietnamese),
        (decimal m, Language.Vietnamese) => m.ToString(Languages.Vietnamese),
        (bool b, _) => b ? "true" : "false",
        _ => Text(value),
    };

    private static long WriteCsv(DbDataReader reader, TextWriter output)
    {
        output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => SpreadsheetText.CsvField(reader.GetName(i)))));
        long rows = 0;
        while (reader.Read())
        {
            rows++;
            output.WriteLine(string.Join(",", Enumerable.Range(0, reader.FieldCount).Select(i => CsvField(reader, i))));
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
            // JSON has no number for them: the strings System.Text.Json's named floating-point literals read back.
            case double d when !double.IsFinite(d): json.WriteStringValue(InvariantNumber.Format(d)); break;
            case float f when !float.IsFinite(f): json.WriteStringValue(InvariantNumber.Format(f)); break;
            case double d: json.WriteNumberValue(d); break;
            case float f: json.WriteNumberValue(f); break;
            case decimal m: json.WriteNumberValue(m); break;
            case System.Numerics.BigInteger big: json.WriteRawValue(big.ToString(CultureInfo.InvariantCulture)); break;
            case string text: json.WriteStringValue(text); break;
            case DateTime or DateTimeOffset or DateOnly or TimeOnly: json.WriteStringValue(Text(value)); break;
            case Stream blob: json.WriteStringValue(Convert.ToBase64String(ReadAll(blob))); break;
            case System.Collections.IDictionary map:
                json.WriteStartObject();
                foreach (System.Collections.DictionaryEntry entry in map)
                {
                    json.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture) ?? "");
                    WriteJsonValue(json, entry.Value);
                }
                json.WriteEndObject();
                break;
            case System.Collections.IEnumerable list:
                json.WriteStartArray();
                foreach (var item in list) WriteJsonValue(json, item);
                json.WriteEndArray();
                break;
            default: json.WriteStringValue(Text(value)); break;
        }
    }

    private static byte[] ReadAll(Stream stream)
    {
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : Text(reader.GetValue(i));

    /// <summary>A value as CSV spells it: numbers, also inside lists and structs, at full precision, invariant.</summary>
    public static string MachineText(object? value) => Text(value, machine: true);

    /// <summary>A value as the table shows it: doubles to six decimals, for reading on screen.</summary>
    private static string Text(object? value) => Text(value, machine: false);

    /// <summary>
    /// A value as text; <paramref name="machine"/> spells numbers, also inside lists and structs, at
    /// full precision (<see cref="InvariantNumber"/>) instead of to six decimals.
    /// </summary>
    private static string Text(object? value, bool machine) => value switch
    {
        null => "NULL",
        string s => s,
        DateTime t => t.TimeOfDay == TimeSpan.Zero ? t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("yyyy-MM-dd HH:mm:ssK", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        _ when machine && InvariantNumber.Text(value) is { } number => number,
        double d => d.ToString("0.######", CultureInfo.InvariantCulture),
        Stream blob => "\\x" + Convert.ToHexString(ReadAll(blob)),
        System.Collections.IDictionary map => "{" + string.Join(", ", map.Cast<System.Collections.DictionaryEntry>().Select(e => $"{e.Key}: {Text(e.Value, machine)}")) + "}",
        System.Collections.IEnumerable e => "[" + string.Join(", ", e.Cast<object?>().Select(v => Text(v, machine))) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>
    /// The value's own type decides whether it may need the formula guard: a number never does.
    /// Numbers at full precision in the invariant culture (<see cref="InvariantNumber"/>): CSV is
    /// for tools, which must read back the double the mart holds, not one rounded for the screen.
    /// </summary>
    private static string CsvField(DbDataReader reader, int i)
    {
        if (reader.IsDBNull(i)) return "";
        var value = reader.GetValue(i);
        return SpreadsheetText.CsvField(value, Text(value, machine: true));
    }
}
