using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Forms;
using DiSu.Analytics.Service.Serve;
using DiSu.Analytics.Tests.Reports;
using DiSu.Analytics.Tests.Support;
using Microsoft.Playwright;

namespace DiSu.Analytics.Tests.Web;

/// <summary>The demo's service (phường Dị Sử's rounds 2021–2024 among the demo's wards) with an officer of DISU.</summary>
public sealed class FormsPageFixture : WebFixture, IAsyncLifetime
{
    public const string Officer = "can.bo.disu";
    public const string ProvinceOfficer = "can.bo";

    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, Officer, Role.Officer, DemoMartFixture.Ward);
        WebSession.AddUser(Service, ProvinceOfficer, Role.Officer);
    }
}

/// <summary>
/// The generated 20-ward province (urban wards and rural communes, rounds 2022–2025) behind the
/// service, with an officer of every ward: the province's form has both sections.
/// </summary>
public sealed class ProvinceFormsFixture : WebFixture, IAsyncLifetime
{
    public const string Officer = "can.bo.tinh";

    protected override ServeOptions Configure(ServeOptions options) => options with { SignInPerMinute = 1000 };

    protected override string Template => GeneratedPanelFixture.TemplatePath;

    public new async Task InitializeAsync()
    {
        await base.InitializeAsync();
        WebSession.AddUser(Service, Officer, Role.Officer);
    }
}

/// <summary>
/// The Biểu mẫu page in Chromium: every cell of both tables is FormsModel's number for the same
/// mart, formatted vi-VN; as displayed, every row keeps end = start − escaped + re-poor + newly and
/// the total is I + II; the note is FormNotes'; axe finds nothing serious.
/// </summary>
public sealed class FormsPageTests(FormsPageFixture fixture) : IClassFixture<FormsPageFixture>
{
    [Fact]
    public async Task An_officer_of_DISU_sees_every_number_of_the_2024_forms_as_FormsModel_reads_them_and_each_row_reconciles()
    {
        var page = await fixture.SignedIn(FormsPageFixture.Officer, "/bao-cao");
        // From the Báo cáo page, as an officer finds it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Biểu mẫu rà soát", Exact = true }).ClickAsync();
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Biểu mẫu rà soát hộ nghèo, hộ cận nghèo");
        await page.Locator("#nam").SelectOptionAsync("2024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem biểu" }).ClickAsync();
        await Assertions.Expect(page.Locator(".unit-line")).ToContainTextAsync("năm rà soát 2024");
        new Uri(page.Url).PathAndQuery.ShouldBe("/bao-cao/bieu-mau?xa=DISU&nam=2024&bieu=");

        var model = fixture.Read(c => FormsModel.Read(c, FormLevel.Ward, DemoMartFixture.Ward, new ReviewYear(2024)));
        model.PreviousYear.ShouldBe(2023);
        foreach (var table in model.Tables)
        {
            var shown = await FormTables.Read(page, table.Class);
            FormTables.ShouldShow(shown, table);
            FormTables.ShouldReconcile(shown);
            (await page.Locator($"table[data-class={FormTables.ClassName(table.Class)}]").Locator("xpath=ancestor::section[1]//ul[@class='form-notes']/li").AllInnerTextsAsync())
                .ShouldBe(FormNotes.For(model, table));
        }
        model.Poor.Total.EndHouseholds.ShouldBeGreaterThan(0, "the demo ward has poor households: the comparison compares something");

        var hrefs = new List<string>();
        foreach (var link in await page.Locator(".form-downloads .formats a").AllAsync()) hrefs.Add((await link.GetAttributeAsync("href")).ShouldNotBeNull());
        hrefs.ShouldBe(new[] { "pdf", "xlsx", "csv" }.Select(f => $"/api/reports/forms?year=2024&ward=DISU&format={f}").ToList());

        await page.ShouldHaveNoSeriousViolations();
        await page.Locator("#bieu-ngheo").EvaluateAsync("e => e.scrollIntoView()");
        await Screenshots.Take(page, "bieu-mau");
        await page.SetViewportSizeAsync(390, 844);
        (await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("at 390 px the form scrolls inside its frame, not the page");
        (await page.EvaluateAsync<bool>("Array.from(document.querySelectorAll('.form-table .table-scroll')).every(e => e.scrollWidth > e.clientWidth)"))
            .ShouldBeTrue("the tables are wider than a phone and scroll in their frame");
        await page.Locator("#bieu-ngheo").EvaluateAsync("e => e.scrollIntoView()");
        await Screenshots.Take(page, "bieu-mau-dien-thoai");
    }

