using System.IO.Compression;
using System.Net;
using System.Text;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Api;

public sealed class ReportApiTests(ServiceFixture fixture) : IClassFixture<ServiceFixture>
{
    private TestService Service => fixture.Service;

    [Fact]
    public async Task Should_build_the_briefing_of_the_plan_year_after_the_latest_round_as_pdf()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/briefing?ward=DISU&year=2025");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("briefing-2025-DISU.pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 0, 4).ShouldBe("%PDF");
        using var folder = new TempFolder();
        await File.WriteAllBytesAsync(folder.File("briefing.pdf"), bytes);
        PdfText.Read(folder.File("briefing.pdf")).Author.ShouldBe("UBND PHƯỜNG DỊ SỬ");
    }

    [Fact]
    public async Task Should_build_the_appendix_of_the_year_asked_as_xlsx()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/appendix?ward=NHAN&year=2024&format=xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("appendix-2024-NHAN.xlsx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Encoding.ASCII.GetString(bytes, 0, 2).ShouldBe("PK");
    }

    [Fact]
    public async Task Should_send_the_trend_as_csv_files_with_headers_in_a_zip()
    {
        using var client = Service.Client("leader@DISU");
        var response = await client.GetAsync("/api/reports/trend?year=2024&format=csv");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("trend-2023-2024-DISU-csv.zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        zip.Entries.Count.ShouldBeGreaterThan(1);
        zip.Entries.ShouldContain(e => e.Name == "trend-2023-2024-DISU-provenance.csv");
        foreach (var entry in zip.Entries)
        {
            entry.Name.ShouldEndWith(".csv");
            using var reader = new StreamReader(entry.Open(), Encoding.UTF8);
            var header = reader.ReadLine();
            header.ShouldNotBeNullOrWhiteSpace(entry.Name);
            header.ShouldContain(",");
            reader.ReadLine().ShouldNotBeNull(entry.Name);
        }
    }

    [Fact]
    public async Task Should_send_csv_in_the_zip_with_formula_like_group_names_neutralised_and_negative_numbers_plain()
    {
        await using var service = await TestService.Start(seed: (folder, runner) =>
        {
            foreach (var year in new[] { 2023, 2024 })
                runner.LoadFile(SnapshotCsv.Write(Path.Combine(folder, $"households_{year}.csv"), Hostile.Groups(year))).RowsRejected.ShouldBe(0);
        });
        using var client = service.Client("leader");

        var response = await client.GetAsync("/api/reports/trend?ward=DISU&year=2024&format=csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        var texts = zip.Entries.ToDictionary(e => e.Name, e => new StreamReader(e.Open(), Encoding.UTF8).ReadToEnd());
        foreach (var (name, text) in texts)
            Hostile.ShouldHoldNoFormula(Hostile.ParseCsv(text), name);
        var groups = Hostile.ParseCsv(texts.Single(t => t.Key.EndsWith("-To-dan-pho.csv", StringComparison.Ordinal)).Value);
        Hostile.Column(groups, "Tên tổ dân phố").Distinct().ShouldBe(Hostile.Values.Select(v => "'" + v));
        var mpi = texts.Single(t => t.Key.EndsWith("-Da-chieu.csv", StringComparison.Ordinal)).Value;
        var change = Hostile.Column(Hostile.ParseCsv(mpi), "Thay đổi M0").Where(v => v.Length > 0).ToList();
        change.ShouldNotBeEmpty();
        foreach (var value in change)
        {
            value.ShouldStartWith("-");
            Hostile.ShouldBePlainNumber(mpi, value);
        }
    }

    [Fact]
    public async Task Should_answer_404_listing_the_reports_for_an_unknown_kind()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/summary?ward=DISU");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.Detail()).ShouldContain("appendix, trend, briefing");
    }

    [Theory]
    [InlineData("/api/reports/briefing?ward=DISU&format=docx", 400, "pdf, xlsx or csv")]
    [InlineData("/api/reports/briefing", 400, "?ward=")]
    [InlineData("/api/reports/briefing?ward=DISU&from=2023", 400, "trend only")]
    [InlineData("/api/reports/trend?ward=DISU&year=2024&from=abc", 400, "between 2000 and 2100")]
    [InlineData("/api/reports/briefing?ward=XYZ", 404, "Ward 'XYZ' is not in the mart")]
    [InlineData("/api/reports/appendix?ward=DISU&year=2010", 400, "has no round before 2010")]
    public async Task Should_say_what_to_change_when_a_report_cannot_be_made(string path, int status, string detail)
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await response.DetailEn()).ShouldContain(detail);
    }

    [Fact]
    public async Task Should_refuse_another_wards_report_to_a_restricted_key_and_any_report_without_a_key()
    {
        using var restricted = Service.Client("leader@DISU");
        (await restricted.GetAsync("/api/reports/briefing?ward=NHAN")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var anonymous = Service.Client();
        (await anonymous.GetAsync("/api/reports/briefing?ward=DISU")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
