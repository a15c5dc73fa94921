using DiSu.Analytics.Reports;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

/// <summary>The ward's year-by-year table from v_ward_year, in Vietnamese number format.</summary>
public static class WardTable
{
    public static void Write(IAnsiConsole console, DuckDBConnection connection, string? wardCode = null, Language language = Language.Vietnamese)
    {
        var rows = connection.Rows("""
            SELECT ward_code, ward_name, review_year, households, poor, poor_rate, near_poor, near_poor_rate,
                   escaped, newly_poor, re_poor, near_poor_to_poor, target_poor_rate
            FROM v_ward_year WHERE ? IS NULL OR ward_code = ? ORDER BY ward_code, review_year
            """, wardCode, wardCode);
        foreach (var ward in rows.GroupBy(r => (Code: (string)r[0]!, Name: (string)r[1]!)))
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"{Markup.Escape(ward.Key.Name)} ({Markup.Escape(ward.Key.Code)})");
            foreach (var header in new[] { "Năm", "Số hộ", "Hộ nghèo", "Tỷ lệ nghèo", "Cận nghèo", "Tỷ lệ cận nghèo",
                                            "Thoát nghèo", "Phát sinh mới", "Tái nghèo", "Cận nghèo → nghèo", "Mục tiêu" })
                table.AddColumn(new TableColumn(header).RightAligned());
            foreach (var r in ward)
                table.AddRow(
                    Convert.ToString(r[2], System.Globalization.CultureInfo.InvariantCulture)!,
                    VietnameseNumbers.Count(Convert.ToInt64(r[3], System.Globalization.CultureInfo.InvariantCulture)),
                    Count(r[4]), VietnameseNumbers.Percent(Convert.ToDouble(r[5], System.Globalization.CultureInfo.InvariantCulture)),
                    Count(r[6]), VietnameseNumbers.Percent(Convert.ToDouble(r[7], System.Globalization.CultureInfo.InvariantCulture)),
                    Count(r[8]), Count(r[9]), Count(r[10]), Count(r[11]),
                    r[12] is null ? "—" : VietnameseNumbers.Percent(Convert.ToDouble(r[12], System.Globalization.CultureInfo.InvariantCulture)));
            console.Write(table);
            // The table is the ward's own, in Vietnamese; the line under it explains it in the reader's language.
            console.WriteLine(language == Language.English
                ? "Thoát nghèo = escaped, Phát sinh mới = newly poor, Tái nghèo = re-poor; — = no previous round or no target."
                : "— = chưa có kỳ trước hoặc chưa có mục tiêu.");
        }
    }

    private static string Count(object? value) =>
        value is null ? "—" : VietnameseNumbers.Count(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
}
