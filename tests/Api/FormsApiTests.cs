using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Text;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using DiSu.Analytics.Tests.Web;

namespace DiSu.Analytics.Tests.Api;

/// <summary>The two-ward service with a leader person of ward DISU and one of every ward, signed in through the web form.</summary>
public sealed class FormsServiceFixture : ServiceFixture
{
    public WebSession WardLeader { get; private set; } = null!;

    public WebSession Leader { get; private set; } = null!;

    public override async Task InitializeAsync()
    {
        Service = await TestService.Start(o => o with { SignInPerMinute = 1000 });
        WebSession.AddUser(Service, "lanh.dao.disu", Role.Leader, TestService.WardA);
        WebSession.AddUser(Service, "lanh.dao.tinh", Role.Leader);
        WardLeader = await new WebSession(Service).SignedInAs("lanh.dao.disu");
        Leader = await new WebSession(Service).SignedInAs("lanh.dao.tinh");
    }

    public override async Task DisposeAsync()
    {
        WardLeader.Dispose();
        Leader.Dispose();
        await base.DisposeAsync();
    }
}

/// <summary>
/// GET /api/reports/forms: a ward's or a province's forms as PDF, XLSX or a zip of CSV files; a key
/// or person of one ward gets only its own ward's form and no province's; hostile parameters get a
/// 400 or 403 in Vietnamese (English beside), never a 500; every answer is audited.
/// </summary>
public sealed class FormsApiTests(FormsServiceFixture fixture) : IClassFixture<FormsServiceFixture>
{
    private TestService Service => fixture.Service;

    private static async Task<PdfText> Pdf(HttpResponseMessage response)
    {
        using var folder = new TempFolder();
        var path = folder.File("forms.pdf");
        await File.WriteAllBytesAsync(path, await response.Content.ReadAsByteArrayAsync());
        return PdfText.Read(path);
    }

