using DiSu.Analytics.Mart;
using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Appendix;
using DiSu.Analytics.Reports.Briefing;
using DiSu.Analytics.Tests.Api;
using DiSu.Analytics.Tests.Mart;
using DiSu.Analytics.Tests.Support;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// One forecast, one set of figures (issue 13): the plan appendix, the briefing, `disu forecast show`
/// and /api/forecast print the expected poor households, expected rate and expected re-poor
/// households of <c>v_group_forecast</c>, each after its own rounding, and the model's caveat
/// word for word beside them when it has one.
/// </summary>
public sealed class ForecastOneSourceTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    private const int Year = 2024;
    private const string Ward = DemoMartFixture.Ward;

    [Fact]
    public async Task Should_print_the_same_expected_counts_rates_and_re_poor_figures_in_every_document_of_the_demo()
    {
        using var folder = new TempFolder();
        var view = ForecastFigures.Read(demo.Mart.Connection, Ward, Year);
        var appendix = DemoMartFixture.Appendix2024;
        ForecastFigures.AppendixPrints(appendix.Model, view, DemoMartFixture.Pdf(appendix));
        ForecastFigures.BriefingPrints(BriefingModel.Read(demo.Mart.Connection, new BriefingRequest(Year, Ward)), view, Year);
        var copy = Copy(folder);
        ForecastFigures.ShowPrints(copy, Ward, Year, view);
        await using var service = await TestService.Start(copyOf: copy);
        await ForecastFigures.ApiGives(service, Ward, Year, view);
    }

    [Fact]
    public async Task Should_print_the_models_caveat_word_for_word_beside_the_forecast_in_every_document()
    {
        // Two years of one ward: 14 poor households to calibrate on, and no better than the naive baselines.
        var caveat = demo.Mart.Scalar<string>("SELECT DISTINCT forecast_caveat FROM v_group_forecast WHERE ward_code = ? AND target_year = ?", Ward, Year);
        caveat.ShouldNotBeNull().ShouldStartWith("Lưu ý:");
        using var folder = new TempFolder();

        var appendix = DemoMartFixture.Appendix2024;
        var notes = DemoMartFixture.Pdf(appendix).Flow;
        notes.ShouldContain(caveat, Case.Sensitive);
        notes.IndexOf(caveat, StringComparison.Ordinal).ShouldBeGreaterThan(notes.IndexOf("khả năng đạt theo dự báo", StringComparison.Ordinal), "after the notes with the numbers");
        appendix.Provenance.Fields().ShouldContain((Provenance.CaveatField, caveat));
        File.ReadAllText(ReportFiles.Write(appendix, ReportFormat.Csv, folder.File("csv")).Single(f => f.EndsWith("-provenance.csv", StringComparison.Ordinal)))
            .ShouldContain(caveat, Case.Sensitive);

        var briefing = DemoMartFixture.Briefing2024;
        var text = string.Join(" ", DemoMartFixture.Pdf(briefing).Pages.SelectMany(p => p));
        var forecast = new BriefingSentences(briefing.Model).Forecast();
        text.ShouldContain(forecast + " " + caveat, Case.Sensitive);
        briefing.Provenance.Fields().ShouldContain((Provenance.CaveatField, caveat));

        var copy = Copy(folder);
        var show = ForecastFigures.ShowPrints(copy, Ward, Year, ForecastFigures.Read(demo.Mart.Connection, Ward, Year));
        show.ShouldContain(caveat, Case.Sensitive);
        show.IndexOf(caveat, StringComparison.Ordinal).ShouldBeGreaterThan(show.LastIndexOf('╯'), "under the ward's table");

        await using var service = await TestService.Start(copyOf: copy);
        await ForecastFigures.ApiGives(service, Ward, Year, ForecastFigures.Read(demo.Mart.Connection, Ward, Year));
    }

    [Fact]
    public async Task Should_print_the_stored_figures_and_no_caveat_when_the_forecast_says_so()
    {
        using var folder = new TempFolder();
        var copy = Copy(folder);
        IReadOnlyList<ForecastRow> view;
        using (var connection = DiSu.Analytics.Mart.Mart.OpenReadWrite(copy, demo.Mart.Clock))
        {
            connection.Execute("UPDATE dim_model SET caveat = NULL");
            // Stored re-poor figures that are no longer the sum over the households of v_household_risk:
            // every document must print these, since they are the forecast's.
            connection.Execute("UPDATE fact_group_forecast SET expected_re_poor = expected_re_poor + 0.35 WHERE is_current AND group_code IS NOT NULL");
            connection.Execute("""
                UPDATE fact_group_forecast w SET expected_re_poor = (
                    SELECT sum(g.expected_re_poor) FROM fact_group_forecast g
                    WHERE g.is_current AND g.group_code IS NOT NULL AND g.ward_code = w.ward_code AND g.base_year = w.base_year AND g.target_year = w.target_year)
                WHERE w.is_current AND w.group_code IS NULL
                """);
            view = ForecastFigures.Read(connection, Ward, Year);
            view.ShouldAllBe(r => r.Caveat == null);
            var households = connection.Scalar<double>("SELECT sum(p_re_poor_next) FROM v_household_risk WHERE ward_code = ? AND target_year = ?", Ward, Year);
            BriefingSentences.Households(view.Single(r => r.GroupCode == null).ExpectedRePoor).ShouldNotBe(BriefingSentences.Households(households));

            var appendix = AppendixReport.Build(connection, demo.Mart.Clock, new AppendixRequest(Year, Ward));
            var pdf = PdfText.Read(ReportFiles.Write(appendix, ReportFormat.Pdf, folder.File("appendix")).Single());
            ForecastFigures.AppendixPrints(appendix.Model, view, pdf);
            pdf.Flow.ShouldNotContain("Lưu ý", Case.Sensitive);
            appendix.Provenance.Fields().ShouldNotContain(f => f.Key == Provenance.CaveatField);

            var briefing = BriefingReport.Build(connection, demo.Mart.Clock, new BriefingRequest(Year, Ward));
            ForecastFigures.BriefingPrints(briefing.Model, view, Year);
            new BriefingSentences(briefing.Model).ForecastCaveat().ShouldBeNull();
            PdfText.Read(ReportFiles.Write(briefing, ReportFormat.Pdf, folder.File("briefing")).Single()).All.ShouldNotContain("Lưu ý", Case.Sensitive);
            briefing.Provenance.Fields().ShouldNotContain(f => f.Key == Provenance.CaveatField);
        }
        ForecastFigures.ShowPrints(copy, Ward, Year, view).ShouldNotContain("Lưu ý", Case.Sensitive);
        await using var service = await TestService.Start(copyOf: copy);
        await ForecastFigures.ApiGives(service, Ward, Year, view);
    }

    /// <summary>A copy of the demo mart as it is now, for the command line and the service (which take a file).</summary>
    private string Copy(TempFolder folder)
    {
        var copy = folder.File("demo.duckdb");
        if (!File.Exists(copy))
        {
            demo.Mart.Connection.Execute("CHECKPOINT");
            File.Copy(demo.Mart.MartPath, copy);
        }
        return copy;
    }
}

