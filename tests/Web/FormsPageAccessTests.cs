using System.Net;
using DiSu.Analytics.Service.Web;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The Biểu mẫu page over plain HTTP, on the two-ward mart (DISU and NHAN, review years 2023–2024,
/// so 2024 is the one year with a round before it): a person of one ward gets that ward's form and
/// never another's or a province's; crafted parameters get a Vietnamese reason and a 4xx, never 500.
/// </summary>
public sealed class FormsPageAccessTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Fact]
    public async Task A_person_of_DISU_gets_the_2024_forms_of_DISU_with_links_to_the_forms_document_in_three_formats()
    {
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(WebForms.Path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<h1>Biểu mẫu rà soát hộ nghèo, hộ cận nghèo</h1>");
        foreach (var format in new[] { "pdf", "xlsx", "csv" })
            html.ShouldContain($"href=\"/api/reports/forms?year=2024&amp;ward=DISU&amp;format={format}\"");
        html.ShouldContain("Tổng hợp kết quả rà soát hộ nghèo năm 2024");
        html.ShouldContain("Tổng hợp kết quả rà soát hộ cận nghèo năm 2024");
        html.ShouldContain("<option value=\"2024\" selected");
        html.ShouldNotContain("<option value=\"2023\"", customMessage: "2023 has no round before it");
        html.ShouldNotContain("Chọn đơn vị khác", customMessage: "one ward: nothing to choose");
        html.ShouldNotContain("Nhân Hòa");

        var poorOnly = await fixture.Sessions["officer@DISU"].Client.GetStringAsync(WebForms.Path + "?xa=disu&nam=2024&bieu=ngheo");
        poorOnly.ShouldContain("Tổng hợp kết quả rà soát hộ nghèo năm 2024");
        poorOnly.ShouldNotContain("Tổng hợp kết quả rà soát hộ cận nghèo năm 2024");
    }

    [Fact]
    public async Task The_reports_page_links_to_the_forms_page_for_its_ward()
    {
        var html = await fixture.Sessions["leader"].Client.GetStringAsync("/bao-cao?ward=NHAN");
        html.ShouldContain("href=\"/bao-cao/bieu-mau?xa=NHAN\"");
        var forms = await fixture.Sessions["leader"].Client.GetStringAsync("/bao-cao/bieu-mau?xa=NHAN");
        forms.ShouldContain("href=\"/bao-cao\"");
        forms.ShouldContain("href=\"/api/reports/forms?year=2024&amp;ward=NHAN&amp;format=pdf\"");
        forms.ShouldContain("aria-current=\"page\">Báo cáo</a>", customMessage: "the page is under Báo cáo in the navigation");
    }

    [Fact]
    public async Task A_person_of_every_ward_chooses_a_ward_or_a_province_then_gets_the_province_form_with_the_province_link()
    {
        var leader = fixture.Sessions["leader"].Client;
        var choose = await leader.GetStringAsync(WebForms.Path);
        choose.ShouldContain("href=\"/bao-cao/bieu-mau?xa=DISU\"");
        choose.ShouldContain("href=\"/bao-cao/bieu-mau?xa=NHAN\"");
        choose.ShouldNotContain("/api/reports/forms");
        var province = System.Text.RegularExpressions.Regex.Match(choose, "href=\"/bao-cao/bieu-mau\\?tinh=([^\"]+)\"");
        province.Success.ShouldBeTrue("the mart's province is offered");
        var code = Uri.UnescapeDataString(province.Groups[1].Value);

        var html = await leader.GetStringAsync($"{WebForms.Path}?tinh={Uri.EscapeDataString(code.ToLowerInvariant())}&nam=2024");
        html.ShouldContain($"href=\"/api/reports/forms?year=2024&amp;province={Uri.EscapeDataString(code)}&amp;format=xlsx\"");
        html.ShouldContain("Phường Nhân Hòa", customMessage: "the province form has a row per ward");
        html.ShouldContain("cấp tỉnh");
    }

    [Theory]
    [InlineData("?xa=NHAN", 403)]
    [InlineData("?xa=nhan", 403)]
    [InlineData("?xa=%20NHAN%20", 403)]
    [InlineData("?xa=NOWHERE", 403)]
    [InlineData("?xa=NHAN&nam=2024", 403)]
    [InlineData("?tinh=T01", 403)]
    [InlineData("?tinh=anything", 403)]
    [InlineData("?xa=DISU&tinh=T01", 400)]
    [InlineData("?nam=abc", 400)]
    [InlineData("?nam=99999", 400)]
    [InlineData("?nam=2023", 400)]
    [InlineData("?nam=-2024", 400)]
    [InlineData("?nam=2024%27%20OR%201=1", 400)]
    [InlineData("?nam=99999999999999999999", 400)]
    [InlineData("?bieu=tat-ca", 400)]
    [InlineData("?bieu=%3Cscript%3E", 400)]
    public async Task A_person_of_DISU_gets_a_Vietnamese_reason_and_no_form_for_another_ward_a_province_or_a_crafted_parameter(string query, int status)
    {
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(WebForms.Path + query);
        ((int)response.StatusCode).ShouldBe(status);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("role=\"alert\"");
        html.ShouldNotContain("/api/reports/forms");
        html.ShouldNotContain("<table");
        html.ShouldNotContain("Nhân Hòa");
        html.ShouldNotContain("<script>");
        if (query.Contains("nam=2023", StringComparison.Ordinal)) html.ShouldContain("Hãy chọn năm 2024.");
        if (query.Contains("tinh=T01", StringComparison.Ordinal) && status == 403) html.ShouldContain("biểu cấp tỉnh dành cho tài khoản không giới hạn một phường, xã");
    }

    [Theory]
    [InlineData("?xa=NOWHERE", 404)]
    [InlineData("?xa=DISU%27%20OR%201=1", 404)]
    [InlineData("?tinh=NOWHERE", 404)]
    [InlineData("?tinh=%27%3B%20DROP%20TABLE%20form_start", 404)]
    [InlineData("?xa=NHAN&tinh=NHAN", 400)]
    [InlineData("?xa=NHAN&nam=2023", 400)]
    [InlineData("?xa=NHAN&nam=abc", 400)]
    public async Task A_person_of_every_ward_gets_a_Vietnamese_reason_for_an_unknown_unit_or_year(string query, int status)
    {
        using var response = await fixture.Sessions["officer"].Client.GetAsync(WebForms.Path + query);
        ((int)response.StatusCode).ShouldBe(status);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("role=\"alert\"");
        html.ShouldNotContain("/api/reports/forms");
        html.ShouldNotContain("<table");
    }

    [Fact]
    public async Task Someone_not_signed_in_is_sent_to_sign_in()
    {
        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = fixture.Service.BaseAddress };
        using var response = await anonymous.GetAsync(WebForms.Path + "?xa=DISU");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/dang-nhap");
    }
}
