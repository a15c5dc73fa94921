using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Appendix;

/// <summary>
/// "Phụ lục: Dự kiến tỷ lệ hộ nghèo … năm N": the table a ward attaches to its annual
/// poverty-reduction plan. Table 1 is the plan in whole households per residential group and the
/// ward total (<c>v_group_plan</c>); table 2 the forecast it was made from, labelled as such.
/// </summary>
public sealed class AppendixReport : IReport
{
    private const string Dash = "—";

    /// <summary>The caption that opens the forecast table; what follows it in the PDF is the forecast, not the plan.</summary>
    public const string ForecastCaption = "Bảng 2. Dự báo thống kê";

    private AppendixReport(AppendixModel model, Briefing.StandardBaseline? baseline, DateTimeOffset created, Provenance provenance, IReadOnlyList<DataSheet> sheets)
    {
        Model = model;
        Baseline = baseline;
        Provenance = provenance;
        Sheets = sheets;
        var title = $"Phụ lục: Dự kiến tỷ lệ hộ nghèo {model.Ward.NameInSentence} năm {model.Year}";
        Info = new DocumentInfo(title, model.Ward.IssuingUnit,
            $"Kế hoạch hộ nghèo cuối năm {model.Year} theo {model.Ward.GroupNoun}, từ kết quả rà soát cuối năm {model.BaseYear}",
            $"phụ lục; kế hoạch; hộ nghèo; {model.Ward.Name}; {model.Year}", created);
        Decoration = new PageDecoration($"{model.Ward.IssuingUnit} · Phụ lục dự kiến tỷ lệ hộ nghèo năm {model.Year}", provenance.Line());
    }

    public AppendixModel Model { get; }

    /// <summary>The base year under the plan year's standard, when the standard changes in the plan year (a note under table 1); null otherwise.</summary>
    public Briefing.StandardBaseline? Baseline { get; }

    public string Kind => "appendix";

    public string FileStem => $"appendix-{Model.Year}-{Model.Ward.Code}";

    public DocumentInfo Info { get; }

    public PageSetup Page => PageSetup.A4Landscape;

    public PageDecoration Decoration { get; }

    public Provenance Provenance { get; }

    public IReadOnlyList<DataSheet> Sheets { get; }

    public static AppendixReport Build(DuckDBConnection connection, TimeProvider clock, AppendixRequest request)
    {
        var model = AppendixModel.Read(connection, request);
        var baseline = Briefing.StandardBaseline.Read(connection, model.Ward.Code, model.BaseYear, model.Year);
        DataSheet[] sheets = baseline is null ? [Sheet(model)] : [Sheet(model), baseline.Sheet()];
        return new AppendixReport(model, baseline, clock.GetUtcNow(),
            Provenance.Read(connection, model.Ward.Code, model.BaseYear, model.ModelId, sheets, model.ForecastCaveat, model.Units), sheets);
    }

    public IEnumerable<Block> Compose()
    {
        yield return ComposeHeading();
        yield return Caption($"Bảng 1. Kế hoạch hộ nghèo năm {Model.Year} theo {Model.Ward.GroupNoun} (số hộ)");
        yield return ComposePlan();
        yield return new Spacer(4);
        var signer = OfficialParts.Signer();
        // Without a forecast its note joins the plan's, and the signer closes the page on the right.
        foreach (var note in Notes("Ghi chú:", Model.HasForecast ? PlanNotes() : [.. PlanNotes(), .. ForecastNotes()]))
            yield return note;
        if (Model.HasForecast)
        {
            // A forecast table that fits on a page stays whole (rather than leave a row or two under the
            // plan's notes); a longer one runs on with its header repeated.
            Block[] forecast = [new Spacer(6), Caption($"{ForecastCaption} hộ nghèo cuối năm {Model.Year} (để tham khảo, không phải chỉ tiêu)"), ComposeForecast()];
            if (Model.Groups.Count <= 20)
                yield return new KeepTogether(forecast);
            else
                foreach (var block in forecast)
                    yield return block;
            // The forecast's notes on the left and the signer on the right: the signer never opens a page without them.
            yield return new KeepTogether([new Spacer(4), new Columns([(0.7f, new Stack([.. Notes("Ghi chú Bảng 2:", ForecastNotes())])), (0.3f, signer)])]);
        }
        else
            yield return new KeepTogether([new Spacer(4), new Columns([(0.7f, new Spacer(1)), (0.3f, signer)])], withPrevious: true);
    }

