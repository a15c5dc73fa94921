using System.Globalization;
using System.Text.RegularExpressions;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// A row of the trend report's year tables (Bảng 1 for the ward, one per group after it) as a
/// reader's PDF tool extracts it: năm, tổng số hộ, hộ nghèo đầu kỳ, thoát nghèo, phát sinh mới,
/// tái nghèo, chuyển đến, chuyển đi, hộ nghèo cuối kỳ, tỷ lệ (%), … ("—" read as null).
/// </summary>
public sealed partial record PrintedYearRow(int Table, string Caption, int Year, long Households, long? Start, long? Escaped, long? NewPoor,
    long? RePoor, long? Entered, long? Left, long End, string Rate)
{
    public bool HasFlows => Start.HasValue;

    /// <summary>What the identity makes of the printed flows: đầu kỳ − thoát nghèo + phát sinh mới + tái nghèo + chuyển đến − chuyển đi.</summary>
    public long? Reconciled => Start - Escaped + NewPoor + RePoor + Entered - Left;

    public override string ToString() =>
        $"Bảng {Table} ({Caption}) {Year}: {Start} − {Escaped} + {NewPoor} + {RePoor} + {Entered} − {Left} = {End}";

    /// <summary>Every year row under a "Bảng N." caption up to <paramref name="lastTable"/>, in the order printed.</summary>
    public static IReadOnlyList<PrintedYearRow> Read(PdfText pdf, int lastTable)
    {
        var rows = new List<PrintedYearRow>();
        (int Number, string Caption)? table = null;
        foreach (var line in pdf.Pages.SelectMany(p => p))
        {
            if (CaptionLine().Match(line) is { Success: true } caption)
            {
                var number = int.Parse(caption.Groups[1].Value, CultureInfo.InvariantCulture);
                table = number <= lastTable ? (number, caption.Groups[2].Value.Replace(" (*)", "", StringComparison.Ordinal)) : null;
                continue;
            }
            if (table is not { } current || !YearLine().IsMatch(line))
                continue;
            var cells = line.Split(' ').Where(c => c != "(*)").ToArray();
            if (cells.Length < 12 || !cells[1..9].All(c => c == "—" || CountCell().IsMatch(c)))
                continue; // a chart's year axis, not a table row
            rows.Add(new PrintedYearRow(current.Number, current.Caption, int.Parse(cells[0], CultureInfo.InvariantCulture),
                Count(cells[1])!.Value, Count(cells[2]), Count(cells[3]), Count(cells[4]), Count(cells[5]), Count(cells[6]), Count(cells[7]),
                Count(cells[8])!.Value, cells[9]));
        }
        return rows;
    }

    private static long? Count(string cell) =>
        cell == "—" ? null : long.Parse(cell.Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^Bảng (\d+)\. (.+)$")]
    private static partial Regex CaptionLine();

    [GeneratedRegex(@"^20\d\d ")]
    private static partial Regex YearLine();

    [GeneratedRegex(@"^\d{1,3}(\.\d{3})*$")]
    private static partial Regex CountCell();
}
