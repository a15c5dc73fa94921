using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forms;
using DiSu.Analytics.Reports.Layout;
using DiSu.Analytics.Tests.Support;
using DuckDB.NET.Data;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The forms' XLSX an officer edits and forwards, read back below any spreadsheet library: each
/// table laid out as the form of Circular 07/2021 (merged header of three levels, column numbers,
/// sections I and II, Tổng cộng, the note, the signature blocks), printed A4 landscape one page
/// wide with the header repeated; every number the model's and v_form_summary's, in its cell with
/// its format; every printed row reconciling; values only. On the demo ward and on a generated
/// 20-ward province with urban wards and rural communes.
/// </summary>
[RunsLong]
public sealed class FormsWorkbookTests(DemoMartFixture demo, GeneratedPanelFixture panel, ITestOutputHelper output)
    : IClassFixture<DemoMartFixture>, IClassFixture<GeneratedPanelFixture>, IDisposable
{
    private const int LastColumn = 18;
    private readonly TempFolder folder = new();

    [Fact]
    public void Should_lay_out_each_table_as_the_form_with_its_merged_header_and_column_numbers()
    {
        var (model, path) = DemoForms();
        var book = LaidOutBook.Read(path);

        book.Sheets.Select(s => s.Name).ShouldBe(["Hộ nghèo", "Hộ cận nghèo", "Nguồn số liệu"]);
        foreach (var (sheet, poor) in new[] { (book["Hộ nghèo"], true), (book["Hộ cận nghèo"], false) })
        {
            output.WriteLine(sheet.Name);
            output.WriteLine(sheet.Grid(LastColumn));
            var word = poor ? "nghèo" : "cận nghèo";
            sheet.Merges.Distinct().Count().ShouldBe(sheet.Merges.Count);
            new[] { "A1:R1", "A2:R2", "A3:R3", "A5:A7", "B5:B7", "C5:D6", "E5:H6", "I5:N5", "I6:J6", "K6:L6", "M6:N6", "O5:R6" }
                .ShouldBeSubsetOf(sheet.Merges);
            sheet.Cell("A1").Text.ShouldBe("(Kèm theo Công văn/Quyết định số …… ngày …… của ……)");
            sheet.Cell("A2").Text.ShouldBe($"TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ {word.ToUpperInvariant()} NĂM 2024");
            sheet.Cell("A2").Bold.ShouldBeTrue();
            sheet.Cell("A3").Text.ShouldBe("(Cấp xã: Phường Dị Sử, tỉnh Hưng Yên)");
            var header = new Dictionary<string, string>
            {
                ["A5"] = "STT", ["B5"] = "Đơn vị", ["C5"] = "Tổng số hộ dân cư", ["C7"] = "Số hộ", ["D7"] = "Trong đó hộ DTTS",
                ["E5"] = $"Hộ {word} đầu năm theo Quyết định phê duyệt", ["E7"] = "Số hộ", ["F7"] = "Tỷ lệ %", ["G7"] = "Số hộ DTTS", ["H7"] = "Tỷ lệ %",
                ["I5"] = "Diễn biến trong năm", ["I6"] = $"Số hộ thoát {word}", ["K6"] = $"Số hộ tái {word}", ["M6"] = $"Số hộ {word} phát sinh",
                ["I7"] = "Số hộ", ["J7"] = "Tỷ lệ %", ["K7"] = "Số hộ", ["L7"] = "Tỷ lệ %", ["M7"] = "Số hộ", ["N7"] = "Tỷ lệ %",
                ["O5"] = $"Hộ {word} cuối năm", ["O7"] = "Số hộ", ["P7"] = "Tỷ lệ %", ["Q7"] = "Số hộ DTTS", ["R7"] = "Tỷ lệ %",
            };
            foreach (var (reference, text) in header)
            {
                sheet.Cell(reference).Text.ShouldBe(text, reference);
                sheet.Cell(reference).Bold.ShouldBeTrue(reference);
            }
            sheet.Row(8).Select(c => c.Text).ShouldBe(new[] { "A", "B" }.Concat(Enumerable.Range(1, 16).Select(k => $"({k})")));
            // The header's every cell is boxed, merged or not, so the printed grid has no gaps.
            Enumerable.Range(5, 4).SelectMany(r => Enumerable.Range(1, LastColumn).Select(c => LaidOutSheet.ColumnName(c) + r))
                .ShouldAllBe(reference => sheet.Find(reference) != null && sheet.Find(reference)!.Border);
            // Excel does not grow a merged, wrapped cell's row: the header's rows have heights of their own.
            new[] { 5, 6, 7 }.ShouldAllBe(r => sheet.Heights.ContainsKey(r));
        }
        model.Poor.Sections.Select(s => s.Title).ShouldBe(["Khu vực thành thị", "Khu vực nông thôn"]);
    }

    [Fact]
    public void Should_print_on_a4_landscape_one_page_wide_with_the_header_rows_repeated_and_the_print_area_set()
    {
        var (_, path) = DemoForms();
        var book = LaidOutBook.Read(path);

        foreach (var (index, name) in new[] { (0, "Hộ nghèo"), (1, "Hộ cận nghèo") })
        {
            var sheet = book[name];
            sheet.PageSetup["orientation"].ShouldBe("landscape");
            sheet.PageSetup["paperSize"].ShouldBe("9");
            sheet.PageSetup["fitToWidth"].ShouldBe("1");
            sheet.PageSetup["fitToHeight"].ShouldBe("0");
            sheet.FitToPage.ShouldBeTrue();
            book.Names.ShouldContain(new DefinedName("_xlnm.Print_Titles", index, $"'{name}'!$5:$8"));
            var area = book.Names.Single(n => n.Name == "_xlnm.Print_Area" && n.Sheet == index).Value;
            area.ShouldStartWith($"'{name}'!$A$1:$R$");
            var lastPrinted = int.Parse(area[(area.LastIndexOf('$') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
            sheet.Cells.Where(c => c.Text.Length > 0).Max(c => c.Row).ShouldBeLessThanOrEqualTo(lastPrinted, "the signatures print");
            sheet.Cells.ShouldAllBe(c => LaidOutSheet.Parse(c.Reference).Column <= LastColumn, "nothing right of the print area");
        }
    }

    [Fact]
    public void Should_print_every_number_of_the_model_and_of_v_form_summary_in_its_cell_with_its_format_for_the_demo_ward()
    {
        var (model, path) = DemoForms();
        var book = LaidOutBook.Read(path);

        foreach (var table in model.Tables)
        {
            var printed = CheckTable(book[FormsWorkbook.SheetName(table.Class)], table);
            printed.Count(r => r.Kind == "unit").ShouldBe(table.Sections.Sum(s => s.Rows.Count));
            table.Sections[0].Rows.ShouldNotBeEmpty("the demo's groups are urban");
            CheckAgainstView(demo.Mart.Connection, printed, table.Class, "unit_level = 'group' AND ward_code = 'DISU'", 2024);
        }
        // Section II is printed even with no rural group: its line, and a subtotal of zeros with empty rates.
        var sheet = book["Hộ nghèo"];
        var rural = sheet.Text("Cộng khu vực nông thôn").Row;
        sheet.Cell($"A{rural - 1}").Text.ShouldBe("II");
        sheet.Cell($"C{rural}").Number.ShouldBe(0);
        sheet.Cell($"F{rural}").Text.ShouldBe("", "a rate over no households is an empty cell");
    }

    [Fact]
    public void Should_reconcile_every_printed_row_and_add_the_sections_to_the_total_for_a_province_of_urban_wards_and_rural_communes()
    {
        var province = panel.Mart.Scalar<string>("SELECT min(province_code) FROM v_form_summary")!;
        var model = FormsModel.Read(panel.Mart.Connection, FormLevel.Province, province, 2025);
        var path = Write(panel.Mart.Connection, model, "province.xlsx");
        var book = LaidOutBook.Read(path);
        output.WriteLine(book["Hộ cận nghèo"].Grid(LastColumn));

        book["Hộ nghèo"].Cell("A3").Text.ShouldBe($"(Cấp tỉnh: {model.ProvinceName})");
        foreach (var table in model.Tables)
        {
            var printed = CheckTable(book[FormsWorkbook.SheetName(table.Class)], table);
            printed.Count(r => r.Kind == "unit").ShouldBe(GeneratedPanelFixture.Wards);
            table.Sections.ShouldAllBe(s => s.Rows.Count > 0, "urban wards and rural communes");
            CheckAgainstView(panel.Mart.Connection, printed, table.Class, $"unit_level = 'ward' AND province_code = '{province}'", 2025);
            printed.Where(r => r.Kind == "unit").Sum(r => r.Counts[13]!.Value).ShouldBeGreaterThan(0L);
        }
        LaidOutBook.PartsWithFormulas(path).ShouldBeEmpty("values only: an edited cell never changes a filed total");
    }

    [Fact]
    public void Should_hold_values_only_with_text_guarded_and_the_signature_blocks_under_the_note()
    {
        var (model, path) = DemoForms();
        var book = LaidOutBook.Read(path);

        LaidOutBook.PartsWithFormulas(path).ShouldBeEmpty();
        foreach (var name in new[] { "Hộ nghèo", "Hộ cận nghèo" })
        {
            var sheet = book[name];
            sheet.Cells.Where(c => c.Type is not null).ShouldAllBe(c => !c.Text.StartsWith('='));
            var total = sheet.Text("Tổng cộng").Row;
            var note = sheet.Text("Ghi chú:").Row;
            note.ShouldBeGreaterThan(total);
            var preparer = sheet.Text("NGƯỜI LẬP BIỂU");
            var committee = sheet.Text("TM. ỦY BAN NHÂN DÂN");
            preparer.Row.ShouldBeGreaterThan(note);
            (preparer.Row, preparer.Column).ShouldBe((committee.Row, "A"), "side by side, the preparer on the left");
            LaidOutSheet.Parse(committee.Reference).Column.ShouldBeGreaterThan(LastColumn / 2);
            sheet.Cell($"{committee.Column}{committee.Row + 1}").Text.ShouldBe("CHỦ TỊCH");
            sheet.Cell($"{committee.Column}{committee.Row + 2}").Text.ShouldBe("(Ký, ghi rõ họ tên, đóng dấu)");
            sheet.Cell($"A{preparer.Row + 1}").Text.ShouldBe("(Ký, ghi rõ họ tên)");
        }
        var provenance = book["Nguồn số liệu"];
        var fields = provenance.Cells.Where(c => c.Column == "A").ToDictionary(c => c.Text, c => provenance.Cell("B" + c.Row).Text);
        fields["Mã nội dung (content hash)"].ShouldBe(ProvenanceOf(demo.Mart.Connection).ContentHash);
        fields["Năm rà soát (review year)"].ShouldBe("2024");
        fields["Đơn vị (unit)"].ShouldBe($"{model.Name} (DISU)");
    }

    [Fact]
    public void Should_say_under_the_table_what_columns_7_and_11_hold_beyond_their_names_and_every_rate_s_denominator()
    {
        var province = panel.Mart.Scalar<string>("SELECT min(province_code) FROM v_form_summary")!;
        var model = FormsModel.Read(panel.Mart.Connection, FormLevel.Province, province, 2025);
        var book = LaidOutBook.Read(Write(panel.Mart.Connection, model, "notes.xlsx"));

        foreach (var table in model.Tables)
        {
            var notes = Notes(book[FormsWorkbook.SheetName(table.Class)]);
            output.WriteLine(string.Join('\n', notes));
            var total = table.Total;
            (total.LeftWard + total.EnteredWard).ShouldBeGreaterThan(0, "the panel's households move in and out");
            notes.ShouldContain("Số hộ đầu năm (cột 3) là kết quả rà soát cuối năm 2024.");
            notes.ShouldContain(n => n.StartsWith("Trên mỗi dòng: cột (13) = cột (3) − cột (7) + cột (9) + cột (11);", StringComparison.Ordinal));
            notes.ShouldContain(n => n.Contains("tính trên tổng số hộ dân cư của đơn vị (cột 1)", StringComparison.Ordinal));
            var escaped = notes.SingleOrDefault(n => n.StartsWith("Cột (7)", StringComparison.Ordinal));
            var newly = notes.SingleOrDefault(n => n.StartsWith("Cột (11)", StringComparison.Ordinal));
            Mentions(escaped, total.LeftWard, "hộ chuyển đi hoặc không còn trong kết quả rà soát");
            Mentions(escaped, total.MovedToOtherGroup, "hộ chuyển sang tổ dân phố, thôn khác");
            Mentions(escaped, total.BecamePoor, "hộ cận nghèo trở thành hộ nghèo");
            Mentions(newly, total.EnteredWard, "hộ chuyển đến hoặc mới tách hộ");
            Mentions(newly, total.MovedFromOtherGroup, "hộ chuyển đến từ tổ dân phố, thôn khác");
            Mentions(newly, total.FromPoor, "hộ nghèo trở thành hộ cận nghèo");
            if (escaped is not null)
                escaped.ShouldStartWith($"Cột (7) ngoài {VietnameseNumbers.Count(total.EscapedInUnit)} hộ thoát");
        }
    }

    [Fact]
    public void Should_cite_the_approved_start_where_a_planner_recorded_one_and_keep_the_row_reconciling()
    {
        using var mart = DemoMartFixture.TrainedCopy();
        var group = mart.Connection.ReadSingle<GroupStart>("""
            SELECT group_code, unit_name, review_start FROM v_form_summary
            WHERE review_year = 2024 AND unit_level = 'group' AND ward_code = 'DISU' AND status_class = 'poor'
            ORDER BY group_code LIMIT 1
            """);
        const string Basis = "Quyết định số 15/QĐ-UBND ngày 10/01/2024 của UBND thị xã";
        mart.Connection.Execute("""
            INSERT INTO form_start VALUES (nextval('seq_form_start'), 2024, 'DISU', ?, 'poor', ?, NULL, ?, 'tests', TIMESTAMPTZ '2024-12-20 08:00:00+00')
            """, group.GroupCode, group.ReviewStart + 2, Basis);
        var model = FormsModel.Read(mart.Connection, FormLevel.Ward, "DISU", 2024);
        var book = LaidOutBook.Read(Write(mart.Connection, model, "approved.xlsx"));

        var sheet = book["Hộ nghèo"];
        CheckTable(sheet, model.Poor);
        var row = sheet.Text(group.UnitName).Row;
        sheet.Cell($"E{row}").Number.ShouldBe(group.ReviewStart + 2, "the approved start is printed");
        var notes = Notes(sheet);
        notes.ShouldContain(n => n.StartsWith($"Số hộ đầu năm (cột 3) của {group.UnitName} theo {Basis}; các đơn vị còn lại theo kết quả rà soát cuối năm 2023", StringComparison.Ordinal));
        notes.ShouldContain(n => n.Contains("2 hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát cuối năm 2023", StringComparison.Ordinal));
        Notes(book["Hộ cận nghèo"]).ShouldContain("Số hộ đầu năm (cột 3) là kết quả rà soát cuối năm 2023.", "the near-poor start was not corrected");
    }

    [Fact]
    public void Should_write_a_report_s_own_workbook_when_it_lays_one_out()
    {
        var (model, _) = DemoForms();
        var provenance = ProvenanceOf(demo.Mart.Connection);
        var report = new LaidOutReport(model, provenance);

        var written = ReportFiles.Write(report, ReportFormat.Xlsx, folder.File("through-report-files")).ShouldHaveSingleItem();

        written.ShouldEndWith("forms-2024-DISU.xlsx");
        using var expected = new MemoryStream();
        FormsWorkbook.Write(model, provenance, expected);
        File.ReadAllBytes(written).ShouldBe(expected.ToArray(), "the report's own workbook, not one sheet per table");
    }

    /// <summary>A report that lays out its workbook and has no plain sheets to fall back on.</summary>
    private sealed class LaidOutReport(FormsModel model, Provenance provenance) : IReport, IWorkbookReport
    {
        public string Kind => "forms";
        public string FileStem => "forms-2024-DISU";
        public DocumentInfo Info => throw new NotSupportedException();
        public PageSetup Page => throw new NotSupportedException();
        public PageDecoration Decoration => throw new NotSupportedException();
        public Provenance Provenance => provenance;
        public IReadOnlyList<DataSheet> Sheets => throw new NotSupportedException("the workbook is laid out by the report");
        public IEnumerable<Block> Compose() => throw new NotSupportedException();
        public void WriteXlsx(Stream output) => FormsWorkbook.Write(model, provenance, output);
    }

    private sealed record GroupStart
    {
        public required string GroupCode { get; init; }
        public required string UnitName { get; init; }
        public long ReviewStart { get; init; }
    }

    /// <summary>One printed row of the table: kind (section, unit, subtotal, total), its labels and columns (1)–(16) (index 1 … 16).</summary>
    private sealed record PrintedRow(int Row, string Kind, string Stt, string Name, long?[] Counts, double?[] Rates, LaidOutCell[] Cells);

    /// <summary>
    /// Reads the table's rows and checks them against the model, row by row in the form's order:
    /// each number in its cell with its format (counts #,##0, rates the fraction under 0.00%, empty
    /// over no households), every row reconciling, subtotals the sum of their rows, Tổng cộng = I + II.
    /// </summary>
    private static List<PrintedRow> CheckTable(LaidOutSheet sheet, FormTable table)
    {
        var printed = new List<PrintedRow>();
        var row = 9;
        foreach (var section in table.Sections)
        {
            var line = Read(sheet, row++, figures: false);
            (line.Stt, line.Name).ShouldBe((section.Number, section.Title));
            line.Cells.Skip(2).ShouldAllBe(c => c.Text == "" && c.Border, "a section's line holds no numbers");
            var stt = 0;
            foreach (var unit in section.Rows)
            {
                var read = Read(sheet, row++, figures: true) with { Kind = "unit" };
                (read.Stt, read.Name).ShouldBe(((++stt).ToString(System.Globalization.CultureInfo.InvariantCulture), unit.UnitName));
                Same(read, unit);
                printed.Add(read);
            }
            var subtotal = Read(sheet, row++, figures: true) with { Kind = "subtotal" };
            subtotal.Name.ShouldBe("Cộng " + section.Title.ToLowerInvariant());
            Same(subtotal, section.Subtotal);
            var units = printed.Where(p => p.Kind == "unit" && p.Row > line.Row).ToList();
            for (var k = 1; k <= 16; k++)
                if (!FormsWorkbook.IsRateColumn(k))
                    subtotal.Counts[k].ShouldBe(units.Sum(u => u.Counts[k]!.Value), $"subtotal {section.Number} column ({k})");
            printed.Add(subtotal);
        }
        var total = Read(sheet, row, figures: true) with { Kind = "total" };
        total.Name.ShouldBe("Tổng cộng");
        total.Cells[1].Bold.ShouldBeTrue();
        Same(total, table.Total);
        var subtotals = printed.Where(p => p.Kind == "subtotal").ToList();
        for (var k = 1; k <= 16; k++)
            if (!FormsWorkbook.IsRateColumn(k))
                total.Counts[k].ShouldBe(subtotals[0].Counts[k] + subtotals[1].Counts[k], $"Tổng cộng = I + II, column ({k})");
        printed.Add(total);
        foreach (var p in printed)
            p.Counts[13].ShouldBe(p.Counts[3] - p.Counts[7] + p.Counts[9] + p.Counts[11], $"row {p.Row} ({p.Name}): (13) = (3) − (7) + (9) + (11)");
        return printed;
    }

    private static PrintedRow Read(LaidOutSheet sheet, int row, bool figures)
    {
        var cells = Enumerable.Range(1, LastColumn).Select(c => sheet.Find(LaidOutSheet.ColumnName(c) + row) ?? throw new ShouldAssertException($"row {row}: no cell in column {c}")).ToArray();
        var counts = new long?[17];
        var rates = new double?[17];
        for (var k = 1; k <= 16; k++)
        {
            var cell = cells[k + 1];
            cell.Border.ShouldBeTrue(cell.Reference);
            if (!figures)
                continue;
            if (FormsWorkbook.IsRateColumn(k))
            {
                cell.Format.ShouldBe("0.00%", cell.Reference);
                rates[k] = cell.IsNumber ? cell.Number : null;
            }
            else
            {
                cell.IsNumber.ShouldBeTrue($"{cell.Reference}: every count is printed, zero included");
                cell.Format.ShouldBe("#,##0", cell.Reference);
                counts[k] = (long)cell.Number;
                cell.Number.ShouldBe(Math.Round(cell.Number), cell.Reference);
            }
        }
        return new PrintedRow(row, "section", cells[0].Text, cells[1].Text, counts, rates, cells);
    }

    /// <summary>The printed row holds the model row's sixteen numbers: counts as they are, rates as fractions, empty when null.</summary>
    private static void Same(PrintedRow printed, FormRow model)
    {
        long[] counts = [model.Households, model.HouseholdsDtts, model.StartHouseholds, 0, model.StartDtts, 0, model.Escaped, 0, model.Returned, 0,
            model.Newly, 0, model.EndHouseholds, 0, model.EndDtts, 0];
        double?[] rates = [null, null, null, model.StartRate, null, model.StartDttsRate, null, model.EscapedRate, null, model.ReturnedRate,
            null, model.NewlyRate, null, model.EndRate, null, model.EndDttsRate];
        for (var k = 1; k <= 16; k++)
        {
            if (FormsWorkbook.IsRateColumn(k))
                printed.Rates[k].ShouldBe(rates[k - 1] / 100, $"{printed.Name} column ({k})");
            else
                printed.Counts[k].ShouldBe(counts[k - 1], $"{printed.Name} column ({k})");
        }
        if (model.Households == 0)
            printed.Rates.ShouldAllBe(r => r == null, "no rate over no households");
    }

    /// <summary>The unit rows equal v_form_summary's own numbers, read here without the model.</summary>
    private static void CheckAgainstView(DuckDBConnection connection, List<PrintedRow> printed, FormClass kind, string where, int year)
    {
        var view = connection.Read<ViewRow>($"""
            SELECT unit_name, households, households_dtts, start_households, start_rate, start_dtts, start_dtts_rate,
                   escaped, escaped_rate, returned, returned_rate, newly, newly_rate, end_households, end_rate, end_dtts, end_dtts_rate
            FROM v_form_summary WHERE review_year = ? AND status_class = ? AND {where}
            """, year, kind == FormClass.Poor ? "poor" : "near_poor");
        var units = printed.Where(p => p.Kind == "unit").ToList();
        view.Count.ShouldBe(units.Count);
        foreach (var v in view)
        {
            var p = units.Single(u => u.Name == v.UnitName);
            new long?[] { p.Counts[1], p.Counts[2], p.Counts[3], p.Counts[5], p.Counts[7], p.Counts[9], p.Counts[11], p.Counts[13], p.Counts[15] }
                .ShouldBe(new long?[] { v.Households, v.HouseholdsDtts, v.StartHouseholds, v.StartDtts, v.Escaped, v.Returned, v.Newly, v.EndHouseholds, v.EndDtts }, v.UnitName);
            new[] { p.Rates[4], p.Rates[6], p.Rates[8], p.Rates[10], p.Rates[12], p.Rates[14], p.Rates[16] }
                .ShouldBe(new[] { v.StartRate, v.StartDttsRate, v.EscapedRate, v.ReturnedRate, v.NewlyRate, v.EndRate, v.EndDttsRate }.Select(r => r / 100).ToArray(), v.UnitName);
        }
    }

    private sealed record ViewRow
    {
        public required string UnitName { get; init; }
        public long Households { get; init; }
        public long HouseholdsDtts { get; init; }
        public long StartHouseholds { get; init; }
        public double? StartRate { get; init; }
        public long StartDtts { get; init; }
        public double? StartDttsRate { get; init; }
        public long Escaped { get; init; }
        public double? EscapedRate { get; init; }
        public long Returned { get; init; }
        public double? ReturnedRate { get; init; }
        public long Newly { get; init; }
        public double? NewlyRate { get; init; }
        public long EndHouseholds { get; init; }
        public double? EndRate { get; init; }
        public long EndDtts { get; init; }
        public double? EndDttsRate { get; init; }
    }

    /// <summary>The note's lines: the column-A texts between "Ghi chú:" and the signatures.</summary>
    private static List<string> Notes(LaidOutSheet sheet)
    {
        var start = sheet.Text("Ghi chú:").Row;
        var end = sheet.Text("NGƯỜI LẬP BIỂU").Row;
        var lines = sheet.Cells.Where(c => c.Column == "A" && c.Row > start && c.Row < end && c.Text.Length > 0).Select(c => c.Text).ToList();
        // Numbered 1., 2., … in order; the lines without their numbers.
        var notes = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            var number = $"{i + 1}. ";
            lines[i].ShouldStartWith(number);
            notes.Add(lines[i][number.Length..]);
        }
        return notes;
    }

    /// <summary>A non-zero count is in the note line with its words; a zero one is not mentioned.</summary>
    private static void Mentions(string? line, long count, string words)
    {
        if (count == 0)
        {
            (line ?? "").ShouldNotContain(words);
            return;
        }
        line.ShouldNotBeNull($"{count} {words}");
        line.ShouldContain($"{VietnameseNumbers.Count(count)} {words}");
    }

    private (FormsModel Model, string Path) DemoForms()
    {
        var model = FormsModel.Read(demo.Mart.Connection, FormLevel.Ward, DemoMartFixture.Ward, 2024);
        return (model, Write(demo.Mart.Connection, model, $"demo-{Guid.NewGuid():N}.xlsx"));
    }

    private static Provenance ProvenanceOf(DuckDBConnection connection) =>
        Provenance.Read(connection, DemoMartFixture.Ward, 2024, null, []);

    private string Write(DuckDBConnection connection, FormsModel model, string name)
    {
        var path = folder.File(name);
        using (var stream = File.Create(path))
            FormsWorkbook.Write(model, ProvenanceOf(connection), stream);
        return path;
    }

    public void Dispose() => folder.Dispose();
}
