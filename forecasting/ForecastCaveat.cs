using System.Globalization;
using DiSu.Analytics.Mart;

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
            problems.Add("chưa có năm nào để kiểm định và hiệu chỉnh dự báo ngoài mẫu (cần ít nhất ba năm rà soát), nên xác suất chưa được hiệu chỉnh và khoảng dự báo coi các hộ là độc lập");
        else if (uncertainty.Thin)
            problems.Add(string.Create(Vi, $"việc hiệu chỉnh và khoảng dự báo chỉ dựa trên {uncertainty.Events:N0} hộ nghèo ở các năm kiểm định (cần ít nhất {Uncertainty.ThinEvents:N0}), nên khoảng dự báo có thể hẹp hơn thực tế"));
        if (backtest.Years.Count > 0 && !backtest.BeatsBaselines)
            problems.Add("khi kiểm định trên các năm trước, mô hình chưa dự báo tốt hơn cách giả định đơn giản “tình trạng của hộ giữ nguyên” hoặc “tỷ lệ của tổ giữ nguyên”");
        if (problems.Count == 0) return null;
        return "Lưu ý về dự báo: " + string.Join("; ", problems) + ". " + Remedy(scope, scoring);
    }

    private static string Remedy(Scope scope, IReadOnlyList<HouseholdRow> scoring)
    {
        var provinces = scoring.Select(r => r.ProvinceCode).Distinct().ToList();
        return scope.Kind switch
        {
            "ward" => $"Nên gộp dữ liệu các phường, xã của tỉnh (mã {string.Join(", ", provinces)}) hoặc toàn bộ kho dữ liệu khi huấn luyện mô hình.",
            "province" => "Nên gộp dữ liệu của toàn bộ kho dữ liệu (mọi tỉnh đã nạp) khi huấn luyện mô hình.",
            _ => "Mô hình đã gộp mọi phường, xã trong kho dữ liệu; cần nạp thêm dữ liệu rà soát của các phường, xã khác trong tỉnh hoặc của các năm trước để dự báo đáng tin cậy hơn.",
        };
    }
}
