using System.Globalization;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

/// <summary>
/// The ward's year-by-year table from v_ward_year, in Vietnamese number format, with the flows in
/// the words and order of <see cref="FlowWords"/> so that each row reads as the identity.
/// </summary>
public static class WardTable
{
    private static readonly IReadOnlyList<(string Header, Func<IReadOnlyDictionary<string, object?>, string> Cell)> Columns =
    [
        ("Năm", r => Convert.ToString(r["review_year"], CultureInfo.InvariantCulture)!),
        ("Tổng số hộ", r => Count(r["households"])),
        (FlowWords.PoorStart, r => Count(r["poor_start"])),
        (FlowWords.Escaped, r => Count(r["escaped"])),
        (FlowWords.NewPoor, r => r["poor_start"] is null ? "—" : Count(Long(r["newly_poor"]) + Long(r["near_poor_to_poor"]))),
        (FlowWords.RePoor, r => Count(r["re_poor"])),
        (FlowWords.Entered, r => Count(r["entered_poor"])),
        (FlowWords.Left, r => Count(r["left_poor"])),
        (FlowWords.PoorEnd, r => Count(r["poor"])),
        ("Tỷ lệ hộ nghèo", r => Percent(r["poor_rate"])),
        ("Mục tiêu", r => Percent(r["target_poor_rate"])),
        ("Hộ cận nghèo", r => Count(r["near_poor"])),
        ("Tỷ lệ hộ cận nghèo", r => Percent(r["near_poor_rate"])),
    ];

    public static void Write(IAnsiConsole console, DuckDBConnection connection, string? wardCode = null, Language language = Language.Vietnamese)
    {
        var rows = Read(connection, wardCode);
        foreach (var ward in rows.GroupBy(r => (Code: (string)r["ward_code"]!, Name: (string)r["ward_name"]!)))
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"{Markup.Escape(ward.Key.Name)} ({Markup.Escape(ward.Key.Code)})");
            foreach (var (header, _) in Columns)
                table.AddColumn(new TableColumn(Markup.Escape(header)).RightAligned());
            foreach (var r in ward)
                table.AddRow(Columns.Select(c => Markup.Escape(c.Cell(r))).ToArray());
            console.Write(table);
            console.WriteLine(language == Language.English
                ? $"{FlowWords.PoorStart} = poor at the previous round, {FlowWords.Escaped} = escaped, {FlowWords.NewPoor} = newly poor (incl. near-poor → poor), {FlowWords.RePoor} = re-poor, {FlowWords.Entered} = moved in, {FlowWords.Left} = moved out; — = no previous round or no target."
                : $"{FlowNotes.Identity}; {FlowNotes.NewPoorCovers}. — : kỳ rà soát đầu tiên (chưa có kỳ trước để so sánh) hoặc chưa có mục tiêu.");
        }
    }

    private static List<Dictionary<string, object?>> Read(DuckDBConnection connection, string? wardCode)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT ward_code, ward_name, review_year, households, poor_start, escaped, newly_poor, near_poor_to_poor,
                   re_poor, entered_poor, left_poor, poor, poor_rate, target_poor_rate, near_poor, near_poor_rate
            FROM v_ward_year WHERE $ward IS NULL OR ward_code = $ward ORDER BY ward_code, review_year
            """;
        command.Parameters.Add(new DuckDBParameter("ward", (object?)wardCode ?? DBNull.Value));
        using var reader = command.ExecuteReader();
        var rows = new List<Dictionary<string, object?>>();
        while (reader.Read())
            rows.Add(Enumerable.Range(0, reader.FieldCount).ToDictionary(reader.GetName, i => reader.IsDBNull(i) ? null : reader.GetValue(i), StringComparer.Ordinal));
        return rows;
    }

    private static long Long(object? value) => Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Count(object? value) => value is null ? "—" : VietnameseNumbers.Count(Long(value));

    private static string Count(long value) => VietnameseNumbers.Count(value);

    private static string Percent(object? value) =>
        value is null ? "—" : VietnameseNumbers.Percent(Convert.ToDouble(value, CultureInfo.InvariantCulture));
}
