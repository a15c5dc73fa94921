using System.Net;
using DiSu.Analytics.Service.Api;

namespace DiSu.Analytics.Tests.Web;

/// <summary>
/// The Báo cáo page over plain HTTP, on the two-ward mart (review years 2023–2024, so plan years
/// 2024–2025): the links are the API's, for the person's ward and a year the rule allows, and
/// every download, given or refused, is in the audit with the person.
/// </summary>
public sealed class ReportsPageTests(SignedInFixture fixture) : IClassFixture<SignedInFixture>
{
    [Fact]
    public async Task A_leader_of_every_ward_chooses_a_ward_then_gets_the_three_documents_of_its_latest_plan_year_in_three_formats()
    {
        var leader = fixture.Sessions["leader"].Client;
        var choose = await leader.GetStringAsync("/bao-cao");
        choose.ShouldContain("<option value=\"NHAN\"");
        choose.ShouldNotContain("/api/reports/");

        var html = await leader.GetStringAsync("/bao-cao?ward=nhan");
        html.ShouldContain("<option value=\"NHAN\" selected");
        foreach (var link in new[]
                 {
                     "/api/reports/appendix?ward=NHAN&amp;plan_year=2025", "/api/reports/trend?ward=NHAN&amp;review_year=2024",
                     "/api/reports/briefing?ward=NHAN&amp;plan_year=2025",
                 })
        {
            html.ShouldContain($"href=\"{link}\"");
            html.ShouldContain($"href=\"{link}&amp;format=xlsx\"");
            html.ShouldContain($"href=\"{link}&amp;format=csv\"");
        }
        html.ShouldContain("<option value=\"2024\">2024</option>");
        html.ShouldNotContain("<option value=\"2023\"", customMessage: "2023 has no round before it");

        var earlier = await leader.GetStringAsync("/bao-cao?ward=NHAN&year=2024");
        earlier.ShouldContain("/api/reports/appendix?ward=NHAN&amp;plan_year=2024");
        earlier.ShouldContain("/api/reports/trend?ward=NHAN&amp;review_year=2023");
    }

    [Theory]
    [InlineData("/bao-cao?ward=NHAN", 403)]
    [InlineData("/bao-cao?ward=nhan", 403)]
    [InlineData("/bao-cao?ward=%20NHAN%20", 403)]
    [InlineData("/bao-cao?ward=NOWHERE", 403)]
    [InlineData("/bao-cao?year=2099", 400)]
    [InlineData("/bao-cao?year=2023", 400)]
    [InlineData("/bao-cao?year=abc", 400)]
    [InlineData("/bao-cao?year=2025%27%20OR%201=1", 400)]
    [InlineData("/bao-cao?year=-2025", 400)]
    public async Task A_person_of_DISU_gets_no_link_for_another_ward_or_a_year_the_rule_refuses(string path, int status)
    {
        using var response = await fixture.Sessions["officer@DISU"].Client.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldNotContain("/api/reports/");
        html.ShouldNotContain("Nhân Hòa");
        html.ShouldContain("role=\"alert\"");
        if (path.Contains("2099", StringComparison.Ordinal)) html.ShouldContain("tối đa là 2025");
    }

    [Fact]
    public async Task A_person_of_DISU_gets_their_wards_documents_and_every_download_is_audited_with_the_person()
    {
        var officer = fixture.Sessions["officer@DISU"].Client;
        var html = await officer.GetStringAsync("/bao-cao");
        html.ShouldNotContain("<select id=\"phuong\"", customMessage: "one ward: nothing to choose");
        html.ShouldContain("href=\"/api/reports/briefing?ward=DISU&amp;plan_year=2025\"");

        using (var pdf = await officer.GetAsync("/api/reports/briefing?ward=DISU&plan_year=2025"))
        {
            pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
            pdf.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        }
        using (var refused = await officer.GetAsync("/api/reports/briefing?ward=NHAN&plan_year=2025"))
            refused.StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var lines = fixture.Service.Logs.Lines.Where(l => l.Contains(Audit.Category + ": GET /api/reports/briefing user=web.officer.disu ", StringComparison.Ordinal)).ToList();
        lines.ShouldContain(l => l.Contains("outcome=ok status=200", StringComparison.Ordinal) && l.Contains("file=briefing-2025-DISU.pdf", StringComparison.Ordinal)
                                 && !l.Contains("bytes=0", StringComparison.Ordinal));
        lines.ShouldContain(l => l.Contains("outcome=refused status=403", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_API_key_download_is_audited_with_the_key()
    {
        using var key = fixture.Service.Client("leader@DISU");
        using var response = await key.GetAsync("/api/reports/appendix?plan_year=2025&format=xlsx");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": GET /api/reports/appendix key=test-leader-DISU ", StringComparison.Ordinal)
                                                     && l.Contains("file=appendix-2025-DISU.xlsx", StringComparison.Ordinal));
    }
}
