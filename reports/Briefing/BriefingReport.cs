using DiSu.Analytics.Reports.Charts;
using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;
using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Briefing;

/// <summary>
/// The leadership briefing (<c>disu report briefing --year N</c>): at most two A4 pages a ward
/// chair reads before the plan meeting — the rate against the target, the trend, the groups most
/// at risk, re-poverty risk and what the support programs reached, all in sentences written from
/// the numbers.
/// </summary>
public sealed class BriefingReport : IReport
{
    private const float ChartHeight = 205;
    private static readonly TextStyle TableText = new(9f);

    private readonly BriefingSentences text;

    private readonly Planning.PlanningModel planning;

    private BriefingReport(BriefingModel model, Planning.PlanningModel planning, StandardBaseline? baseline, DateTimeOffset issued, IReadOnlyList<DataSheet> sheets, Provenance provenance, BriefingSentences text)
    {
        Model = model;
        this.planning = planning;
        Baseline = baseline;
        Issued = issued;
        Sheets = sheets;
        Provenance = provenance;
        this.text = text;
        var title = $"Báo cáo tóm tắt tình hình giảm nghèo năm {model.Year}";
        Info = new DocumentInfo(title, model.Ward.IssuingUnit, $"{title} – {model.Ward.Name}",
            $"giảm nghèo, hộ nghèo, tái nghèo, {model.Ward.Name}, {model.Year}", issued);
        Decoration = new PageDecoration($"{model.Ward.Name} · Báo cáo tóm tắt giảm nghèo năm {model.Year}", provenance.Line());
    }

    public BriefingModel Model { get; }

    /// <summary>The base year under the plan year's standard, when the standard changes in the plan year; null otherwise.</summary>
    public StandardBaseline? Baseline { get; }

    public DateTimeOffset Issued { get; }

    public string Kind => "briefing";

    public string FileStem => $"briefing-{Model.Year}-{Model.Ward.Code}";

    public DocumentInfo Info { get; }

    public PageSetup Page => PageSetup.A4Portrait;

    public PageDecoration Decoration { get; }

    public Provenance Provenance { get; }

    public IReadOnlyList<DataSheet> Sheets { get; }

