using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Appendix;

/// <summary>
/// "Phụ lục: Dự kiến tỷ lệ hộ nghèo … năm N": the table a ward attaches to its annual
/// poverty-reduction plan, one row per residential group and the ward total.
/// </summary>
public sealed class AppendixReport : IReport
{
    private const string Dash = "—";

    private AppendixReport(AppendixModel model, DateTimeOffset created, Provenance provenance, IReadOnlyList<DataSheet> sheets)
    {
        Model = model;
        Provenance = provenance;
        Sheets = sheets;
        var title = $"Phụ lục: Dự kiến tỷ lệ hộ nghèo {model.Ward.NameInSentence} năm {model.Year}";
        Info = new DocumentInfo(title, model.Ward.IssuingUnit, $"Dự kiến hộ nghèo cuối năm {model.Year} theo tổ dân phố, từ kết quả rà soát cuối năm {model.BaseYear}",
            $"phụ lục; hộ nghèo; {model.Ward.Name}; {model.Year}", created);
        Decoration = new PageDecoration($"{model.Ward.IssuingUnit} · Phụ lục dự kiến tỷ lệ hộ nghèo năm {model.Year}", provenance.Line());
    }

    public AppendixModel Model { get; }

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
        var sheets = new[] { Sheet(model) };
        return new AppendixReport(model, clock.GetUtcNow(),
            Provenance.Read(connection, model.Ward.Code, model.BaseYear, model.ModelId, sheets, model.ForecastCaveat), sheets);
    }

    public IEnumerable<Block> Compose()
    {
        yield return ComposeHeading();
        yield return ComposeTable();
        // Notes on the left and the signer on the right, kept with the table's last rows.
        yield return new KeepTogether([new Spacer(6), new Columns([(0.7f, new Stack([.. ComposeNotes()])), (0.3f, OfficialParts.Signer())])], withPrevious: true);
    }

    // An appendix carries no letterhead of its own: it travels with the plan, and the running
    // header names the issuing unit on every page.
    private Block ComposeHeading() =>
        OfficialParts.Title(Info.Title, $"(Kèm theo Kế hoạch giảm nghèo năm {Model.Year} của Ủy ban nhân dân {Model.Ward.NameInSentence})");

    private Table ComposeTable()
    {
        var b = Model.BaseYear;
        var y = Model.Year;
        TableColumn Number(string header, float weight = 1f) => new(header, weight, TextAlign.Right);
        var columns = new[]
        {
            new TableColumn("STT", 0.45f, TextAlign.Center),
            new TableColumn("Tổ dân phố", 1.6f),
            Number("Tổng số hộ", 0.75f),
            Number($"Hộ nghèo cuối năm {b} (hộ)", 0.95f),
            Number($"Tỷ lệ hộ nghèo cuối năm {b} (%)", 0.95f),
            Number($"Dự kiến thoát nghèo năm {y} (hộ)"),
            Number($"Dự kiến phát sinh mới năm {y} (hộ)"),
            Number($"Dự kiến tái nghèo năm {y} (hộ)"),
            Number($"Dự kiến hộ nghèo cuối năm {y} (hộ)"),
            Number($"Dự kiến tỷ lệ hộ nghèo cuối năm {y} (%)", 0.95f),
            Number($"Mục tiêu năm {y} (%)", 0.8f),
            new TableColumn("Ghi chú", 1.75f),
        };
        var rows = Model.Groups.Select((g, i) => new TableRow(Cells((i + 1).ToString(N.Culture), g))).ToList();
        rows.Add(new TableRow(Cells("", Model.Total with { Name = "Toàn " + Model.Ward.NameInSentence }), RowKind.Total));
        return new Table(columns, rows) { Style = new TextStyle(9.5f) };
    }

    private static string[] Cells(string number, AppendixRow row)
    {
        var e = row.Expected;
        return
        [
            number,
            row.SmallCell ? row.Name + " (*)" : row.Name,
            N.Count(row.Households),
            N.Count(row.Poor),
            row.PoorRate is { } rate ? N.Rate(rate) : Dash,
            e is null ? Dash : N.Decimal(e.Escapes),
            e is null ? Dash : N.Decimal(e.NewPoor),
            e is null ? Dash : N.Decimal(e.RePoor),
            e is null ? Dash : N.Decimal(e.Poor),
            e is null ? Dash : N.Rate(e.Rate),
            row.TargetRate is { } target ? N.Rate(target) : Dash,
            e is null && row.GroupCode is null ? "Chưa có dự báo (xem ghi chú 2)" : row.Note,
        ];
    }

    private IEnumerable<Block> ComposeNotes()
    {
        var m = Model;
        var notes = new List<string>
        {
            $"Số hộ và hộ nghèo cuối năm {m.BaseYear}: kết quả rà soát hộ nghèo, hộ cận nghèo năm {m.BaseYear} theo {Provenance.StandardName}.",
        };
        if (m.HasForecast)
        {
            var t = m.Total.Expected!;
            notes.Add(
                $"Các cột dự kiến là số hộ kỳ vọng theo mô hình dự báo {m.ModelId} (tổng xác suất nghèo của từng hộ), làm tròn đến 0,1 hộ sao cho tổng các tổ bằng số toàn phường " +
                "(tỷ lệ dự kiến tính trên số hộ kỳ vọng chưa làm tròn); " +
                $"với xác suất 80%, số hộ nghèo cuối năm {m.Year} của phường nằm trong khoảng {N.Count(t.Low80)}–{N.Count(t.High80)} hộ. " +
                "Phát sinh mới gồm cả hộ cận nghèo chuyển thành hộ nghèo; tái nghèo: hộ đã từng nghèo ở kỳ rà soát trước.");
            if (m.TargetPoorHouseholds is { } most)
                notes.Add($"Để đạt mục tiêu {N.Percent(m.Total.TargetRate!.Value)}, cuối năm {m.Year} phường có không quá {N.Count(most)} hộ nghèo " +
                    $"(giảm ít nhất {N.Count(Math.Max(0, m.Total.Poor - most))} hộ so với cuối năm {m.BaseYear}); khả năng đạt theo dự báo: {N.Percent(100 * (m.PTargetMet ?? 0), 0)}.");
            // The model's own words, right after the notes that carry its numbers: the same sentence every document prints.
            if (m.ForecastCaveat is { } caveat)
                notes.Add(caveat);
        }
        else
        {
            notes.Add($"Chưa có dự báo từ năm {m.BaseYear} cho năm {m.Year}, nên các cột dự kiến để trống thay vì ước đoán. " + MissingForecast.Why(m.Year));
            if (m.TargetPoorHouseholds is { } most)
                notes.Add($"Để đạt mục tiêu {N.Percent(m.Total.TargetRate!.Value)}, cuối năm {m.Year} phường có không quá {N.Count(most)} hộ nghèo (giảm ít nhất {N.Count(Math.Max(0, m.Total.Poor - most))} hộ so với cuối năm {m.BaseYear}).");
        }
        if (m.Groups.Any(g => g.SmallCell))
            notes.Add($"(*) Nhóm nhỏ, dưới {N.Count(m.SmallCellHouseholds)} hộ: tỷ lệ dao động lớn, cần thận trọng khi so sánh.");
        yield return new Paragraph("Ghi chú:", TextStyle.BodyBold with { Size = 10.5f }, 1) { KeepWithNext = true };
        for (var i = 0; i < notes.Count; i++)
            yield return new Paragraph($"{i + 1}. {notes[i]}", new TextStyle(10f), 1);
    }

    private static DataSheet Sheet(AppendixModel m)
    {
        var headers = new[]
        {
            "STT", "Mã tổ", "Tổ dân phố", "Tổng số hộ", $"Hộ nghèo cuối năm {m.BaseYear}", $"Tỷ lệ hộ nghèo cuối năm {m.BaseYear} (%)",
            $"Dự kiến thoát nghèo {m.Year}", $"Dự kiến phát sinh mới {m.Year}", $"Dự kiến tái nghèo {m.Year}", $"Dự kiến hộ nghèo cuối năm {m.Year}",
            $"Dự kiến tỷ lệ cuối năm {m.Year} (%)", "Khoảng 80% - thấp (hộ)", "Khoảng 80% - cao (hộ)", $"Mục tiêu {m.Year} (%)", "Nhóm nhỏ", "Ghi chú",
        };
        IReadOnlyList<object?> Row(object? number, AppendixRow r) =>
        [
            number, r.GroupCode, r.Name, r.Households, r.Poor, r.PoorRate, r.Expected?.Escapes, r.Expected?.NewPoor, r.Expected?.RePoor,
            r.Expected?.Poor, r.Expected?.Rate, r.Expected?.Low80, r.Expected?.High80, r.TargetRate, r.SmallCell, r.Note,
        ];
        var rows = m.Groups.Select((g, i) => Row((long)(i + 1), g)).Append(Row(null, m.Total)).ToList();
        return new DataSheet("Phụ lục", headers, rows);
    }
}