    [Fact]
    public async Task Should_send_a_wards_forms_as_pdf_with_the_form_title_and_file_name()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/forms?ward=disu&year=2024");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("forms-2024-DISU.pdf");
        var pdf = await Pdf(response);
        pdf.Page(1).ShouldContain("TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2024");
        pdf.Page(1).ShouldContain("(Cấp xã: Phường Dị Sử, tỉnh Hưng Yên)");
        pdf.Flow.ShouldContain("TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ CẬN NGHÈO NĂM 2024");
        pdf.Flow.ShouldNotContain("Nhân Hòa");
        Service.Logs.Lines.ShouldContain(l => l.Contains("GET /api/reports/forms key=test-leader ", StringComparison.Ordinal)
            && l.Contains("outcome=ok status=200", StringComparison.Ordinal) && l.Contains("file=forms-2024-DISU.pdf", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_send_a_provinces_forms_with_every_ward_to_a_caller_of_every_ward()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/forms?province=33&review_year=2024&format=csv");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("forms-2024-33-csv.zip");
        using var zip = new ZipArchive(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        zip.Entries.Select(e => e.Name).Order(StringComparer.Ordinal).ShouldBe(["forms-2024-33-Ho-can-ngheo.csv", "forms-2024-33-Ho-ngheo.csv", "forms-2024-33-provenance.csv"]);
        using var reader = new StreamReader(zip.GetEntry("forms-2024-33-Ho-ngheo.csv")!.Open(), Encoding.UTF8);
        var csv = Hostile.ParseCsv(await reader.ReadToEndAsync());
        var units = csv.Skip(1).Where(r => r[0] == "Đơn vị").ToList();
        units.Select(r => r[2]).ShouldBe([TestService.WardA, TestService.WardB]);
        var total = csv.Single(r => r[0] == "Tổng cộng");
        // The total's households and end-of-year poor are the wards' sums.
        foreach (var c in new[] { 4, 16 })
            long.Parse(total[c], CultureInfo.InvariantCulture).ShouldBe(units.Sum(u => long.Parse(u[c], CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Should_send_xlsx()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/forms?ward=NHAN&year=2024&format=XLSX");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ReportEndpoints.XlsxType);
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("forms-2024-NHAN.xlsx");
        Encoding.ASCII.GetString(await response.Content.ReadAsByteArrayAsync(), 0, 2).ShouldBe("PK");
    }

    [Fact]
    public async Task Should_give_a_key_of_one_ward_its_own_wards_form_and_nothing_else()
    {
        using var client = Service.Client("leader@DISU");

        var own = await client.GetAsync("/api/reports/forms?year=2024");
        own.StatusCode.ShouldBe(HttpStatusCode.OK, await own.Content.ReadAsStringAsync());
        own.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("forms-2024-DISU.pdf");
        (await client.GetAsync("/api/reports/forms?year=2024&ward=%20disu%20")).StatusCode.ShouldBe(HttpStatusCode.OK);

        foreach (var url in new[] { "/api/reports/forms?year=2024&ward=NHAN", "/api/reports/forms?year=2024&ward=nhan", "/api/reports/forms?year=2024&province=33" })
        {
            var refused = await client.GetAsync(url);
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden, url);
            (await refused.Detail()).ShouldContain("DISU");
            (await refused.Content.ReadAsStringAsync()).ShouldNotContain("Nhân Hòa");
        }
        Service.Logs.Lines.ShouldContain(l => l.Contains("GET /api/reports/forms key=test-leader-DISU ", StringComparison.Ordinal)
            && l.Contains("outcome=refused status=403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Should_give_a_signed_in_person_of_one_ward_only_that_wards_form_and_a_person_of_every_ward_the_province()
    {
        (await fixture.WardLeader.Client.GetAsync("/api/reports/forms?year=2024")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await fixture.WardLeader.Client.GetAsync("/api/reports/forms?year=2024&ward=NHAN")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await fixture.WardLeader.Client.GetAsync("/api/reports/forms?year=2024&province=33")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var province = await fixture.Leader.Client.GetAsync("/api/reports/forms?year=2024&province=33");
        province.StatusCode.ShouldBe(HttpStatusCode.OK);
        var pdf = await Pdf(province);
        pdf.Page(1).ShouldContain("(Cấp tỉnh: Tỉnh Hưng Yên)");
        pdf.Flow.ShouldContain("Phường Nhân Hòa");
        Service.Logs.Lines.ShouldContain(l => l.Contains("GET /api/reports/forms user=lanh.dao.tinh ", StringComparison.Ordinal)
            && l.Contains("file=forms-2024-33.pdf", StringComparison.Ordinal));
    }

    public static TheoryData<string, HttpStatusCode, string> HostileRequests => new()
    {
        { "/api/reports/forms?ward=DISU", HttpStatusCode.BadRequest, "năm rà soát" },
        { "/api/reports/forms?ward=DISU&year=abc", HttpStatusCode.BadRequest, "'year' phải là một năm" },
        { "/api/reports/forms?ward=DISU&year=99999", HttpStatusCode.BadRequest, "'year' phải là một năm" },
        { "/api/reports/forms?ward=DISU&year=-2024", HttpStatusCode.BadRequest, "'year' phải là một năm" },
        { "/api/reports/forms?ward=DISU&year=2024&review_year=2023", HttpStatusCode.BadRequest, "hai năm khác nhau" },
        { "/api/reports/forms?ward=DISU&province=33&year=2024", HttpStatusCode.BadRequest, "Chỉ cho một trong hai" },
        { "/api/reports/forms?year=2024", HttpStatusCode.BadRequest, "?ward=MÃ hoặc ?province=MÃ" },
        { "/api/reports/forms?ward=DISU&year=2024&format=docx", HttpStatusCode.BadRequest, "Không có định dạng báo cáo 'docx'" },
        { "/api/reports/forms?ward=DISU&year=2024&format=" + new string('x', 500), HttpStatusCode.BadRequest, "Không có định dạng báo cáo" },
        { "/api/reports/forms?ward=" + new string('A', 5000) + "&year=2024", HttpStatusCode.NotFound, "Không có phường, xã" },
        { "/api/reports/forms?ward=DISU%27%3B%20DROP%20TABLE%20geo_year%3B--&year=2024", HttpStatusCode.NotFound, "Không có phường, xã" },
        { "/api/reports/forms?province=" + new string('9', 5000) + "&year=2024", HttpStatusCode.NotFound, "Không có tỉnh" },
        { "/api/reports/forms?province=%00%0A%3Cscript%3E&year=2024", HttpStatusCode.NotFound, "Không có tỉnh" },
        { "/api/reports/forms?ward=DISU&year=2023", HttpStatusCode.NotFound, "kỳ rà soát trước đó" },
        { "/api/reports/forms?ward=DISU&year=2031", HttpStatusCode.NotFound, "năm rà soát mới nhất là 2024" },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task Should_refuse_hostile_parameters_with_a_clear_vietnamese_problem_never_a_500(string url, HttpStatusCode status, string vi)
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync(url);

        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(status, body);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        body.Length.ShouldBeLessThan(2000, "a long parameter is not echoed whole");
        using var problem = System.Text.Json.JsonDocument.Parse(body);
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain(vi);
        problem.RootElement.GetProperty("detail_en").GetString().ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Should_answer_the_forms_route_before_the_report_kind_route()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/reports/forms?ward=DISU&year=2024&format=csv");

        // /api/reports/{kind} would answer 404 "Không có báo cáo 'forms'".
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentDisposition!.FileNameStar.ShouldBe("forms-2024-DISU-csv.zip");
    }
}
