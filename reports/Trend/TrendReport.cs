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

    private readonly TrendModel model;
    private readonly Planning.PlanningModel planning;
    private readonly DateTimeOffset issued;

    private TrendReport(TrendModel model, Planning.PlanningModel planning, DateTimeOffset issued, IReadOnlyList<DataSheet> sheets, Provenance provenance)
    {
        this.model = model;
        this.planning = planning;
        this.issued = issued;
        Sheets = sheets;
        Provenance = provenance;
        var title = TrendText.Title(model);
        FileStem = $"trend-{TrendCharts.Year(model.Request.FromYear)}-{TrendCharts.Year(model.Request.ToYear)}-{model.Ward.Code}";
        Info = new DocumentInfo(
            title,
            model.Ward.IssuingUnit,
            $"Tỷ lệ hộ nghèo, hộ cận nghèo, biến động và thiếu hụt theo {model.GroupNoun}, {model.Ward.Name}",
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
        var provenance = Provenance.Read(connection, model.Ward.Code, model.LastYear, modelId: null, sheets);
        return new TrendReport(model, planning, clock.GetUtcNow(), sheets, provenance);
    }

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
    }

    private IEnumerable<Block> ComposeWard()
    {
        yield return new Heading($"I. Tình hình chung của {TrendText.PlaceInSentence(model.Ward)}");
        foreach (var sentence in TrendText.Summary(model))
            yield return new Paragraph(sentence, TextStyle.Body with { Align = TextAlign.Left }, 5);
        var points = TrendCharts.RatePoints(model.WardYears);
        yield return new Chart(() =>
        {
            var plot = Charts.RateChart.Build($"Tỷ lệ hộ nghèo, hộ cận nghèo {model.Ward.Name}", points);
            Charts.ChartStyle.YearAxis(plot, model.Years);
            // Beside the plot, not over it: the lines can end anywhere in the upper right.
            plot.ShowLegend(ScottPlot.Edge.Right);
            return plot;
        }, 210, $"Biểu đồ 1. {Charts.RateChart.Key([points])} {TrendText.Period(model.FirstYear, model.LastYear)} (%)");
        yield return new KeepTogether(
        [
            new Spacer(6),
            new Paragraph($"Bảng 1. Số hộ nghèo, hộ cận nghèo và biến động qua các năm, {TrendText.PlaceInSentence(model.Ward)}", TextStyle.BodyBold with { Size = 10.5f }, 3),
            TrendTables.ByYear(model.WardYears, markSmallCells: false),
            new Paragraph("Tỷ lệ tính trên tổng số hộ cuối năm; biến động so với kỳ rà soát trước; — : không có số liệu.", TextStyle.Small with { Italic = true }, 4),
        ]);
    }

    private IEnumerable<Block> ComposeFlows()
    {
        yield return new Heading("II. Biến động hộ nghèo qua các năm");
        yield return new Paragraph(TrendText.Flows(model), TextStyle.Body, 4) { KeepWithNext = true };
        yield return new Chart(() => TrendCharts.Flows(model.WardYears, model.Years), 200,
            "Biểu đồ 2. Số hộ thoát nghèo và số hộ rơi vào nghèo theo năm");
    }

    private IEnumerable<Block> ComposeDeprivations()
    {
        if (model.Deprivations.Indicators.Count == 0 || model.Groups.Count == 0)
            yield break;
        yield return new Heading($"III. Thiếu hụt các dịch vụ xã hội cơ bản năm {TrendCharts.Year(model.Deprivations.Year)}");
        yield return new Paragraph(TrendText.Deprivations(model), TextStyle.Body, 4) { KeepWithNext = true };
        var height = 70 + (19 * model.Deprivations.Indicators.Count);
        yield return new Chart(() => TrendCharts.Deprivations(model.Deprivations, model.Groups, "Toàn " + TrendText.UnitNoun(model.Ward)), height,
            $"Biểu đồ 3. Tỷ lệ hộ thiếu hụt theo chỉ số và {model.GroupNoun} năm {TrendCharts.Year(model.Deprivations.Year)} (%)");
    }

    private IEnumerable<Block> ComposeGroups()
    {
        if (model.Groups.Count == 0)
            yield break;
        yield return new Heading($"IV. Diễn biến theo {model.GroupNoun}");
        var summary = TrendText.Groups(model);
        if (summary.Length > 0)
            yield return new Paragraph(summary, TextStyle.Body, 4) { KeepWithNext = true };
        var anySmall = model.Groups.Any(g => g.AnySmallCell);
        if (anySmall)
            yield return new Paragraph(TrendText.SmallCellNote(model), TextStyle.Small with { Italic = true }, 4) { KeepWithNext = true };
        foreach (var row in model.Groups.Chunk(GroupChartsPerRow))
        {
            // Short rows are padded so every panel keeps the same width.
            var cells = row.Select(g => (1f, (Block)new Chart(() => TrendCharts.GroupRates(g, model.Years), GroupChartHeight)))
                .Concat(Enumerable.Repeat((1f, (Block)new Spacer(GroupChartHeight)), GroupChartsPerRow - row.Length))
                .ToList();
            yield return new Columns(cells, gap: 8);
        }
        yield return new Paragraph(
            $"Biểu đồ 4. {Charts.RateChart.Key(model.Groups.Select(g => TrendCharts.RatePoints(g.Years)))} theo {model.GroupNoun} (%; thang đo trục tung riêng từng biểu đồ)",
            TextStyle.Caption with { Align = TextAlign.Center }, 6);
        var number = 2;
        foreach (var group in model.Groups)
        {
            yield return new KeepTogether(
            [
                new Spacer(4),
                new Paragraph($"Bảng {number++}. {group.Name}{(group.AnySmallCell ? " (*)" : "")}", TextStyle.BodyBold with { Size = 10.5f }, 3),
                TrendTables.ByYear(group.Years, markSmallCells: true),
            ]);
        }
        if (anySmall)
            yield return new Paragraph(TrendText.SmallCellNote(model), TextStyle.Small with { Italic = true }, 4);
    }

    private IEnumerable<Block> ComposePlanning()
    {
        var year = TrendCharts.Year(planning.Year);
        yield return new Heading($"V. Nghèo đa chiều, thứ tự ưu tiên và hỗ trợ năm {year}");
        yield return new Paragraph(Planning.PlanningBlocks.MpiSentence(planning, model.Ward.NameInSentence.Split(' ')[0]));
        if (planning.Mpi.Count > 0)
            yield return new KeepTogether(
            [
                new Paragraph($"Bảng {model.Groups.Count + 2}. Nghèo đa chiều (Alkire–Foster) theo {model.GroupNoun} năm {year}", TextStyle.BodyBold with { Size = 10.5f }, 3),
                Planning.PlanningBlocks.MpiTable(planning),
            ]);
        if (planning.Priority.Count > 0)
        {
            yield return new Spacer(6);
            yield return new KeepTogether(
            [
                new Paragraph($"Bảng {model.Groups.Count + 3}. Thứ tự ưu tiên hỗ trợ năm {TrendCharts.Year(planning.Year + 1)}", TextStyle.BodyBold with { Size = 10.5f }, 3),
                Planning.PlanningBlocks.PriorityTable(planning),
                new Paragraph(Planning.PlanningBlocks.WeightsSentence(planning), TextStyle.Small with { Italic = true }, 4),
            ]);
            foreach (var p in planning.Priority.Take(3))
                yield return new Paragraph($"{p.Rank}. {p.Recommendation}", TextStyle.Body, 2);
        }
        yield return new Spacer(4);
        yield return new Paragraph(Planning.PlanningBlocks.GapsSentence(planning));
        if (planning.Gaps.Count > 0)
            yield return new KeepTogether(
            [
                new Paragraph($"Bảng {model.Groups.Count + 4}. Khoảng trống hỗ trợ lớn nhất năm {year}", TextStyle.BodyBold with { Size = 10.5f }, 3),
                Planning.PlanningBlocks.GapsTable(planning),
            ]);
    }
}
