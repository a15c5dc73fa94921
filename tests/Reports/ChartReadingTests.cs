using DiSu.Analytics.Reports;
using DiSu.Analytics.Reports.Charts;
using DiSu.Analytics.Reports.Trend;
using DiSu.Analytics.Tests.Support;
using ScottPlot;
using SkiaSharp;

namespace DiSu.Analytics.Tests.Reports;

/// <summary>
/// Charts read at a glance: the briefing's target chart zooms to its values, draws the actual
/// rates, the forecast with its interval and the target apart and labels each with the value the
/// text prints, keeps its legend under the plot; every caption says what is drawn; the flows
/// chart signs the counts below its axis.
/// </summary>
public sealed class ChartReadingTests(DemoMartFixture demo) : IClassFixture<DemoMartFixture>
{
    private const int Width = 500;
    private const int Height = 205;

    /// <summary>The demo briefing's chart data (the briefing is built once per test run).</summary>
    private static TargetChartData Chart => DemoMartFixture.Briefing2024.Model.Chart;

    [Fact]
    public void Should_zoom_the_target_charts_y_axis_to_the_values_it_draws()
    {
        var data = Chart;
        var values = data.Values.ToList();
        values.Count.ShouldBe(data.Actual.Count + 4, "each year's rate, the forecast, its two bounds and the target");
        var plot = Rendered(TargetChart.Build(data));
        var limits = plot.Axes.GetLimits();
        values.ShouldAllBe(v => v > limits.Bottom && v < limits.Top);
        // Zoomed: not from 0, and the values span at least 60% of the height (the rest is room for their labels).
        limits.Bottom.ShouldBeGreaterThan(0);
        ((values.Max() - values.Min()) / (limits.Top - limits.Bottom)).ShouldBeGreaterThan(0.6);
    }

    [Fact]
    public void Should_label_every_mark_with_the_value_the_briefing_prints()
    {
        var report = DemoMartFixture.Briefing2024;
        var data = report.Model.Chart;
        var forecast = data.Forecast.ShouldNotBeNull();
        var labels = TargetChart.Build(data).GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText).ToList();

        foreach (var (_, rate) in data.Actual)
            labels.ShouldContain(VietnameseNumbers.Percent(rate));
        labels.ShouldContain(VietnameseNumbers.Percent(forecast.Rate));
        labels.ShouldContain($"({TargetChart.Interval(forecast)})");
        labels.ShouldContain($"Mục tiêu năm 2024: {VietnameseNumbers.Percent(data.Target!.Value)}");

