using static DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The note printed under a form's table, in the same sentences wherever the form is shown (the
/// web page, the PDF): where the start of the year comes from, the identity every row keeps, and
/// what the escaped and newly columns hold beyond the class changes themselves (households that
/// moved, left, arrived or were corrected), with only the counts that are not zero.
/// </summary>
public static class FormNotes
{
    // The form's numbered columns (A = STT, B = Đơn vị, then 1–16), as the notes cite them.
    public const int HouseholdsColumn = 1;
    public const int StartColumn = 3;
    public const int EscapedColumn = 7;
    public const int ReturnedColumn = 9;
    public const int NewlyColumn = 11;
    public const int EndColumn = 13;

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
        var notes = new List<string> { Start(table, word, previous) };

        notes.Add($"Trên mọi dòng: hộ {word} cuối năm ({EndColumn}) = hộ {word} đầu năm ({StartColumn}) − số hộ thoát {word} ({EscapedColumn}) "
                  + $"+ số hộ tái {word} ({ReturnedColumn}) + số hộ {word} phát sinh ({NewlyColumn}); "
                  + $"mọi tỷ lệ tính trên tổng số hộ dân cư ({HouseholdsColumn}) của đơn vị.");

        var escaped = Parts(
            (total.BecamePoor, "chuyển thành hộ nghèo"),
            (total.MovedToOtherGroup, "chuyển sang tổ dân phố, thôn khác trong cùng phường, xã"),
            (total.LeftWard, "không còn trong kết quả rà soát của phường, xã (chuyển đi, tách, nhập hộ)"),
            (total.CorrectionDown, $"chênh lệch do số đầu năm được phê duyệt lớn hơn kết quả rà soát năm {previous}"));
        if (escaped.Count > 0)
            notes.Add($"Cột số hộ thoát {word} ({EscapedColumn}) gồm cả {Join(escaped)}.");

        var newly = Parts(
            (total.FromPoor, "từ hộ nghèo chuyển thành hộ cận nghèo"),
            (total.MovedFromOtherGroup, "chuyển đến từ tổ dân phố, thôn khác trong cùng phường, xã"),
            (total.EnteredWard, "mới có trong kết quả rà soát của phường, xã (chuyển đến, tách, nhập hộ)"),
            (total.CorrectionUp, $"chênh lệch do số đầu năm được phê duyệt nhỏ hơn kết quả rà soát năm {previous}"));
        if (newly.Count > 0)
            notes.Add($"Cột số hộ {word} phát sinh ({NewlyColumn}) gồm cả {Join(newly)}.");
        return notes;
    }

    private static string Start(FormTable table, string word, string previous)
    {
        var rows = table.Sections.SelectMany(s => s.Rows).ToList();
        var approved = rows.Where(r => r.StartSource == "approved").ToList();
        if (approved.Count == 0)
            return $"Hộ {word} đầu năm ({StartColumn}) là kết quả rà soát năm {previous}, vòng rà soát trước đó trong kho dữ liệu.";
        var basis = table.Total.StartBasis ?? "quyết định phê duyệt";
        var reviewed = $"theo kết quả rà soát năm {previous} là {Count(table.Total.ReviewStart)} hộ";
        if (approved.Count == rows.Count)
            return $"Hộ {word} đầu năm ({StartColumn}) là số được phê duyệt theo {basis} ({reviewed}).";
        return $"Hộ {word} đầu năm ({StartColumn}) của {string.Join(", ", approved.Select(r => r.UnitName))} là số được phê duyệt theo {basis}; "
               + $"của các đơn vị khác là kết quả rà soát năm {previous} (tổng {reviewed}).";
    }

    private static List<string> Parts(params (long Count, string What)[] parts) =>
        parts.Where(p => p.Count != 0).Select(p => $"{Count(p.Count)} hộ {p.What}").ToList();

    private static string Join(IReadOnlyList<string> parts) =>
        parts.Count == 1 ? parts[0] : string.Join("; ", parts.Take(parts.Count - 1)) + " và " + parts[^1];
}
