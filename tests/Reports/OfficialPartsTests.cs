using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// The parts of the documents a ward's committee issues (Decree 30/2020): the letterhead of the
/// briefing and the trend report names the unit directly above the ward when the ward's
/// parent_unit is set (the province otherwise), the date line names the place, and the briefing
/// closes with "Nơi nhận". (The appendix is attached to the plan and carries no letterhead.)
/// </summary>
public sealed class OfficialPartsTests
{
    private const string Ward = DemoMartFixture.Ward;

    [Theory]
    [InlineData("briefing")]
    [InlineData("trend")]
    public void Should_head_every_document_with_the_province_over_the_ward_when_no_parent_unit_is_set(string kind)
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var (above, unit) = Letterhead(mart, kind);
        above.ShouldStartWith("UBND TỈNH HƯNG YÊN");
        unit.ShouldStartWith("UBND PHƯỜNG DỊ SỬ");
    }

    [Theory]
    [InlineData("briefing")]
    [InlineData("trend")]
    public void Should_head_every_document_with_the_parent_unit_over_the_ward_when_it_is_set(string kind)
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        mart.Connection.Execute("INSERT INTO ward_setting VALUES (?, 'parent_unit', 'thị xã Mỹ Hào')", Ward);
        var (above, unit) = Letterhead(mart, kind);
        above.ShouldStartWith("UBND THỊ XÃ MỸ HÀO");
        unit.ShouldStartWith("UBND PHƯỜNG DỊ SỬ");
        Text(mart, kind).ShouldNotContain("UBND TỈNH HƯNG YÊN");
    }

    [Theory]
    [InlineData("Phường Dị Sử", "Dị Sử")]
    [InlineData("Xã Nghĩa Trụ", "Nghĩa Trụ")]
    [InlineData("Thị trấn Như Quỳnh", "Như Quỳnh")]
    [InlineData("Phường Xã Đàn", "Xã Đàn")]
    [InlineData("Xã 0001", "Xã 0001")]
    [InlineData("Phường 15", "Phường 15")]
    public void Should_name_the_place_of_the_date_line_without_the_unit_kind_unless_the_name_is_a_number(string unit, string place)
    {
        var ward = new Ward("W", unit, "33", "Hưng Yên");
        OfficialParts.PlaceAndDate(ward, new DateTimeOffset(2024, 12, 31, 20, 0, 0, TimeSpan.Zero))
            .ShouldBe($"{place}, ngày 01 tháng 01 năm 2025");
    }

    [Fact]
    public void Should_close_the_briefing_with_the_units_own_recipients_when_none_are_set()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var text = Text(mart, "briefing");
        text.ShouldContain("Nơi nhận:");
        text.ShouldContain("- Thường trực Đảng ủy, HĐND phường;");
        text.ShouldContain("- Các tổ dân phố;");
        text.ShouldContain("- Lưu: VT.");
    }

    [Fact]
    public void Should_close_the_briefing_with_the_recipients_setting_one_a_line_when_it_is_set()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        mart.Connection.Execute("INSERT INTO ward_setting VALUES (?, 'recipients', 'UBND thị xã Mỹ Hào (để báo cáo);Thường trực Đảng ủy phường;Lưu: VT, LĐTBXH')", Ward);
        var text = Text(mart, "briefing");
        text.ShouldContain("- UBND thị xã Mỹ Hào (để báo cáo);");
        text.ShouldContain("- Thường trực Đảng ủy phường;");
        text.ShouldContain("- Lưu: VT, LĐTBXH.");
        text.ShouldNotContain("- Các tổ dân phố;");
    }

    /// <summary>The letterhead's first two lines of the left column: the unit above, then the issuing unit.</summary>
    private static (string Above, string Unit) Letterhead(TestMart mart, string kind)
    {
        var lines = Pdf(mart, kind).Pages[0];
        var unit = lines.ToList().FindIndex(l => l.StartsWith("UBND PHƯỜNG DỊ SỬ", StringComparison.Ordinal));
        unit.ShouldBeGreaterThan(0, string.Join('\n', lines.Take(6)));
        return (lines[unit - 1], lines[unit]);
    }

    private static string Text(TestMart mart, string kind) => Pdf(mart, kind).All;

    private static PdfText Pdf(TestMart mart, string kind)
    {
        var report = ReportBatch.Build(mart.Connection, mart.Clock, ReportKinds.Parse(kind)!.Value, Ward, 2024, kind == "trend" ? 2021 : null);
        var folder = mart.Folder.File(kind + "-" + Guid.NewGuid().ToString("N"));
        return PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder).Single());
    }
}