    public static BriefingReport Build(DuckDBConnection connection, TimeProvider clock, BriefingRequest request)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(request);
        var model = BriefingModel.Read(connection, request);
        var text = new BriefingSentences(model);
        var planning = Planning.PlanningModel.Read(connection, model.Ward.Code, model.Now.Year);
        var baseline = StandardBaseline.Read(connection, model.Ward.Code, model.BaseYear, model.Year);
        IReadOnlyList<DataSheet> sheets =
            [.. BriefingSheets.Build(model, text), .. Planning.PlanningBlocks.Sheets(planning), .. baseline is null ? [] : new[] { baseline.Sheet() }];
        var provenance = Provenance.Read(connection, model.Ward.Code, model.BaseYear, model.Forecast?.ModelId, sheets, model.Forecast?.Caveat, model.Units);
        return new BriefingReport(model, planning, baseline, clock.GetUtcNow(), sheets, provenance, text);
    }

    public IEnumerable<Block> Compose() =>
        [.. ComposeHead(), .. ComposeRate(), .. ComposeRisk(), .. ComposeRePoverty(), .. ComposeSupport(), .. ComposePriority(),
            OfficialParts.Signature(receivers: OfficialParts.Receivers(Model.Ward))];

    /// <summary>The planners' ranking in three sentences and the largest coverage gaps in one.</summary>
    private IEnumerable<Block> ComposePriority()
    {
        if (planning.Priority.Count == 0 && planning.Entitled == 0)
            yield break;
        yield return new Heading($"5. Thứ tự ưu tiên hỗ trợ năm {Model.Year}");
        if (planning.Priority.Count > 0)
        {
            var first = planning.Priority.Take(3).Select(p =>
                p.Name + (p.Programs.Count > 0 ? $" ({string.Join(", ", p.Programs.Select(l => l.ToLower(Culture)))})" : "") + (p.SmallCell ? " – nhóm nhỏ" : "")).ToList();
            var which = first.Count == 1 ? $"{Model.Ward.GroupShort} cần ưu tiên trước" : $"{BriefingSentences.NumberWord(first.Count)} {Model.Ward.GroupShort} cần ưu tiên trước";
            yield return new Paragraph($"Theo điểm ưu tiên (tỷ lệ nghèo, dự báo, nguy cơ tái nghèo, nghèo đa chiều M0 và hộ chưa được hỗ trợ), " +
                $"{which}, kèm chương trình phù hợp: {string.Join("; ", first)}.", spaceAfter: 2);
        }
        yield return new Paragraph(Planning.PlanningBlocks.GapsSentence(planning, shown: 1));
    }

    private IEnumerable<Block> ComposeHead()
    {
        var data = Model.Actual?.Year ?? Model.BaseYear;
        yield return OfficialParts.Letterhead(Model.Ward, Issued);
        yield return OfficialParts.Title(Info.Title, $"{Model.Ward.Name}, {OfficialParts.ProvinceUnit(Model.Ward)} – số liệu rà soát đến cuối năm {data}");
        if (Model.Units?.Note is { } units)
            yield return new Paragraph(units, TextStyle.Caption with { Size = 9f });
    }

    private IEnumerable<Block> ComposeRate()
    {
        yield return new Heading("1. Tỷ lệ hộ nghèo hiện nay so với mục tiêu");
        yield return new Paragraph(text.RateNow() + " " + text.TargetGap());
        yield return new Paragraph(text.Forecast());
        if (text.ForecastCaveat() is { } caveat)
            yield return new Paragraph(caveat, TextStyle.Caption with { Size = 10.5f });
        if (text.Actual() is { } actual)
            yield return new Paragraph(actual);
        if (Baseline is { } baseline)
            yield return new Paragraph(baseline.Sentences(Model.Ward));
        var chart = Model.Chart;
        var breaks = Model.Breaks ?? [];
        // A note on units or breaks takes lines the two pages do not have: the chart gives them up.
        var height = Model.Units?.Note is null && breaks.Count == 0 ? ChartHeight : ChartHeight - 45;
        yield return new Chart(() => TargetChart.Build(chart, breaks), height, text.ChartCaption());
        if (breaks.Count > 0)
            yield return new Paragraph(GeographyText.Notes(breaks), TextStyle.Caption with { Size = 10.5f });
    }

    private IEnumerable<Block> ComposeRisk()
    {
        yield return new Heading(text.RiskHeading());
        yield return new Paragraph(text.RiskLead());
        foreach (var group in Model.RiskGroups)
            yield return new Paragraph(text.RiskLine(group), spaceAfter: 2);
    }

    private IEnumerable<Block> ComposeRePoverty()
    {
        yield return new Heading("3. Nguy cơ tái nghèo");
        yield return new Paragraph(text.RePoverty());
    }

    private IEnumerable<Block> ComposeSupport()
    {
        yield return new Heading("4. Kết quả hỗ trợ");
        yield return new Paragraph(text.Support()) { KeepWithNext = Model.Support is not null };
        if (Model.Support is { } support)
        {
            yield return SupportTable(support);
            yield return new Spacer(4);
        }
        if (text.PoorWithoutSupport() is { } gap)
            yield return new Paragraph(gap);
    }

    private static Table SupportTable(SupportSummary support)
    {
        var columns = new TableColumn[]
        {
            new("Chương trình hỗ trợ", 4.4f),
            new("Số hộ", 1.0f, TextAlign.Right),
            new("Hộ nghèo", 1.1f, TextAlign.Right),
            new("Hộ cận nghèo", 1.2f, TextAlign.Right),
            new("Kinh phí (triệu đồng)", 1.5f, TextAlign.Right),
        };
        var rows = support.Programs
            .Select(p => new TableRow([p.Label, Count(p.Households), Count(p.Poor), Count(p.NearPoor), p.AmountVnd is { } a ? Decimal(a / 1e6, 1) : "–"]))
            .Append(new TableRow(["Tổng số hộ (mỗi hộ tính một lần)", Count(support.Households), Count(support.Poor), Count(support.NearPoor), Decimal(support.AmountVnd / 1e6, 1)], RowKind.Total))
            .ToList();
        return new Table(columns, rows) { Style = TableText };
    }
}
