using DiSu.Analytics.Reports.Layout;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Planning;

/// <summary>
/// The planners' tables and sentences as document blocks, and the same numbers as sheets:
/// the Alkire–Foster table, the priority list and the largest support gaps.
/// </summary>
public static class PlanningBlocks
{
    private const string Dash = "—";

    public static string WeightingVi(PlanningModel m) => m.Weighting switch
    {
        "nested" => "trọng số lồng theo chiều",
        "custom" => "trọng số tùy chỉnh",
        _ => "trọng số bằng nhau",
    };

    /// <summary>One sentence on the ward's M0 and where it comes from.</summary>
    public static string MpiSentence(PlanningModel m)
    {
        if (m.WardMpi is not { } w)
            return $"Chưa có số liệu nghèo đa chiều năm {m.Year}.";
        var top = m.Mpi.Where(g => g.WardSharePct is not null).OrderByDescending(g => g.WardSharePct).ThenBy(g => g.GroupCode).FirstOrDefault();
        var sentence = $"Năm {m.Year}, theo phương pháp Alkire–Foster ({WeightingVi(m)}, ngưỡng k = {N.Decimal(m.Cutoff, 2)}), " +
            $"{N.Count(w.MpiPoor)}/{N.Count(w.Households)} hộ thiếu hụt đa chiều (H = {N.Percent(100 * w.H, 1)}), " +
            $"mức độ thiếu hụt bình quân A = {(w.A is { } a ? N.Percent(100 * a, 1) : Dash)}, chỉ số M0 = {w.M0.ToString("0.0000", N.Culture)}";
        if (w.M0Change is { } change)
            sentence += $" ({(change <= 0 ? "giảm" : "tăng")} {Math.Abs(change).ToString("0.0000", N.Culture)} so với kỳ trước)";
        sentence += ".";
        if (top is not null)
            sentence += $" {top.Name} đóng góp nhiều nhất ({N.Percent(top.WardSharePct!.Value, 1)} M0 {m.Ward.WholeUnit}).";
        return sentence + " Cách đo này chỉ xét thiếu hụt, không xét thu nhập, nên số hộ lớn hơn số hộ nghèo chính thức.";
    }

    public static Table MpiTable(PlanningModel m)
    {
        var columns = new[]
        {
            new TableColumn(m.Ward.GroupNounTitle, 2.1f), new TableColumn("Số hộ", 0.8f, TextAlign.Right), new TableColumn("Hộ thiếu hụt đa chiều", 1f, TextAlign.Right),
            new TableColumn("H (%)", 0.8f, TextAlign.Right), new TableColumn("A (%)", 0.8f, TextAlign.Right), new TableColumn("M0", 0.85f, TextAlign.Right),
            new TableColumn("Thay đổi M0", 0.9f, TextAlign.Right), new TableColumn("Đóng góp (%)", 0.95f, TextAlign.Right), new TableColumn("Chỉ số đóng góp nhiều nhất", 2f),
        };
        IReadOnlyList<string> Cells(MpiRow r) =>
        [
            r.Name + (r.SmallCell ? " (*)" : ""), N.Count(r.Households), N.Count(r.MpiPoor), N.Rate(100 * r.H, 1),
            r.A is { } a ? N.Rate(100 * a, 1) : Dash, r.M0.ToString("0.0000", N.Culture),
            r.M0Change is { } c ? c.ToString("+0.0000;−0.0000;0", N.Culture) : Dash,
            r.WardSharePct is { } s ? N.Rate(s, 1) : Dash, r.TopIndicator ?? Dash,
        ];
        var rows = m.Mpi.Select(r => new TableRow(Cells(r))).ToList();
        if (m.WardMpi is { } w)
            rows.Add(new TableRow(Cells(w with { Name = "Toàn " + char.ToLower(w.Name[0], N.Culture) + w.Name[1..] }), RowKind.Total));
        return new Table(columns, rows) { Style = new TextStyle(9f) };
    }

