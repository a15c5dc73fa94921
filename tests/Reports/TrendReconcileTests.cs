using System.Collections.Concurrent;
using System.Globalization;
using System.Text.RegularExpressions;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Layout;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The trend report on the printed page: every ward and group row reconciles in the flow words of
/// docs/mart.md, the groups add up to the ward, a rural commune reads xã / thôn throughout, and the
/// pages are full and under a heading. On the demo and on an independent 20-ward panel.
/// </summary>
[RunsLong]
public sealed partial class TrendReconcileTests(DemoMartFixture demo, GeneratedPanelFixture panel, TrendReconcileTests.Printed printed)
    : IClassFixture<DemoMartFixture>, IClassFixture<GeneratedPanelFixture>, IClassFixture<TrendReconcileTests.Printed>
{
    /// <summary>
    /// Each trend report of the class built once and printed once, for all its tests: a report is
    /// laid out many times over while it is fitted to its pages, and the panel's twenty are read by
    /// two tests. The marts are not written to, so a report stands for every later build.
    /// </summary>
    public sealed class Printed : IDisposable
    {
        private readonly TempFolder folder = new();
        private readonly ConcurrentDictionary<(string Mart, TrendRequest Request), Lazy<TrendReport>> reports = new();
        private readonly ConcurrentDictionary<TrendReport, Lazy<PdfText>> pdfs = new();

        public TrendReport Report(TestMart mart, TrendRequest request) =>
            reports.GetOrAdd((mart.MartPath, request), _ => new(() => TrendReport.Build(mart.Connection, mart.Clock, request))).Value;

        public PdfText Pdf(TrendReport report) =>
            report == DemoMartFixture.Trend2021To2024 ? DemoMartFixture.Pdf(report)
            : pdfs.GetOrAdd(report, r => new(() => PdfText.Read(ReportFiles.Write(r, ReportFormat.Pdf, folder.File(Guid.NewGuid().ToString("N"))).Single()))).Value;

        public void Dispose() => folder.Dispose();
    }

    private TrendReport Demo(int from, int to) =>
        (from, to) == (2021, 2024) ? DemoMartFixture.Trend2021To2024 : printed.Report(demo.Mart, new TrendRequest(from, to, DemoMartFixture.Ward));

    private TrendReport Panel(string ward) => printed.Report(panel.Mart, new TrendRequest(2022, 2025, ward));

    [Fact]
    public void Should_reconcile_every_printed_ward_and_group_row_of_the_demo_with_the_marts_flows()
    {
        var report = Demo(2021, 2024);
        var rows = CheckPrinted(report, printed.Pdf(report));

        rows.Count(r => r.HasFlows).ShouldBe(3 * 10, "2022–2024 for the ward and its nine groups");
        // The issue's example: Phan Bôi 2023 had 6 poor at the start, 3 escaped and 1 poor household moved in.
        rows.Single(r => r.Caption == "Tổ dân phố Phan Bôi" && r.Year == 2023).ToString().ShouldEndWith("2023: 6 − 3 + 0 + 0 + 1 − 0 = 4");
        var mart = demo.Mart.Rows("""
            SELECT group_name, review_year, poor_start, escaped, newly_poor + near_poor_to_poor, re_poor, entered_poor, left_poor, poor
            FROM v_group_year WHERE ward_code = 'DISU' AND prev_year IS NOT NULL
            """);
        mart.Count.ShouldBe(27);
        foreach (var m in mart)
        {
            var printed = rows.Single(r => r.Caption == (string)m[0]! && r.Year == Convert.ToInt32(m[1], CultureInfo.InvariantCulture));
            new long?[] { printed.Start, printed.Escaped, printed.NewPoor, printed.RePoor, printed.Entered, printed.Left, printed.End }
                .ShouldBe(m[2..].Select(v => (long?)Convert.ToInt64(v, CultureInfo.InvariantCulture)).ToArray(), printed.ToString());
        }
    }

    [Fact]
    public void Should_reconcile_every_printed_row_of_every_ward_of_a_generated_panel_with_rural_communes()
    {
        var kinds = panel.WardKinds();
        kinds.Count.ShouldBe(GeneratedPanelFixture.Wards);
        kinds.ShouldContain(k => !k.Urban, "the panel has rural communes");
        kinds.ShouldContain(k => k.Urban, "the panel has urban wards");

        var all = new List<PrintedYearRow>();
        foreach (var (code, _) in kinds)
        {
            var report = Panel(code);
            all.AddRange(CheckPrinted(report, printed.Pdf(report)));
        }

        all.Count(r => r.HasFlows).ShouldBe(GeneratedPanelFixture.Wards * 3 * (1 + 3), "2023–2025 for each ward and its three groups");
        // Households moving in and out are printed, so the rows that need them to reconcile do.
        all.ShouldContain(r => r.Table > 1 && r.Entered > 0);
        all.ShouldContain(r => r.Table > 1 && r.Left > 0);
    }

    [Fact]
    public void Should_say_xa_and_thon_throughout_a_rural_communes_trend_report()
    {
        var commune = panel.WardKinds().First(k => !k.Urban).Code;
        var report = Panel(commune);
        var text = printed.Pdf(report).Flow;

        report.Model.Ward.Urban.ShouldBeFalse();
        text.ShouldNotContain("phường", Case.Insensitive);
        text.ShouldNotContain("tổ dân phố", Case.Insensitive);
        text.ShouldNotContain("ba tổ", Case.Insensitive);
        text.ShouldContain("IV. Diễn biến theo thôn");
        text.ShouldContain("Toàn xã");
        text.ShouldContain("Bảng 5. Nghèo đa chiều (Alkire–Foster) theo thôn");
        foreach (var sheet in report.Sheets)
        {
            foreach (var header in sheet.Headers)
            {
                UrbanWord().IsMatch(header).ShouldBeFalse($"sheet {sheet.Name}: {header}");
            }
        }
    }

    [Fact]
    public void Should_leave_no_page_more_than_half_empty_on_the_demo_and_every_ward_of_the_panel()
    {
        var reports = new[] { (2021, 2024), (2021, 2023), (2023, 2024), (2024, 2024) }
            .Select(r => Demo(r.Item1, r.Item2))
            .Concat(panel.WardKinds().Select(k => Panel(k.Code)));
        var layouts = reports.Select(r => (r.FileStem, Fills: Fills(r))).ToList();
        string Show((string Stem, List<double> Fills) l) => $"{l.Stem}: {string.Join(" ", l.Fills.Select(f => f.ToString("P0", CultureInfo.InvariantCulture)))}";

        layouts.ShouldAllBe(l => l.Fills.Count > 1, string.Join("\n", layouts.Select(Show)));
        layouts.Where(l => l.Fills.Any(f => f < 0.5)).Select(Show).ShouldBeEmpty(string.Join("\n", layouts.Select(Show)));
    }

    [Fact]
    public void Should_open_every_page_under_a_heading_the_page_continues()
    {
        var commune = panel.WardKinds().First(k => !k.Urban).Code;
        foreach (var report in new[] { Demo(2021, 2024), Panel(commune) })
        {
            var pdf = printed.Pdf(report);
            pdf.Pages.Count.ShouldBeGreaterThan(2, report.FileStem);
            var continued = 0;
            for (var page = 2; page <= pdf.Pages.Count; page++)
            {
                var first = pdf.Pages[page - 1][1];
                first.ShouldMatch(@"^(I|II|III|IV|V)\. ", $"{report.FileStem}, the first line under the running header of page {page}");
                continued += first.EndsWith(" (tiếp theo)", StringComparison.Ordinal) ? 1 : 0;
            }
            continued.ShouldBeGreaterThan(0, $"{report.FileStem}: a section runs onto another page and says so");
        }
    }

    [Fact]
    public void Should_draw_every_flow_in_its_word_with_decreases_signed_below_the_axis()
    {
        var report = Demo(2021, 2024);
        var pdf = printed.Pdf(report);
        var chart = pdf.Pages.Select(p => string.Join("\n", p)).Single(p => p.Contains("Biểu đồ 2.", StringComparison.Ordinal));

        foreach (var word in new[] { FlowWords.NewPoor, FlowWords.RePoor, FlowWords.Entered, FlowWords.Escaped, FlowWords.Left })
            chart.ShouldContain(word);
        chart.ShouldNotContain("Cận nghèo thành nghèo");
        // The tick labels below zero carry a minus sign, as the bars' totals do.
        var totals = report.Model.WardYears.Where(y => y.HasFlows).Select(y => "−" + VietnameseNumbers.Count(y.Decreases)).ToHashSet();
        chart.Split(' ', '\n').Where(w => NegativeNumber().IsMatch(w)).Except(totals).ShouldNotBeEmpty(chart);
        var ward2022 = report.Model.WardYears.Single(y => y.Year == 2022);
        chart.ShouldContain("−" + VietnameseNumbers.Count(ward2022.Escaped!.Value + ward2022.Left!.Value));
        chart.ShouldContain("+" + VietnameseNumbers.Count(ward2022.NewPoor!.Value + ward2022.RePoor!.Value + ward2022.Entered!.Value));
    }

    [Fact]
    public void Should_leave_out_the_priority_columns_no_group_has_and_say_why()
    {
        // No forecast runs from 2024 in the demo: no expected rate and no re-poverty risk to show.
        var without = Demo(2021, 2024);
        var text = printed.Pdf(without);
        var header = text.Pages.SelectMany(p => p).First(l => l.StartsWith("Hạng ", StringComparison.Ordinal));
        header.ShouldNotContain("Dự kiến");
        header.ShouldNotContain("Nguy cơ");
        text.Flow.ShouldContain("Chưa có dự báo từ kết quả rà soát năm 2024 nên bảng không có cột dự kiến tỷ lệ hộ nghèo và nguy cơ tái nghèo");
        text.Pages.SelectMany(p => p).Where(l => PriorityRow().IsMatch(l)).ShouldAllBe(l => !l.Contains('—'));

        // The forecast from 2023 fills them, and nothing is said.
        var with = Demo(2021, 2023);
        var filled = printed.Pdf(with);
        var first = demo.Mart.Rows("""
            SELECT group_name, score, poor_rate, expected_rate, re_poor_risk, m0
            FROM v_priority_groups WHERE ward_code = 'DISU' AND review_year = 2023 AND priority_rank = 1
            """).Single();
        double D(int i) => Convert.ToDouble(first[i], CultureInfo.InvariantCulture);
        var row = string.Join(' ', "1", (string)first[0]!, D(1).ToString("0.0", VietnameseNumbers.Culture),
            VietnameseNumbers.Rate(D(2)), VietnameseNumbers.Rate(D(3)), VietnameseNumbers.Rate(100 * D(4), 1), D(5).ToString("0.0000", VietnameseNumbers.Culture)) + " ";
        filled.Pages.SelectMany(p => p).ShouldContain(l => l.StartsWith(row, StringComparison.Ordinal), row);
        filled.Flow.ShouldNotContain("Chưa có dự báo");
        // Forecast figures name their model, and its caveat is printed beside them.
        with.Provenance.ModelId.ShouldBe(demo.Forecast.ModelId);
        filled.Flow.ShouldContain(demo.Mart.Scalar<string>("SELECT caveat FROM dim_model WHERE model_id = ?", demo.Forecast.ModelId)!);
    }

    /// <summary>
    /// The year tables as printed: one per group after the ward's, each with its years; every row
    /// with flows reconciles, its rate is its printed counts', and the groups add up to the ward.
    /// </summary>
    private static List<PrintedYearRow> CheckPrinted(TrendReport report, PdfText pdf)
    {
        var model = report.Model;
        var rows = PrintedYearRow.Read(pdf, model.Groups.Count + 1).ToList();
        var name = model.Ward.Code;
        rows.Select(r => r.Table).Distinct().ShouldBe(Enumerable.Range(1, model.Groups.Count + 1), name);
        rows.Where(r => r.Table == 1).Select(r => r.Year).ShouldBe(model.WardYears.Select(y => y.Year), name);
        foreach (var (group, i) in model.Groups.Select((g, i) => (g, i)))
        {
            var printed = rows.Where(r => r.Table == i + 2).ToList();
            printed.ShouldAllBe(r => r.Caption == group.Name, name);
            printed.Select(r => r.Year).ShouldBe(group.Years.Select(y => y.Year), $"{name} {group.Name}");
        }
        var firstRound = model.LoadedYears[0];
        foreach (var row in rows)
        {
            row.HasFlows.ShouldBe(row.Year != firstRound, row.ToString());
            if (row.HasFlows)
                row.Reconciled.ShouldBe(row.End, $"{name}: {row}");
            row.Rate.ShouldBe(row.Households == 0 ? "—" : VietnameseNumbers.Rate(100.0 * row.End / row.Households), row.ToString());
        }
        foreach (var year in rows.Where(r => r.Table == 1 && r.HasFlows))
        {
            var groups = rows.Where(r => r.Table > 1 && r.Year == year.Year).ToList();
            long Sum(Func<PrintedYearRow, long?> cell) => groups.Sum(g => cell(g) ?? 0);
            new[] { Sum(r => r.Households), Sum(r => r.Start), Sum(r => r.Escaped), Sum(r => r.NewPoor), Sum(r => r.RePoor), Sum(r => r.Entered), Sum(r => r.Left), Sum(r => r.End) }
                .ShouldBe(new[] { year.Households, year.Start!.Value, year.Escaped!.Value, year.NewPoor!.Value, year.RePoor!.Value, year.Entered!.Value, year.Left!.Value, year.End },
                    $"{name} {year.Year}: the groups add up to the ward");
        }
        return rows;
    }

    /// <summary>How full each page's body is, as the paginator lays the report out.</summary>
    private static List<double> Fills(TrendReport report)
    {
        using var typesetter = new Typesetter(ReportFonts.Shared);
        var page = report.Page;
        var pages = PdfWriter.Paginate(report.Compose().SelectMany(b => b.Layout(typesetter, page.BodyWidth)).ToList(), page);
        return pages.Select(p => (double)((p[^1].Top + p[^1].Fragment.Height - page.BodyTop) / (page.BodyBottom - page.BodyTop))).ToList();
    }

    [GeneratedRegex(@"^\d Tổ dân phố ")]
    private static partial Regex PriorityRow();

    [GeneratedRegex(@"^−\d+$")]
    private static partial Regex NegativeNumber();

    [GeneratedRegex(@"\btổ\b|phường", RegexOptions.IgnoreCase)]
    private static partial Regex UrbanWord();
}
