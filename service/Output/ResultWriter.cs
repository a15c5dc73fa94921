using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

public enum OutputFormat { Table, Csv, Json }

/// <summary>
/// Writes a query result as a console table, RFC 4180 CSV (text cells formula-safe, see
/// <see cref="Mart.Export.SpreadsheetText"/>) or a JSON array of objects. CSV and JSON are machine
/// formats in the one value format of <see cref="ResultValues"/> (the API's); the table is for
/// reading on screen, in the language of the command.
/// </summary>
public static class ResultWriter
{
    /// <summary>A sink for <see cref="QueryRunner"/> that writes in <paramref name="format"/>; <see cref="ResultSink.Finish"/> ends the output.</summary>
    /// <param name="language">The language of the table people read (its booleans, decimals and the count under it); CSV and JSON are for tools and do not change with it.</param>
    public static ResultSink Sink(OutputFormat format, TextWriter output, IAnsiConsole console, Language language = Language.Vietnamese, int maxTableRows = 1000) =>
        format switch
        {
            OutputFormat.Csv => new CsvSink(output),
            OutputFormat.Json => new JsonSink(output),
            _ => new TableSink(console, maxTableRows, language),
        };

    /// <summary>Writes the rows of a reader over the service's own SQL (listings, rejects) in the same format as an officer's query.</summary>
    public static long Write(DbDataReader reader, OutputFormat format, TextWriter output, IAnsiConsole console, Language language = Language.Vietnamese, int maxTableRows = 1000)
    {
        var sink = Sink(format, output, console, language, maxTableRows);
        sink.Columns(Enumerable.Range(0, reader.FieldCount).Select(i => new QueryColumn(reader.GetName(i), reader.GetDataTypeName(i).ToUpperInvariant())).ToList());
        var readers = Enumerable.Range(0, reader.FieldCount).Select(i => ResultValues.ReaderFor(reader, i)).ToArray();
        while (reader.Read())
        {
            var row = new object?[readers.Length];
            for (var i = 0; i < row.Length; i++)
                row[i] = reader.IsDBNull(i) ? null : readers[i](reader, i);
            sink.Row(row);
        }
        return sink.Finish();
    }

    /// <summary>
    /// A value in a table people read: in Vietnamese booleans are Có/Không and decimals take a comma
    /// (0,44), so that a Vietnamese table has one number format; whole numbers are never grouped
    /// (a year stays 2024). In English the values read as in CSV, doubles to six decimals.
    /// </summary>
    internal static string Cell(object? value, Language language) => (value, language) switch
    {
        (null, _) => "NULL",
        (bool b, Language.Vietnamese) => b ? "Có" : "Không",
        (double d, Language.Vietnamese) => d.ToString("0.######", Languages.Vietnamese),
        (float f, Language.Vietnamese) => f.ToString("0.######", Languages.Vietnamese),
        (decimal m, Language.Vietnamese) => m.ToString(Languages.Vietnamese),
        (double d, _) => d.ToString("0.######", CultureInfo.InvariantCulture),
        (float f, _) => f.ToString("0.######", CultureInfo.InvariantCulture),
        _ => ResultValues.Text(value),
    };
}

/// <summary>A <see cref="IQuerySink"/> that writes somewhere; <see cref="Finish"/> completes the output and returns the rows written.</summary>
public abstract class ResultSink : IQuerySink
{
    protected long Count { get; private set; }

    public abstract void Columns(IReadOnlyList<QueryColumn> columns);

    public void Row(object?[] values)
    {
        Count++;
        Write(values);
    }

    protected abstract void Write(object?[] values);

    public virtual long Finish() => Count;
}

internal sealed class CsvSink(TextWriter output) : ResultSink
{
    private bool[] numbers = [];

    public override void Columns(IReadOnlyList<QueryColumn> columns)
    {
        numbers = columns.Select(c => ResultValues.IsNumberType(c.Type)).ToArray();
        output.WriteLine(string.Join(",", columns.Select(c => Mart.Export.SpreadsheetText.CsvField(c.Name))));
    }

    // The column's type decides whether a value may need the formula guard: a number never does, not even -Infinity.
    protected override void Write(object?[] values) =>
        output.WriteLine(string.Join(",", values.Select((v, i) => v is null ? ""
            : i < numbers.Length && numbers[i] ? Mart.Export.SpreadsheetText.CsvNumber(ResultValues.Text(v))
            : Mart.Export.SpreadsheetText.CsvField(v, ResultValues.Text(v)))));
}

internal sealed class JsonSink(TextWriter output) : ResultSink
{
    private readonly MemoryStream buffer = new();
    private Utf8JsonWriter? json;
    private IReadOnlyList<QueryColumn> columns = [];

    public override void Columns(IReadOnlyList<QueryColumn> columns)
    {
        this.columns = columns;
        json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = ResultValues.Json.Encoder });
        json.WriteStartArray();
    }

    protected override void Write(object?[] values)
    {
        json!.WriteStartObject();
        for (var i = 0; i < values.Length; i++)
        {
            json.WritePropertyName(columns[i].Name);
            JsonSerializer.Serialize(json, values[i], ResultValues.Json);
        }
        json.WriteEndObject();
        // Out in pieces: an export of a million rows must not wait in memory.
        if (Count % 1000 == 0) Drain();
    }

    public override long Finish()
    {
        if (json is null) Columns([]);
        json!.WriteEndArray();
        Drain();
        output.WriteLine();
        json.Dispose();
        return Count;
    }

    private void Drain()
    {
        json!.Flush();
        output.Write(System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        buffer.SetLength(0);
    }
}

internal sealed class TableSink(IAnsiConsole console, int maxRows, Language language) : ResultSink
{
    private readonly Table table = new Table().Border(TableBorder.Rounded);

    public override void Columns(IReadOnlyList<QueryColumn> columns)
    {
        foreach (var column in columns) table.AddColumn(new TableColumn(Markup.Escape(column.Name)));
    }

    protected override void Write(object?[] values)
    {
        if (Count > maxRows) return;
        table.AddRow(values.Select(v => Markup.Escape(ResultWriter.Cell(v, language))).ToArray());
    }

    public override long Finish()
    {
        console.Write(table);
        var rows = Count;
        var count = (rows > maxRows
            ? Message.Of($"{rows:N0} dòng; hiển thị {maxRows:N0} dòng đầu — dùng --format csv để lấy tất cả",
                         $"{rows:N0} rows; the first {maxRows:N0} shown — use --format csv for all of them")
            : Message.Of($"{rows:N0} dòng", $"{rows:N0} row{(rows == 1 ? "" : "s")}")).In(language);
        console.MarkupLine($"[grey]{count}[/]");
        return rows;
    }
}