    /// <summary>
    /// The priority list. A component no group has a value for (no forecast from this round, no
    /// newly escaped household, no entitlement) has no column: <see cref="PriorityNote"/> says why,
    /// and its weight in the score is 0 (v_priority_groups).
    /// </summary>
    public static Table PriorityTable(PlanningModel m, int? limit = null)
    {
        var shown = m.Priority.Take(limit ?? int.MaxValue).ToList();
        var (expected, rePoor, uncovered) = PriorityComponents(m);
        var columns = new List<(TableColumn Column, Func<PriorityRow, string> Cell)>
        {
            (new TableColumn("Hạng", 0.55f, TextAlign.Center), p => p.Rank.ToString(N.Culture)),
            (new TableColumn(m.Ward.GroupNounTitle, 2f), p => p.Name + (p.SmallCell ? " (*)" : "")),
            (new TableColumn("Điểm", 0.7f, TextAlign.Right), p => p.Score.ToString("0.0", N.Culture)),
            (new TableColumn("Tỷ lệ nghèo (%)", 0.9f, TextAlign.Right), p => N.Rate(p.PoorRate)),
        };
        if (expected)
            columns.Add((new TableColumn("Dự kiến (%)", 0.85f, TextAlign.Right), p => p.ExpectedRate is { } e ? N.Rate(e) : Dash));
        if (rePoor)
            columns.Add((new TableColumn("Nguy cơ tái nghèo (%)", 1f, TextAlign.Right), p => p.RePoorRisk is { } r ? N.Rate(100 * r, 1) : Dash));
        columns.Add((new TableColumn("M0", 0.8f, TextAlign.Right), p => p.M0.ToString("0.0000", N.Culture)));
        if (uncovered)
            columns.Add((new TableColumn("Chưa được hỗ trợ", 1f, TextAlign.Right), p => p.Entitled == 0 ? Dash : $"{N.Count(p.Uncovered)}/{N.Count(p.Entitled)}"));
        var rows = shown.Select(p => new TableRow(columns.Select(c => c.Cell(p)).ToList())).ToList();
        return new Table(columns.Select(c => c.Column).ToList(), rows) { Style = new TextStyle(9f) };
    }

    /// <summary>Which of the optional components any group has a value for: the forecast rate, the re-poverty risk, the entitlements.</summary>
    private static (bool Expected, bool RePoor, bool Uncovered) PriorityComponents(PlanningModel m) =>
        (m.Priority.Any(p => p.ExpectedRate.HasValue), m.Priority.Any(p => p.RePoorRisk.HasValue), m.Priority.Any(p => p.Entitled > 0));

    /// <summary>Why the priority table lacks a column, if it does; empty when every component is shown.</summary>
    public static string PriorityNote(PlanningModel m)
    {
        var (expected, rePoor, uncovered) = PriorityComponents(m);
        var year = m.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var notes = new List<string>();
        if (!expected)
            notes.Add($"Chưa có dự báo từ kết quả rà soát năm {year} nên bảng không có cột dự kiến tỷ lệ hộ nghèo" +
                (rePoor ? "" : " và nguy cơ tái nghèo"));
        else if (!rePoor)
            notes.Add($"Năm {year} không có hộ mới thoát nghèo nào được dự báo nên bảng không có cột nguy cơ tái nghèo");
        if (!uncovered)
            notes.Add($"Năm {year} không có hộ nào thuộc diện được hưởng các chương trình nên bảng không có cột chưa được hỗ trợ");
        return notes.Count == 0 ? "" : string.Join("; ", notes) + "; điểm ưu tiên không tính các thành phần này (trọng số 0).";
    }

    public static string WeightsSentence(PlanningModel m) =>
        $"Điểm ưu tiên (0–100) cộng năm thành phần, mỗi thành phần tính so với {m.Ward.GroupShort} cao nhất trong {m.Ward.UnitNoun}; trọng số: {m.Weights ?? Dash}." +
        (PriorityComponents(m).Uncovered ? " Chưa được hỗ trợ: số lượt hộ đủ điều kiện nhưng chưa nhận chương trình / số lượt đủ điều kiện." : "");

