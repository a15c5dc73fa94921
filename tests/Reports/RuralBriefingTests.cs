using System.Text.RegularExpressions;
using DiSu.Analytics.Etl;
using DiSu.Analytics.Etl.Synthetic;
using DiSu.Analytics.Forecasting;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.Time.Testing;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// A small generated panel of rural communes (xã, groups are thôn), 2022–2024, with the 2024 →
/// 2025 forecast trained: what a briefing of a commune prints, built once for its tests.
/// </summary>
public sealed class RuralPanelFixture : IDisposable
{
    private readonly TempFolder folder = new();

    public RuralPanelFixture()
    {
        var path = folder.File("rural.duckdb");
        var clock = new FakeTimeProvider(TestMart.Epoch);
        using (var writer = DiSu.Analytics.Mart.Mart.OpenReadWrite(path, clock))
        {
            var inbox = folder.File("inbox");
            new SnapshotGenerator().Generate(new GeneratorOptions
            {
                Demo = false, Provinces = 1, WardsPerProvince = 2, GroupsPerWard = 4, HouseholdsPerWard = 400,
                FirstYear = 2022, LastYear = 2024, Seed = 2,
            }, inbox);
            new EtlRunner(writer, clock, "tests").Load([inbox]);
            new Forecaster(writer, clock, path).Train(new ForecastOptions(2024, Scope.All, Seed: 1));
        }
        Mart = new TestMart(copyOf: path);
        Commune = Mart.Scalar<string>("SELECT min(ward_code) FROM geo_year WHERE is_current AND area = 'rural'")
            ?? throw new InvalidOperationException("the generated panel holds no rural commune; choose another seed");
    }

    public TestMart Mart { get; }

    /// <summary>A commune of the panel whose groups were all reviewed as rural.</summary>
    public string Commune { get; }

    public void Dispose()
    {
        Mart.Dispose();
        folder.Dispose();
    }
}

public sealed partial class RuralBriefingTests(RuralPanelFixture panel) : IClassFixture<RuralPanelFixture>
{
    [Fact]
    public void Should_speak_of_the_xa_and_its_thon_and_never_of_a_phuong_or_to_dan_pho()
    {
        var report = BriefingReport.Build(panel.Mart.Connection, panel.Mart.Clock, new BriefingRequest(2025, panel.Commune));
        report.Model.Ward.Urban.ShouldBeFalse();
        report.Model.Forecast.ShouldNotBeNull();
        var pdf = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, panel.Mart.Folder.File("briefing")).Single());
        var text = pdf.All.Replace('\n', ' ');

        text.ShouldContain($"UBND {report.Model.Ward.Name.ToUpper(VietnameseNumbers.Culture)}");
        text.ShouldContain($"{report.Model.Ward.Name}, ngày ");
        text.ShouldContain("Cuối năm 2024, toàn xã có");
        text.ShouldContain("2. Ba thôn có nguy cơ cao nhất");
        text.ShouldContain("thôn cần ưu tiên trước");
        text.ShouldContain("- Thường trực Đảng ủy, HĐND xã;");
        text.ShouldContain("- Các thôn;");
        // "phường, xã" names both kinds of unit (the forecast's caveat about pooled wards): not this unit's kind.
        var own = text.Replace("phường, xã", "", StringComparison.Ordinal);
        own.ShouldNotContain("phường", Case.Insensitive);
        own.ShouldNotContain("tổ dân phố", Case.Insensitive);
        GroupWord().Matches(own).Select(m => m.Value).ShouldBeEmpty();
    }

    /// <summary>"tổ" as a word of its own ("ba tổ", "tổ ít hộ"), not inside "tổng" or "tổ chức".</summary>
    [GeneratedRegex(@"(?<!\p{L})tổ(?!\p{L})(?! chức)", RegexOptions.IgnoreCase)]
    private static partial Regex GroupWord();
}
