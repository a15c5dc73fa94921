using System.Globalization;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Docs;

/// <summary>
/// docs/poverty-standards.md states the standards the mart applies: each standard's review years,
/// decree, income lines, average band and k, and which indicators it counts, as a fresh mart has
/// them seeded from mart/Standards/poverty-standards.json.
/// </summary>
public sealed partial class PovertyStandardsDocTests
{
    private static readonly string[] Doc = File.ReadAllLines(MartDocsTests.RepoFile("docs/poverty-standards.md"));

    [Fact]
    public void Should_name_for_each_standard_its_review_years_id_and_decree()
    {
        var standards = Standards();
        standards.Count.ShouldBeGreaterThanOrEqualTo(2);
        var rows = Table("| review years |").ToList();
        foreach (var s in standards)
            rows.ShouldContain(r => r[0] == $"{s.FirstYear}–{s.LastYear}" && r[1].Contains($"`{s.StandardId}`") && r[2].Contains(s.Decree),
                $"a row '| {s.FirstYear}–{s.LastYear} | `{s.StandardId}` … | … {s.Decree} … |'");
        rows.Count.ShouldBe(standards.Count);
    }

    [Fact]
    public void Should_state_each_standards_income_lines_average_band_and_k()
    {
        var standards = Standards();
        var header = Cells(Doc.Single(l => l.StartsWith("| | Decree ", StringComparison.Ordinal)));
        var column = standards.ToDictionary(s => s, s => header.FindIndex(h => h.Contains(s.Decree, StringComparison.Ordinal)));
        column.Values.ShouldAllBe(i => i > 0);
        var rows = Table("| | Decree ").ToDictionary(r => r[0]);

        foreach (var s in standards)
        {
            var i = column[s];
            Number(rows["poverty line, urban"][i]).ShouldBe(s.UrbanLine, s.StandardId);
            Number(rows["poverty line, rural"][i]).ShouldBe(s.RuralLine, s.StandardId);
            UpTo(rows["average band, urban"][i]).ShouldBe(s.UrbanAverageTop, s.StandardId);
            UpTo(rows["average band, rural"][i]).ShouldBe(s.RuralAverageTop, s.StandardId);
            rows.Single(r => r.Key.StartsWith("k:", StringComparison.Ordinal)).Value[i].ShouldStartWith($"{s.MinDeprivations} of {s.Indicators.Length}", customMessage: s.StandardId);
            if (!s.AverageBandConfirmed)
            {
                rows["average band, urban"][i].ShouldContain("not confirmed");
                rows["average band, rural"][i].ShouldContain("not confirmed");
            }
        }
    }

    [Fact]
    public void Should_mark_each_indicator_under_the_standards_that_count_it()
    {
        using var mart = new TestMart();
        var indicators = mart.Connection.Read<IndicatorRow>("SELECT indicator_code, column_name, label_vi FROM dim_indicator ORDER BY ordinal");
        var standards = Standards(mart);
        var header = Cells(Doc.Single(l => l.StartsWith("| # | dimension |", StringComparison.Ordinal)));
        // "Decree 07" heads the column of the standard whose decree is 07/…
        var column = standards.ToDictionary(s => s.StandardId, s => header.FindIndex(h => h == "Decree " + s.Decree.Split('/')[0]));
        column.Values.ShouldAllBe(i => i > 0);
        var rows = Table("| # | dimension |").ToList();

        rows.Select(r => (r[2], r[3], r[4])).ShouldBe(indicators.Select(i => ($"`{i.IndicatorCode}`", $"`{i.ColumnName}`", i.LabelVi)));
        foreach (var (row, indicator) in rows.Zip(indicators))
            foreach (var s in standards)
                (row[column[s.StandardId]] == "✓").ShouldBe(s.Indicators.Contains(indicator.IndicatorCode), $"{indicator.IndicatorCode} under {s.Decree}");
    }

    private static List<StandardRow> Standards()
    {
        using var mart = new TestMart();
        return Standards(mart);
    }

    private static List<StandardRow> Standards(TestMart mart) => [.. mart.Connection.Read<StandardRow>("""
        SELECT standard_id, decree, first_year, last_year, urban_line, rural_line, urban_average_top, rural_average_top,
               min_deprivations, indicators, average_band_confirmed
        FROM dim_standard ORDER BY first_year
        """)];

    /// <summary>The data rows of the table whose header line starts with <paramref name="header"/>, as trimmed cells.</summary>
    private static IEnumerable<List<string>> Table(string header)
    {
        var start = Array.FindIndex(Doc, l => l.StartsWith(header, StringComparison.Ordinal));
        start.ShouldBeGreaterThanOrEqualTo(0, $"docs/poverty-standards.md has no table '{header} …'");
        return Doc.Skip(start + 2).TakeWhile(l => l.StartsWith('|')).Select(Cells);
    }

    private static List<string> Cells(string line) => [.. line.Trim().Trim('|').Split('|').Select(c => c.Trim())];

    private static long Number(string cell) => long.Parse(Amount().Match(cell).Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);

    private static long UpTo(string cell) => Number(cell[(cell.IndexOf("up to ", StringComparison.Ordinal) + "up to ".Length)..]);

    private sealed record StandardRow
    {
        public required string StandardId { get; init; }
        public required string Decree { get; init; }
        public int FirstYear { get; init; }
        public int LastYear { get; init; }
        public long UrbanLine { get; init; }
        public long RuralLine { get; init; }
        public long UrbanAverageTop { get; init; }
        public long RuralAverageTop { get; init; }
        public int MinDeprivations { get; init; }
        public required string[] Indicators { get; init; }
        public bool AverageBandConfirmed { get; init; }
    }

    private sealed record IndicatorRow
    {
        public required string IndicatorCode { get; init; }
        public required string ColumnName { get; init; }
        public required string LabelVi { get; init; }
    }

    [GeneratedRegex(@"[0-9][0-9,]*[0-9]|[0-9]")]
    private static partial Regex Amount();
}