    /// <summary>The largest gaps in a sentence (the <paramref name="shown"/> largest).</summary>
    public static string GapsSentence(PlanningModel m, int shown = 3)
    {
        if (m.Entitled == 0)
            return $"Năm {m.Year} không có hộ nào thuộc diện được hưởng các chương trình theo quy định.";
        var coverage = N.Percent(100.0 * m.Reached / m.Entitled, 1);
        if (m.Gaps.Count == 0)
            return $"Năm {m.Year}, mọi lượt hộ đủ điều kiện đều đã được hỗ trợ ({coverage}).";
        var largest = string.Join("; ", m.Gaps.Take(shown).Select(g => $"{g.Program.ToLower(N.Culture)} ở {g.GroupName} ({N.Count(g.Gap)}/{N.Count(g.Entitled)} hộ chưa nhận)"));
        return $"Năm {m.Year}, các chương trình đã đến {N.Count(m.Reached)}/{N.Count(m.Entitled)} lượt hộ đủ điều kiện ({coverage}); {(shown == 1 ? "khoảng trống lớn nhất" : "các khoảng trống lớn nhất")}: {largest}.";
    }

    public static Table GapsTable(PlanningModel m) => new(
        [
            new TableColumn(m.Ward.GroupNounTitle, 1.8f), new TableColumn("Chương trình", 2.4f), new TableColumn("Đủ điều kiện", 0.9f, TextAlign.Right),
            new TableColumn("Đã nhận", 0.8f, TextAlign.Right), new TableColumn("Chưa nhận", 0.8f, TextAlign.Right), new TableColumn("Trong đó hộ nghèo", 0.9f, TextAlign.Right),
        ],
        m.Gaps.Select(g => new TableRow([g.GroupName, g.Program, N.Count(g.Entitled), N.Count(g.Reached), N.Count(g.Gap), N.Count(g.GapPoor)])).ToList())
    { Style = new TextStyle(9f) };

    public static IReadOnlyList<DataSheet> Sheets(PlanningModel m) =>
    [
        new("Đa chiều", ["Năm", "Mã " + m.Ward.GroupShort, m.Ward.GroupNounTitle, "Số hộ", "Hộ thiếu hụt đa chiều", "H", "A", "M0", "Thay đổi M0", $"Đóng góp vào M0 {m.Ward.WholeUnit} (%)", "Nhóm nhỏ"],
            m.Mpi.Append(m.WardMpi).OfType<MpiRow>().Select(r => (IReadOnlyList<object?>)[(long)m.Year, r.GroupCode, r.Name, r.Households, r.MpiPoor, r.H, r.A, r.M0, r.M0Change, r.WardSharePct, r.SmallCell]).ToList()),
        new("Ưu tiên", ["Năm rà soát", "Hạng", "Mã " + m.Ward.GroupShort, m.Ward.GroupNounTitle, "Điểm", "Tỷ lệ nghèo (%)", "Dự kiến (%)", "Nguy cơ tái nghèo (%)", "M0", "Chưa được hỗ trợ", "Đủ điều kiện", "Nhóm nhỏ", "Khuyến nghị"],
            m.Priority.Select(p => (IReadOnlyList<object?>)[(long)m.Year, p.Rank, p.GroupCode, p.Name, p.Score, p.PoorRate, p.ExpectedRate, 100 * p.RePoorRisk, p.M0, p.Uncovered, p.Entitled, p.SmallCell, p.Recommendation]).ToList()),
        new("Khoảng trống hỗ trợ", ["Năm", m.Ward.GroupNounTitle, "Chương trình", "Đủ điều kiện", "Đã nhận", "Chưa nhận", "Chưa nhận - hộ nghèo"],
            m.Gaps.Select(g => (IReadOnlyList<object?>)[(long)m.Year, g.GroupName, g.Program, g.Entitled, g.Reached, g.Gap, g.GapPoor]).ToList()),
    ];
}
