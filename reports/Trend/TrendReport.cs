using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Trend;

/// <summary>
/// <c>disu report trend</c>: poor and near-poor rates of a ward and its groups over a range of
/// review years, the flows in and out of poverty, deprivations by indicator, and a table per group.
/// </summary>
public sealed class TrendReport : IReport
{
    private const float GroupChartHeight = 135;
    private const int GroupChartsPerRow = 3;

    /// <summary>
    /// Chart heights tried, in this order, when the layout at the usual height leaves a page more
    /// than half empty: taller charts push more onto the last page, shorter ones pull it back.
    /// </summary>
    private static readonly float[] ChartScales = [1f, 1.05f, 0.95f, 1.1f, 0.9f, 1.15f, 0.85f, 1.2f, 1.25f];

    private readonly TrendModel model;
    private readonly Planning.PlanningModel planning;
    private readonly DateTimeOffset issued;
    private readonly Fit fit;

    private TrendReport(TrendModel model, Planning.PlanningModel planning, DateTimeOffset issued, IReadOnlyList<DataSheet> sheets, Provenance provenance, Fit fit)
    {
        this.model = model;
        this.planning = planning;
        this.issued = issued;
        this.fit = fit;
        Sheets = sheets;
        Provenance = provenance;
        var title = TrendText.Title(model);
        FileStem = $"trend-{TrendCharts.Year(model.Request.FromYear.Value)}-{TrendCharts.Year(model.Request.ToYear.Value)}-{model.Ward.Code}";
        Info = new DocumentInfo(
            title,
            model.Ward.IssuingUnit,
            $"Tỷ lệ hộ nghèo, hộ cận nghèo, biến động và thiếu hụt theo {model.Ward.GroupNoun}, {model.Ward.Name}",
            $"hộ nghèo; hộ cận nghèo; thoát nghèo; tái nghèo; {model.Ward.Name}; {TrendText.Period(model.FirstYear, model.LastYear)}",
            issued);
        Decoration = new PageDecoration(
            $"{model.Ward.Name} · Diễn biến hộ nghèo, hộ cận nghèo {TrendText.Period(model.FirstYear, model.LastYear)}",
            provenance.Line());
    }

    public string Kind => "trend";

    public string FileStem { get; }

    public DocumentInfo Info { get; }

    public PageSetup Page => PageSetup.A4Portrait;

    public PageDecoration Decoration { get; }

    public Provenance Provenance { get; }

    public IReadOnlyList<DataSheet> Sheets { get; }

    public TrendModel Model => model;

    public static TrendReport Build(DuckDBConnection connection, TimeProvider clock, TrendRequest request)
    {
        ArgumentNullException.ThrowIfNull(clock);
        var model = TrendModel.Read(connection, request);
        var planning = Planning.PlanningModel.Read(connection, model.Ward.Code, model.LastYear);
        IReadOnlyList<DataSheet> sheets = [.. TrendTables.Sheets(model), .. Planning.PlanningBlocks.Sheets(planning)];
        // The priority list prints the forecast from its round when there is one: name its model, and its caveat.
        var forecast = planning.Priority.Any(p => p.ExpectedRate.HasValue)
            ? connection.ReadSingleOrDefault<ForecastRow>("""
                SELECT model_id, forecast_caveat FROM v_group_forecast
                WHERE ward_code = ? AND base_year = ? AND group_code IS NULL ORDER BY target_year LIMIT 1
                """, model.Ward.Code, planning.Year)
            : null;
        var provenance = Provenance.Read(connection, model.Ward.Code, model.LastYear, modelId: forecast?.ModelId, sheets, forecast?.ForecastCaveat, model.Units);
        var issued = clock.GetUtcNow();
        TrendReport With(Fit fit) => new(model, planning, issued, sheets, provenance, fit);
        var plain = With(new Fit(1f, null));
        // The usual layout first; then the end of the document kept together from ever earlier
        // blocks, so that it opens the last page with enough to fill half of it; then other chart heights.
        var tails = Enumerable.Range(0, plain.PlanningBlocks().Count).Reverse().Select(i => (int?)i).Prepend(null).ToList();
        var fits = ChartScales.SelectMany(scale => tails.Select(tail => new Fit(scale, tail)));
        using var typesetter = new Typesetter(ReportFonts.Shared);
        return fits.Select(With).FirstOrDefault(r => PageFill.NoPageHalfEmpty(PageFill.Of(r.Compose(), r.Page, typesetter))) ?? plain;
    }

    /// <summary>
    /// How the report is fitted to its pages: <paramref name="ChartScale"/> multiplies the charts'
    /// heights; from block <paramref name="TailFrom"/> of the last section on, the blocks and the
    /// signature after them stay on one page.
    /// </summary>
    private sealed record Fit(float ChartScale, int? TailFrom);

    private sealed record ForecastRow
    {
        public required string ModelId { get; init; }
        public string? ForecastCaveat { get; init; }
    }