    [Fact]
    public async Task An_officer_of_every_ward_on_a_one_ward_mart_still_chooses_between_the_wards_form_and_the_provinces()
    {
        using var session = await new WebSession(fixture.Service).SignedInAs(FormsPageFixture.ProvinceOfficer);
        var province = fixture.Read(c => c.Scalar<string>("SELECT min(province_code) FROM geo_year WHERE is_current"))!;
        var choose = await session.Client.GetStringAsync("/bao-cao/bieu-mau");
        choose.ShouldContain("href=\"/bao-cao/bieu-mau?xa=DISU\"");
        choose.ShouldContain($"href=\"/bao-cao/bieu-mau?tinh={province}\"");
        var ward = await session.Client.GetStringAsync("/bao-cao/bieu-mau?xa=DISU");
        ward.ShouldContain("<a href=\"/bao-cao/bieu-mau\">Chọn đơn vị khác</a>");
    }

    [Fact]
    public async Task The_near_poor_form_alone_says_what_its_columns_hold_beyond_class_changes()
    {
        var page = await fixture.SignedIn(FormsPageFixture.Officer, "/bao-cao/bieu-mau?nam=2024&bieu=can-ngheo");
        var model = fixture.Read(c => FormsModel.Read(c, FormLevel.Ward, DemoMartFixture.Ward, new ReviewYear(2024)));
        (await page.Locator("table.form").CountAsync()).ShouldBe(1);
        var shown = await FormTables.Read(page, FormClass.NearPoor);
        FormTables.ShouldShow(shown, model.NearPoor);
        FormTables.ShouldReconcile(shown);
        var notes = await page.Locator(".form-notes li").AllInnerTextsAsync();
        notes.ShouldBe(FormNotes.For(model, model.NearPoor));
        // What the near-poor columns hold beyond class changes, when the demo has any: the households that became poor.
        if (model.NearPoor.Total.BecamePoor > 0)
            notes.ShouldContain(n => n.Contains($"{VietnameseNumbers.Count(model.NearPoor.Total.BecamePoor)} hộ cận nghèo trở thành hộ nghèo", StringComparison.Ordinal));
    }
}

/// <summary>The province's form in Chromium: a row per ward, urban wards in I, rural communes in II, both as FormsModel reads them.</summary>
public sealed class ProvinceFormsPageTests(ProvinceFormsFixture fixture) : IClassFixture<ProvinceFormsFixture>
{
    [Fact]
    public async Task An_officer_of_every_ward_sees_the_province_form_with_urban_and_rural_sections_as_FormsModel_reads_them()
    {
        var province = fixture.Read(c => c.Scalar<string>("SELECT min(province_code) FROM geo_year WHERE is_current"));
        var page = await fixture.SignedIn(ProvinceFormsFixture.Officer, "/bao-cao/bieu-mau");
        await page.GetByRole(AriaRole.Link, new() { NameRegex = new System.Text.RegularExpressions.Regex($@"\({province}\)$") }).ClickAsync();
        await Assertions.Expect(page.Locator(".unit-line")).ToContainTextAsync("cấp tỉnh");
        await page.Locator("#nam").SelectOptionAsync("2024");
        await page.GetByRole(AriaRole.Button, new() { Name = "Xem biểu" }).ClickAsync();
        await Assertions.Expect(page.Locator(".unit-line")).ToContainTextAsync("năm rà soát 2024");

        var model = fixture.Read(c => FormsModel.Read(c, FormLevel.Province, province!, new ReviewYear(2024)));
        model.Poor.Sections.ShouldAllBe(s => s.Rows.Count > 0, "the generated province has urban wards and rural communes");
        model.Poor.Sections.Sum(s => s.Rows.Count).ShouldBe(GeneratedPanelFixture.Wards);
        model.Poor.Total.HouseholdsDtts.ShouldBeGreaterThan(0, "rural communes have ethnic-minority households");
        foreach (var table in model.Tables)
        {
            var shown = await FormTables.Read(page, table.Class);
            FormTables.ShouldShow(shown, table);
            FormTables.ShouldReconcile(shown);
        }
        (await page.Locator(".form-downloads .formats a").First.GetAttributeAsync("href")).ShouldBe($"/api/reports/forms?year=2024&province={province}&format=pdf");
        await page.ShouldHaveNoSeriousViolations();
        await page.Locator("#bieu-ngheo").EvaluateAsync("e => e.scrollIntoView()");
        await Screenshots.Take(page, "bieu-mau-tinh");
    }
}

