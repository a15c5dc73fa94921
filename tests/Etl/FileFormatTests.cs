using System.Text;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>The file-level contract: dialects, headers, XLSX, and files refused as a whole.</summary>
public sealed class FileFormatTests
{
    private static readonly SnapshotRow[] ThreeHouseholds = [new("H1"), new SnapshotRow("H2").Poor(), new("H3")];

    [Theory]
    [InlineData(';', true, "\r\n", true)]
    [InlineData(',', false, "\n", false)]
    [InlineData(';', false, "\n", false)]
    [InlineData(',', true, "\r\n", true)]
    public void Should_load_csv_in_every_accepted_dialect(char delimiter, bool bom, string newline, bool vietnamese)
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), ThreeHouseholds, delimiter, vietnamese, bom, newline);
        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Loaded);
        result.RowsLoaded.ShouldBe(3);
        mart.Scalar<string>("SELECT group_name FROM geo_year").ShouldBe("Tổ dân phố Nhân Vinh");
        mart.Scalar<string>("SELECT status FROM fact_household_year WHERE household_id = 'H2'").ShouldBe("poor");
    }

    [Fact]
    public void Should_match_headers_case_insensitively_ignoring_spaces_in_any_order()
    {
        using var mart = new TestMart();
        var row = new SnapshotRow("H1");
        var columns = SnapshotRow.Columns.Reverse().ToArray();
        var text = string.Join(",", columns.Select(c => "  " + c.ToUpperInvariant() + " ")) + "\n" +
                   string.Join(",", columns.Select(c => SnapshotCsv.Quote(row.Cells[c], ','))) + "\n";
        mart.LoadText("s.csv", text).RowsLoaded.ShouldBe(1);
    }

    [Fact]
    public void Should_ignore_unknown_columns_with_one_warning()
    {
        using var mart = new TestMart();
        var row = new SnapshotRow("H1");
        var text = string.Join(",", SnapshotRow.Columns) + ",ghi_chu,extra\n" +
                   string.Join(",", SnapshotRow.Columns.Select(c => SnapshotCsv.Quote(row.Cells[c], ','))) + ",note,1\n";
        var result = mart.LoadText("s.csv", text);
        result.RowsLoaded.ShouldBe(1);
        result.Warnings.ShouldHaveSingleItem().En.ShouldBe("ignored columns not in the contract: ghi_chu, extra");
    }

    [Fact]
    public void Should_refuse_a_file_missing_a_required_column_and_load_nothing()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), ThreeHouseholds, omit: ["members"]);
        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldBe("required column missing: members (so_nhan_khau) — a snapshot file needs every column of the contract");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(0);
        mart.Rejects(row: null).ShouldHaveSingleItem().Column.ShouldBe("members");
        mart.Scalar<string>("SELECT outcome FROM etl_load").ShouldBe("refused");
    }

    [Fact]
    public void Should_refuse_a_file_without_a_flag_column_its_standard_needs()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), ThreeHouseholds, omit: ["lack_information"]);
        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldBe("column lack_information is missing; Decree 07/2021/NĐ-CP (review years 2021–2026) needs it and the file has rows for 2024");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(0);
    }

    [Fact]
    public void Should_accept_a_2027_file_without_the_information_column()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new SnapshotRow("H1", 2027)], omit: ["lack_information"]);
        mart.Runner.LoadFile(path).RowsLoaded.ShouldBe(1);
    }

    [Theory]
    [InlineData("a,b,c\n1,2,3\n", "not a file of the input contract")]
    [InlineData("", "the file is empty")]
    [InlineData("\n\nreview_year\n", "the file is empty or starts with a blank line")]
    public void Should_refuse_files_that_are_not_contract_tables(string content, string reason)
    {
        using var mart = new TestMart();
        var result = mart.LoadText("x.csv", content);
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldContain(reason);
    }

    [Fact]
    public void Should_refuse_a_binary_file()
    {
        using var mart = new TestMart();
        var path = mart.Folder.File("x.csv");
        File.WriteAllBytes(path, [0x50, 0x4B, 0x03, 0x04, 0x00, 0x00, 0xFF, 0x10]);
        mart.Runner.LoadFile(path).Message.ShouldNotBeNull().En.ShouldContain("binary");
    }

    [Fact]
    public void Should_refuse_a_header_that_names_one_column_twice()
    {
        using var mart = new TestMart();
        var header = string.Join(",", SnapshotRow.Columns) + ",so_nhan_khau";
        var result = mart.LoadText("x.csv", header + "\n");
        result.Message.ShouldNotBeNull().En.ShouldContain("both give members");
    }

    [Fact]
    public void Should_name_the_first_missing_cell_by_its_contract_column()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new("H1"), new("H2")]);
        var lines = File.ReadAllLines(path);
        lines[2] = string.Join(",", lines[2].Split(',').Take(10));
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        mart.Runner.LoadFile(path).RowsLoaded.ShouldBe(1);
        mart.Rejects(row: 3).ShouldHaveSingleItem().Column.ShouldBe("income_per_capita_month");
    }

    [Fact]
    public void Should_refuse_a_file_with_old_mac_line_ends()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new("H1"), new("H2")], newline: "\r");
        mart.Runner.LoadFile(path).Message.ShouldNotBeNull().En.ShouldContain("CR only");
    }

    [Fact]
    public void Should_warn_about_a_headerless_column_in_the_middle()
    {
        using var mart = new TestMart();
        var row = new SnapshotRow("H1");
        var text = "note_free," + string.Join(",", SnapshotRow.Columns).Replace("members,", ",members,") + "\n" +
                   "x," + string.Join(",", SnapshotRow.Columns.Select(c => SnapshotCsv.Quote(row.Cells[c], ','))).Replace(",4,5000000,", ",something,4,5000000,") + "\n";
        var result = mart.LoadText("s.csv", text);
        result.RowsLoaded.ShouldBe(1);
        result.Warnings.Select(w => w.En).ShouldBe(["ignored column not in the contract: note_free", "column 11 has no header; its values (1 row) were ignored"]);
    }

    [Fact]
    public void Should_refuse_other_file_types()
    {
        using var mart = new TestMart();
        mart.LoadText("x.xls", "whatever").Message.ShouldNotBeNull().En.ShouldContain("save it as .csv (UTF-8) or .xlsx");
    }

    [Fact]
    public void Should_number_rows_as_file_lines_across_blank_lines_and_unreadable_rows()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new("H1"), new("H2"), new("H3"), new("H4")]);
        var lines = File.ReadAllLines(path).ToList();
        lines.Insert(2, "");                                         // line 3 blank
        lines[3] += ",extra";                                        // line 4 (H2) too many cells
        lines.Insert(5, "");                                         // line 6 blank; H4 moves to line 7
        lines[6] = lines[6].Replace(",H4,4,", ",H4,0,");            // H4: members 0
        File.WriteAllText(path, string.Join("\n", lines) + "\n");

        var result = mart.Runner.LoadFile(path);
        result.RowsLoaded.ShouldBe(2);
        mart.Rejects(row: 4).ShouldHaveSingleItem().Reason.ShouldContain("more cells than the header");

        mart.Rejects(row: 7).ShouldHaveSingleItem().Column.ShouldBe("members");
        mart.Rows("SELECT household_id, source_row FROM fact_household_year ORDER BY 1")
            .Select(r => $"{r[0]}@{r[1]}").ShouldBe(["H1@2", "H3@5"]);
    }

    [Fact]
    public void Should_number_rows_as_file_lines_after_values_with_line_breaks()
    {
        using var mart = new TestMart();
        var rows = new[]
        {
            new SnapshotRow("H1"),
            new SnapshotRow("H2\nb"),                                              // lines 3-4
            new SnapshotRow("H3").With("members", "x"),                             // line 5
            new SnapshotRow("H4\n\nb"),                                            // lines 6-8
            new SnapshotRow("H5").With("members", "0"),                             // line 9
        };
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), rows);
        var lines = File.ReadAllText(path).Split('\n').ToList();
        lines.Insert(lines.Count - 1, "");                                          // blank line 10
        lines.Insert(lines.Count - 1, string.Join(",", Enumerable.Repeat("1", 3))); // line 11: too few cells
        File.WriteAllText(path, string.Join("\n", lines));
        File.AppendAllText(path, string.Join(",", SnapshotRow.Columns.Select(c => SnapshotCsv.Quote(new SnapshotRow("H6").Cells[c], ','))) + "\n");

        mart.Runner.LoadFile(path);
        mart.Rejects(row: 5).ShouldHaveSingleItem().Column.ShouldBe("members");
        mart.Rejects(row: 9).ShouldHaveSingleItem().Column.ShouldBe("members");
        mart.Rejects(row: 11).ShouldHaveSingleItem().Reason.ShouldContain("fewer cells");
        mart.Rows("SELECT household_id, source_row FROM fact_household_year ORDER BY 1")
            .Select(r => $"{r[0]}@{r[1]}").ShouldBe(["H1@2", "H2\nb@3", "H4\n\nb@6", "H6@12"]);
    }

    [Fact]
    public void Should_reject_a_row_that_is_not_utf8_and_keep_the_others()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new("H1"), new("H2"), new("H3")]);
        var bytes = File.ReadAllBytes(path).ToList();
        var third = Encoding.UTF8.GetBytes(",H2,");
        var at = IndexOf(bytes, third);
        bytes.InsertRange(at + 1, [0xC3, 0x28]);                        // an invalid sequence inside H2's id
        File.WriteAllBytes(path, bytes.ToArray());

        var result = mart.Runner.LoadFile(path);
        result.RowsLoaded.ShouldBe(2);
        mart.Rejects(row: 3).ShouldHaveSingleItem().Reason.ShouldContain("not valid UTF-8");
    }

    [Fact]
    public void Should_load_xlsx_like_csv_with_excel_row_numbers()
    {
        using var mart = new TestMart();
        var rows = new List<SnapshotRow> { new("H1"), new SnapshotRow("H2").With("members", "0"), new SnapshotRow("H3").Poor() };
        var sheet = rows.Select(r => SnapshotRow.Columns.ToDictionary(c => c, c => (object?)Typed(r.Cells[c]))).ToList();
        var path = mart.Folder.File("s.xlsx");
        MiniExcel.SaveAs(path, sheet);

        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Loaded);
        result.RowsLoaded.ShouldBe(2);
        mart.Rejects(row: 3).ShouldHaveSingleItem().Column.ShouldBe("members");
        mart.Scalar<string>("SELECT status FROM fact_household_year WHERE household_id = 'H3'").ShouldBe("poor");
        mart.Scalar<long>("SELECT income_per_capita_month FROM fact_household_year WHERE household_id = 'H3'").ShouldBe(1_200_000);
    }

    [Fact]
    public void Should_number_xlsx_rows_across_a_blank_row()
    {
        using var mart = new TestMart();
        var rows = new List<SnapshotRow> { new("H1"), new SnapshotRow("H2").With("members", "0") };
        var sheet = rows.Select(r => SnapshotRow.Columns.ToDictionary(c => c, c => (object?)Typed(r.Cells[c]))).ToList();
        sheet.Insert(1, SnapshotRow.Columns.ToDictionary(c => c, _ => (object?)null));
        var path = mart.Folder.File("s.xlsx");
        MiniExcel.SaveAs(path, sheet);

        var result = mart.Runner.LoadFile(path);
        result.RowsLoaded.ShouldBe(1);
        result.RowsRead.ShouldBe(2);
        mart.Rejects(row: 4).ShouldHaveSingleItem().Column.ShouldBe("members");
    }

    [Fact]
    public void Should_warn_about_xlsx_values_under_no_header()
    {
        using var mart = new TestMart();
        var path = mart.Folder.File("s.xlsx");
        var header = SnapshotRow.Columns.Select((c, i) => (Key: $"k{i}", Value: (object?)c)).ToDictionary(h => h.Key, h => h.Value);
        header["extra"] = null;
        var rows = new List<Dictionary<string, object?>>
        {
            header,
            ToRow(new SnapshotRow("H1"), null),
            ToRow(new SnapshotRow("H2"), "stray"),
        };
        MiniExcel.SaveAs(path, rows, printHeader: false);

        var result = mart.Runner.LoadFile(path);
        result.RowsLoaded.ShouldBe(2);
        result.Warnings.Select(w => w.En).ShouldBe(["column 36 has no header; its values (1 row) were ignored"]);

        static Dictionary<string, object?> ToRow(SnapshotRow r, object? extra)
        {
            var d = SnapshotRow.Columns.Select((c, i) => (Key: $"k{i}", Value: Typed(r.Cells[c]))).ToDictionary(x => x.Key, x => x.Value);
            d["extra"] = extra;
            return d;
        }
    }

    [Fact]
    public void Should_refuse_a_corrupt_xlsx()
    {
        using var mart = new TestMart();
        var result = mart.LoadText("s.xlsx", "this is not a zip file");
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldContain("cannot be read");
    }

    // Numbers go into the workbook as numbers, as Excel users type them.
    private static object? Typed(string value) =>
        value.Length == 0 ? null : long.TryParse(value, out var n) ? n : value;

    private static int IndexOf(List<byte> haystack, byte[] needle)
    {
        for (var i = 0; i <= haystack.Count - needle.Length; i++)
            if (needle.Select((b, j) => haystack[i + j] == b).All(x => x)) return i;
        return -1;
    }
}