    // An appendix carries no letterhead of its own: it travels with the plan it cites, and the
    // running header names the issuing unit on every page.
    private Block ComposeHeading() =>
        OfficialParts.Title(Info.Title,
            $"(Kèm theo Kế hoạch số {Model.Ward.PlanNumber ?? "…"} ngày {Model.Ward.PlanDate ?? "…"} của Ủy ban nhân dân {Model.Ward.NameInSentence} về giảm nghèo năm {Model.Year})");

    private static Paragraph Caption(string text) => new(text, TextStyle.BodyBold with { Size = 10.5f }, 3) { KeepWithNext = true };

    private static TableColumn Number(string header, float weight = 1f) => new(header, weight, TextAlign.Right);

    private string TotalName => "Toàn " + Model.Ward.NameInSentence;

    private Table ComposePlan()
    {
        var (b, y) = (Model.BaseYear, Model.Year);
        var columns = new[]
        {
            new TableColumn("STT", 0.4f, TextAlign.Center),
            new TableColumn(Model.Ward.GroupNounTitle, 1.5f),
            Number("Tổng số hộ", 0.75f),
            Number($"Hộ nghèo cuối năm {b} (hộ)", 0.9f),
            Number($"Tỷ lệ hộ nghèo cuối năm {b} (%)", 0.9f),
            Number($"Kế hoạch {FlowWords.Escaped.ToLower(N.Culture)} năm {y} (hộ)", 0.95f),
            Number($"Dự kiến {FlowWords.NewPoor.ToLower(N.Culture)} năm {y} (hộ)", 0.95f),
            Number($"Dự kiến {FlowWords.RePoor.ToLower(N.Culture)} năm {y} (hộ)", 0.95f),
            Number($"Hộ nghèo cuối năm {y} (hộ)", 0.9f),
            Number($"Tỷ lệ hộ nghèo cuối năm {y} (%)", 0.9f),
            Number($"Mục tiêu năm {y} (%)", 0.8f),
            new TableColumn("Ghi chú", 1.4f),
        };
        var rows = Model.Groups.Select((g, i) => new TableRow(PlanCells((i + 1).ToString(N.Culture), g))).ToList();
        rows.Add(new TableRow(PlanCells("", Model.Total with { Name = TotalName }), RowKind.Total));
        return new Table(columns, rows) { Style = new TextStyle(9.5f) };
    }

    private string[] PlanCells(string number, AppendixRow row)
    {
        var p = row.Plan;
        return
        [
            number,
            row.SmallCell ? row.Name + " (*)" : row.Name,
            N.Count(row.Households),
            N.Count(row.Poor),
            row.PoorRate is { } rate ? N.Rate(rate) : Dash,
            p is null ? Dash : N.Count(p.Escapes),
            p is null ? Dash : N.Count(p.NewPoor),
            p is null ? Dash : N.Count(p.RePoor),
            p is null ? Dash : N.Count(p.Poor),
            p is null ? Dash : N.Rate(p.Rate),
            row.TargetRate is { } target ? N.Rate(target) : Dash,
            p is null && row.GroupCode is null ? "Chưa có kế hoạch (xem ghi chú 2)" : row.Note,
        ];
    }

    private Table ComposeForecast()
    {
        var y = Model.Year;
        // The chance of meeting a target only where a group has one at forecast time; the ward's is in the note.
        var chance = Model.Groups.Any(g => g.Expected?.PTargetMet is not null);
        var columns = new List<TableColumn>
        {
            new("STT", 0.4f, TextAlign.Center),
            new(Model.Ward.GroupNounTitle, 1.5f),
            Number("Tổng số hộ", 0.75f),
            Number($"Dự báo hộ nghèo cuối năm {y} (kỳ vọng, hộ)", 1.1f),
            Number($"Dự báo tỷ lệ hộ nghèo cuối năm {y} (%)", 1.1f),
            Number("Khoảng 80% (hộ)", 0.9f),
        };
        if (chance)
            columns.Add(Number("Khả năng đạt mục tiêu", 0.9f));
        var rows = Model.Groups.Select((g, i) => new TableRow(ForecastCells((i + 1).ToString(N.Culture), g, chance))).ToList();
        rows.Add(new TableRow(ForecastCells("", Model.Total with { Name = TotalName }, chance), RowKind.Total));
        return new Table(columns, rows) { Style = new TextStyle(9.5f) };
    }

