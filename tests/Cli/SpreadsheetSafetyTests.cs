using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>
/// CSV and XLSX from the command line (`disu etl rejects`, `disu query`, `disu export`) open in a
/// spreadsheet without running anything a delivered file carried: text that starts like a formula
/// gets a leading apostrophe, numbers and dates stay what they are.
/// </summary>
public sealed class SpreadsheetSafetyTests
{
    /// <summary>The same columns twice over: the text '-2' is neutralised, the number -2 is not.</summary>
    private const string Sql = """
        SELECT group_code, group_name, households, '-2' AS minus_two_text, -2 AS minus_two, -0.5 AS minus_half,
               (-0.25)::DOUBLE AS minus_quarter, (-3)::TINYINT AS tiny, (sum(poor) OVER () - 100)::HUGEINT AS big,
               DATE '2024-01-02' AS day, 1 AS "=cmd"
        FROM v_group_year WHERE review_year = 2024 ORDER BY group_code
        """;

    private static string LoadedMart(TempFolder folder)
    {
        var mart = folder.File("m.duckdb");
        var load = CliRun.Of("etl", "load", SnapshotCsv.Write(folder.File("households_2024.csv"), Hostile.Groups(2024)), "--mart", mart);
        load.ExitCode.ShouldBe(0, load.Error);
        load.Out.ShouldContain("72 dòng đã nạp, 0 dòng bị loại");
        return mart;
    }

    private static string[] Neutralised => Hostile.Values.Select(v => "'" + v).ToArray();

    [Fact]
    public void Should_put_an_apostrophe_before_rejected_values_and_file_names_that_a_spreadsheet_would_run_in_etl_rejects_csv()
    {
        using var folder = new TempFolder();
        var mart = folder.File("m.duckdb");
        CliRun.Of("etl", "load", SnapshotCsv.Write(folder.File("=cmd.csv"), Hostile.BadMembers()), "--mart", mart).ExitCode.ShouldBe(0);

        var run = CliRun.Of("etl", "rejects", "--mart", mart, "--format", "csv");

        run.ExitCode.ShouldBe(0, run.Error);
        var csv = Hostile.ParseCsv(run.Out);
        Hostile.Column(csv, "value").ShouldBe(Neutralised);
        Hostile.Column(csv, "file").ShouldAllBe(f => f == "'=cmd.csv");
        Hostile.Column(csv, "row").ShouldBe(["3", "4", "5", "6", "7", "8"]);
        Hostile.Column(csv, "reason")[0].ShouldBe("members: '=HYPERLINK(\"http://x\",\"y\")' phải là số nguyên từ 1 đến 50");
        Hostile.ShouldHoldNoFormula(csv, "etl rejects");
    }

    [Fact]
    public void Should_neutralise_text_and_keep_negative_numbers_and_dates_plain_in_query_csv()
    {
        using var folder = new TempFolder();
        var mart = LoadedMart(folder);

        var run = CliRun.Of("query", "--mart", mart, "--format", "csv", Sql);

        run.ExitCode.ShouldBe(0, run.Error);
        ShouldBeSafeWithPlainNumbers(run.Out);
    }

    [Fact]
    public void Should_neutralise_text_and_keep_negative_numbers_and_dates_plain_in_export_csv()
    {
        using var folder = new TempFolder();
        var mart = LoadedMart(folder);

        var run = CliRun.Of("export", "csv", "--mart", mart, "--query", Sql, "--out", folder.File("out.csv"));

        run.ExitCode.ShouldBe(0, run.Error);
        ShouldBeSafeWithPlainNumbers(File.ReadAllText(folder.File("out.csv")));
    }

    private static void ShouldBeSafeWithPlainNumbers(string raw)
    {
        var csv = Hostile.ParseCsv(raw);
        csv[0][^1].ShouldBe("'=cmd");
        Hostile.Column(csv, "group_name").ShouldBe(Neutralised);
        Hostile.Column(csv, "minus_two_text").ShouldAllBe(v => v == "'-2");
        Hostile.Column(csv, "minus_two").ShouldAllBe(v => v == "-2");
        Hostile.Column(csv, "minus_half").ShouldAllBe(v => v == "-0.5");
        Hostile.Column(csv, "minus_quarter").ShouldAllBe(v => v == "-0.25");
        Hostile.Column(csv, "tiny").ShouldAllBe(v => v == "-3");
        Hostile.Column(csv, "big").ShouldAllBe(v => v == "-88");
        Hostile.Column(csv, "day").ShouldAllBe(v => v == "2024-01-02");
        Hostile.ShouldBePlainNumber(raw, "-0.5");
        Hostile.ShouldBePlainNumber(raw, "-88");
        Hostile.ShouldHoldNoFormula(csv, "query csv");
    }

    [Fact]
    public void Should_neutralise_text_cells_and_write_numbers_as_numeric_cells_and_dates_as_dates_in_export_xlsx()
    {
        using var folder = new TempFolder();
        var mart = LoadedMart(folder);
        var path = folder.File("out.xlsx");

        var run = CliRun.Of("export", "xlsx", "--mart", mart, "--query", Sql, "--out", path);

        run.ExitCode.ShouldBe(0, run.Error);
        var rows = MiniExcel.Query(path, useHeaderRow: true).Cast<IDictionary<string, object?>>().ToList();
        // XML reads a bare CR in a cell as LF (MiniExcel does not escape it); the apostrophe is there either way.
        rows.Select(r => r["group_name"]).ShouldBe(Neutralised.Select(v => v.Replace('\r', '\n')));
        rows[0].Keys.ShouldContain("'=cmd");
        foreach (var row in rows)
        {
            row["minus_two_text"].ShouldBe("'-2");
            // MiniExcel reads numeric cells as double and text cells as string.
            row["minus_two"].ShouldBeOfType<double>().ShouldBe(-2);
            row["minus_half"].ShouldBeOfType<double>().ShouldBe(-0.5);
            row["minus_quarter"].ShouldBeOfType<double>().ShouldBe(-0.25);
            row["tiny"].ShouldBeOfType<double>().ShouldBe(-3);
            row["big"].ShouldBeOfType<double>().ShouldBe(-88);
            row["households"].ShouldBeOfType<double>().ShouldBe(12);
            row["day"].ShouldBeOfType<DateTime>().ShouldBe(new DateTime(2024, 1, 2));
        }
        foreach (var text in rows.SelectMany(r => r.Values).OfType<string>())
            (text.Length > 0 && Hostile.FormulaStarts.Contains(text[0], StringComparison.Ordinal)).ShouldBeFalse($"'{text}' would run as a formula");
    }
}
