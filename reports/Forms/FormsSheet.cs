namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// A summary as a sheet for CSV (and the content hash): one row per printed row — section lines,
/// units, subtotals, the total — under the form's columns with their numbers, then what the
/// change columns hold and where the start comes from.
/// </summary>
public static class FormsSheet
{
    public const string SectionLine = "Phần";
    public const string UnitLine = "Đơn vị";
    public const string SubtotalLine = "Cộng phần";
    public const string TotalLine = "Tổng cộng";

    public static string Name(FormClass kind) => FormWords.Of(kind).HouseholdsTitle;

    public static DataSheet Of(FormsModel model, FormTable table)
    {
        var w = FormWords.Of(table.Class);
        var (start, end) = ($"{w.HouseholdsTitle} đầu năm", $"{w.HouseholdsTitle} cuối năm");
        var headers = new List<string>
        {
            "Loại dòng", "STT (A)", "Mã đơn vị", $"{FormWords.UnitHeader(model.Level)} (B)",
            "Tổng số hộ dân cư: số hộ (1)", "Tổng số hộ dân cư: trong đó hộ DTTS (2)",
            $"{start}: số hộ (3)", $"{start}: tỷ lệ (4, %)", $"{start}: số hộ DTTS (5)", $"{start}: tỷ lệ DTTS (6, %)",
            $"Số hộ {w.Escaped} (7)", $"Số hộ {w.Escaped}: tỷ lệ (8, %)", $"Số hộ {w.Returned} (9)", $"Số hộ {w.Returned}: tỷ lệ (10, %)",
            $"Số hộ {w.Newly} (11)", $"Số hộ {w.Newly}: tỷ lệ (12, %)",
            $"{end}: số hộ (13)", $"{end}: tỷ lệ (14, %)", $"{end}: số hộ DTTS (15)", $"{end}: tỷ lệ DTTS (16, %)",
            $"Cột (7): {w.Escaped} tại đơn vị", "Cột (7): hộ cận nghèo trở thành hộ nghèo", "Cột (7): chuyển sang đơn vị khác",
            "Cột (7): chuyển đi hoặc không còn trong danh sách rà soát", "Cột (7): điều chỉnh giảm số đầu năm theo quyết định",
            $"Cột (11): {w.Newly} tại đơn vị", "Cột (11): hộ nghèo chuyển thành hộ cận nghèo", "Cột (11): chuyển đến từ đơn vị khác",
            "Cột (11): chuyển đến địa bàn hoặc hộ mới tách", "Cột (11): điều chỉnh tăng số đầu năm theo quyết định",
            $"Số đầu năm theo kết quả rà soát cuối năm {model.PreviousYear}", "Nguồn số đầu năm", "Căn cứ số đầu năm",
        };
        var kinds = new List<SheetKind> { SheetKind.Text, SheetKind.Text, SheetKind.Text, SheetKind.Text };
        for (var c = 1; c <= 16; c++)
            kinds.Add(c is 4 or 6 or 8 or 10 or 12 or 14 or 16 ? SheetKind.Rate : SheetKind.Count);
        kinds.AddRange(Enumerable.Repeat(SheetKind.Count, 11));
        kinds.AddRange([SheetKind.Text, SheetKind.Text]);

        var rows = new List<IReadOnlyList<object?>>();
        foreach (var section in table.Sections)
        {
            rows.Add([SectionLine, section.Number, null, section.Title, .. Enumerable.Repeat<object?>(null, headers.Count - 4)]);
            rows.AddRange(section.Rows.Select((r, i) => Row(UnitLine, (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture), r.UnitCode, r.UnitName, r)));
            rows.Add(Row(SubtotalLine, section.Number, null, FormsTable.SubtotalName(section), section.Subtotal));
        }
        rows.Add(Row(TotalLine, "", null, "Tổng cộng", table.Total));
        return new DataSheet(Name(table.Class), headers, rows) { Kinds = kinds };
    }

    private static IReadOnlyList<object?> Row(string line, string number, string? code, string name, FormRow r) =>
    [
        line, number, code, name,
        r.Households, r.HouseholdsDtts,
        r.StartHouseholds, r.StartRate, r.StartDtts, r.StartDttsRate,
        r.Escaped, r.EscapedRate, r.Returned, r.ReturnedRate, r.Newly, r.NewlyRate,
        r.EndHouseholds, r.EndRate, r.EndDtts, r.EndDttsRate,
        r.EscapedInUnit, r.BecamePoor, r.MovedToOtherGroup, r.LeftWard, r.CorrectionDown,
        r.NewlyInUnit, r.FromPoor, r.MovedFromOtherGroup, r.EnteredWard, r.CorrectionUp,
        r.ReviewStart, r.StartSource == "approved" ? "Quyết định phê duyệt" : "Kết quả rà soát", r.StartBasis,
    ];
}