/// <summary>The same on the two-ward mart, whose forecast is pooled over both wards.</summary>
[Collection(TwoWardCollection.Name)]
public sealed class TwoWardForecastOneSourceTests(TwoWardFixture mart)
{
    private const int Year = 2024;

    [Fact]
    public async Task Should_print_each_wards_forecast_alike_in_every_document_and_with_its_caveat()
    {
        using var folder = new TempFolder();
        await using var service = await TestService.Start(copyOf: mart.MartPath);
        foreach (var ward in new[] { TwoWardFixture.WardA, TwoWardFixture.WardB })
        {
            var view = ForecastFigures.Read(mart.Mart, ward, Year);
            var caveat = view.Select(r => r.Caveat).Distinct().ShouldHaveSingleItem().ShouldNotBeNull();
            var appendix = AppendixReport.Build(mart.Mart, TimeProvider.System, new AppendixRequest(Year, ward));
            var pdf = PdfText.Read(ReportFiles.Write(appendix, ReportFormat.Pdf, folder.File(ward)).Single());
            ForecastFigures.AppendixPrints(appendix.Model, view, pdf);
            pdf.Flow.ShouldContain(caveat, Case.Sensitive);
            var briefing = BriefingModel.Read(mart.Mart, new BriefingRequest(Year, ward));
            ForecastFigures.BriefingPrints(briefing, view, Year);
            new BriefingSentences(briefing).ForecastCaveat().ShouldBe(caveat);
            ForecastFigures.ShowPrints(mart.MartPath, ward, Year, view).ShouldContain(caveat, Case.Sensitive);
            await ForecastFigures.ApiGives(service, ward, Year, view);
        }
        using var client = service.Client();
        var openApi = await (await client.GetAsync("/openapi.json")).Json();
        openApi.GetProperty("paths").GetProperty("/api/forecast").GetProperty("get").GetProperty("description").GetString().ShouldNotBeNull().ShouldContain("forecast_caveat");
    }
}
