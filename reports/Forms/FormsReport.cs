using DiSu.Analytics.Reports.Compose;
using DiSu.Analytics.Reports.Layout;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The yearly summaries of the review a unit files upward (Circular 07/2021, amended by Circular
/// 02/2022): the table of poor households, then on a page of its own the table of near-poor
/// households, each with the form's banded header, its numbered columns, the note saying what the
/// change columns hold, and the signatures at the end. Every number is the model's
/// (<see cref="FormsModel"/>, read from <c>v_form_summary</c>).
/// </summary>
public sealed class FormsReport : IReport, IWorkbookReport
{
    private FormsReport(FormsModel model, DateTimeOffset created, Provenance provenance, IReadOnlyList<DataSheet> sheets)
    {
        Model = model;
        Provenance = provenance;
        Sheets = sheets;
        Info = new DocumentInfo($"Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo năm {model.Year} – {UnitName(model)}", IssuingUnit(model),
            $"Biểu tổng hợp kết quả rà soát hộ nghèo và hộ cận nghèo năm {model.Year} theo {FormWords.UnitNoun(model.Level)} (cấp {FormWords.LevelNoun(model.Level)})",
            $"biểu mẫu; rà soát; hộ nghèo; hộ cận nghèo; {model.Name}; {model.Year}", created);
        Decoration = new PageDecoration($"{Info.Author} · Tổng hợp kết quả rà soát hộ nghèo, hộ cận nghèo năm {model.Year}", provenance.Line());
    }

    public FormsModel Model { get; }

    public string Kind => "forms";

    public string FileStem => $"forms-{Model.Year}-{Model.Code}";

    public DocumentInfo Info { get; }

    public PageSetup Page => PageSetup.A4Landscape;

    public PageDecoration Decoration { get; }

    public Provenance Provenance { get; }

    /// <summary>The XLSX as the form lays it out (<see cref="FormsWorkbook"/>), not one plain sheet per table.</summary>
    public void WriteXlsx(Stream output) => FormsWorkbook.Write(Model, Provenance, output);

    public IReadOnlyList<DataSheet> Sheets { get; }

    /// <summary>The forms of a ward or a province already read; the provenance names the latest load of the unit's wards.</summary>
    public static FormsReport Build(DuckDBConnection connection, TimeProvider clock, FormsModel model)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var sheets = model.Tables.Select(t => FormsSheet.Of(model, t)).ToList();
        // A province's rows are its wards: its data is as recent as the latest load of any of them.
        var wards = model.Level == FormLevel.Ward
            ? [model.Code]
            : model.Poor.Sections.SelectMany(s => s.Rows).Select(r => r.UnitCode).Distinct(StringComparer.Ordinal).ToList();
        var provenance = wards.Select(w => Provenance.Read(connection, w, model.Year.Value, null, sheets))
            .OrderByDescending(p => p.DataAsOf ?? DateTimeOffset.MinValue).ThenByDescending(p => p.LastLoadId ?? 0).First();
        return new FormsReport(model, clock.GetUtcNow(), provenance, sheets);
    }

    /// <summary>Reads the model (<see cref="FormsModel.Read"/>) and builds the report.</summary>
    public static FormsReport Build(DuckDBConnection connection, TimeProvider clock, FormLevel level, string code, Mart.ReviewYear year) =>
        Build(connection, clock, FormsModel.Read(connection, level, code, year));

    public IEnumerable<Block> Compose()
    {
        foreach (var table in Model.Tables)
        {
            if (table.Class == FormClass.NearPoor)
                yield return new PageBreak();
            yield return ComposeHeading(table.Class);
            yield return FormsTable.Compose(Model, table);
            yield return new Spacer(4);
            foreach (var note in FormsNotes.Compose(Model, table))
                yield return note;
        }
        yield return ComposeSignatures();
    }

    /// <summary>"(Cấp xã: Phường Dị Sử, tỉnh Hưng Yên)" or "(Cấp tỉnh: Tỉnh Hưng Yên)".</summary>
    public static string LevelLine(FormsModel model) => model.Level == FormLevel.Ward
        ? $"(Cấp xã: {model.Name}, {ProvinceUnit(model.ProvinceName)})"
        : $"(Cấp tỉnh: {Capitalised(ProvinceUnit(model.ProvinceName))})";

    /// <summary>"TỔNG HỢP KẾT QUẢ RÀ SOÁT HỘ NGHÈO NĂM 2024" / "… HỘ CẬN NGHÈO NĂM 2024".</summary>
    public static string Title(FormsModel model, FormClass kind) =>
        $"TỔNG HỢP KẾT QUẢ RÀ SOÁT {FormWords.Of(kind).Households.ToUpper(VietnameseNumbers.Culture)} NĂM {model.Year}";

    // The decision the forms accompany is the officer's to fill: no ward setting names it.
    private Block ComposeHeading(FormClass kind) => new KeepTogether(
    [
        new Paragraph("(Kèm theo Công văn/Quyết định số … ngày … của …)", TextStyle.Caption with { Size = 10.5f, Align = TextAlign.Center }, 0),
        OfficialParts.Title(Title(Model, kind), LevelLine(Model)),
    ]);

    // The signers' lines kept with the last note; the room to sign and stamp is what is left of the
    // page below them (at least the bottom margin), so that a form that nearly fills its last page
    // does not send the signatures, with one line of the note, to a page of their own.
    private Block ComposeSignatures()
    {
        var bold = new TextStyle(11.5f, Bold: true, Align: TextAlign.Center);
        var caption = TextStyle.Caption with { Align = TextAlign.Center };
        var place = Model.Level == FormLevel.Ward ? OfficialParts.Place(Model.Name) : ProvinceProperName(Model.ProvinceName);
        var preparer = new Stack(
            new Spacer(TextStyle.Caption.LineHeight + 2 + 4),
            new Paragraph("NGƯỜI LẬP BIỂU", bold, 0),
            new Paragraph("(Ký, ghi rõ họ tên)", caption, 0));
        var signer = new Stack(
            new Paragraph($"{place}, ngày … tháng … năm …", TextStyle.Caption with { Size = 11f, Align = TextAlign.Center }, 0),
            new Spacer(4),
            new Paragraph(Model.Level == FormLevel.Ward ? "TM. ỦY BAN NHÂN DÂN" : "TM. ỦY BAN NHÂN DÂN TỈNH", bold, 0),
            new Paragraph("CHỦ TỊCH", bold, 0),
            new Paragraph("(Ký, ghi rõ họ tên, đóng dấu)", caption, 0));
        return new KeepTogether([new Spacer(2), new Columns([(0.45f, preparer), (0.55f, signer)])], withPrevious: true);
    }

    private static string UnitName(FormsModel model) => model.Level == FormLevel.Ward ? model.Name : Capitalised(ProvinceUnit(model.ProvinceName));

    private static string IssuingUnit(FormsModel model) => "UBND " + UnitName(model).ToUpper(VietnameseNumbers.Culture);

    /// <summary>"tỉnh Hưng Yên" inside a sentence (a name that carries its kind keeps it), as the other documents write it.</summary>
    private static string ProvinceUnit(string provinceName) => OfficialParts.ProvinceUnit(new Ward("", "", "", provinceName));

    private static string ProvinceProperName(string provinceName)
    {
        var unit = ProvinceUnit(provinceName);
        return unit[(unit.StartsWith("tỉnh ", StringComparison.OrdinalIgnoreCase) ? 5 : unit.StartsWith("thành phố ", StringComparison.OrdinalIgnoreCase) ? 10 : 0)..];
    }

    private static string Capitalised(string text) => text.Length == 0 ? text : char.ToUpper(text[0], VietnameseNumbers.Culture) + text[1..];
}
