using System.Text;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>
/// Nothing silently dropped: every data row of a CSV ends loaded or rejected with a reason, under
/// its own row number (the file's line, header = 1), whatever its size, encoding or quoting.
/// </summary>
public sealed class RowAccountingTests
{
    private const string LimitText = "more than the 2,000,000 bytes (2 MB) a CSV row may have";

    [Theory]
    [InlineData(0, 1, false, "\n")]               // the first row, one byte over the limit
    [InlineData(2, 1, false, "\n")]               // a middle row, one byte over
    [InlineData(2, 1, false, "\r\n")]             // the same with Windows line ends
    [InlineData(4, 1, true, "\n")]                // the last row, one byte over, quoted
    [InlineData(2, 33_000_000, true, "\r\n")]     // beyond DuckDB's 32 MB read buffer, quoted, in the middle
    [InlineData(4, 33_000_000, false, "\n")]      // beyond it, unquoted, as the last row
    public void Should_reject_a_row_longer_than_the_limit_and_load_the_others(int index, int overLimit, bool quoted, string newline)
    {
        using var mart = new TestMart();
        var lines = Households(5).Select(Line).ToList();
        lines[index] = RowOfLength(new SnapshotRow($"H{index + 1}"), SourceScan.MaxRowBytes + overLimit, quoted);
        var result = Load(mart, [.. lines.Select(Encoding.UTF8.GetBytes)], newline: newline);

        var row = index + 2;
        Expect(mart, result, loaded: Enumerable.Range(2, 5).Where(r => r != row), rejected: [row]);
        var reject = mart.Rejects(row).ShouldHaveSingleItem();
        reject.Column.ShouldBe("group_name");
        reject.Reason.ShouldContain(LimitText);
        reject.Reason.ShouldContain("shorten that value");
        mart.Scalar<string>("SELECT value FROM etl_reject WHERE row_no = ?", row).ShouldStartWith("2024,33,Hưng Yên,DISU,");
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    public void Should_load_rows_exactly_as_long_as_the_limit(string newline)
    {
        using var mart = new TestMart();
        var lines = Households(4).Select(Line).ToList();
        lines[0] = RowOfLength(new SnapshotRow("H1"), SourceScan.MaxRowBytes, quoted: false);
        lines[2] = RowOfLength(new SnapshotRow("H3"), SourceScan.MaxRowBytes, quoted: true);
        Expect(mart, Load(mart, [.. lines.Select(Encoding.UTF8.GetBytes)], newline: newline), loaded: [2, 3, 4, 5], rejected: []);
    }

    [Fact]
    public void Should_reject_every_line_a_quote_left_open_swallows_past_the_limit()
    {
        using var mart = new TestMart();
        var lines = Households(20_003).Select(Line).ToList();   // about 4 MB after row 4
        lines[2] = lines[2].Replace("Tổ dân phố Nhân Vinh", "\"Tổ dân phố Nhân Vinh", StringComparison.Ordinal);
        var result = Load(mart, lines);

        Expect(mart, result, loaded: [2, 3], rejected: Enumerable.Range(4, 20_001));
        var first = mart.Rejects(4).ShouldHaveSingleItem();
        first.Column.ShouldBe("group_name");
        first.Reason.ShouldStartWith("the row runs over rows 4–20004 (");
        mart.Rejects(20_004).ShouldHaveSingleItem().Reason.ShouldStartWith("this line was read as part of row 4, which runs over rows 4–20004");
        mart.Scalar<string>("SELECT value FROM etl_reject WHERE row_no = 5").ShouldStartWith("2024,33,Hưng Yên,DISU,Phường Dị Sử,TDP01,Tổ dân phố Nhân Vinh,urban,H4,");
    }

    [Fact]
    public void Should_reject_a_row_with_windows_1258_bytes_and_load_the_others()
    {
        using var mart = new TestMart();
        var lines = Households(3).Select(l => Encoding.UTF8.GetBytes(Line(l))).ToList();
        // "Nhân" as Windows-1258 (and Latin-1) writes it: â is the single byte 0xE2.
        lines[1] = [.. Encoding.UTF8.GetBytes(Line(new SnapshotRow("H2")).Replace("Nhân Vinh", "Nh#n Vinh", StringComparison.Ordinal)).Select(b => b == (byte)'#' ? (byte)0xE2 : b)];
        Expect(mart, Load(mart, lines), loaded: [2, 4], rejected: [3]);
        mart.Rejects(3).ShouldHaveSingleItem().Reason.ShouldBe("the row is not valid UTF-8 text; save the file as 'CSV UTF-8' and load it again");
    }

    [Fact]
    public void Should_load_every_row_of_a_file_with_a_utf8_bom()
    {
        using var mart = new TestMart();
        var lines = Households(3).Select(l => Encoding.UTF8.GetBytes(Line(l))).ToList();
        Expect(mart, Load(mart, lines, preamble: [0xEF, 0xBB, 0xBF]), loaded: [2, 3, 4], rejected: []);
    }

    [Fact]
    public void Should_reject_a_row_with_a_nul_byte_in_a_field()
    {
        using var mart = new TestMart();
        var lines = Households(3).Select(Line).ToList();
        lines[1] = lines[1].Replace(",H2,", ",H\02,", StringComparison.Ordinal);
        Expect(mart, Load(mart, lines), loaded: [2, 4], rejected: [3]);
        var reject = mart.Rejects(3).ShouldHaveSingleItem();
        reject.Column.ShouldBe("household_id");
        reject.Reason.ShouldStartWith("household_id holds a NUL character (byte 0, shown as \\0), which is not text");
        mart.Scalar<string>("SELECT value FROM etl_reject WHERE row_no = 3").ShouldBe("H\\02");
    }

    [Fact]
    public void Should_refuse_a_utf16_file_saying_how_to_save_it()
    {
        using var mart = new TestMart();
        var path = mart.Folder.File("s.csv");
        var text = SnapshotRow.Columns.Aggregate((a, b) => a + "," + b) + "\n" + string.Join("\n", Households(3).Select(Line)) + "\n";
        File.WriteAllText(path, text, new UnicodeEncoding(bigEndian: false, byteOrderMark: true));

        var result = mart.Runner.LoadFile(path);
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldBe("the file is UTF-16 text (Excel's 'Unicode Text'), not UTF-8; save it as 'CSV UTF-8 (Comma delimited)' and load it again");
        mart.Scalar<long>("SELECT count(*) FROM fact_household_year").ShouldBe(0);
        mart.Rejects(row: null).ShouldHaveSingleItem().Reason.ShouldBe("file refused: " + result.Message!.En);
    }

    [Fact]
    public void Should_reject_a_row_with_a_quote_left_open_and_each_line_it_swallows()
    {
        using var mart = new TestMart();
        var lines = Households(5).Select(Line).ToList();
        lines[2] = lines[2].Replace("Tổ dân phố Nhân Vinh", "\"Tổ dân phố Nhân Vinh", StringComparison.Ordinal);
        var result = Load(mart, lines);

        Expect(mart, result, loaded: [2, 3], rejected: [4, 5, 6]);
        mart.Rejects(4).ShouldHaveSingleItem().Reason.ShouldContain("a quoted value is not closed");
        foreach (var row in new[] { 5, 6 })
            mart.Rejects(row).ShouldHaveSingleItem().Reason.ShouldBe(
                "this line was read as part of row 4, which runs over rows 4–6 because a quoted value in it spans line breaks " +
                "(a quote not closed, most often); none of those rows loaded: correct row 4 and load the file again");
        mart.Scalar<string>("SELECT value FROM etl_reject WHERE row_no = 6").ShouldStartWith("2024,33,Hưng Yên,DISU,Phường Dị Sử,TDP01,Tổ dân phố Nhân Vinh,urban,H5,");
    }

    [Fact]
    public void Should_keep_a_stray_quote_inside_an_unquoted_value_and_number_the_rows_after_it()
    {
        using var mart = new TestMart();
        var lines = new List<string>
        {
            Line(new SnapshotRow("H1")),                            // 2
            Line(new SnapshotRow("H\"2")).Replace("\"H\"\"2\"", "H\"2", StringComparison.Ordinal), // 3: H"2 written bare
            "",                                                     // 4
            Line(new SnapshotRow("H3\nb")),                         // 5-6
            Line(new SnapshotRow("H4").With("members", "0")),       // 7
            Line(new SnapshotRow("H5")),                            // 8
        };
        lines[1].ShouldContain(",H\"2,");
        Expect(mart, Load(mart, lines), loaded: [2, 3, 5, 8], rejected: [7]);
        mart.Rows("SELECT household_id, source_row FROM fact_household_year ORDER BY source_row")
            .Select(r => $"{r[0]}@{r[1]}").ShouldBe(["H1@2", "H\"2@3", "H3\nb@5", "H5@8"]);
        mart.Rejects(7).ShouldHaveSingleItem().Column.ShouldBe("members");
    }

    [Fact]
    public void Should_number_a_bad_row_after_a_value_with_line_breaks()
    {
        using var mart = new TestMart();
        var lines = new List<string>
        {
            Line(new SnapshotRow("H1")),                            // 2
            Line(new SnapshotRow("H2\n\nb")),                       // 3-5
            Line(new SnapshotRow("H3")) + ",extra",                 // 6: one cell too many
            Line(new SnapshotRow("H4")),                            // 7
        };
        Expect(mart, Load(mart, lines), loaded: [2, 3, 7], rejected: [6]);
        mart.Rejects(6).ShouldHaveSingleItem().Reason.ShouldContain("more cells than the header");
    }

    [Fact]
    public void Should_refuse_a_file_whose_broken_quotes_the_reader_splits_its_own_way()
    {
        using var mart = new TestMart();
        // Found by comparing the scan with DuckDB 1.5.6 on random text: its error recovery reads a
        // row out of this line and rejects the line too, so the rows could not all be accounted for.
        var result = mart.LoadText("t.csv", "year,ward_code,target_poor_rate\n2024,DISU,0.31\n  , \"\"a ,\" aaa\" a a aa,,a\"a\n");
        result.Outcome.ShouldBe(LoadOutcome.Refused);
        result.Message.ShouldNotBeNull().En.ShouldBe("the CSV reader found 3 rows where the file has 2: its quotes are too broken to tell the rows apart; " +
            "check that every quoted value is closed and has nothing after its closing quote, then load the file again");
        mart.Scalar<long>("SELECT count(*) FROM fact_target").ShouldBe(0);
    }

    private static IEnumerable<SnapshotRow> Households(int count) => Enumerable.Range(1, count).Select(i => new SnapshotRow($"H{i}"));

    private static string Line(SnapshotRow row) => string.Join(",", SnapshotRow.Columns.Select(c => SnapshotCsv.Quote(row.Cells[c], ',')));

    /// <summary>The row as a CSV line of exactly <paramref name="bytes"/> bytes, its group's name padded.</summary>
    private static string RowOfLength(SnapshotRow row, int bytes, bool quoted)
    {
        // A comma in the value makes it quoted; the row is in a group of its own so that a loaded one is valid.
        var prefix = quoted ? "Tổ 2, " : "Tổ 2 ";
        var group = "G-" + row.Cells["household_id"];
        var shortest = Encoding.UTF8.GetByteCount(Line(row.InGroup(group, prefix)));
        return Line(row.InGroup(group, prefix + new string('x', bytes - shortest)));
    }

    private static LoadResult Load(TestMart mart, List<string> lines) =>
        Load(mart, lines.Select(Encoding.UTF8.GetBytes).ToList());

    private static LoadResult Load(TestMart mart, List<byte[]> lines, byte[]? preamble = null, string newline = "\n")
    {
        var path = mart.Folder.File("s.csv");
        using (var file = File.Create(path))
        {
            file.Write(preamble ?? []);
            file.Write(Encoding.UTF8.GetBytes(string.Join(",", SnapshotRow.Columns) + newline));
            foreach (var line in lines)
            {
                file.Write(line);
                file.Write(Encoding.ASCII.GetBytes(newline));
            }
        }
        return mart.Runner.LoadFile(path);
    }

    /// <summary>Every data row loaded or rejected with a reason, under its file row, and no other row numbers.</summary>
    private static void Expect(TestMart mart, LoadResult result, IEnumerable<int> loaded, IEnumerable<int> rejected)
    {
        var loadedRows = loaded.Select(r => (long)r).ToList();
        var rejectedRows = rejected.Select(r => (long)r).ToList();
        result.Outcome.ShouldBe(LoadOutcome.Loaded, result.Message?.En);
        result.RowsRead.ShouldBe(loadedRows.Count + rejectedRows.Count, "rows read = data rows in the file");
        result.RowsLoaded.ShouldBe(loadedRows.Count);
        result.RowsRejected.ShouldBe(rejectedRows.Count);
        mart.Rows("SELECT source_row FROM fact_household_year ORDER BY 1").Select(r => (long)r[0]!).ShouldBe(loadedRows);
        mart.Rows("SELECT DISTINCT row_no FROM etl_reject ORDER BY 1").Select(r => (long)r[0]!).ShouldBe(rejectedRows);
        mart.Scalar<long>("SELECT count(*) FROM etl_reject WHERE coalesce(trim(reason), '') = ''").ShouldBe(0);
    }
}
