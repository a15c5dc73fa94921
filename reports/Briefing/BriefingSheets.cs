namespace DiSu.Analytics.Reports.Briefing;

/// <summary>The briefing's numbers as tables for XLSX and CSV: the same values the sentences are written from.</summary>
public static class BriefingSheets
{
    public const string Overview = "Tổng quan";
    public const string Trend = "Xu hướng";
    public const string RiskGroups = "Nhóm nguy cơ";
    public const string RePoverty = "Tái nghèo";
    public const string Support = "Hỗ trợ";

    public static IReadOnlyList<DataSheet> Build(BriefingModel model, BriefingSentences text) =>
        [OverviewSheet(model), TrendSheet(model), RiskSheet(model, text), RePovertySheet(model), SupportSheet(model)];

    private static DataSheet OverviewSheet(BriefingModel m)
    {
        var f = m.Forecast;
        var s = m.Support;
        var rows = new List<(string, object?)>
        {
            ("Năm kế hoạch", SheetCell.Year(m.Year)),
            ("Năm rà soát gần nhất trước năm kế hoạch", SheetCell.Year(m.BaseYear)),
            ("Tổng số hộ cuối năm rà soát", m.Now.Households),
            ("Số hộ nghèo cuối năm rà soát", m.Now.Poor),
            ("Tỷ lệ hộ nghèo cuối năm rà soát (%)", SheetCell.Rate(m.Now.PoorRate)),
            ("Số hộ cận nghèo cuối năm rà soát", m.Now.NearPoor),
            ("Tỷ lệ hộ cận nghèo cuối năm rà soát (%)", SheetCell.Rate(m.Now.NearPoorRate)),
            ("Mục tiêu tỷ lệ hộ nghèo năm kế hoạch (%)", SheetCell.Rate(m.Target)),
            ("Số hộ nghèo tối đa để đạt mục tiêu", m.AllowedPoor),
            ("Số hộ nghèo cần giảm thêm", m.GapHouseholds),
            ("Khoảng cách so với mục tiêu (điểm phần trăm)", m.GapPoints),
            ("Dự kiến số hộ nghèo", f?.ExpectedPoor),
            ("Dự kiến tỷ lệ hộ nghèo (%)", SheetCell.Rate(f?.ExpectedRate)),
            ("Khoảng 80%: số hộ nghèo thấp", f?.Low80),
            ("Khoảng 80%: số hộ nghèo cao", f?.High80),
            ("Khoảng 80%: tỷ lệ thấp (%)", SheetCell.Rate(f?.Low80Rate)),
            ("Khoảng 80%: tỷ lệ cao (%)", SheetCell.Rate(f?.High80Rate)),
            ("Khả năng đạt mục tiêu (%)", SheetCell.Rate(100 * f?.PTargetMet)),
            ("Mô hình dự báo", f?.ModelId),
            ("Số hộ nghèo năm kế hoạch (thực tế)", m.Actual?.Poor),
            ("Tỷ lệ hộ nghèo năm kế hoạch (thực tế, %)", SheetCell.Rate(m.Actual?.PoorRate)),
            ("Hộ từng nghèo nay đã thoát nghèo", m.RePoverty?.Households),
            ("Hộ mới thoát nghèo", m.NewlyEscaped),
            ("Nguy cơ tái nghèo bình quân (%)", SheetCell.Rate(100 * m.RePoverty?.MeanRisk)),
            ("Dự kiến số hộ tái nghèo", m.RePoverty?.ExpectedRePoor),
            ("Hộ có nguy cơ tái nghèo trên 20%", m.RePoverty?.AboveThreshold),
            ("Năm số liệu hỗ trợ", SheetCell.Year(s?.Year)),
            ("Số hộ được hỗ trợ", s?.Households),
            ("Tổng kinh phí hỗ trợ (VND)", s?.AmountVnd),
            ("Hộ nghèo chưa có ghi nhận hỗ trợ", s?.PoorAtBaseWithoutSupport),
        };
        return new DataSheet(Overview, ["Chỉ tiêu", "Giá trị"], rows.Select(r => (IReadOnlyList<object?>)[r.Item1, r.Item2]).ToList());
    }

    private static DataSheet TrendSheet(BriefingModel m) =>
        new(Trend, ["Năm", "Tỷ lệ hộ nghèo (%)", "Tỷ lệ hộ cận nghèo (%)", "Mục tiêu (%)"],
            m.Trend.Select(p => (IReadOnlyList<object?>)[(long)p.Year, p.PoorRate, p.NearPoorRate, p.Target]).ToList());

    private static DataSheet RiskSheet(BriefingModel m, BriefingSentences text) =>
        new(RiskGroups,
            ["Thứ tự", "Mã tổ", "Tên tổ", "Số hộ", "Hộ nghèo hiện nay", "Tỷ lệ hiện nay (%)", "Dự kiến hộ nghèo", "Dự kiến tỷ lệ (%)", "Tổ ít hộ", "Yếu tố (mã)", "Lý do"],
            m.RiskGroups.Select((g, i) => (IReadOnlyList<object?>)
            [
                (long)(i + 1), g.GroupCode, g.GroupName, g.Households, g.PoorNow, g.PoorRateNow, g.ExpectedPoor, g.ExpectedRate,
                g.SmallCell, g.RawDrivers, text.Reason(g),
            ]).ToList());

    private static DataSheet RePovertySheet(BriefingModel m) =>
        new(RePoverty, ["Mã tổ", "Tên tổ", "Hộ từng nghèo nay đã thoát nghèo", "Hộ có nguy cơ trên 20%", "Dự kiến số hộ tái nghèo"],
            (m.RePoverty?.Groups ?? []).Select(g => (IReadOnlyList<object?>)[g.GroupCode, g.GroupName, g.Households, g.AboveThreshold, g.ExpectedRePoor]).ToList());

    private static DataSheet SupportSheet(BriefingModel m) =>
        new(Support, ["Năm", "Mã chương trình", "Chương trình", "Nội dung kế hoạch", "Số hộ", "Hộ nghèo", "Hộ cận nghèo", "Kinh phí (VND)"],
            (m.Support?.Programs ?? []).Select(p => (IReadOnlyList<object?>)
                [(long)m.Support!.Year, p.Code, p.Label, (long)p.ContentArea, p.Households, p.Poor, p.NearPoor, p.AmountVnd]).ToList());
}
