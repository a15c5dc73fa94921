using DiSu.Analytics.Mart;
using System.Globalization;
using System.Text;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forms;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The yearly forms as printed: every number on a printed row is the model's (read from
/// v_form_summary), every printed row reconciles ((13) = (3) − (7) + (9) + (11)), Tổng cộng = I + II,
/// the CSV carries the same rows, the near-poor table opens its own page and the signatures close
/// the document; on the demo ward and on the 20-ward generated province.
/// </summary>
public sealed class FormsReportTests(DemoMartFixture demo, GeneratedPanelFixture panel) : IClassFixture<DemoMartFixture>, IClassFixture<GeneratedPanelFixture>
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    private static string Count(long v) => v.ToString("#,0", Vi);

    private static string Rate(double? v) => v is { } r ? r.ToString("F2", Vi) : "–";

    private static FormsReport Build(TestMart mart, FormLevel level, string code, int year) =>
        FormsReport.Build(mart.Connection, mart.Clock, FormsModel.Read(mart.Connection, level, code, year));

    private static PdfText Print(FormsReport report, TempFolder folder) =>
        PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single());

    private string PanelProvince => (string)panel.Mart.Rows("SELECT DISTINCT province_code FROM geo_year WHERE is_current").Single()[0]!;

    public static TheoryData<string> Units => new() { "demo ward", "panel province", "panel rural ward" };

    private FormsReport Report(string unit) => unit switch
    {
        "demo ward" => Build(demo.Mart, FormLevel.Ward, DemoMartFixture.Ward, 2024),
        "panel province" => Build(panel.Mart, FormLevel.Province, PanelProvince, 2024),
        _ => Build(panel.Mart, FormLevel.Ward, panel.WardKinds().First(w => !w.Urban).Code, 2024),
    };

    [Theory]
    [MemberData(nameof(Units))]
    public void Should_print_every_row_of_both_tables_with_the_models_numbers_in_vi_VN(string unit)
    {
        using var folder = new TempFolder();
        var report = Report(unit);
        var pdf = Print(report, folder);

        var (poorPages, nearPages) = Split(pdf);
        Check(report.Model.Poor, PrintedRows(poorPages));
        Check(report.Model.NearPoor, PrintedRows(nearPages));

        static void Check(FormTable table, List<(string Label, string[] Numbers)> printed)
        {
            var expected = Expected(table);
            printed.Count.ShouldBe(expected.Count, string.Join("\n", printed.Select(p => p.Label)));
            for (var i = 0; i < expected.Count; i++)
            {
                printed[i].Label.ShouldNotBeEmpty();
                expected[i].Label.ShouldStartWith(printed[i].Label, customMessage: $"row {i}");
                printed[i].Numbers.ShouldBe(expected[i].Numbers, $"row {expected[i].Label}");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Should_reconcile_every_printed_row_and_print_the_total_as_the_sum_of_the_sections(string unit)
    {
        using var folder = new TempFolder();
        var report = Report(unit);
        var (poorPages, nearPages) = Split(Print(report, folder));

        foreach (var printed in new[] { PrintedRows(poorPages), PrintedRows(nearPages) })
        {
            printed.Count.ShouldBeGreaterThan(3);
            foreach (var (label, numbers) in printed)
            {
                var n = numbers.Select(Number).ToArray();
                // (13) = (3) − (7) + (9) + (11): the columns are 1-based, the array 0-based.
                n[12].ShouldBe(n[2] - n[6] + n[8] + n[10], $"{label}: (13) = (3) − (7) + (9) + (11)");
                if (numbers[3] != "–")
                    n[13].ShouldBe(n[3] - n[7] + n[9] + n[11], 0.021, $"{label}: (14) = (4) − (8) + (10) + (12) up to rounding");
            }
            var subtotals = printed.Where(p => p.Label.StartsWith("Cộng ", StringComparison.Ordinal)).ToList();
            subtotals.Select(s => s.Label).ShouldBe(["Cộng thành thị (I)", "Cộng nông thôn (II)"]);
            var total = printed[^1];
            total.Label.ShouldBe("Tổng cộng");
            foreach (var c in new[] { 0, 1, 2, 4, 6, 8, 10, 12, 14 })
                Number(total.Numbers[c]).ShouldBe(Number(subtotals[0].Numbers[c]) + Number(subtotals[1].Numbers[c]), $"column ({c + 1})");
            // Each section's subtotal is the sum of its printed rows.
            var start = 0;
            foreach (var subtotal in subtotals)
            {
                var end = printed.IndexOf(subtotal);
                foreach (var c in new[] { 0, 1, 2, 4, 6, 8, 10, 12, 14 })
                    Number(subtotal.Numbers[c]).ShouldBe(printed.Skip(start).Take(end - start).Sum(r => Number(r.Numbers[c])), $"{subtotal.Label} ({c + 1})");
                start = end + 1;
            }
        }
    }

    [Fact]
    public void Should_hold_the_views_numbers_for_every_unit_of_the_province_form_with_urban_and_rural_sections()
    {
        var report = Report("panel province");
        var model = report.Model;
        model.Poor.Sections.ShouldAllBe(s => s.Rows.Count > 0, "the panel has urban wards and rural communes");
        (model.Poor.Sections.Sum(s => s.Rows.Count)).ShouldBe(GeneratedPanelFixture.Wards);
        model.Poor.Total.HouseholdsDtts.ShouldBeGreaterThan(0, "rural communes carry ethnic-minority households");
        foreach (var table in model.Tables)
        {
            var cls = table.Class == FormClass.Poor ? "poor" : "near_poor";
            foreach (var row in table.Sections.SelectMany(s => s.Rows))
            {
                var view = panel.Mart.Rows("""
                    SELECT households, households_dtts, start_households, escaped, returned, newly, end_households, end_dtts, area
                    FROM v_form_summary WHERE unit_level = 'ward' AND review_year = 2024 AND ward_code = ? AND status_class = ?
                    """, row.UnitCode, cls).Single();
                new object?[] { row.Households, row.HouseholdsDtts, row.StartHouseholds, row.Escaped, row.Returned, row.Newly, row.EndHouseholds, row.EndDtts, row.Area }
                    .ShouldBe(view.Select(v => v is string ? v : (object)Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray(), $"{row.UnitCode} {cls}");
            }
        }
    }

    [Fact]
    public void Should_open_the_near_poor_table_on_a_page_of_its_own_and_close_with_both_signatures()
    {
        using var folder = new TempFolder();
        // The province form of the demo has one ward: both tables would fit on one page.
        var report = Build(demo.Mart, FormLevel.Province, (string)demo.Mart.Rows("SELECT DISTINCT province_code FROM geo_year").Single()[0]!, 2024);
        var pdf = Print(report, folder);

        pdf.Pages.Count.ShouldBe(2);
        pdf.Page(1).ShouldContain("TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2024");
        pdf.Page(1).ShouldNotContain("RÀ SOÁT HỘ CẬN NGHÈO");
        pdf.Page(2).ShouldContain("TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ CẬN NGHÈO NĂM 2024");
        pdf.Page(1).ShouldContain("(Cấp tỉnh: Tỉnh Hưng Yên)");
        pdf.Page(1).ShouldContain("(Kèm theo Công văn/Quyết định số … ngày … của …)");
        pdf.Page(1).ShouldContain("Phường/xã");
        pdf.Page(1).ShouldNotContain("NGƯỜI LẬP BIỂU");
        pdf.Page(2).ShouldContain("NGƯỜI LẬP BIỂU");
        pdf.Page(2).ShouldContain("TM. ỦY BAN NHÂN DÂN TỈNH");
        pdf.Author.ShouldBe("UBND TỈNH HƯNG YÊN");
        report.FileStem.ShouldBe("forms-2024-33");
    }

    [Fact]
    public void Should_print_the_header_bands_and_column_numbers_of_the_form_and_the_ward_level_line()
    {
        using var folder = new TempFolder();
        var report = Report("demo ward");
        var pdf = Print(report, folder);

        report.FileStem.ShouldBe("forms-2024-DISU");
        pdf.Page(1).ShouldContain("(Cấp xã: Phường Dị Sử, tỉnh Hưng Yên)");
        foreach (var text in new[] { "Tổng số hộ dân cư", "Diễn biến trong năm", "Hộ nghèo cuối năm", "Số hộ thoát nghèo", "Số hộ tái nghèo", "Tổ dân phố/Thôn" })
            pdf.Flow.ShouldContain(text);
        pdf.Pages.ShouldContain(p => p.Contains("A B (1) (2) (3) (4) (5) (6) (7) (8) (9) (10) (11) (12) (13) (14) (15) (16)"));
        var near = pdf.Pages.Select(p => string.Join(" ", p)).ToList().FindIndex(p => p.Contains("HỘ CẬN NGHÈO NĂM 2024", StringComparison.Ordinal));
        string.Join(" ", pdf.Pages[near]).ShouldContain("Số hộ thoát cận");
        string.Join(" ", pdf.Pages[near]).ShouldContain("Số hộ tái cận");
        pdf.Page(pdf.Pages.Count).ShouldContain("NGƯỜI LẬP BIỂU");
        pdf.Page(pdf.Pages.Count).ShouldContain("(Ký, ghi rõ họ tên, đóng dấu)");
    }

    [Fact]
    public void Should_say_in_the_note_what_the_escaped_and_newly_columns_hold_with_only_the_counts_that_are_not_zero()
    {
        using var folder = new TempFolder();
        var report = Report("panel province");
        var (poorPages, nearPages) = Split(Print(report, folder));

        foreach (var (table, pages) in report.Model.Tables.Zip([poorPages, nearPages]))
        {
            var flow = string.Join(" ", pages.SelectMany(p => p));
            var t = table.Total;
            var parts = new (long Count, string Words)[]
            {
                (t.BecamePoor, "hộ cận nghèo trở thành hộ nghèo"), (t.MovedToOtherGroup, "hộ chuyển sang tổ dân phố, thôn khác trong phường, xã"),
                (t.LeftWard, "hộ chuyển đi hoặc không còn trong kết quả rà soát"), (t.FromPoor, "hộ nghèo trở thành hộ cận nghèo"),
                (t.MovedFromOtherGroup, "hộ chuyển đến từ tổ dân phố, thôn khác trong phường, xã"), (t.EnteredWard, "hộ chuyển đến hoặc mới tách hộ"),
            };
            parts.Where(p => p.Count > 0).ShouldNotBeEmpty();
            foreach (var (count, text) in parts)
            {
                if (count > 0)
                    flow.ShouldContain($"{Count(count)} {text}");
                else
                    flow.ShouldNotContain(text);
            }
            // The PDF prints the page's and the XLSX's sentences, numbered.
            foreach (var (line, i) in FormNotes.For(report.Model, table).Select((l, i) => (l, i)))
                flow.ShouldContain($"{i + 1}. {line}");
            flow.ShouldContain("Số hộ đầu năm (cột 3) là kết quả rà soát cuối năm 2023.");
            flow.ShouldNotContain("chênh lệch do số đầu năm");
        }
    }

    [Fact]
    public void Should_name_the_decision_and_the_units_whose_start_was_recorded_as_approved()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var group = (string)mart.Rows("SELECT group_code FROM v_form_summary WHERE review_year = 2024 AND unit_level = 'group' AND ward_code = 'DISU' ORDER BY group_code LIMIT 1").Single()[0]!;
        var reviewed = Convert.ToInt64(mart.Rows("SELECT review_start FROM v_form_summary WHERE review_year = 2024 AND unit_level = 'group' AND ward_code = 'DISU' AND group_code = ? AND status_class = 'poor'", group).Single()[0], CultureInfo.InvariantCulture);
        mart.Connection.Execute("""
            INSERT INTO form_start VALUES (nextval('seq_form_start'), 2024, 'DISU', ?, 'poor', ?, NULL, 'Quyết định số 12/QĐ-UBND ngày 20/01/2024', 'tests', now())
            """, group, reviewed + 2);
        using var folder = new TempFolder();
        var report = Build(mart, FormLevel.Ward, "DISU", 2024);
        var row = report.Model.Poor.Sections.SelectMany(s => s.Rows).Single(r => r.UnitCode == group);
        var flow = Print(report, folder).Flow;

        row.StartSource.ShouldBe("approved");
        flow.ShouldContain($"Số hộ đầu năm (cột 3) của {row.UnitName} theo Quyết định số 12/QĐ-UBND ngày 20/01/2024; các đơn vị còn lại theo kết quả rà soát cuối năm 2023;");
        // Two more at the start than the review found: the form's identity takes them out through column (7).
        row.StartHouseholds.ShouldBe(reviewed + 2);
        row.CorrectionDown.ShouldBe(2);
        flow.ShouldContain($"2 hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát cuối năm 2023 ({row.UnitName}: 2)");
    }

    [Theory]
    [MemberData(nameof(Units))]
    public void Should_write_one_csv_per_table_with_a_row_per_printed_row_holding_the_models_numbers(string unit)
    {
        using var folder = new TempFolder();
        var report = Report(unit);
        var files = ReportFiles.Write(report, ReportFormat.Csv, folder.Path);

        files.Select(Path.GetFileName).ShouldBe([$"{report.FileStem}-Ho-ngheo.csv", $"{report.FileStem}-Ho-can-ngheo.csv", $"{report.FileStem}-provenance.csv"]);
        foreach (var (table, file) in report.Model.Tables.Zip(files))
        {
            var csv = Hostile.ParseCsv(File.ReadAllText(file, Encoding.UTF8));
            var headers = csv[0];
            headers.ShouldContain("Tổng số hộ dân cư: số hộ (1)");
            headers.ShouldContain(h => h.EndsWith("(13)", StringComparison.Ordinal));
            var rows = csv.Skip(1).ToList();
            var expected = new List<(string Line, FormRow? Row)>();
            foreach (var section in table.Sections)
            {
                expected.Add(("Phần", null));
                expected.AddRange(section.Rows.Select(r => ("Đơn vị", (FormRow?)r)));
                expected.Add(("Cộng phần", section.Subtotal));
            }
            expected.Add(("Tổng cộng", table.Total));
            rows.Select(r => r[0]).ShouldBe(expected.Select(e => e.Line));
            foreach (var (cells, (line, row)) in rows.Zip(expected))
            {
                if (row is null) continue;
                if (line == "Đơn vị") cells[2].ShouldBe(row.UnitCode);
                var counts = new[] { row.Households, row.HouseholdsDtts, row.StartHouseholds, row.StartDtts, row.Escaped, row.Returned, row.Newly, row.EndHouseholds, row.EndDtts };
                new[] { 4, 5, 6, 8, 10, 12, 14, 16, 18 }.Select(c => long.Parse(cells[c], CultureInfo.InvariantCulture)).ShouldBe(counts, $"{line} {row.UnitName}");
                var rates = new[] { row.StartRate, row.StartDttsRate, row.EscapedRate, row.ReturnedRate, row.NewlyRate, row.EndRate, row.EndDttsRate };
                foreach (var (c, rate) in new[] { 7, 9, 11, 13, 15, 17, 19 }.Zip(rates))
                {
                    if (rate is null) cells[c].ShouldBe("");
                    else double.Parse(cells[c], CultureInfo.InvariantCulture).ShouldBe(rate.Value, 1e-9);
                }
                var components = new[] { row.EscapedInUnit, row.BecamePoor, row.MovedToOtherGroup, row.LeftWard, row.CorrectionDown, row.NewlyInUnit, row.FromPoor, row.MovedFromOtherGroup, row.EnteredWard, row.CorrectionUp };
                Enumerable.Range(20, 10).Select(c => long.Parse(cells[c], CultureInfo.InvariantCulture)).ShouldBe(components);
                (components[..5].Sum()).ShouldBe(row.Escaped, "the components add up to column (7)");
                (components[5..].Sum()).ShouldBe(row.Newly, "the components add up to column (11)");
            }
        }
    }

    /// <summary>The rows a table should print, in order: units, subtotals, the total (section lines carry no numbers).</summary>
    private static List<(string Label, string[] Numbers)> Expected(FormTable table)
    {
        var rows = new List<(string, string[])>();
        foreach (var section in table.Sections)
        {
            rows.AddRange(section.Rows.Select((r, i) => ($"{i + 1} {r.UnitName}", Numbers(r))));
            rows.Add(($"Cộng {(section.Area == "urban" ? "thành thị" : "nông thôn")} ({section.Number})", Numbers(section.Subtotal)));
        }
        rows.Add(("Tổng cộng", Numbers(table.Total)));
        return rows;
    }

    private static string[] Numbers(FormRow r) =>
    [
        Count(r.Households), Count(r.HouseholdsDtts), Count(r.StartHouseholds), Rate(r.StartRate), Count(r.StartDtts), Rate(r.StartDttsRate),
        Count(r.Escaped), Rate(r.EscapedRate), Count(r.Returned), Rate(r.ReturnedRate), Count(r.Newly), Rate(r.NewlyRate),
        Count(r.EndHouseholds), Rate(r.EndRate), Count(r.EndDtts), Rate(r.EndDttsRate),
    ];

    private static (List<IReadOnlyList<string>> Poor, List<IReadOnlyList<string>> NearPoor) Split(PdfText pdf)
    {
        var near = pdf.Pages.ToList().FindIndex(p => p.Any(l => l.Contains("RÀ SOÁT HỘ CẬN NGHÈO NĂM", StringComparison.Ordinal)));
        near.ShouldBeGreaterThan(0, "the near-poor table opens a page after the poor one");
        return (pdf.Pages.Take(near).ToList(), pdf.Pages.Skip(near).ToList());
    }

    private static bool IsNumber(string token) =>
        token == "–" || System.Text.RegularExpressions.Regex.IsMatch(token, @"^(\d{1,3}(\.\d{3})*|\d+,\d{2})$");

    /// <summary>Lines ending in the 16 numbers of a row: the label before them (its first line, when it wraps) and the numbers as printed.</summary>
    private static List<(string Label, string[] Numbers)> PrintedRows(IEnumerable<IReadOnlyList<string>> pages) =>
        pages.SelectMany(p => p).Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(t => t.Length >= 17 && t[^16..].All(IsNumber))
            .Select(t => (string.Join(' ', t[..^16]), t[^16..])).ToList();

    private static double Number(string printed) =>
        printed == "–" ? 0 : double.Parse(printed.Replace(".", "", StringComparison.Ordinal).Replace(',', '.'), CultureInfo.InvariantCulture);
}
