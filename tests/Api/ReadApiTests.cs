using System.Globalization;
using System.Net;
using System.Text.Json;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace DiSu.Analytics.Tests.Api;

public sealed class ReadApiTests(ForecastServiceFixture fixture) : IClassFixture<ForecastServiceFixture>
{
    private TestService Service => fixture.Service;

    [Fact]
    public async Task Should_list_each_ward_with_its_latest_round_households_and_poor_rate()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/wards");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var wards = (await response.Json()).GetProperty("wards").EnumerateArray().ToList();
        wards.Select(w => w.Text("code")).ShouldBe(["DISU", "NHAN"]);
        // Seed: 40 households a ward; 2024 has 4 poor in DISU (i % 10 == 1) and 8 in NHAN (i % 5 == 0).
        var disu = wards[0];
        disu.Text("name").ShouldBe("Phường Dị Sử");
        disu.Text("province_name").ShouldBe("Hưng Yên");
        disu.GetProperty("latest_year").GetInt32().ShouldBe(2024);
        disu.GetProperty("households").GetInt64().ShouldBe(40);
        disu.GetProperty("poor").GetInt64().ShouldBe(4);
        disu.GetProperty("poor_rate").GetDouble().ShouldBe(10.0, 1e-9);
        wards[1].Text("name").ShouldBe("Phường Nhân Hòa");
        wards[1].GetProperty("poor_rate").GetDouble().ShouldBe(20.0, 1e-9);
    }

    [Fact]
    public async Task Should_give_the_groups_of_every_ward_or_of_one_in_the_year_asked()
    {
        using var client = Service.Client("leader");
        var every = await (await client.GetAsync("/api/groups?year=2024")).Json();
        every.Rows().Select(r => $"{r.Text("ward_code")} {r.Text("group_code")} {r.GetProperty("review_year").GetInt32()} {r.GetProperty("poor").GetInt64()}")
            .ShouldBe(["DISU TDP01 2024 0", "DISU TDP02 2024 4", "NHAN TDP09 2024 8"]);

        var asked = await client.GetAsync("/api/groups?ward=disu&year=2023");
        asked.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await asked.Json();
        body.Text("ward").ShouldBe("DISU");
        body.GetProperty("year").GetInt32().ShouldBe(2023);
        var groups = body.Rows().ToList();
        groups.Select(r => (r.Text("group_code"), r.GetProperty("households").GetInt64(), r.GetProperty("poor").GetInt64()))
            .ShouldBe([("TDP01", 20L, 4L), ("TDP02", 20L, 0L)]);
        groups[0].GetProperty("poor_rate").GetDouble().ShouldBe(20.0, 1e-9);
        groups[0].GetProperty("prev_year").ValueKind.ShouldBe(JsonValueKind.Null);
    }

    [Theory]
    [InlineData("/api/groups?year=abc")]
    [InlineData("/api/groups?year=1999")]
    [InlineData("/api/groups?year=2101")]
    [InlineData("/api/priority?ward=DISU&year=20245")]
    [InlineData("/api/forecast?year=next")]
    public async Task Should_refuse_a_year_that_is_not_a_year_with_400(string path)
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var problem = await response.Json();
        problem.GetProperty("detail_en").GetString()!.ShouldContain("between 2000 and 2100");
        problem.GetProperty("detail").GetString()!.ShouldContain("phải là một năm từ 2000 đến 2100");
    }

    [Theory]
    [InlineData("/api/groups?ward=XYZ", "Ward 'XYZ' is not in the mart")]
    [InlineData("/api/priority?ward=XYZ", "wards loaded: DISU, NHAN")]
    [InlineData("/api/forecast?ward=DISU&year=2024", "years forecast: 2025")]
    public async Task Should_answer_404_naming_what_exists_for_an_unknown_ward_or_year(string path, string detail)
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await response.DetailEn()).ShouldContain(detail);
    }

    [Fact]
    public async Task Should_rank_a_wards_groups_for_the_plan_year_after_its_latest_round()
    {
        using var client = Service.Client("leader");
        var missing = await client.GetAsync("/api/priority");
        missing.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await missing.Detail()).ShouldContain("?ward=");

        var body = await (await client.GetAsync("/api/priority?ward=DISU&year=2025")).Json();
        var rows = body.Rows().ToList();
        var expected = fixture.Priority.Where(r => (string)r["ward_code"]! == "DISU" && (int)r["review_year"]! == 2024).ToList();
        rows.Select(r => r.Text("group_code")).ShouldBe(expected.Select(r => (string)r["group_code"]!));
        rows.Select(r => r.GetProperty("priority_rank").GetInt64()).ShouldBe([1L, 2L]);
        rows[0].Text("group_code").ShouldBe("TDP02");
        rows[0].GetProperty("plan_year").GetInt32().ShouldBe(2025);
        rows[0].GetProperty("score").GetDouble().ShouldBe((double)expected[0]["score"]!, 1e-9);

        var before = await (await client.GetAsync("/api/priority?ward=DISU&year=2024")).Json();
        before.Rows().ShouldAllBe(r => r.GetProperty("review_year").GetInt32() == 2023);
    }

    [Fact]
    public async Task Should_give_the_groups_forecast_as_the_mart_holds_it()
    {
        using var client = Service.Client("leader");
        var body = await (await client.GetAsync("/api/forecast?year=2025")).Json();
        var rows = body.Rows().ToList();
        rows.Count.ShouldBe(fixture.GroupForecast.Count);
        rows.Count.ShouldBe(5); // DISU: 2 groups + the ward; NHAN: 1 group + the ward
        foreach (var (row, expected) in rows.Zip(fixture.GroupForecast))
        {
            row.Text("ward_code").ShouldBe((string)expected["ward_code"]!);
            row.GetProperty("base_year").GetInt32().ShouldBe(2024);
            row.GetProperty("target_year").GetInt32().ShouldBe(2025);
            row.GetProperty("expected_poor").GetDouble().ShouldBe((double)expected["expected_poor"]!, 1e-9);
            row.GetProperty("high80").GetInt32().ShouldBe((int)expected["high80"]!);
        }
        var asked = await (await client.GetAsync("/api/forecast?ward=NHAN&year=2025")).Json();
        asked.Rows().Select(r => r.GetProperty("group_code").ValueKind == JsonValueKind.Null ? "(ward)" : r.Text("group_code")).ShouldBe(["TDP09", "(ward)"]);
    }

    [Fact]
    public async Task Should_list_household_risk_of_one_ward_for_planners_riskiest_first()
    {
        using var client = Service.Client("planner");
        var response = await client.GetAsync("/api/forecast?level=household&ward=NHAN&year=2025");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await response.Json()).Rows().ToList();
        var expected = fixture.HouseholdRisk.Where(r => (string)r["ward_code"]! == "NHAN").ToDictionary(r => (string)r["household_id"]!);
        rows.Count.ShouldBe(40);
        rows.ShouldAllBe(r => r.Text("household_id").StartsWith("NHAN-"));
        foreach (var row in rows)
            row.GetProperty("p_poor_next").GetDouble().ShouldBe((double)expected[row.Text("household_id")]["p_poor_next"]!, 1e-12);
        rows.Select(r => r.GetProperty("p_poor_next").GetDouble()).ShouldBeInOrder(SortDirection.Descending);

        var noWard = await client.GetAsync("/api/forecast?level=household");
        noWard.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await noWard.Detail()).ShouldContain("?ward=");
        (await client.GetAsync("/api/forecast?level=street&ward=NHAN")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Should_refuse_household_risk_to_a_leader_naming_the_role_needed()
    {
        using var client = Service.Client("leader");
        var response = await client.GetAsync("/api/forecast?level=household&ward=DISU");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.Detail()).ShouldContain("'planner'");
    }

    [Theory]
    [InlineData("leader@DISU", "/api/wards")]
    [InlineData("leader@DISU", "/api/groups?year=2024")]
    [InlineData("leader@DISU", "/api/groups?year=2023")]
    [InlineData("leader@DISU", "/api/priority?year=2025")]
    [InlineData("leader@DISU", "/api/forecast?year=2025")]
    [InlineData("planner@DISU", "/api/forecast?level=household&year=2025")]
    public async Task Should_never_give_a_key_restricted_to_DISU_a_row_of_NHAN(string key, string path)
    {
        using var client = Service.Client(key);
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = await response.Content.ReadAsStringAsync();
        text.ShouldContain("DISU");
        text.ShouldNotContain("NHAN");
        text.ShouldNotContain("Nhân Hòa");
    }

    [Theory]
    [InlineData("leader@DISU", "/api/groups?ward=NHAN")]
    [InlineData("leader@DISU", "/api/priority?ward=NHAN")]
    [InlineData("leader@DISU", "/api/forecast?ward=nhan")]
    [InlineData("planner@DISU", "/api/forecast?level=household&ward=NHAN")]
    public async Task Should_refuse_a_key_restricted_to_DISU_that_asks_for_NHAN(string key, string path)
    {
        using var client = Service.Client(key);
        var response = await client.GetAsync(path);
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await response.DetailEn()).ShouldContain("restricted to ward DISU");
    }

    [Theory]
    [InlineData("/api/groups?ward=XYZ", 404, "Không có phường, xã 'XYZ' trong kho dữ liệu", "Ward 'XYZ' is not in the mart")]
    [InlineData("/api/forecast?level=street", 400, "'level' phải là 'group' (mặc định) hoặc 'household'.", "'level' must be 'group' (the default) or 'household'.")]
    [InlineData("/api/groups", 401, "Hãy gửi khóa dạng 'Authorization: Bearer KHÓA'", "Send a key as 'Authorization: Bearer KEY'")]
    public async Task Should_answer_problems_in_vietnamese_with_the_english_beside_for_tools(string path, int status, string vi, string en)
    {
        using var client = status == 401 ? Service.Client() : Service.Client("leader");
        var response = await client.GetAsync(path);
        ((int)response.StatusCode).ShouldBe(status);
        var problem = await response.Json();
        problem.GetProperty("detail").GetString()!.ShouldContain(vi);
        problem.GetProperty("detail_en").GetString()!.ShouldContain(en);
        problem.GetProperty("title").GetString().ShouldNotBe(problem.GetProperty("title_en").GetString());
        problem.GetProperty("detail").GetString()!.ShouldNotContain("System.");
    }

    [Theory]
    [InlineData("/api/wards")]
    [InlineData("/api/groups")]
    [InlineData("/api/priority?ward=DISU")]
    [InlineData("/api/forecast")]
    public async Task Should_answer_401_without_a_key_or_with_an_unknown_one(string path)
    {
        using var anonymous = Service.Client();
        var none = await anonymous.GetAsync(path);
        none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await none.Detail()).ShouldContain("Authorization: Bearer");
        using var wrong = Service.Client();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "disu_not-a-key");
        (await wrong.GetAsync(path)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Should_not_write_household_ids_or_rows_into_the_log()
    {
        using var client = Service.Client("planner");
        (await client.GetAsync("/api/forecast?level=household&ward=DISU&year=2025")).EnsureSuccessStatusCode();
        (await client.GetAsync("/api/groups?ward=DISU&year=2024")).EnsureSuccessStatusCode();
        Service.Logs.Lines.ShouldNotContain(l => l.Contains("DISU-0") || l.Contains("NHAN-0") || l.Contains("p_poor_next"));
    }

    [Fact]
    public async Task Should_document_the_endpoints_and_the_api_key_in_openapi()
    {
        using var client = Service.Client();
        var document = await (await client.GetAsync("/openapi.json")).Json();
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/wards", "/api/groups", "/api/priority", "/api/forecast", "/api/reports/{kind}", "/api/jobs", "/api/jobs/{name}/run" })
            paths.TryGetProperty(path, out _).ShouldBeTrue(path);
        var wards = paths.GetProperty("/api/wards").GetProperty("get");
        wards.GetProperty("operationId").GetString().ShouldBe("ListWards");
        wards.GetProperty("responses").TryGetProperty("401", out _).ShouldBeTrue();
        wards.GetProperty("responses").TryGetProperty("503", out _).ShouldBeTrue();
        wards.GetProperty("security").GetArrayLength().ShouldBeGreaterThan(0);
        document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString().ShouldBe("bearer");
        paths.GetProperty("/health").GetProperty("get").TryGetProperty("security", out _).ShouldBeFalse();
        var groups = paths.GetProperty("/api/groups").GetProperty("get").GetProperty("responses");
        groups.GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").ToString().ShouldNotBeEmpty();
    }

    [Fact]
    public async Task Should_answer_503_with_retry_after_while_the_mart_changes_hands()
    {
        // A read that does not let go keeps a writer waiting to switch; a request meanwhile gives up after the reader patience.
        var gate = Service.Services.GetRequiredService<MartGate>();
        using var release = new ManualResetEventSlim();
        using var holding = new ManualResetEventSlim();
        var reader = Task.Run(() => gate.Read(_ => { holding.Set(); release.Wait(TimeSpan.FromSeconds(60)); return 0; }));
        holding.Wait(TimeSpan.FromSeconds(30)).ShouldBeTrue();
        var writer = Task.Run(() => gate.Write(_ => 0));
        try
        {
            using var client = Service.Client("leader");
            // Until the writer has begun to switch, reads still get in; poll until one is turned away.
            var (_, busy) = await Poll.Read(() => client.GetAsync("/api/wards"), r => r.StatusCode == HttpStatusCode.ServiceUnavailable);
            busy.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
            var seconds = int.Parse(busy.Headers.GetValues("Retry-After").Single(), CultureInfo.InvariantCulture);
            seconds.ShouldBeGreaterThanOrEqualTo(1);
            var problem = await busy.Json();
            problem.GetProperty("detail_en").GetString()!.ShouldContain($"retry in {seconds} s");
            problem.GetProperty("detail").GetString()!.ShouldContain($"thử lại sau {seconds} giây");
        }
        finally
        {
            release.Set();
            await reader;
            await writer;
        }
        using var after = Service.Client("leader");
        (await after.GetAsync("/api/wards")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
