using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The documents' geography (issue 18): as is, a merged ward's series is read from the as-is views
/// and names the unit changes; as was, a ward's own years are exactly v_ward_year; a ward merged
/// away falls back to as was and says so; the trend marks the year units were reorganised and the
/// year the standard changed. On the reorganised panel (0001 + 0002 → 0012 from the 2024 review).
/// </summary>
public sealed class GeographyReportTests
{
    private const string Merged = "P01W0012";
    private const string Retired = "P01W0001";

    private static List<object?[]> WardView(TestMart mart, string view, string ward) => mart.Rows($"""
        SELECT review_year, households, poor, round(poor_rate, 10), near_poor, poor_start, escaped, entered_poor, left_poor
        FROM {view} WHERE ward_code = ? ORDER BY review_year
        """, ward);

    private static List<object?[]> Printed(IEnumerable<TrendYear> years) => years.Select(y => new object?[]
    {
        y.Year, y.Households, y.Poor, y.PoorRate is { } r ? Math.Round(r, 10) : null, y.NearPoor, y.PoorStart, y.Escaped, y.Entered, y.Left,
    }).ToList();

    private static void ShouldMatch(List<object?[]> printed, List<object?[]> view)
    {
        printed.Count.ShouldBe(view.Count);
        for (var i = 0; i < view.Count; i++)
            printed[i].Select(v => v is null ? (double?)null : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture))
                .ShouldBe(view[i].Select(v => v is null ? (double?)null : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)), $"row {i}");
    }

    [Fact]
    public void Should_read_a_merged_wards_trend_as_is_from_v_ward_year_as_is_with_its_predecessors_years()
    {
        using var mart = ReorganisedPanel.Reorganised();
        var model = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2025, Merged));

        model.Units.Used.ShouldBe(Geography.AsIs);
        model.Years.ShouldBe([2021, 2022, 2023, 2024, 2025]);
        ShouldMatch(Printed(model.WardYears), WardView(mart, "v_ward_year_as_is", Merged));
        var groups = mart.Rows("SELECT group_code, review_year, households, poor FROM v_group_year_as_is WHERE ward_code = ? ORDER BY group_code, review_year", Merged);
        model.Groups.SelectMany(g => g.Years.Select(y => $"{g.Code} {y.Year} {y.Households} {y.Poor}"))
            .ShouldBe(groups.Select(r => $"{r[0]} {r[1]} {r[2]} {r[3]}"));
    }

    [Fact]
    public void Should_read_a_wards_own_years_as_was_exactly_as_v_ward_year()
    {
        using var mart = ReorganisedPanel.Reorganised();
        var model = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2023, Retired, Geography.AsWas));

        model.Units.Used.ShouldBe(Geography.AsWas);
        model.Units.FellBack.ShouldBeFalse();
        ShouldMatch(Printed(model.WardYears), WardView(mart, "v_ward_year", Retired));
        model.Units.Note.ShouldBe("Số liệu theo đơn vị hành chính tại thời điểm rà soát (không quy đổi theo sắp xếp đơn vị hành chính).");
    }

    [Fact]
    public void Should_fall_back_to_as_was_for_a_ward_merged_away_and_say_so()
    {
        using var mart = ReorganisedPanel.Reorganised();
        var asIs = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2023, Retired));
        var asWas = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2023, Retired, Geography.AsWas));

        asIs.Units.Asked.ShouldBe(Geography.AsIs);
        asIs.Units.Used.ShouldBe(Geography.AsWas);
        asIs.Units.FellBack.ShouldBeTrue();
        asIs.Units.Note.ShouldBe("P01W0001 không còn là đơn vị hành chính hiện nay (đã sắp xếp từ kỳ rà soát năm 2024): số liệu theo đơn vị hành chính tại thời điểm rà soát, không quy đổi.");
        ShouldMatch(Printed(asIs.WardYears), Printed(asWas.WardYears));
        ShouldMatch(Printed(asIs.WardYears), WardView(mart, "v_ward_year", Retired));
        // Its own years end before the change: no break inside them.
        asIs.Breaks.ShouldBeEmpty();

        var appendix = AppendixModel.Read(mart.Connection, new AppendixRequest(new PlanYear(2024), Retired));
        appendix.Units!.FellBack.ShouldBeTrue();
        var row = mart.Rows("SELECT households, poor FROM v_ward_year WHERE ward_code = ? AND review_year = 2023", Retired).Single();
        (appendix.Total.Households, appendix.Total.Poor).ShouldBe((Convert.ToInt64(row[0], null), Convert.ToInt64(row[1], null)));
    }

    [Fact]
    public void Should_name_the_unit_change_file_and_its_load_in_the_provenance_of_an_as_is_document()
    {
        using var mart = ReorganisedPanel.Reorganised();
        var load = mart.Scalar<long>("SELECT load_id FROM etl_load WHERE file_name = 'unit_changes.csv' AND outcome = 'loaded'");
        var trend = TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(2021, 2025, Merged));
        var expected = $"Số liệu quy đổi theo đơn vị hành chính hiện nay (sắp xếp hiệu lực 01/07/2024, tệp unit_changes.csv, lần nạp #{load}).";

        trend.Provenance.Units!.Note.ShouldBe(expected);
        trend.Provenance.Fields().ShouldContain((GeographyText.Field, "as_is: " + expected));
        // An appendix on the 2024 round prints no restated year: it names no change.
        var appendix = AppendixReport.Build(mart.Connection, mart.Clock, new AppendixRequest(new PlanYear(2025), Merged));
        appendix.Provenance.Units!.Restated.ShouldBeFalse();
        // The briefing's chart reaches back to 2021: restated years, so it names the file.
        var briefing = BriefingReport.Build(mart.Connection, mart.Clock, new BriefingRequest(new PlanYear(2026), Merged));
        briefing.Provenance.Units!.Note.ShouldBe(expected);
    }

    [Fact]
    public void Should_print_the_mapping_and_the_reorganisation_break_in_the_trend_pdf_and_xlsx()
    {
        using var mart = ReorganisedPanel.Reorganised();
        using var folder = new TempFolder();
        var load = mart.Scalar<long>("SELECT load_id FROM etl_load WHERE file_name = 'unit_changes.csv' AND outcome = 'loaded'");
        var report = TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(2021, 2025, Merged));

        report.Model.Breaks.ShouldHaveSingleItem().ShouldBe(new SeriesBreak(2024, BreakKind.Units, GeographyText.UnitsLabel,
            "Năm 2024: sắp xếp đơn vị hành chính — số liệu trước 2024 được quy đổi về đơn vị hiện nay."));
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        pdf.Flow.ShouldContain($"sắp xếp hiệu lực 01/07/2024, tệp unit_changes.csv, lần nạp #{load}");
        pdf.Flow.ShouldContain("(†) Năm 2024: sắp xếp đơn vị hành chính — số liệu trước 2024 được quy đổi về đơn vị hiện nay.");
        pdf.All.ShouldContain("2024†");
        var csv = ReportFiles.Write(report, ReportFormat.Csv, folder.File("csv"));
        File.ReadAllText(csv.Single(f => f.EndsWith("-provenance.csv", StringComparison.Ordinal)))
            .ShouldContain($"tệp unit_changes.csv, lần nạp #{load}");
    }

    [Fact]
    public void Should_mark_the_year_the_standard_changed_with_its_decree()
    {
        using var mart = new TestMart();
        foreach (var year in new[] { 2026, 2027 })
            mart.LoadSnapshot($"households_{year}.csv", [.. Enumerable.Range(1, 12).Select(i => new SnapshotRow($"H{i:D3}", year))]).RowsRejected.ShouldBe(0);
        using var folder = new TempFolder();
        var report = TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(2026, 2027, "DISU"));

        report.Model.Breaks.ShouldHaveSingleItem().ShouldBe(new SeriesBreak(2027, BreakKind.Standard, GeographyText.StandardLabel,
            "Năm 2027: áp dụng chuẩn nghèo mới (Nghị định 351/2025/NĐ-CP) — số liệu trước và sau không so sánh trực tiếp được."));
        // A ward no change reached says nothing of its units.
        report.Model.Units.Note.ShouldBeNull();
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());
        pdf.Flow.ShouldContain("(†) Năm 2027: áp dụng chuẩn nghèo mới (Nghị định 351/2025/NĐ-CP) — số liệu trước và sau không so sánh trực tiếp được.");
        pdf.All.ShouldContain("2027†");
    }

    [Fact]
    public void Should_give_the_same_numbers_as_is_and_as_was_where_no_unit_changed()
    {
        using var mart = ReorganisedPanel.Reorganised();
        var ward = "P01W0005";
        if (mart.Scalar<long>("SELECT count(*) FROM v_ward_year WHERE ward_code = ?", ward) == 0)
            ward = mart.Scalar<string>("SELECT min(ward_code) FROM v_ward_year WHERE ward_code NOT IN (SELECT ward_code FROM geo_map UNION SELECT as_is_ward_code FROM geo_map UNION SELECT next_ward_code FROM geo_step)");
        if (ward is null) return;
        var asIs = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2025, ward));
        var asWas = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2025, ward, Geography.AsWas));
        ShouldMatch(Printed(asIs.WardYears), Printed(asWas.WardYears));
        asIs.Units.Note.ShouldBeNull();
    }
}
