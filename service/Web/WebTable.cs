using DiSu.Analytics.Mart.Export;
using DiSu.Analytics.Reports;

namespace DiSu.Analytics.Service.Web;

/// <summary>What a cell holds, so that the page writes it as Vietnamese readers do and the XLSX keeps the number.</summary>
public enum CellKind
{
    Text,

    /// <summary>A year or a rank: no digit grouping (2024).</summary>
    Year,

    /// <summary>Households, entitlements: whole, grouped (3.434).</summary>
    Count,

    /// <summary>A rate the mart stores in percent (0.44 = 0,44%).</summary>
    Percent,

    /// <summary>A share the mart stores as a fraction 0–1 (0.0044 = 0,44%).</summary>
    Share,

    /// <summary>An index 0–1 such as M0 or a weight, four decimals.</summary>
    Index,

    /// <summary>A score 0–100, one decimal.</summary>
    Score,
}

public sealed record WebColumn(string Header, CellKind Kind);

/// <summary>
/// One table of a page, the same rows for the page and for its XLSX download (the product's own
/// <see cref="XlsxWorkbook"/>), so that the file holds the numbers the page shows. Values are the
/// mart view's, unrounded; only their display is rounded.
/// </summary>
public sealed record WebTable(string Slug, string Caption, IReadOnlyList<WebColumn> Columns, IReadOnlyList<IReadOnlyList<object?>> Rows)
{
    /// <summary>Per row, the address the first text cell links to (null: no link).</summary>
    public IReadOnlyList<string?> Links { get; init; } = [];

    /// <summary>The words under the table (what a flag means, where the numbers come from).</summary>
    public string? Note { get; init; }

    public string? Link(int row) => row < Links.Count ? Links[row] : null;

    /// <summary>A cell as the page shows it, vi-VN; "–" for a missing value.</summary>
    public static string Show(object? value, CellKind kind) => value switch
    {
        null => "–",
        string text => text,
        _ => kind switch
        {
            CellKind.Year => Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture).ToString(System.Globalization.CultureInfo.InvariantCulture),
            CellKind.Count => VietnameseNumbers.Count(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
            CellKind.Percent => VietnameseNumbers.Percent(Number(value)),
            CellKind.Share => VietnameseNumbers.Percent(100 * Number(value)),
            CellKind.Index => Number(value).ToString("0.0000", VietnameseNumbers.Culture),
            CellKind.Score => Number(value).ToString("0.0", VietnameseNumbers.Culture),
            _ => Convert.ToString(value, VietnameseNumbers.Culture) ?? "",
        },
    };

    /// <summary>The table as a workbook of one sheet named by its caption: numbers as numeric cells with their formats.</summary>
    public void WriteXlsx(Stream output)
    {
        using var workbook = new XlsxWorkbook(output);
        workbook.AddSheet(Caption, Columns.Select(c => c.Header).ToList(),
            Rows.Select(row => (IReadOnlyList<XlsxCell>)row.Select((value, i) => Cell(value, Columns[i].Kind)).ToList()));
    }

    private static XlsxCell Cell(object? value, CellKind kind) => value switch
    {
        null => new XlsxCell(null),
        string text => new XlsxCell(text),
        _ => kind switch
        {
            CellKind.Year => new XlsxCell(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), XlsxFormats.Integer),
            CellKind.Count => new XlsxCell(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture), XlsxFormats.Count),
            // Excel's percent format shows a fraction: the mart's percent is divided back.
            CellKind.Percent => new XlsxCell(Number(value) / 100, XlsxFormats.Percent),
            CellKind.Share => new XlsxCell(Number(value), XlsxFormats.Percent),
            _ => new XlsxCell(Number(value), XlsxFormats.Decimal),
        },
    };

    private static double Number(object value) => Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture);
}
