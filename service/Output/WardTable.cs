using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Text;
using DiSu.Analytics.Reports;
using DuckDB.NET.Data;
using Spectre.Console;

namespace DiSu.Analytics.Service.Output;

/// <summary>
/// The ward's year-by-year table from v_ward_year (or v_ward_year_as_is, units restated into today's), in Vietnamese number format, with the flows in
/// the words and order of <see cref="FlowWords"/> so that each row reads as the identity.
/// </summary>
public static class WardTable
{
    private static readonly IReadOnlyList<(string Header, Func<WardYearRow, string> Cell)> Columns =
    [
        ("Năm", r => r.ReviewYear.ToString(CultureInfo.InvariantCulture)),
        ("Tổng số hộ", r => Count(r.Households)),
        (FlowWords.PoorStart, r => Count(r.PoorStart)),
        (FlowWords.Escaped, r => Count(r.Escaped)),
        (FlowWords.NewPoor, r => r is { PoorStart: not null, NewlyPoor: { } newly, NearPoorToPoor: { } nearPoor } ? Count(newly + nearPoor) : "—"),
        (FlowWords.RePoor, r => Count(r.RePoor)),
        (FlowWords.Entered, r => Count(r.EnteredPoor)),
        (FlowWords.Left, r => Count(r.LeftPoor)),
        (FlowWords.PoorEnd, r => Count(r.Poor)),
        ("Tỷ lệ hộ nghèo", r => Percent(r.PoorRate)),
        ("Mục tiêu", r => Percent(r.TargetPoorRate)),
        ("Hộ cận nghèo", r => Count(r.NearPoor)),
        ("Tỷ lệ hộ cận nghèo", r => Percent(r.NearPoorRate)),
    ];

    public static void Write(IAnsiConsole console, DuckDBConnection connection, string? wardCode = null, Language language = Language.Vietnamese,
        Geography geography = Geography.AsWas)
    {
        var rows = Read(connection, wardCode, geography);
        foreach (var ward in rows.GroupBy(r => (Code: r.WardCode, Name: r.WardName)))
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

    private static IReadOnlyList<WardYearRow> Read(DuckDBConnection connection, string? wardCode, Geography geography) =>
        connection.Read<WardYearRow>($"""
            SELECT ward_code, ward_name, review_year, households, poor_start, escaped, newly_poor, near_poor_to_poor,
                   re_poor, entered_poor, left_poor, poor, poor_rate, target_poor_rate, near_poor, near_poor_rate
            FROM {geography.WardYear()} WHERE $ward IS NULL OR ward_code = $ward ORDER BY ward_code, review_year
            """, new DuckDBParameter("ward", (object?)wardCode ?? DBNull.Value));

    private static string Count(long? value) => value is { } count ? VietnameseNumbers.Count(count) : "—";

    private static string Percent(double? value) => value is { } rate ? VietnameseNumbers.Percent(rate) : "—";

    /// <summary>A ward's review year; the flows are null in its first round (no previous round to compare).</summary>
    private sealed record WardYearRow
    {
        public required string WardCode { get; init; }
        public required string WardName { get; init; }
        public int ReviewYear { get; init; }
        public long? Households { get; init; }
        public long? PoorStart { get; init; }
        public long? Escaped { get; init; }
        public long? NewlyPoor { get; init; }
        public long? NearPoorToPoor { get; init; }
        public long? RePoor { get; init; }
        public long? EnteredPoor { get; init; }
        public long? LeftPoor { get; init; }
        public long? Poor { get; init; }
        public double? PoorRate { get; init; }
        public double? TargetPoorRate { get; init; }
        public long? NearPoor { get; init; }
        public double? NearPoorRate { get; init; }
    }
}