    private float Height(float points) => MathF.Round(points * fit.ChartScale);

    public IEnumerable<Block> Compose() =>
        ComposeHeading()
            .Concat(ComposeWard())
            .Concat(ComposeFlows())
            .Concat(ComposeDeprivations())
            .Concat(ComposeGroups())
            .Concat(ComposePlanning())
            .Append(OfficialParts.Signature());

    private IEnumerable<Block> ComposeHeading()
    {
        yield return OfficialParts.Letterhead(model.Ward, issued);
        yield return OfficialParts.Title(TrendText.Title(model),
            $"(Theo kết quả rà soát hộ nghèo, hộ cận nghèo cuối năm; số liệu đến năm {TrendCharts.Year(model.LastYear)})");
        if (model.Units.Note is { } units)
            yield return new Paragraph(units, TextStyle.Small with { Italic = true, Align = TextAlign.Center }, 6);
    }

    private IEnumerable<Block> ComposeWard()
    {
        var blocks = new List<Block>();
        foreach (var sentence in TrendText.Summary(model))
            blocks.Add(new Paragraph(sentence, TextStyle.Body with { Align = TextAlign.Left }, 5));
        var points = TrendCharts.RatePoints(model.WardYears);
        blocks.Add(new Chart(() =>
        {
            var plot = Charts.RateChart.Build($"Tỷ lệ hộ nghèo, hộ cận nghèo {model.Ward.NameInSentence}", points);
            Charts.ChartStyle.YearAxis(plot, model.Years);
            Charts.ChartStyle.Breaks(plot, model.Breaks);
            // Beside the plot, not over it: the lines can end anywhere in the upper right.
            plot.ShowLegend(ScottPlot.Edge.Right);
            return plot;
        }, Height(200), $"Biểu đồ 1. {Charts.RateChart.Key([points])} {TrendText.Period(model.FirstYear, model.LastYear)} (%)"));
        if (model.Breaks.Count > 0)
            blocks.Add(new Paragraph(GeographyText.Notes(model.Breaks), TextStyle.Small with { Italic = true }, 4));
        blocks.Add(new KeepTogether(
        [
            new Spacer(4),
            new Paragraph($"Bảng 1. Số hộ nghèo, hộ cận nghèo và biến động qua các năm, {TrendText.PlaceInSentence(model.Ward)}", TextStyle.BodyBold with { Size = 10.5f }, 3),
            TrendTables.ByYear(model.WardYears, markSmallCells: false, withTarget: TrendTables.AnyTarget(model.WardYears), model.Breaks),
            new Paragraph(
                $"{FlowNotes.Identity}; {FlowNotes.NewPoorCovers}. Biến động so với kỳ rà soát trước; tỷ lệ tính trên tổng số hộ cuối năm; — : không có số liệu."
                + (model.Breaks.Count > 0 ? " " + GeographyText.Notes(model.Breaks) : ""),
                TextStyle.Small with { Italic = true }, 4),
        ]));
        yield return new Section($"I. Tình hình chung của {TrendText.PlaceInSentence(model.Ward)}", blocks);
    }

    private IEnumerable<Block> ComposeFlows()
    {
        yield return new Section("II. Biến động hộ nghèo qua các năm",
        [
            new Paragraph(TrendText.Flows(model), TextStyle.Body, 4) { KeepWithNext = true },
            new Chart(() => TrendCharts.Flows(model.WardYears, model.Years, model.Breaks), Height(190),
                "Biểu đồ 2. Số hộ nghèo tăng (phát sinh mới, tái nghèo, chuyển đến) và giảm (thoát nghèo, chuyển đi) theo năm"),
        ]);
    }

    private IEnumerable<Block> ComposeDeprivations()
    {
        if (model.Deprivations.Indicators.Count == 0 || model.Groups.Count == 0)
            yield break;
        var height = Height(70 + (19 * model.Deprivations.Indicators.Count));
        yield return new Section($"III. Thiếu hụt các dịch vụ xã hội cơ bản năm {TrendCharts.Year(model.Deprivations.Year)}",
        [
            new Paragraph(TrendText.Deprivations(model), TextStyle.Body, 4) { KeepWithNext = true },
            new Chart(() => TrendCharts.Deprivations(model.Deprivations, model.Groups, TrendText.Capitalise(model.Ward.WholeUnit)), height,
                $"Biểu đồ 3. Tỷ lệ hộ thiếu hụt theo chỉ số và {model.Ward.GroupNoun} năm {TrendCharts.Year(model.Deprivations.Year)} (%)"),
        ]);
    }