        // The same figures as the sentences above the chart, and in the PDF's text layer.
        var text = DemoMartFixture.Pdf(report).Flow;
        text.ShouldContain($"tỷ lệ {VietnameseNumbers.Percent(forecast.Rate)} (khoảng tin cậy 80%");
        text.ShouldContain(TargetChart.Interval(forecast));
        text.ShouldContain("Mục tiêu năm 2024: 0,31%");
    }

    [Fact]
    public void Should_draw_the_forecast_beside_the_plan_years_result_not_on_it()
    {
        var data = Chart;
        data.Actual.ShouldContain(a => a.Year == 2024, "the demo has the plan year's own review loaded");
        var plot = Rendered(TargetChart.Build(data));
        var actual = plot.GetPixel(new Coordinates(2024, data.Actual.Single(a => a.Year == 2024).Rate));
        var forecast = plot.GetPixel(new Coordinates(data.ForecastX, data.Forecast!.Rate));
        (forecast.X - actual.X).ShouldBeGreaterThan(20, "pixels between the two marks");
    }

    [Fact]
    public void Should_put_the_legend_in_one_row_under_the_year_axis_leaving_the_width_to_the_data()
    {
        var plot = Rendered(TargetChart.Build(Chart));
        var layout = plot.RenderManager.LastRender.Layout;
        var legend = plot.Axes.GetPanels().OfType<ScottPlot.Panels.LegendPanel>().ShouldHaveSingleItem();
        legend.Edge.ShouldBe(Edge.Bottom);
        var years = plot.Axes.Bottom;
        layout.PanelOffsets[legend].ShouldBeGreaterThanOrEqualTo(layout.PanelOffsets[years] + layout.PanelSizes[years]);
        plot.Legend.LastRenderSize.Height.ShouldBeLessThan(2 * 9 * 1.6f, "one row of 9-point text");
        layout.DataRect.Width.ShouldBeGreaterThan(0.8f * Width);
    }

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(false, false)]
    public void Should_caption_the_target_chart_with_exactly_what_it_draws(bool forecast, bool target)
    {
        var full = Chart;
        var data = full with { Forecast = forecast ? full.Forecast : null, Target = target ? full.Target : null };
        var plot = TargetChart.Build(data);
        var caption = TargetChart.Caption(data);

        var solid = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Any(s => s.LineWidth > 0 && s.LegendText == TargetChart.ActualLegend);
        var hollow = plot.GetPlottables<ScottPlot.Plottables.Scatter>().Any(s => s.MarkerStyle.FillColor == Colors.White && s.MarkerStyle.OutlineWidth > 0);
        var dashed = plot.GetPlottables<ScottPlot.Plottables.HorizontalLine>().Any(l => l.LinePattern.Equals(LinePattern.Dashed));
        (solid, hollow, dashed).ShouldBe((true, forecast, target));
        caption.Contains("(đường liền màu đỏ)", StringComparison.Ordinal).ShouldBe(solid);
        caption.Contains("khoảng tin cậy 80% (vòng tròn rỗng và đoạn thẳng màu xám)", StringComparison.Ordinal).ShouldBe(hollow);
        caption.Contains("(đường đứt nét màu xanh)", StringComparison.Ordinal).ShouldBe(dashed);
        plot.Legend.GetItems().Select(i => i.LabelText).ShouldBe(
            new[] { TargetChart.ActualLegend }.Concat(target ? [TargetChart.TargetLegend(2024)] : []).Concat(forecast ? [TargetChart.ForecastLegend(2024)] : []));
    }

    [Fact]
    public void Should_promise_target_diamonds_in_the_group_charts_caption_only_when_a_group_chart_draws_one()
    {
        using var mart = DemoMartFixture.UntrainedCopy();
        var unplanned = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        Diamonds(unplanned).ShouldBeFalse("before a plan is allocated the demo has a ward target and no group target");
        RateChart.Key(unplanned.Groups.Select(g => TrendCharts.RatePoints(g.Years))).ShouldBe("Tỷ lệ hộ nghèo (đỏ đậm) và hộ cận nghèo (cam)");

        var group = mart.Scalar<string>("SELECT min(group_code) FROM v_group_year WHERE ward_code = ?", DemoMartFixture.Ward);
        mart.LoadText("targets_groups_2024.csv", $"year,ward_code,group_code,target_poor_rate\n2024,{DemoMartFixture.Ward},{group},0.5\n").RowsLoaded.ShouldBe(1);
        var withTarget = TrendModel.Read(mart.Connection, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        Diamonds(withTarget).ShouldBeTrue();
        RateChart.Key(withTarget.Groups.Select(g => TrendCharts.RatePoints(g.Years)))
            .ShouldBe("Tỷ lệ hộ nghèo (đỏ đậm), hộ cận nghèo (cam) và mục tiêu (hình thoi xanh)");

        var planned = TrendModel.Read(demo.Mart.Connection, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        Diamonds(planned).ShouldBeTrue("the demo's allocated 2024 plan gives every group a target");
    }

    [Fact]
    public void Should_caption_the_trend_reports_rate_charts_with_what_they_draw()
    {
        // The ward chart draws the 2024 target as a diamond in both marts; the group charts only once a plan gives groups targets.
        GroupCaption(demo.Mart).ShouldContain("mục tiêu kế hoạch (hình thoi xanh)");
        using var unplanned = DemoMartFixture.UntrainedCopy();
        GroupCaption(unplanned).ShouldNotContain("hình thoi");
    }

    private static string GroupCaption(TestMart mart)
    {
        using var folder = new TempFolder();
        var report = TrendReport.Build(mart.Connection, mart.Clock, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        var lines = PdfText.Read(ReportFiles.Write(report, ReportFormat.Pdf, folder.Path).Single()).Pages.SelectMany(p => p).ToList();
        lines.ShouldContain(l => l.StartsWith("Biểu đồ 1. ", StringComparison.Ordinal) && l.Contains("mục tiêu (hình thoi xanh)", StringComparison.Ordinal));
        return lines.Single(l => l.StartsWith("Biểu đồ 4. ", StringComparison.Ordinal));
    }

    [Fact]
    public void Should_sign_the_counts_below_the_flows_charts_axis_with_the_minus_of_its_bar_labels()
    {
        var model = TrendModel.Read(demo.Mart.Connection, new TrendRequest(2021, 2024, DemoMartFixture.Ward));
        var plot = Rendered(TrendCharts.Flows(model.WardYears, model.Years));
        var ticks = plot.Axes.Left.TickGenerator.Ticks.Where(t => t.IsMajor).ToList();
        ticks.ShouldContain(t => t.Position < 0);
        foreach (var tick in ticks)
        {
            var count = VietnameseNumbers.Count((long)Math.Abs(Math.Round(tick.Position)));
            tick.Label.ShouldBe(tick.Position < -0.5 ? "\u2212" + count : count);
        }
        var bars = plot.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelText).Where(l => !l.StartsWith('+')).ToList();
        bars.ShouldNotBeEmpty();
        bars.ShouldAllBe(l => l.StartsWith('\u2212'));
    }

    private static bool Diamonds(TrendModel model) =>
        model.Groups.Select(g => TrendCharts.GroupRates(g, model.Years))
            .Any(p => p.GetPlottables<ScottPlot.Plottables.Scatter>().Any(s => s.MarkerShape == MarkerShape.FilledDiamond && s.Data.GetScatterPoints().Count > 0));

    /// <summary>Renders off-screen at the size the briefing gives the chart, so that the layout and the ticks exist.</summary>
    private static Plot Rendered(Plot plot)
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        plot.Render(surface.Canvas, Width, Height);
        return plot;
    }
}