    private static string[] ForecastCells(string number, AppendixRow row, bool chance)
    {
        var e = row.Expected!;
        string[] cells =
        [
            number,
            row.SmallCell ? row.Name + " (*)" : row.Name,
            N.Count(row.Households),
            N.Decimal(e.Poor),
            N.Rate(e.Rate),
            e.Low80 == e.High80 ? N.Count(e.Low80) : $"{N.Count(e.Low80)}–{N.Count(e.High80)}",
        ];
        return chance ? [.. cells, e.PTargetMet is { } p ? N.Percent(100 * p, 0) : Dash] : cells;
    }

    private static IEnumerable<Block> Notes(string heading, IReadOnlyList<string> notes)
    {
        yield return new Paragraph(heading, TextStyle.BodyBold with { Size = 10.5f }, 1) { KeepWithNext = true };
        for (var i = 0; i < notes.Count; i++)
            yield return new Paragraph($"{i + 1}. {notes[i]}", new TextStyle(10f), 1);
    }

    private List<string> PlanNotes()
    {
        var m = Model;
        var unit = m.Ward.UnitNoun;
        var notes = new List<string>
        {
            $"Tổng số hộ và hộ nghèo cuối năm {m.BaseYear}: kết quả rà soát hộ nghèo, hộ cận nghèo năm {m.BaseYear} theo {Provenance.StandardName}.",
        };
        if (m.Units?.Note is { } units)
            notes.Add(units);
        if (Baseline is { } baseline)
            notes.Add(baseline.Sentences(m.Ward));
        if (m.Plan is { } plan)
        {
            var made = plan.CreatedAt is { } at ? $", lập ngày {at.ToOffset(Provenance.VietnamOffset).ToString("dd/MM/yyyy", N.Culture)}" : "";
            notes.Add(
                $"Kế hoạch phiên bản {plan.Version} ({Method(plan.Method)}{made}). Mỗi dòng: hộ nghèo cuối năm {m.BaseYear} − {FlowWords.Escaped.ToLower(N.Culture)} + " +
                $"{FlowWords.NewPoor.ToLower(N.Culture)} + {FlowWords.RePoor.ToLower(N.Culture)} = hộ nghèo cuối năm {m.Year}; tỷ lệ tính trên tổng số hộ cuối năm {m.BaseYear}. " +
                $"{FlowWords.NewPoor} (gồm cả hộ cận nghèo chuyển thành hộ nghèo) và {FlowWords.RePoor.ToLower(N.Culture)} là số hộ dự kiến theo dự báo, làm tròn đến số hộ nguyên " +
                $"sao cho tổng các {m.Ward.GroupShort} bằng số toàn {unit}; số hộ thoát nghèo được giao cho từng {m.Ward.GroupShort} theo danh sách hộ nghèo gần thoát nghèo nhất " +
                "(khoảng cách thu nhập đến chuẩn nghèo, số chỉ số thiếu hụt, số người trong độ tuổi lao động, chính sách đã nhận), " +
                $"không quá số hộ nghèo của mỗi {m.Ward.GroupShort}.");
            if (m.PlanBaseChanged)
                notes.Add($"Kết quả rà soát năm {m.BaseYear} đã được nạp lại sau khi lập kế hoạch; bảng ghi số hộ tại thời điểm lập kế hoạch, cần lập lại kế hoạch.");
        }
        else
            notes.Add($"Chưa có kế hoạch phân bổ chỉ tiêu năm {m.Year} cho từng {m.Ward.GroupNoun}" +
                (m.StalePlanBaseYear is { } stale ? $" theo kết quả rà soát năm {m.BaseYear} (kế hoạch hiện có được lập từ số liệu năm {stale})" : "") +
                ", nên các cột kế hoạch để trống. Kế hoạch được lập từ chỉ tiêu toàn " + unit + " và dự báo; đề nghị bộ phận phụ trách giảm nghèo lập kế hoạch phân bổ.");
        if (m.TargetPoorHouseholds is { } most)
        {
            var target = $"Để đạt mục tiêu {N.Percent(m.Total.TargetRate!.Value)}, cuối năm {m.Year} {unit} có không quá {N.Count(most)} hộ nghèo " +
                $"(giảm ít nhất {N.Count(Math.Max(0, m.Total.Poor - most))} hộ so với cuối năm {m.BaseYear})";
            notes.Add(m.Total.Plan is not { } p ? target + "."
                : m.Plan!.Shortfall is > 0
                    ? target + $"; kế hoạch còn {N.Count(p.Poor)} hộ nghèo ({N.Percent(p.Rate)}), thiếu {N.Count(m.Plan.Shortfall.Value)} hộ so với mục tiêu: " +
                      "số hộ nghèo có thể thoát nghèo không đủ bù số hộ dự kiến phát sinh mới và tái nghèo."
                    : target + $"; kế hoạch còn {N.Count(p.Poor)} hộ nghèo ({N.Percent(p.Rate)}), đạt mục tiêu.");
        }
        if (m.Groups.Any(g => g.SmallCell))
            notes.Add($"(*) Nhóm nhỏ, dưới {N.Count(m.SmallCellHouseholds)} hộ: tỷ lệ dao động lớn, cần thận trọng khi so sánh.");
        return notes;
    }

