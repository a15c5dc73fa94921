using System.Net;
using System.Text.RegularExpressions;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Service.Api;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Service.Web;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The two-ward mart (DISU: TDP01, TDP02; NHAN: TDP09) with planners of every ward, of DISU and of NHAN, and a leader, each signed in once.</summary>
public sealed class PriorityFixture : ServiceFixture
{
    public Dictionary<string, WebSession> Sessions { get; } = [];

    public override async Task InitializeAsync()
    {
        Service = await TestService.Start(o => o with { SignInPerMinute = 1000 });
        foreach (var (id, role, ward) in new (string, Role, string?)[]
                 {
                     ("ke.hoach", Role.Planner, null), ("ke.hoach.disu", Role.Planner, TestService.WardA),
                     ("ke.hoach.nhan", Role.Planner, TestService.WardB), ("lanh.dao", Role.Leader, null),
                 })
        {
            WebSession.AddUser(Service, id, role, ward);
            Sessions[id] = await new WebSession(Service).SignedInAs(id);
        }
    }

    /// <summary>The service's own mart through its gate, as the pages read it.</summary>
    public T Read<T>(Func<DuckDB.NET.Data.DuckDBConnection, T> work) => Service.Services.GetRequiredService<MartGate>().Read(work);

    public override async Task DisposeAsync()
    {
        foreach (var session in Sessions.Values) session.Dispose();
        await base.DisposeAsync();
    }
}

public sealed partial class PriorityPageTests(PriorityFixture fixture) : IClassFixture<PriorityFixture>
{
    private const string Nhan = "Nhân Hòa";

