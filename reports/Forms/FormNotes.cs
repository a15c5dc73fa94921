using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The note under a form's table ("Ghi chú"), in the same sentences wherever the form is shown (the
/// web page, the PDF, the XLSX): where the start of the year comes from, what columns (7) and (11)
/// hold beyond escapes and new cases (households that changed class, moved, left, arrived, or a
/// corrected start; only the counts that are not zero, from the total row), the identity every row
/// keeps, and the rates' denominator. Where a kind of household occurs in at most three units, the
/// note names them.
/// </summary>
public static class FormNotes
{
    /// <summary>"nghèo" or "cận nghèo": the class as the form's headings name it.</summary>
    public static string ClassWord(FormClass kind) => kind == FormClass.Poor ? "nghèo" : "cận nghèo";

    /// <summary>The note's sentences for <paramref name="table"/> of <paramref name="model"/>, in the order they are printed.</summary>
    public static IReadOnlyList<string> For(FormsModel model, FormTable table)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(table);
        var word = ClassWord(table.Class);
        var previous = model.PreviousYear.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var total = table.Total;
        var rows = table.Sections.SelectMany(s => s.Rows).ToList();
        var approved = rows.Where(r => r.StartSource == "approved").Select(r => r.UnitName).ToList();
        var lines = new List<string>
        {
            approved.Count == 0
                ? $"Số hộ đầu năm (cột 3) là kết quả rà soát cuối năm {previous}."
                : $"Số hộ đầu năm (cột 3) của {string.Join(", ", approved)} theo {total.StartBasis}; "
                  + (approved.Count == rows.Count ? "" : $"các đơn vị còn lại theo kết quả rà soát cuối năm {previous}; ")
                  + $"kết quả rà soát cuối năm {previous} của cả bảng là {Count(total.ReviewStart)} hộ.",
        };
        if (total.FirstDeliveryStart is { } first && first != total.ReviewStart)
            lines.Add($"Kết quả rà soát cuối năm {previous} đã được đính chính sau lần giao dữ liệu đầu: "
                + $"theo lần giao đầu có {Count(first)} hộ {word}, theo dữ liệu đã đính chính có {Count(total.ReviewStart)} hộ.");
        var escaped = Parts(rows,
            (total.BecamePoor, "hộ cận nghèo trở thành hộ nghèo", r => r.BecamePoor),
            (total.MovedToOtherGroup, "hộ chuyển sang tổ dân phố, thôn khác trong phường, xã", r => r.MovedToOtherGroup),
            (total.LeftWard, "hộ chuyển đi hoặc không còn trong kết quả rà soát", r => r.LeftWard),
            (total.CorrectionDown, $"hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát cuối năm {previous}", r => r.CorrectionDown));
        if (escaped.Length > 0)
            lines.Add($"Cột (7) ngoài {Count(total.EscapedInUnit)} hộ thoát {word} còn gồm {escaped}.");
        var newly = Parts(rows,
            (total.FromPoor, "hộ nghèo trở thành hộ cận nghèo", r => r.FromPoor),
            (total.MovedFromOtherGroup, "hộ chuyển đến từ tổ dân phố, thôn khác trong phường, xã", r => r.MovedFromOtherGroup),
            (total.EnteredWard, "hộ chuyển đến hoặc mới tách hộ", r => r.EnteredWard),
            (total.CorrectionUp, $"hộ chênh lệch do số đầu năm được phê duyệt nhỏ hơn kết quả rà soát cuối năm {previous}", r => r.CorrectionUp));
        if (newly.Length > 0)
            lines.Add($"Cột (11) ngoài {Count(total.NewlyInUnit)} hộ {word} phát sinh còn gồm {newly}.");
        lines.Add("Trên mỗi dòng: cột (13) = cột (3) − cột (7) + cột (9) + cột (11); các tỷ lệ % tính trên tổng số hộ dân cư của đơn vị (cột 1), để trống khi đơn vị không có hộ dân cư.");
        return lines;
    }

    private const int NamedUnits = 3;

    private static string Parts(IReadOnlyList<FormRow> rows, params (long Count, string What, Func<FormRow, long> Of)[] parts) =>
        string.Join("; ", parts.Where(p => p.Count != 0).Select(p => $"{Count(p.Count)} {p.What}{Where(rows, p.Of)}"));

    /// <summary>" (Tổ dân phố Trại: 1, Tổ dân phố Đông: 2)" when the households are in at most three units.</summary>
    private static string Where(IReadOnlyList<FormRow> rows, Func<FormRow, long> of)
    {
        var units = rows.Where(r => of(r) != 0).ToList();
        return units.Count is 0 or > NamedUnits ? "" : " (" + string.Join(", ", units.Select(r => $"{r.UnitName}: {Count(of(r))}")) + ")";
    }
}