/// <summary>A form's table as the browser shows it, read cell by cell, and what it must show.</summary>
internal static class FormTables
{
    /// <summary>One displayed row: its kind (section, unit, total), its number column (A), its name (B) and its sixteen cells.</summary>
    public sealed record ShownRow(string Kind, string Area, string Number, string Name, IReadOnlyList<string> Cells);

    public static string ClassName(FormClass kind) => kind == FormClass.Poor ? "poor" : "near_poor";

    public static async Task<IReadOnlyList<ShownRow>> Read(IPage page, FormClass kind)
    {
        var table = page.Locator($"table.form[data-class={ClassName(kind)}]");
        (await table.Locator("thead tr.column-numbers td").AllInnerTextsAsync()).Select(t => t.Trim())
            .ShouldBe(new[] { "A", "B" }.Concat(Enumerable.Range(1, 16).Select(n => $"({n})")));
        var rows = new List<ShownRow>();
        foreach (var row in await table.Locator("tbody tr, tfoot tr").AllAsync())
        {
            var kindOf = (await row.GetAttributeAsync("data-row"))!;
            var area = await row.EvaluateAsync<string>("r => r.closest('tbody')?.dataset.area ?? ''");
            var cells = (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
            rows.Add(new ShownRow(kindOf, area, cells[0], (await row.Locator("th").InnerTextAsync()).Trim(), cells.Skip(1).ToList()));
        }
        return rows;
    }

    /// <summary>The model's rows in the printed order with their sixteen numbers as vi-VN text, formatted here, not by the page.</summary>
    public static void ShouldShow(IReadOnlyList<ShownRow> shown, FormTable table)
    {
        var expected = new List<(string Kind, string Number, string Name, FormRow Row)>();
        foreach (var section in table.Sections)
        {
            expected.Add(("section", section.Number, section.Title, section.Subtotal));
            expected.AddRange(section.Rows.Select((r, i) => ("unit", (i + 1).ToString(CultureInfo.InvariantCulture), r.UnitName, r)));
        }
        expected.Add(("total", "", "Tổng cộng", table.Total));
        shown.Select(s => (s.Kind, s.Number, s.Name)).ShouldBe(expected.Select(e => (e.Kind, e.Number, e.Name)));
        for (var i = 0; i < expected.Count; i++)
            shown[i].Cells.ShouldBe(Texts(expected[i].Row), $"{table.Class} row '{expected[i].Name}'");
    }

    /// <summary>As displayed (read back from vi-VN text): end = start − escaped + re-poor + newly on every row, and Tổng cộng = I + II.</summary>
    public static void ShouldReconcile(IReadOnlyList<ShownRow> shown)
    {
        foreach (var row in shown)
        {
            long N(int column) => Number(row.Cells[column - 1]);
            N(13).ShouldBe(N(3) - N(7) + N(9) + N(11), $"row '{row.Name}': (13) = (3) − (7) + (9) + (11)");
        }
        var sections = shown.Where(r => r.Kind == "section").ToList();
        sections.Select(s => s.Name).ShouldBe(["Khu vực thành thị", "Khu vực nông thôn"]);
        var total = shown.Single(r => r.Kind == "total");
        foreach (var column in new[] { 0, 1, 2, 4, 6, 8, 10, 12, 14 })
        {
            Number(total.Cells[column]).ShouldBe(sections.Sum(s => Number(s.Cells[column])), $"Tổng cộng = I + II in column ({column + 1})");
            foreach (var section in sections)
                Number(section.Cells[column]).ShouldBe(shown.Where(r => r.Kind == "unit" && r.Area == section.Area).Sum(r => Number(r.Cells[column])),
                    $"{section.Name} = the sum of its rows in column ({column + 1})");
        }
    }

    private static IReadOnlyList<string> Texts(FormRow r) =>
    [
        C(r.Households), C(r.HouseholdsDtts), C(r.StartHouseholds), R(r.StartRate), C(r.StartDtts), R(r.StartDttsRate),
        C(r.Escaped), R(r.EscapedRate), C(r.Returned), R(r.ReturnedRate), C(r.Newly), R(r.NewlyRate),
        C(r.EndHouseholds), R(r.EndRate), C(r.EndDtts), R(r.EndDttsRate),
    ];

    private static string C(long count) => count.ToString("#,0", CultureInfo.GetCultureInfo("vi-VN"));

    private static string R(double? rate) => rate is { } r ? r.ToString("F2", CultureInfo.GetCultureInfo("vi-VN")) : "";

    /// <summary>A displayed count ("3.452") back to a number; a rate cell is never read this way.</summary>
    private static long Number(string text) => long.Parse(text, NumberStyles.AllowThousands, CultureInfo.GetCultureInfo("vi-VN"));
}
