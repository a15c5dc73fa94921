using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Standards;
using DuckDB.NET.Data;
using N = DiSu.Analytics.Reports.VietnameseNumbers;

namespace DiSu.Analytics.Reports.Briefing;

/// <summary>
/// The base year's poor and near-poor households under its own standard (the official status) and
/// under the plan year's standard, when the two differ (issue 18: the 2027 plan on 2026 data). Read
/// from <c>v_standard_impact</c>: the stored what-if when <c>disu standards impact</c> has run for
/// the year and standard, else the same view computed for this read. Under the plan year's standard
/// the figures are bounds (<see cref="MissingIndicators"/>) when it needs an indicator the base year
/// did not collect. The briefing and the appendix print it the same way.
/// </summary>
public sealed record StandardBaseline(
    int PlanYear, int BaseYear, string BaseStandardId, string BaseDecree, string PlanStandardId, string PlanDecree,
    long Households, long Poor, double PoorRate, long NearPoor, double NearPoorRate,
    long PoorLow, long PoorHigh, double PoorRateLow, double PoorRateHigh,
    long NearPoorMin, long NearPoorMax, double NearPoorRateMin, double NearPoorRateMax,
    IReadOnlyList<string> MissingIndicators)
{
    public const string SheetName = "Chuẩn nghèo mới";

    /// <summary>Null when the plan year is classified under the base year's standard (or no standard covers it).</summary>
    public static StandardBaseline? Read(DuckDBConnection connection, string ward, int baseYear, int planYear)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var planStandard = StandardImpact.StandardOf(connection, planYear);
        var baseStandard = connection.Scalar<string>("SELECT standard_id FROM v_ward_year WHERE ward_code = ? AND review_year = ?", ward, baseYear);
        if (planStandard is null || baseStandard is null || planStandard == baseStandard)
            return null;
        var w = StandardImpact.Read(connection, baseYear, planStandard, ward).Single(r => r.GroupCode is null);
        var decrees = connection.Read<DecreeRow>("SELECT standard_id, decree FROM dim_standard")
            .ToDictionary(d => d.StandardId, d => d.Decree, StringComparer.Ordinal);
        // Rates to hundredths, as printed, so that the PDF and the workbook give one figure.
        static double R(double? rate) => Math.Round(rate ?? 0, 2);
        return new StandardBaseline(planYear, baseYear, w.YearStandardId, decrees[w.YearStandardId], planStandard, decrees[planStandard],
            w.Households, w.Poor, R(w.PoorRate), w.NearPoor, R(w.NearPoorRate),
            w.PoorLow, w.PoorHigh, R(w.PoorRateLow), R(w.PoorRateHigh),
            Math.Min(w.NearPoorLow, w.NearPoorHigh), Math.Max(w.NearPoorLow, w.NearPoorHigh),
            R(Math.Min(w.NearPoorRateLow ?? 0, w.NearPoorRateHigh ?? 0)), R(Math.Max(w.NearPoorRateLow ?? 0, w.NearPoorRateHigh ?? 0)),
            StandardImpact.Labels(connection, w.MissingIndicators).Select(l => l.LabelVi.ToLower(N.Culture)).ToList());
    }

    public bool Bounded => MissingIndicators.Count > 0;

    /// <summary>The paragraph both documents print: the baseline under both standards and, with bounds, what they assume.</summary>
    public string Sentences(Ward ward)
    {
        ArgumentNullException.ThrowIfNull(ward);
        var text = $"Từ năm {PlanYear} áp dụng chuẩn nghèo theo Nghị định {PlanDecree} (thay Nghị định {BaseDecree}). " +
            $"Theo chuẩn đang áp dụng, cuối năm {BaseYear} {ward.UnitNoun} có {N.Count(Poor)} hộ nghèo ({N.Percent(PoorRate)}) và " +
            $"{N.Count(NearPoor)} hộ cận nghèo ({N.Percent(NearPoorRate)}) trên {N.Count(Households)} hộ; phân loại lại theo chuẩn năm {PlanYear}, " +
            $"số liệu gốc là {Range(PoorLow, PoorHigh)} hộ nghèo ({RateRange(PoorRateLow, PoorRateHigh)}) và " +
            $"{Range(NearPoorMin, NearPoorMax)} hộ cận nghèo ({RateRange(NearPoorRateMin, NearPoorRateMax)}) (phân loại giả định, không thay đổi kết quả rà soát).";
        if (Bounded)
            text += $" Năm {BaseYear} chưa thu thập chỉ số {string.Join(", ", MissingIndicators)} mà chuẩn mới cần, nên số theo chuẩn mới là một khoảng: " +
                    "cận dưới coi các hộ không thiếu hụt chỉ số này, cận trên coi các hộ thiếu hụt.";
        return text;
    }

    /// <summary>The same figures as a key–value sheet for XLSX and CSV.</summary>
    public DataSheet Sheet()
    {
        var rows = new List<(string, object?)>
        {
            ("Năm kế hoạch", SheetCell.Year(PlanYear)),
            ("Năm số liệu gốc", SheetCell.Year(BaseYear)),
            ("Chuẩn nghèo năm số liệu gốc", $"{BaseStandardId} (Nghị định {BaseDecree})"),
            ("Chuẩn nghèo năm kế hoạch", $"{PlanStandardId} (Nghị định {PlanDecree})"),
            ("Tổng số hộ", Households),
            ("Hộ nghèo theo chuẩn năm số liệu gốc", Poor),
            ("Tỷ lệ hộ nghèo theo chuẩn năm số liệu gốc (%)", SheetCell.Rate(PoorRate)),
            ("Hộ cận nghèo theo chuẩn năm số liệu gốc", NearPoor),
            ("Tỷ lệ hộ cận nghèo theo chuẩn năm số liệu gốc (%)", SheetCell.Rate(NearPoorRate)),
            ("Hộ nghèo theo chuẩn năm kế hoạch - cận dưới", PoorLow),
            ("Hộ nghèo theo chuẩn năm kế hoạch - cận trên", PoorHigh),
            ("Tỷ lệ hộ nghèo theo chuẩn năm kế hoạch - cận dưới (%)", SheetCell.Rate(PoorRateLow)),
            ("Tỷ lệ hộ nghèo theo chuẩn năm kế hoạch - cận trên (%)", SheetCell.Rate(PoorRateHigh)),
            ("Hộ cận nghèo theo chuẩn năm kế hoạch - thấp nhất", NearPoorMin),
            ("Hộ cận nghèo theo chuẩn năm kế hoạch - cao nhất", NearPoorMax),
            ("Tỷ lệ hộ cận nghèo theo chuẩn năm kế hoạch - thấp nhất (%)", SheetCell.Rate(NearPoorRateMin)),
            ("Tỷ lệ hộ cận nghèo theo chuẩn năm kế hoạch - cao nhất (%)", SheetCell.Rate(NearPoorRateMax)),
            ("Chỉ số chưa thu thập (cận dưới: không thiếu hụt; cận trên: thiếu hụt)", Bounded ? string.Join(", ", MissingIndicators) : "Không có"),
        };
        return new DataSheet(SheetName, ["Chỉ tiêu", "Giá trị"], rows.Select(r => (IReadOnlyList<object?>)[r.Item1, r.Item2]).ToList());
    }

    private static string Range(long a, long b) => a == b ? N.Count(a) : $"{N.Count(a)}–{N.Count(b)}";

    private static string RateRange(double a, double b) => a == b ? N.Percent(a) : $"{N.Rate(a)}–{N.Percent(b)}";

    private sealed record DecreeRow
    {
        public required string StandardId { get; init; }
        public required string Decree { get; init; }
    }
}