    private IEnumerable<Block> ComposeGroups()
    {
        if (model.Groups.Count == 0)
            yield break;
        var blocks = new List<Block>();
        var summary = TrendText.Groups(model);
        if (summary.Length > 0)
            blocks.Add(new Paragraph(summary, TextStyle.Body, 4) { KeepWithNext = true });
        var anySmall = model.Groups.Any(g => g.AnySmallCell);
        if (anySmall)
            blocks.Add(new Paragraph(TrendText.SmallCellNote(model), TextStyle.Small with { Italic = true }, 4) { KeepWithNext = true });
        foreach (var row in model.Groups.Chunk(GroupChartsPerRow))
        {
            // Short rows are padded so every panel keeps the same width.
            var cells = row.Select(g => (1f, (Block)new Chart(() => TrendCharts.GroupRates(g, model.Years, model.Breaks), Height(GroupChartHeight))))
                .Concat(Enumerable.Repeat((1f, (Block)new Spacer(Height(GroupChartHeight))), GroupChartsPerRow - row.Length))
                .ToList();
            blocks.Add(new Columns(cells, gap: 8));
        }
        var targets = model.Groups.Any(g => TrendTables.AnyTarget(g.Years));
        blocks.Add(new Paragraph(TrendText.GroupChartsCaption(model, targets), TextStyle.Caption with { Align = TextAlign.Center }, 6));
        blocks.Add(new Paragraph(TrendText.GroupTablesNote(model, targets), TextStyle.Small with { Italic = true }, 2) { KeepWithNext = true });
        var number = 2;
        foreach (var group in model.Groups)
        {
            blocks.Add(new KeepTogether(
            [
                new Spacer(4),
                new Paragraph($"Bảng {number++}. {group.Name}{(group.AnySmallCell ? " (*)" : "")}", TextStyle.BodyBold with { Size = 10.5f }, 3),
                TrendTables.ByYear(group.Years, markSmallCells: true, withTarget: targets, model.Breaks),
            ]));
        }
        yield return new Section($"IV. Diễn biến theo {model.Ward.GroupNoun}", blocks);
    }

    /// <summary>
    /// Alkire–Foster, the priority list and the support gaps. Their tables may run onto the next
    /// page (the header row repeats under the section's heading), so a long table leaves no half
    /// page empty; captions stay with the header and notes with the last row. The fitted tail
    /// (<see cref="Fit.TailFrom"/>) moves to the last page whole.
    /// </summary>
    private IEnumerable<Block> ComposePlanning()
    {
        var blocks = PlanningBlocks();
        if (fit.TailFrom is { } tail)
            blocks = [.. blocks.Take(tail), new KeepTogether(blocks.Skip(tail).ToList())];
        yield return new Section($"V. Nghèo đa chiều, thứ tự ưu tiên và hỗ trợ năm {TrendCharts.Year(planning.Year)}", blocks);
    }

    private List<Block> PlanningBlocks()
    {
        var year = TrendCharts.Year(planning.Year);
        var caption = TextStyle.BodyBold with { Size = 10.5f };
        var blocks = new List<Block> { new Paragraph(Planning.PlanningBlocks.MpiSentence(planning)) };
        if (planning.Mpi.Count > 0)
        {
            blocks.Add(new Paragraph($"Bảng {model.Groups.Count + 2}. Nghèo đa chiều (Alkire–Foster) theo {model.Ward.GroupNoun} năm {year}", caption, 3) { KeepWithNext = true });
            blocks.Add(Planning.PlanningBlocks.MpiTable(planning));
        }
        if (planning.Priority.Count > 0)
        {
            blocks.Add(new Spacer(6));
            var note = Planning.PlanningBlocks.PriorityNote(planning);
            blocks.Add(new Paragraph($"Bảng {model.Groups.Count + 3}. Thứ tự ưu tiên hỗ trợ năm {TrendCharts.Year(new Mart.ReviewYear(planning.Year).NextPlanYear.Value)}", caption, 3) { KeepWithNext = true });
            blocks.Add(Planning.PlanningBlocks.PriorityTable(planning));
            var notes = new List<Block> { new Paragraph(Planning.PlanningBlocks.WeightsSentence(planning) + (note.Length > 0 ? " " + note : ""), TextStyle.Small with { Italic = true }, 4) };
            if (Provenance.ForecastCaveat is { } caveat)
                notes.Add(new Paragraph(caveat, TextStyle.Small with { Italic = true }, 4));
            blocks.Add(new KeepTogether(notes, withPrevious: true));
            // The three recommendations read as one list: never split across pages.
            blocks.Add(new KeepTogether(planning.Priority.Take(3).Select(p => (Block)new Paragraph($"{p.Rank}. {p.Recommendation}", TextStyle.Body, 2)).ToList()));
        }
        blocks.Add(new Spacer(4));
        blocks.Add(new Paragraph(Planning.PlanningBlocks.GapsSentence(planning)) { KeepWithNext = planning.Gaps.Count > 0 });
        if (planning.Gaps.Count > 0)
        {
            blocks.Add(new Paragraph($"Bảng {model.Groups.Count + 4}. Khoảng trống hỗ trợ lớn nhất năm {year}", caption, 3) { KeepWithNext = true });
            blocks.Add(Planning.PlanningBlocks.GapsTable(planning));
        }
        return blocks;
    }
}
