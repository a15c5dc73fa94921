using System.Diagnostics;
using System.IO.Compression;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Contract;
using DiSu.Analytics.Tests.Support;
using MiniExcelLibs;
using Xunit.Abstractions;

namespace DiSu.Analytics.Tests.Etl;

/// <summary>Workbooks are inspected before a sheet is parsed: hostile ones are refused in milliseconds, sound ones read as before.</summary>
public sealed class XlsxGuardTests(ITestOutputHelper output)
{
    [Theory]
    [MemberData(nameof(HostileWorkbooks.Names), MemberType = typeof(HostileWorkbooks))]
    public void Should_refuse_a_hostile_workbook_with_its_reason_before_reading_its_sheet(string name)
    {
        using var folder = new TempFolder();
        var workbook = HostileWorkbooks.Write(name, folder);

        var watch = Stopwatch.StartNew();
        var refused = Should.Throw<FileRefusedException>(() => XlsxGuard.Records(workbook.Path).ToList());
        watch.Stop();

        output.WriteLine($"{name}: {new FileInfo(workbook.Path).Length / 1024} KiB refused in {watch.Elapsed.TotalMilliseconds:0} ms: {refused.Text.En}");
        refused.Kind.ShouldBe(workbook.Refusal, refused.Text.En);
        refused.Text.En.ShouldContain(workbook.Reason, Case.Insensitive);
        // Its own reason, not the guard's clock running out (speed is measured in docs/benchmarks.md, never asserted).
        refused.Text.En.ShouldNotContain("took longer than");
    }

    [Fact]
    public void Should_read_a_sound_workbook_exactly_as_miniexcel_does()
    {
        using var folder = new TempFolder();
        var path = HostileWorkbooks.Sound(folder.File("households_2025.xlsx"), 50);

        var guarded = XlsxGuard.Records(path).Select(r => r.Values.Select(XlsxCell.Text).ToList()).ToList();

        var plain = MiniExcel.Query(path, useHeaderRow: false).Cast<IDictionary<string, object?>>().Select(r => r.Values.Select(XlsxCell.Text).ToList()).ToList();
        guarded.Count.ShouldBe(51);
        guarded.ShouldBe(plain);
    }

    [Fact]
    public void Should_read_a_workbook_made_of_the_crafted_parts_so_that_the_hostile_ones_differ_only_in_their_trick()
    {
        using var folder = new TempFolder();
        var path = CraftedXlsx.Parts().Save(folder.File("crafted.xlsx"));

        var rows = XlsxGuard.Records(path).ToList();

        rows.Count.ShouldBe(4);
        XlsxCell.Text(rows[1].Values.ElementAt(3)).ShouldBe("DISU");
    }

    [Fact]
    public void Should_write_bombs_that_really_expand_to_what_they_declare()
    {
        using var folder = new TempFolder();
        var path = CraftedXlsx.Bomb(folder.File("bomb.xlsx"), 16L << 20, exactCrc: true);

        using var zip = ZipFile.OpenRead(path);
        var sheet = zip.GetEntry("xl/worksheets/sheet1.xml")!;
        using var stream = sheet.Open();
        var expanded = 0L;
        var buffer = new byte[1 << 16];
        int read;
        while ((read = stream.Read(buffer)) > 0) expanded += read;

        expanded.ShouldBe(sheet.Length);
        expanded.ShouldBeGreaterThan(15L << 20);
        ((double)sheet.Length / sheet.CompressedLength).ShouldBeGreaterThan(XlsxLimits.Default.MaxRatio);
        // The same bomb under a limit it stays within is a workbook MiniExcel reads row by row.
        XlsxGuard.Records(path, XlsxLimits.Default with { MaxRatio = 1_000 }).Take(3).Count().ShouldBe(3);
    }

    [Fact]
    public void Should_refuse_a_workbook_expanding_beyond_the_total_limit_whatever_its_ratio()
    {
        using var folder = new TempFolder();
        var path = HostileWorkbooks.Sound(folder.File("households_2025.xlsx"), 50);

        var refused = Should.Throw<FileRefusedException>(() => XlsxGuard.Inspect(path, XlsxLimits.Default with { MaxExpandedBytes = 64 * 1024 }));

        refused.Kind.ShouldBe(Refusal.TooLarge);
        refused.Text.En.ShouldContain("expands to");
        refused.Text.En.ShouldContain("more than the 64 KiB");
        refused.Message.ShouldContain("quá mức 64 KiB"); // what a person reads: Vietnamese, its sizes in Vietnamese numbers
    }

    [Fact]
    public void Should_stop_reading_rows_past_the_time_limit()
    {
        using var folder = new TempFolder();
        var path = HostileWorkbooks.Sound(folder.File("households_2025.xlsx"), 50);

        var refused = Should.Throw<FileRefusedException>(() => XlsxGuard.Records(path, XlsxLimits.Default with { ReadTime = TimeSpan.Zero }).ToList());

        refused.Kind.ShouldBe(Refusal.TooLarge);
        refused.Text.En.ShouldContain("took longer than 0 s");
    }
}
