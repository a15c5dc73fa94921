using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The note under a form's table ("Ghi chú"), in the same sentences wherever the form is shown (the
/// web page, the PDF, the XLSX): where the start of the year comes from, what columns (7) and (11)
/// hold beyond escapes and new cases (households that changed class, moved, left, arrived, or a
/// corrected start; only the counts that are not zero, from the total row), the identity every row
/// keeps, and the rates' denominator. Worded as the XLSX's note (FormsWorkbook.NoteLines) words it,
/// so that one of the two can call the other.
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
        var escaped = Parts(
            (total.BecamePoor, "hộ cận nghèo trở thành hộ nghèo"),
            (total.MovedToOtherGroup, "hộ chuyển sang tổ dân phố, thôn khác trong phường, xã"),
            (total.LeftWard, "hộ không còn trên địa bàn (chuyển đi, không còn trong kết quả rà soát)"),
            (total.CorrectionDown, $"hộ chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát cuối năm {previous}"));
        if (escaped.Length > 0)
            lines.Add($"Cột (7) ngoài {Count(total.EscapedInUnit)} hộ thoát {word} còn gồm {escaped}.");
        var newly = Parts(
            (total.FromPoor, "hộ nghèo trở thành hộ cận nghèo"),
            (total.MovedFromOtherGroup, "hộ chuyển đến từ tổ dân phố, thôn khác trong phường, xã"),
            (total.EnteredWard, "hộ mới có trên địa bàn (chuyển đến, tách hộ)"),
            (total.CorrectionUp, $"hộ chênh lệch do số đầu năm được phê duyệt nhỏ hơn kết quả rà soát cuối năm {previous}"));
        if (newly.Length > 0)
            lines.Add($"Cột (11) ngoài {Count(total.NewlyInUnit)} hộ {word} phát sinh còn gồm {newly}.");
        lines.Add("Trên mỗi dòng: cột (13) = cột (3) − cột (7) + cột (9) + cột (11).");
        lines.Add("Các tỷ lệ % tính trên tổng số hộ dân cư của đơn vị (cột 1); để trống khi đơn vị không có hộ dân cư.");
        return lines;
    }

    private static string Parts(params (long Count, string What)[] parts) =>
        string.Join("; ", parts.Where(p => p.Count != 0).Select(p => $"{Count(p.Count)} {p.What}"));
}
