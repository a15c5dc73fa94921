using System.Globalization;

namespace DiSu.Analytics.Forecasting;

/// <summary>
/// The caveat every document prints where the forecast's numbers are, when the data behind it cannot
/// carry them: no earlier year to check and calibrate on, too few poor households in those years, or
/// a model that does not beat the naive baselines. Names the pooled scope that would fix it.
/// </summary>
public static class ForecastCaveat
{
    private static readonly CultureInfo Vi = CultureInfo.GetCultureInfo("vi-VN");

    public static string? Of(BacktestReport backtest, Uncertainty uncertainty, Scope scope, IReadOnlyList<HouseholdRow> scoring)
    {
        var problems = new List<string>();
        if (uncertainty.Folds == 0)
            problems.Add("chưa đủ ba năm rà soát để kiểm định và hiệu chỉnh dự báo, nên khoảng dự báo có thể hẹp hơn thực tế");
        else if (uncertainty.Thin)
            problems.Add(string.Create(Vi, $"dự báo dựa trên ít dữ liệu ({uncertainty.Events:N0} hộ nghèo ở năm kiểm định, cần ít nhất {Uncertainty.ThinEvents:N0}) nên khoảng dự báo có thể hẹp hơn thực tế"));
        if (backtest.Years.Count > 0 && !backtest.BeatsBaselines)
            problems.Add("kiểm định trên các năm trước cho thấy mô hình chưa tốt hơn giả định “tình trạng của hộ giữ nguyên”");
        if (problems.Count == 0) return null;
        return "Lưu ý: " + string.Join("; ", problems) + ". " + Remedy(scope, scoring);
    }

    private static string Remedy(Scope scope, IReadOnlyList<HouseholdRow> scoring)
    {
        var provinces = scoring.Select(r => r.ProvinceCode).Distinct().ToList();
        return scope.Kind switch
        {
            "ward" => $"Nên huấn luyện gộp các phường, xã của tỉnh (mã {string.Join(", ", provinces)}) hoặc toàn bộ kho dữ liệu.",
            "province" => "Nên huấn luyện gộp toàn bộ kho dữ liệu (mọi tỉnh đã nạp).",
            _ => "Mô hình đã gộp mọi phường, xã trong kho; cần nạp thêm dữ liệu của các phường, xã khác trong tỉnh hoặc các năm trước.",
        };
    }
}
