using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>Why a series is not comparable across a year.</summary>
public enum BreakKind
{
    /// <summary>Units were reorganised: the first review in the new units.</summary>
    Units,
    /// <summary>Another poverty standard applies from this year.</summary>
    Standard,
}

/// <summary>A year a series breaks at, with the chart's short label and the note printed under the chart or table.</summary>
public sealed record SeriesBreak(int Year, BreakKind Kind, string Label, string Note);

/// <summary>
/// The breaks of a ward's series (issue 18, item 6): the year its poverty standard changed
/// (consecutive years of the series under different standards) and the year its units were
/// reorganised, each inside the years shown (a year before and one from it).
/// </summary>
public static class SeriesBreaks
{
    public static IReadOnlyList<SeriesBreak> Read(DuckDBConnection connection, UnitReading units, IReadOnlyList<int> years)
    {
        ArgumentNullException.ThrowIfNull(units);
        var standards = connection.Read<StandardYearRow>($"""
            SELECT w.review_year, w.standard_id, coalesce(s.decree, '') AS decree, coalesce(s.name_vi, w.standard_id) AS name_vi
            FROM {units.WardYear} w LEFT JOIN dim_standard s ON s.standard_id = w.standard_id
            WHERE w.ward_code = ? ORDER BY w.review_year
            """, units.WardCode).Where(r => years.Contains(r.ReviewYear)).ToList();
        var breaks = new List<SeriesBreak>();
        foreach (var year in units.ReorganisedYears)
            if (years.Any(y => y < year) && years.Any(y => y >= year))
                breaks.Add(new SeriesBreak(year, BreakKind.Units, GeographyText.UnitsLabel, GeographyText.UnitsBreak(year, units.Used)));
        for (var i = 1; i < standards.Count; i++)
            if (!string.Equals(standards[i].StandardId, standards[i - 1].StandardId, StringComparison.Ordinal))
                breaks.Add(new SeriesBreak(standards[i].ReviewYear, BreakKind.Standard, GeographyText.StandardLabel,
                    GeographyText.StandardBreak(standards[i].ReviewYear, standards[i].Decree, standards[i].NameVi)));
        return breaks.OrderBy(b => b.Year).ThenBy(b => b.Kind).ToList();
    }

    private sealed record StandardYearRow
    {
        public int ReviewYear { get; init; }
        public required string StandardId { get; init; }
        public required string Decree { get; init; }
        public required string NameVi { get; init; }
    }
}