public sealed class FileNameTests
{
    [Theory]
    [InlineData("w*.csv")]
    [InlineData("w[1].csv")]
    [InlineData("w?.csv")]
    [InlineData("hộ {2024} 'v2'.csv")]
    public void Should_load_exactly_the_named_file_even_when_its_name_looks_like_a_pattern(string name)
    {
        using var mart = new TestMart();
        SnapshotCsv.Write(mart.Folder.File("w1.csv"), [new SnapshotRow("OTHER1"), new SnapshotRow("OTHER2")]);
        var path = SnapshotCsv.Write(mart.Folder.File(name), [new SnapshotRow("MINE")]);
        var result = mart.Runner.LoadFile(path);
        result.RowsRead.ShouldBe(1);
        mart.Rows("SELECT household_id FROM fact_household_year").ShouldHaveSingleItem()[0].ShouldBe("MINE");
    }
}

public sealed class UnreadableCsvTests
{
    [Fact]
    public void Should_refuse_a_csv_the_reader_cannot_split_into_rows()
    {
        using var mart = new TestMart();
        var path = SnapshotCsv.Write(mart.Folder.File("s.csv"), [new SnapshotRow("H1").With("ward_name", "WARD"), new("H2")]);
        // An unquoted CRLF pair in a file whose lines end with LF alone.
        File.WriteAllText(path, File.ReadAllText(path).Replace("WARD", "Phường\r\n\r\nDị Sử"));
        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldStartWith("the CSV cannot be read as a table");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(0);
    }
}
