using DiSu.Analytics.Reports.Layout;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Forms;

/// <summary>
/// The note under a summary: what every rate is over, where the start comes from, and what the
/// escaped (7) and newly (11) columns hold beyond the class changes themselves (households that
/// moved, left, entered, changed class between poor and near-poor, or a corrected start), each
/// count from the model's components, only those that are not zero, naming the units when few.
/// </summary>
public static class FormsNotes
{
    /// <summary>At most this many units are named beside a count; more are left to the CSV.</summary>
    public const int NamedUnits = 4;

    private static readonly TextStyle Style = new(9f);

    public static IEnumerable<Block> Compose(FormsModel model, FormTable table)
    {
        yield return new Paragraph("Ghi chú:", Style with { Bold = true, Italic = true }, 1) { KeepWithNext = true };
        foreach (var (line, i) in Lines(model, table).Select((l, i) => (l, i)))
            yield return new Paragraph($"{i + 1}. {line}", Style, 1);
    }

    /// <summary>The note's sentences, in order (without their numbers).</summary>
    public static IReadOnlyList<string> Lines(FormsModel model, FormTable table)
    {
        var words = FormWords.Of(table.Class);
        var unit = FormWords.UnitNoun(model.Level);
        var rows = table.Sections.SelectMany(s => s.Rows).ToList();
        var total = table.Total;
        var lines = new List<string>
        {
            $"Mọi tỷ lệ (%) tính trên tổng số hộ dân cư của đơn vị (cột 1), nên trên mỗi dòng (13) = (3) − (7) + (9) + (11) và tỷ lệ cũng vậy: " +
            $"(14) = (4) − (8) + (10) + (12) (các tỷ lệ làm tròn đến hai chữ số thập phân). Dấu \"{FormWords.NoRate}\": đơn vị không có hộ dân cư. " +
            $"Tổng cộng = I + II.",
            StartLine(model, rows, words),
        };
        var escaped = Components(rows,
            (r => r.EscapedInUnit, $"{words.Escaped} tại {unit}", false),
            (r => r.BecamePoor, "hộ cận nghèo trở thành hộ nghèo", true),
            (r => r.MovedToOtherGroup, $"chuyển sang {unit} khác", true),
            (r => r.LeftWard, "chuyển đi khỏi địa bàn hoặc không còn trong danh sách rà soát", true),
            (r => r.CorrectionDown, "điều chỉnh số đầu năm theo quyết định phê duyệt", true));
        lines.Add(escaped.Count == 0
            ? $"Cột (7) (số hộ {words.Escaped}): không có hộ nào."
            : $"Cột (7) (số hộ {words.Escaped}, {N.Count(total.Escaped)} hộ) gồm: {string.Join("; ", escaped)}.");
        var newly = Components(rows,
            (r => r.NewlyInUnit, $"{words.Newly} tại {unit}", false),
            (r => r.FromPoor, "hộ nghèo chuyển thành hộ cận nghèo", true),
            (r => r.MovedFromOtherGroup, $"chuyển đến từ {unit} khác", true),
            (r => r.EnteredWard, "chuyển đến địa bàn hoặc hộ mới tách", true),
            (r => r.CorrectionUp, "điều chỉnh số đầu năm theo quyết định phê duyệt", true));
        lines.Add(newly.Count == 0
            ? $"Cột (11) (số hộ {words.Newly}): không có hộ nào."
            : $"Cột (11) (số hộ {words.Newly}, {N.Count(total.Newly)} hộ) gồm: {string.Join("; ", newly)}.");
        return lines;
    }

    private static string StartLine(FormsModel model, IReadOnlyList<FormRow> rows, FormWords words)
    {
        var review = $"kết quả rà soát cuối năm {model.PreviousYear}";
        var approved = rows.Where(r => r.StartSource == "approved").ToList();
        if (approved.Count == 0)
            return $"Số {words.Households} đầu năm (cột 3) là {review}.";
        var groups = approved.GroupBy(r => r.StartBasis ?? "quyết định phê duyệt", StringComparer.Ordinal)
            .Select(g => $"theo {g.Key} ({string.Join(", ", g.Select(r => r.UnitName))})");
        var rest = approved.Count == rows.Count ? "" : $"; các đơn vị khác là {review}";
        return $"Số {words.Households} đầu năm (cột 3) {string.Join("; ", groups)}{rest}.";
    }

    private static List<string> Components(IReadOnlyList<FormRow> rows, params (Func<FormRow, long> Count, string Words, bool NameUnits)[] parts)
    {
        var list = new List<string>();
        foreach (var (count, words, nameUnits) in parts)
        {
            var sum = rows.Sum(count);
            if (sum == 0) continue;
            var at = rows.Where(r => count(r) != 0).ToList();
            var units = nameUnits && at.Count <= NamedUnits ? $" ({string.Join(", ", at.Select(r => $"{r.UnitName}: {N.Count(count(r))}"))})" : "";
            list.Add($"{N.Count(sum)} hộ {words}{units}");
        }
        return list;
    }
}
