using System.Globalization;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Service.Output;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Spectre.Console;

namespace DiSu.Analytics.Tests.Cli;

/// <summary>The command line's tables speak the documents' flow words and the unit's own nouns.</summary>
public sealed class FlowTableTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    [Fact]
    public void Should_print_the_ward_table_with_every_flow_so_that_each_row_reconciles()
    {
        var output = new StringWriter();
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors, Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 240;

        WardTable.Write(console, demo.Mart.Connection, DemoMartFixture.Ward);

        var cells = output.ToString().Split('\n')
            .Where(l => l.TrimStart().StartsWith('│'))
            .Select(l => l.Split('│').Select(c => c.Trim()).ToArray()[1..^1])
            .ToList();
        cells[0][..9].ShouldBe(["Năm", "Tổng số hộ", FlowWords.PoorStart, FlowWords.Escaped, FlowWords.NewPoor, FlowWords.RePoor,
            FlowWords.Entered, FlowWords.Left, FlowWords.PoorEnd]);
        output.ToString().ShouldNotContain("Cận nghèo → nghèo");
        output.ToString().ShouldContain(FlowNotes.Identity);

        var mart = demo.Mart.Rows("""
            SELECT review_year, households, poor_start, escaped, newly_poor + near_poor_to_poor, re_poor, entered_poor, left_poor, poor
            FROM v_ward_year WHERE ward_code = 'DISU' ORDER BY review_year
            """);
        var rows = cells.Skip(1).ToList();
        rows.Count.ShouldBe(mart.Count);
        foreach (var (row, m) in rows.Zip(mart))
        {
            var expected = m[1..].Select(v => v is null ? "—" : VietnameseNumbers.Count(Convert.ToInt64(v, CultureInfo.InvariantCulture)))
                .Prepend(Convert.ToString(m[0], CultureInfo.InvariantCulture)!).ToArray();
            row[..9].ShouldBe(expected, row[0]);
            if (row[2] == "—")
                continue;
            long N(int i) => long.Parse(row[i].Replace(".", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            N(8).ShouldBe(N(2) - N(3) + N(4) + N(5) + N(6) - N(7), row[0]);
        }
    }

    [Fact]
    public void Should_name_a_communes_groups_thon_in_the_priority_list()
    {
        using var folder = new TempFolder();
        var copy = folder.File("panel.duckdb");
        TestMart.CopyMart(GeneratedPanelFixture.TemplatePath, copy);
        string commune;
        using (var mart = DiSu.Analytics.Mart.Mart.OpenReadOnly(copy))
            commune = mart.Rows("SELECT ward_code FROM v_ward_year GROUP BY ward_code HAVING bool_and(area = 'rural') ORDER BY 1 LIMIT 1").Single()[0]!.ToString()!;

        var run = CliRun.Of("priority", "--mart", copy, "--year", "2026", "--ward", commune);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Out.ShouldContain("Thứ tự ưu tiên thôn năm 2026");
        run.Out.ShouldContain(" Thôn │");
        run.Out.ShouldContain("giá trị lớn nhất trong xã");
        run.Out.ShouldNotContain("tổ dân phố", Case.Insensitive);
        run.Out.ShouldNotContain("phường", Case.Insensitive);
    }
}
