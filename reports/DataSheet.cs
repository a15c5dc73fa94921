using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using DiSu.Analytics.Mart.Export;

namespace DiSu.Analytics.Reports;

/// <summary>What a sheet's column (or one cell) holds, which decides how XLSX shows it and CSV spells it.</summary>
public enum SheetKind
{
    /// <summary>Text as it is (formula-guarded in CSV and XLSX).</summary>
    Text,

    /// <summary>A whole number of households or đồng: XLSX <c>#,##0</c>.</summary>
    Count,

    /// <summary>A year, rank or code number: XLSX <c>0</c>, so 2024 is not shown as 2.024.</summary>
    Integer,

    /// <summary>A number with decimals (expected households, indices): XLSX <c>#,##0.00##</c>.</summary>
    Decimal,

    /// <summary>
    /// A rate in percent, as the mart's views hold rates (0.44 means 0,44%). CSV carries that number;
    /// XLSX stores the fraction (0.0044) under <c>0.00%</c>, so Excel shows 0,44% and computes with it.
    /// </summary>
    Rate,

    /// <summary>Yes or no: "Có" / "Không" in the report's CSV and XLSX.</summary>
    Bool,

    /// <summary>A date: ISO 8601 in CSV, <c>dd/mm/yyyy</c> in XLSX.</summary>
    Date,
}

/// <summary>A cell that states its own kind, for a column that mixes them (a key–value sheet).</summary>
public sealed record SheetCell(object? Value, SheetKind Kind)
{
    public static SheetCell Year(int? year) => new(year is { } y ? (long)y : null, SheetKind.Integer);

    public static SheetCell Rate(double? percent) => new(percent, SheetKind.Rate);

    public override string ToString() => DataSheet.Text(Value);
}

/// <summary>
/// A report's numbers as a plain table: what XLSX and CSV carry and what the content hash covers.
/// Cells are strings, longs, doubles, booleans, dates or null (or a <see cref="SheetCell"/> that
/// states its kind); the PDF formats the same values for people. Each column has a kind
/// (<see cref="SheetKind"/>): declared in <see cref="Kinds"/>, or else read from the column itself
/// — booleans are <see cref="SheetKind.Bool"/>; whole numbers <see cref="SheetKind.Count"/>, or
/// <see cref="SheetKind.Integer"/> under a header starting "Năm" (a year); other numbers
/// <see cref="SheetKind.Decimal"/>, or <see cref="SheetKind.Rate"/> under a header that says "(%)"
/// or ends "…, %)", which is where our sheets state that a column is in percent; dates <see cref="SheetKind.Date"/>;
/// anything else <see cref="SheetKind.Text"/>. So every rate in a workbook has one unit: percent in
/// CSV (as the header says), a fraction shown as a percentage in XLSX.
/// </summary>
public sealed record DataSheet(string Name, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    private readonly IReadOnlyList<SheetKind>? kinds;

    /// <summary>The kind of each column, when the sheet declares them; one per header.</summary>
    public IReadOnlyList<SheetKind>? Kinds
    {
        get => kinds;
        init
        {
            if (value is not null && value.Count != Headers.Count)
                throw new ArgumentException($"Sheet '{Name}' declares {value.Count} column kinds for {Headers.Count} headers.", nameof(Kinds));
            kinds = value;
        }
    }

    /// <summary>The kind of column <paramref name="column"/>: declared, or read from the header and the values.</summary>
    public SheetKind KindOf(int column)
    {
        if (kinds is not null) return kinds[column];
        foreach (var row in Rows)
        {
            if (column < row.Count && Unwrap(row[column]) is { } value)
                return Infer(value, Headers[column]);
        }
        return SheetKind.Text;
    }

    /// <summary>All columns' kinds, in order.</summary>
    public IReadOnlyList<SheetKind> ColumnKinds() => Enumerable.Range(0, Headers.Count).Select(KindOf).ToList();

    /// <summary>
    /// The kind a cell is written as: its own when it states one, else its column's when the value
    /// fits it, else what the value alone says (a text note in a column of numbers stays text).
    /// </summary>
    public static SheetKind KindOf(object? cell, SheetKind column)
    {
        if (cell is SheetCell typed) return typed.Kind;
        if (cell is null) return column;
        var own = Infer(cell, header: "");
        return (column, own) switch
        {
            (SheetKind.Rate or SheetKind.Decimal, SheetKind.Count or SheetKind.Decimal) => column,
            (SheetKind.Count or SheetKind.Integer, SheetKind.Count) => column,
            _ => own,
        };
    }

    /// <summary>The value inside a cell.</summary>
    public static object? Unwrap(object? cell) => cell is SheetCell typed ? typed.Value : cell;

    /// <summary>
    /// A cell as the report's CSV spells it, and as the content hash reads it: numbers invariant at
    /// full precision (<see cref="InvariantNumber"/>; a rate in percent, as the header says), yes/no
    /// as "Có"/"Không", dates ISO 8601, text as it is.
    /// </summary>
    public static string Text(object? cell)
    {
        var value = Unwrap(cell);
        return value switch
        {
            null => "",
            bool b => b ? "Có" : "Không",
            DateTime t when t.TimeOfDay == TimeSpan.Zero => t.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            // Dates and times as query results spell them (docs/operations.md, one value format).
            DateOnly or DateTime or DateTimeOffset => Mart.Reading.ResultValues.Text(Mart.Reading.ResultValues.Convert(value)),
            _ when InvariantNumber.Text(value) is { } number => number,
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            _ => value.ToString() ?? "",
        };
    }

    /// <summary>The same as <see cref="Text(object?)"/>; the name callers had before cells had kinds.</summary>
    public static string Invariant(object? value) => Text(value);

    /// <summary>
    /// First 12 hex digits of SHA-256 over the sheets' names, headers and every cell as CSV spells
    /// it (<see cref="Text(object?)"/>), after <paramref name="labels"/>: the numbers and
    /// labels of the document, nothing of when it was made or when the data was loaded.
    /// </summary>
    public static string ContentHash(IEnumerable<DataSheet> sheets, params string[] labels)
    {
        var text = new StringBuilder();
        foreach (var part in labels)
            text.Append(part).Append('\u001e');
        foreach (var sheet in sheets)
        {
            text.Append(sheet.Name).Append('\u001d').AppendJoin('\u001f', sheet.Headers).Append('\u001e');
            foreach (var row in sheet.Rows)
                text.AppendJoin('\u001f', row.Select(Text)).Append('\u001e');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..12];
    }

    private static SheetKind Infer(object value, string header) => value switch
    {
        SheetCell typed => typed.Kind,
        bool => SheetKind.Bool,
        string => SheetKind.Text,
        DateOnly or DateTime or DateTimeOffset => SheetKind.Date,
        double or float or decimal or Half => InPercent(header) ? SheetKind.Rate : SheetKind.Decimal,
        _ when InvariantNumber.IsNumber(value) => header.StartsWith("Năm", StringComparison.Ordinal) ? SheetKind.Integer : SheetKind.Count,
        _ => SheetKind.Text,
    };

    /// <summary>"Tỷ lệ hộ nghèo (%)", "Tỷ lệ (thực tế, %)": how our headers say a column is in percent.</summary>
    public static bool InPercent(string header) =>
        header.Contains("(%)", StringComparison.Ordinal) || header.EndsWith("%)", StringComparison.Ordinal);
}