    [Fact]
    public async Task A_planner_of_DISU_sees_the_latest_rounds_ranking_with_the_numbers_of_v_priority_groups()
    {
        var (status, html) = await Get("ke.hoach.disu", "/uu-tien");

        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("<h1>Tổ dân phố ưu tiên</h1>");
        html.ShouldContain("số liệu rà soát năm 2024");
        var view = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, TestService.WardA, 2024));
        view.Count.ShouldBe(2);
        Ranking(html).ShouldBe(view.Select(r => new[]
        {
            r.PriorityRank.ToString(System.Globalization.CultureInfo.InvariantCulture), r.GroupName, WebTable.Show(r.PoorRate, CellKind.Percent),
            WebTable.Show(r.M0, CellKind.Index), WebTable.Show(r.Score, CellKind.Score),
        }).ToList());
        html.ShouldContain("Trọng số áp dụng: " + view[0].WeightsVi);
        html.ShouldContain("(*) Nhóm nhỏ: tổ có ít hơn 10 hộ");
        html.ShouldNotContain(Nhan);
    }

    [Fact]
    public async Task The_weights_typed_recompute_the_ranking_as_the_view_would_rank_with_them_stored()
    {
        var (status, html) = await Get("ke.hoach.disu",
            "/uu-tien?review_year=2023&priority_weight_poor_rate=0&priority_weight_expected_rate=0&priority_weight_re_poor=0&priority_weight_m0=7&priority_weight_uncovered=0");

        status.ShouldBe(HttpStatusCode.OK, html);
        var trial = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, TestService.WardA, 2023, new PriorityWeights(0, 0, 0, 7, 0)));
        var stored = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, TestService.WardA, 2023));
        trial.Select(r => r.Score).ShouldNotBe(stored.Select(r => r.Score), "the trial must differ from the stored weights, or this compares nothing");
        Ranking(html).Select(r => (r[1], r[4])).ShouldBe(trial.Select(r => (r.GroupName, WebTable.Show(r.Score, CellKind.Score))));
        html.ShouldContain("Đang thử trọng số chưa lưu");
        html.ShouldContain("value=\"7\"");
    }

    [Theory]
    [InlineData("priority_weight_m0=NaN", "M0 (nghèo đa chiều)", "NaN")]
    [InlineData("priority_weight_m0=1e309", "M0 (nghèo đa chiều)", "1e309")]
    [InlineData("priority_weight_poor_rate=-5", "Tỷ lệ hộ nghèo", "-5")]
    [InlineData("priority_weight_poor_rate=101", "Tỷ lệ hộ nghèo", "101")]
    [InlineData("priority_weight_re_poor=3,5", "Nguy cơ tái nghèo", "3,5")]
    [InlineData("priority_weight_re_poor=m%E1%BB%99t", "Nguy cơ tái nghèo", "một")]
    [InlineData("priority_weight_uncovered=99999999999999999999999", "Chưa được hỗ trợ", "99999999999999999999")]
    public async Task A_weight_that_is_not_a_whole_number_from_0_to_100_is_a_400_that_says_so_in_Vietnamese_with_no_ranking(string query, string label, string shown)
    {
        var (status, html) = await Get("ke.hoach.disu", "/uu-tien?" + query);

        status.ShouldBe(HttpStatusCode.BadRequest, html);
        WebUtility.HtmlDecode(html).ShouldContain($"Trọng số '{label}' phải là một số nguyên từ 0 đến 100; '{shown}");
        html.ShouldNotContain("data-table=\"xep-hang\"");
    }

    [Theory]
    [InlineData("priority_weight_poor_rate=0&priority_weight_expected_rate=0&priority_weight_re_poor=0&priority_weight_m0=0&priority_weight_uncovered=0", "Các trọng số không thể đều bằng 0")]
    [InlineData("priority_weight_m0=1&priority_weight_m0=2", "được gửi 2 lần")]
    public async Task Weights_all_zero_or_sent_twice_are_a_400_with_no_ranking(string query, string text)
    {
        var (status, html) = await Get("ke.hoach.disu", "/uu-tien?" + query);

        status.ShouldBe(HttpStatusCode.BadRequest, html);
        html.ShouldContain(text);
        html.ShouldNotContain("data-table=\"xep-hang\"");
    }

    [Theory]
    [InlineData("/uu-tien?review_year=abc", HttpStatusCode.BadRequest, "không phải là năm")]
    [InlineData("/uu-tien?review_year=2023.5", HttpStatusCode.BadRequest, "không phải là năm")]
    [InlineData("/uu-tien?review_year=1e309", HttpStatusCode.BadRequest, "không phải là năm")]
    [InlineData("/uu-tien?review_year=-2024", HttpStatusCode.BadRequest, "không phải là năm")]
    [InlineData("/uu-tien?review_year=2023&review_year=2024", HttpStatusCode.BadRequest, "hai năm rà soát")]
    [InlineData("/uu-tien?review_year=2019", HttpStatusCode.NotFound, "không có số liệu rà soát năm 2019: đã nạp 2023, 2024")]
    [InlineData("/uu-tien/TDP01?review_year=2099", HttpStatusCode.NotFound, "không có số liệu rà soát năm 2099")]
    [InlineData("/uu-tien/TDP01?review_year=x", HttpStatusCode.BadRequest, "không phải là năm")]
    public async Task A_crafted_review_year_is_a_400_or_404_in_Vietnamese(string path, HttpStatusCode expected, string text)
    {
        var (status, html) = await Get("ke.hoach.disu", path);

        status.ShouldBe(expected, html);
        html.ShouldContain("<html lang=\"vi\">");
        html.ShouldContain(text);
        html.ShouldNotContain("data-table=");
    }

    [Theory]
    [InlineData("/uu-tien?ward=NHAN", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien?ward=nhan", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien?ward=%20NHAN%20", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien?ward=NOWHERE", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien?ward=DISU&ward=NHAN", HttpStatusCode.BadRequest)]
    [InlineData("/uu-tien/TDP09", HttpStatusCode.NotFound)]
    [InlineData("/uu-tien/tdp01", HttpStatusCode.NotFound)]
    [InlineData("/uu-tien/TDP09?ward=NHAN", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien/TDP01?ward=NHAN", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien/%3Cscript%3E", HttpStatusCode.NotFound)]
    [InlineData("/uu-tien/TDP01'%20OR%201=1--", HttpStatusCode.NotFound)]
    [InlineData("/uu-tien.xlsx?ward=NHAN", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien/TDP09/xlsx?bang=xu-huong", HttpStatusCode.NotFound)]
    [InlineData("/uu-tien/TDP09/xlsx?ward=NHAN&bang=xu-huong", HttpStatusCode.Forbidden)]
    [InlineData("/uu-tien/TDP01/xlsx?bang=..%2F..%2Fetc", HttpStatusCode.NotFound)]
    public async Task A_planner_of_DISU_gets_no_number_of_NHAN_whatever_the_address(string path, HttpStatusCode expected)
    {
        var (status, html) = await Get("ke.hoach.disu", path);

        status.ShouldBe(expected, html);
        html.ShouldContain("<html lang=\"vi\">");
        html.ShouldNotContain(Nhan);
        html.ShouldNotContain("TDP09\"");
        html.ShouldNotContain("data-table=");
        html.ShouldNotContain("<script>");
        if (expected == HttpStatusCode.Forbidden) html.ShouldContain("chỉ dùng cho phường, xã DISU");
    }

    [Fact]
    public async Task A_planner_of_every_ward_chooses_the_ward_and_sees_NHAN_only_when_asking_for_it()
    {
        var (status, html) = await Get("ke.hoach", "/uu-tien");
        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("Chọn phường, xã");
        html.ShouldContain("href=\"/uu-tien?ward=NHAN\"");
        html.ShouldNotContain("data-table=");

        (status, html) = await Get("ke.hoach", "/uu-tien?ward=nhan");
        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("Tổ dân phố Nhân Hòa");
        html.ShouldNotContain("Tổ dân phố Nhân Vinh", customMessage: "DISU's group");

        (status, _) = await Get("ke.hoach", "/uu-tien?ward=NOWHERE");
        status.ShouldBe(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/uu-tien")]
    [InlineData("/uu-tien/TDP01")]
    [InlineData("/uu-tien.xlsx")]
    [InlineData("/uu-tien/TDP01/xlsx?bang=xu-huong")]
    public async Task A_leader_is_refused_every_priority_address_with_a_Vietnamese_403(string path)
    {
        var (status, html) = await Get("lanh.dao", path);

        status.ShouldBe(HttpStatusCode.Forbidden, html);
        html.ShouldContain("dành cho cán bộ kế hoạch trở lên");
        html.ShouldNotContain("data-table=");
    }

    [Fact]
    public async Task A_groups_page_shows_its_years_deprivations_and_support_from_the_views()
    {
        var (status, html) = await Get("ke.hoach.disu", "/uu-tien/TDP01");

        status.ShouldBe(HttpStatusCode.OK, html);
        html.ShouldContain("<h1>Tổ dân phố Nhân Vinh</h1>");
        var years = fixture.Read(c => c.Read<GroupYearRow>("SELECT review_year, households, poor FROM v_group_year WHERE ward_code = 'DISU' AND group_code = 'TDP01' ORDER BY 1"));
        var trend = Rows(html, "xu-huong");
        trend.Select(r => (r[0], r[1], r[8])).ShouldBe(years.Select(y => (y.ReviewYear.ToString(System.Globalization.CultureInfo.InvariantCulture),
            WebTable.Show(y.Households, CellKind.Count), WebTable.Show(y.Poor, CellKind.Count))));
        var contributions = fixture.Read(c => c.Read<IndicatorRow>(
            "SELECT label_vi, contribution FROM v_mpi_indicator WHERE ward_code = 'DISU' AND group_code = 'TDP01' AND review_year = 2024 ORDER BY contribution DESC, uncensored_h DESC, ordinal"));
        Rows(html, "thieu-hut").Select(r => (r[1], r[5])).ShouldBe(contributions.Select(i => (i.LabelVi, WebTable.Show(i.Contribution, CellKind.Index))));
        html.ShouldContain("data-table=\"ho-tro\"");
        html.ShouldContain("Chưa có kế hoạch năm 2025");
        html.ShouldNotContain("data-table=\"ho-ung-vien\"", customMessage: "no plan, so no annex");
        html.ShouldNotContain(Nhan);
    }

    [Fact]
    public async Task The_ranking_downloads_as_XLSX_with_the_pages_numbers_and_the_download_names_the_person_in_the_audit()
    {
        var session = fixture.Sessions["ke.hoach.disu"];
        using var response = await session.Client.GetAsync("/uu-tien.xlsx?review_year=2023&priority_weight_m0=40");

        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe(ReportEndpoints.XlsxType);
        using var folder = new TempFolder();
        var file = folder.File("uu-tien.xlsx");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        var sheet = XlsxCells.Read(file).Single();
        var trial = fixture.Read(c => PriorityRanking.Read<PriorityGroupRow>(c, TestService.WardA, 2023, PriorityWeights.Read(c) with { M0 = 40 }));
        sheet.Column("Tổ dân phố").Select(c => c.Text).ShouldBe(trial.Select(r => r.GroupName));
        sheet.Column("Điểm ưu tiên").Select(c => c.Number).ShouldBe(trial.Select(r => r.Score));
        sheet.Column("Tỷ lệ hộ nghèo").Select(c => c.Number).ShouldBe(trial.Select(r => r.PoorRate!.Value / 100), tolerance: 1e-15);
        sheet.Column("Tỷ lệ hộ nghèo").ShouldAllBe(c => c.Format == "0.00%");
        fixture.Service.Logs.Lines.ShouldContain(l => l.Contains(Audit.Category + ": GET /uu-tien.xlsx user=ke.hoach.disu ", StringComparison.Ordinal)
            && l.Contains("outcome=sent status=200 table=uu-tien-DISU-2023.xlsx rows=2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_groups_table_downloads_as_XLSX_and_an_unknown_table_is_a_404()
    {
        var session = fixture.Sessions["ke.hoach.disu"];
        using var response = await session.Client.GetAsync("/uu-tien/TDP01/xlsx?bang=xu-huong");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        using var folder = new TempFolder();
        var file = folder.File("xu-huong.xlsx");
        await File.WriteAllBytesAsync(file, await response.Content.ReadAsByteArrayAsync());
        XlsxCells.Read(file).Single().Column("Năm").Select(c => c.Number).ShouldBe([2023, 2024]);

        var (status, html) = await Get("ke.hoach.disu", "/uu-tien/TDP01/xlsx?bang=ho-ung-vien");
        status.ShouldBe(HttpStatusCode.NotFound, "no plan, so the page has no household table to download");
        html.ShouldContain("Trang của tổ không có bảng này");
    }

    private async Task<(HttpStatusCode, string)> Get(string user, string path)
    {
        using var response = await fixture.Sessions[user].Client.GetAsync(path);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>The ranking's rows as shown: rank, group, poor rate, M0, score.</summary>
    private static List<string[]> Ranking(string html) =>
        Rows(html, "xep-hang").Select(r => new[] { r[0], r[1], r[5], r[8], r[15] }).ToList();

    /// <summary>The cells of a table's body rows, as text.</summary>
    public static List<string[]> Rows(string html, string table)
    {
        var start = html.IndexOf($"data-table=\"{table}\"", StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0, $"no table {table}");
        var body = html[html.IndexOf("<tbody>", start, StringComparison.Ordinal)..html.IndexOf("</tbody>", start, StringComparison.Ordinal)];
        return RowPattern().Matches(body).Select(row => CellPattern().Matches(row.Value)
            .Select(c => WebUtility.HtmlDecode(Tags().Replace(c.Groups[1].Value, "")).Trim()).ToArray()).ToList();
    }

    [GeneratedRegex("<tr>.*?</tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<t[hd][^>]*>(.*?)</t[hd]>", RegexOptions.Singleline)]
    private static partial Regex CellPattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    private sealed record GroupYearRow
    {
        public int ReviewYear { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
    }

    private sealed record IndicatorRow
    {
        public required string LabelVi { get; init; }
        public double Contribution { get; init; }
    }
}