    private List<string> ForecastNotes()
    {
        var m = Model;
        if (!m.HasForecast)
            return [$"Chưa có dự báo từ năm {m.BaseYear} cho năm {m.Year}, nên chưa có bảng dự báo thống kê. " + MissingForecast.Why(m.Year)];
        var t = m.Total.Expected!;
        var notes = new List<string>
        {
            $"Bảng 2 là dự báo thống kê để tham khảo, không phải chỉ tiêu: số hộ nghèo kỳ vọng cuối năm {m.Year} theo mô hình dự báo {m.ModelId} " +
            $"(tổng xác suất nghèo của từng hộ), làm tròn đến 0,1 hộ sao cho tổng các {m.Ward.GroupShort} bằng số toàn {m.Ward.UnitNoun}; tỷ lệ dự báo tính trên số hộ kỳ vọng chưa làm tròn. " +
            $"Với xác suất 80%, số hộ nghèo cuối năm {m.Year} của {m.Ward.UnitNoun} nằm trong khoảng {N.Count(t.Low80)}–{N.Count(t.High80)} hộ" +
            (m.PTargetMet is { } chance && m.Total.TargetRate is { } rate ? $"; với mục tiêu {N.Percent(rate)}, khả năng đạt theo dự báo: {N.Percent(100 * chance, 0)}." : "."),
        };
        // The model's own words, right after the note that carries its numbers: the same sentence every document prints.
        if (m.ForecastCaveat is { } caveat)
            notes.Add(caveat);
        return notes;
    }

    private string Method(string method) => string.Join("; ", method.Split('+').Select(part => part switch
    {
        "allocated" => "phân bổ theo dự báo và danh sách hộ",
        "planner" => $"có {Model.Ward.GroupShort} do người lập kế hoạch điều chỉnh",
        "file" => $"chỉ tiêu từng {Model.Ward.GroupShort} theo tệp kế hoạch",
        _ => part,
    }));

    private static DataSheet Sheet(AppendixModel m)
    {
        var (b, y) = (m.BaseYear, m.Year);
        var headers = new[]
        {
            "STT", "Mã " + m.Ward.GroupShort, m.Ward.GroupNounTitle, "Tổng số hộ", $"Hộ nghèo cuối năm {b}", $"Tỷ lệ hộ nghèo cuối năm {b} (%)",
            $"Kế hoạch {FlowWords.Escaped.ToLower(N.Culture)} năm {y}", $"Dự kiến {FlowWords.NewPoor.ToLower(N.Culture)} năm {y}",
            $"Dự kiến {FlowWords.RePoor.ToLower(N.Culture)} năm {y}", $"Hộ nghèo cuối năm {y}", $"Tỷ lệ hộ nghèo cuối năm {y} (%)", $"Mục tiêu {y} (%)",
            $"Dự báo: hộ nghèo cuối năm {y} (kỳ vọng)", $"Dự báo: tỷ lệ cuối năm {y} (%)", "Dự báo: khoảng 80% - thấp (hộ)", "Dự báo: khoảng 80% - cao (hộ)",
            "Dự báo: khả năng đạt mục tiêu", "Nhóm nhỏ", "Ghi chú",
        };
        IReadOnlyList<object?> Row(object? number, AppendixRow r) =>
        [
            number, r.GroupCode, r.Name, r.Households, r.Poor, r.PoorRate, r.Plan?.Escapes, r.Plan?.NewPoor, r.Plan?.RePoor, r.Plan?.Poor, r.Plan?.Rate,
            r.TargetRate, r.Expected?.Poor, r.Expected?.Rate, r.Expected?.Low80, r.Expected?.High80, r.Expected?.PTargetMet, r.SmallCell, r.Note,
        ];
        var rows = m.Groups.Select((g, i) => Row((long)(i + 1), g)).Append(Row(null, m.Total)).ToList();
        return new DataSheet("Phụ lục", headers, rows);
    }
}
