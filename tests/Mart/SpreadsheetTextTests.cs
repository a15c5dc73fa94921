using System.Numerics;
using DiSu.Analytics.Mart.Export;

namespace DiSu.Analytics.Tests.Mart;

/// <summary>The formula guard every CSV and XLSX writer shares: which text it marks, which values it leaves alone, how it quotes.</summary>
public sealed class SpreadsheetTextTests
{
    [Theory]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("-2")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    [InlineData("\n=1")]
    [InlineData("＝1+1")]
    [InlineData("＋1")]
    [InlineData("－1")]
    [InlineData("＠SUM(A1)")]
    public void Should_put_an_apostrophe_before_text_a_spreadsheet_would_read_as_a_formula(string text)
    {
        SpreadsheetText.IsFormulaLike(text).ShouldBeTrue();
        SpreadsheetText.Neutralise(text).ShouldBe("'" + text);
        SpreadsheetText.XlsxCell(text).ShouldBe("'" + text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Tổ dân phố Nhân Vinh")]
    [InlineData("1-2")]
    [InlineData(" =1")]
    [InlineData("'=1")]
    [InlineData("a=b")]
    public void Should_leave_other_text_as_it_is(string text)
    {
        SpreadsheetText.IsFormulaLike(text).ShouldBeFalse();
        SpreadsheetText.Neutralise(text).ShouldBe(text);
    }

    [Fact]
    public void Should_decide_on_the_type_so_that_negative_numbers_dates_and_booleans_are_never_marked()
    {
        SpreadsheetText.CsvField(-2L, "-2").ShouldBe("-2");
        SpreadsheetText.CsvField(-0.5, "-0.5").ShouldBe("-0.5");
        SpreadsheetText.CsvField(-0.5m, "-0.5").ShouldBe("-0.5");
        SpreadsheetText.CsvField(new BigInteger(-7), "-7").ShouldBe("-7");
        SpreadsheetText.CsvField(new DateTime(2024, 1, 2), "2024-01-02").ShouldBe("2024-01-02");
        SpreadsheetText.CsvField("-2", "-2").ShouldBe("'-2");
        SpreadsheetText.CsvField(double.NegativeInfinity, "-Infinity").ShouldBe("-Infinity", "a number we wrote: a tool reads it back, no apostrophe");
        SpreadsheetText.XlsxCell(double.NegativeInfinity).ShouldBe("'-Infinity", "no such number in a sheet: text, guarded");
        SpreadsheetText.IsText(Guid.Empty).ShouldBeTrue("unknown types are checked as text");
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("a;=1+1", "\"a;=1+1\"")]
    [InlineData("a\t=1", "\"a\t=1\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("=HYPERLINK(\"http://x\",\"y\")", "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"")]
    [InlineData("\r=1", "\"'\r=1\"")]
    [InlineData(null, "")]
    public void Should_quote_fields_per_RFC_4180_and_also_at_a_semicolon_or_tab_where_a_spreadsheet_may_split(string? text, string field) =>
        SpreadsheetText.CsvField(text).ShouldBe(field);

    [Fact]
    public void Should_give_xlsx_numbers_the_types_its_writer_stores_as_numeric_cells()
    {
        SpreadsheetText.XlsxCell(new BigInteger(-88)).ShouldBe(-88m);
        SpreadsheetText.XlsxCell(BigInteger.Pow(10, 40)).ShouldBe(1e40);
        SpreadsheetText.XlsxCell((sbyte)-3).ShouldBe(-3);
        SpreadsheetText.XlsxCell(-2L).ShouldBe(-2L);
        SpreadsheetText.XlsxCell(-0.5).ShouldBe(-0.5);
        SpreadsheetText.XlsxCell(new DateTime(2024, 1, 2)).ShouldBe(new DateTime(2024, 1, 2));
        SpreadsheetText.XlsxCell(null).ShouldBeNull();
    }
}
