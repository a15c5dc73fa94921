using System.Globalization;
using System.Text.RegularExpressions;

namespace DiSu.Analytics.Reports.Briefing;

/// <summary>
/// The forecast's risk drivers (<c>v_group_forecast.top_drivers</c>, e.g.
/// <c>income_log (-0.3 sd), deprivation_count (+0.2 sd)</c>) in words a ward chair reads. The
/// sign says in which direction the group differs from the rest, so each feature has a phrase for
/// "more" and one for "less" (forecasting/FeatureSet.cs lists the names).
/// </summary>
public static partial class RiskDrivers
{
    private static readonly Dictionary<string, (string More, string Less)> Phrases = new(StringComparer.Ordinal)
    {
        ["income_log"] = ("thu nhập bình quân cao hơn mặt bằng chung", "thu nhập bình quân thấp"),
        ["income_ratio"] = ("thu nhập cao hơn chuẩn nghèo", "thu nhập sát chuẩn nghèo"),
        ["income_change"] = ("thu nhập mới tăng, chưa ổn định", "thu nhập giảm so với kỳ rà soát trước"),
        ["seen_before"] = ("nhiều hộ đã có mặt từ kỳ rà soát trước", "nhiều hộ mới chuyển đến"),
        ["lack_employment"] = ("nhiều hộ thiếu việc làm", "ít hộ thiếu việc làm"),
        ["lack_dependents"] = ("nhiều hộ có người phụ thuộc", "ít hộ có người phụ thuộc"),
        ["lack_nutrition"] = ("nhiều hộ thiếu hụt dinh dưỡng", "ít hộ thiếu hụt dinh dưỡng"),
        ["lack_health_insurance"] = ("nhiều người chưa có bảo hiểm y tế", "ít người thiếu bảo hiểm y tế"),
        ["lack_adult_education"] = ("nhiều người lớn có trình độ học vấn thấp", "ít người lớn thiếu trình độ học vấn"),
        ["lack_child_schooling"] = ("có trẻ em không được đi học", "ít trẻ em bỏ học"),
        ["lack_housing_quality"] = ("nhà ở kém chất lượng", "ít hộ có nhà ở kém chất lượng"),
        ["lack_housing_area"] = ("diện tích nhà ở chật hẹp", "ít hộ thiếu diện tích nhà ở"),
        ["lack_water"] = ("thiếu nước sinh hoạt hợp vệ sinh", "ít hộ thiếu nước sinh hoạt"),
        ["lack_sanitation"] = ("thiếu nhà tiêu hợp vệ sinh", "ít hộ thiếu nhà tiêu hợp vệ sinh"),
        ["lack_telecom"] = ("thiếu dịch vụ viễn thông", "ít hộ thiếu dịch vụ viễn thông"),
        ["lack_information"] = ("thiếu phương tiện tiếp cận thông tin", "ít hộ thiếu phương tiện tiếp cận thông tin"),
        ["lack_waste"] = ("rác thải sinh hoạt chưa được xử lý", "ít hộ chưa xử lý rác thải"),
        ["deprivation_count"] = ("thiếu hụt nhiều dịch vụ xã hội cơ bản", "ít thiếu hụt dịch vụ xã hội cơ bản"),
        ["members"] = ("hộ đông nhân khẩu", "hộ ít nhân khẩu, neo đơn"),
        ["dependency_ratio"] = ("nhiều người phụ thuộc (trẻ em, người cao tuổi)", "ít người phụ thuộc"),
        ["working_share"] = ("nhiều người trong độ tuổi lao động", "ít người trong độ tuổi lao động"),
        ["has_disabled"] = ("có người khuyết tật", "ít hộ có người khuyết tật"),
        ["merit_household"] = ("nhiều hộ có công với cách mạng", "ít hộ có công với cách mạng"),
        ["social_protection"] = ("nhiều hộ hưởng trợ cấp bảo trợ xã hội", "ít hộ hưởng trợ cấp bảo trợ xã hội"),
        ["ethnic_minority"] = ("nhiều hộ đồng bào dân tộc thiểu số", "ít hộ đồng bào dân tộc thiểu số"),
        ["head_female"] = ("nhiều chủ hộ là phụ nữ", "nhiều chủ hộ là nam giới"),
        ["head_age"] = ("chủ hộ cao tuổi", "chủ hộ trẻ tuổi"),
        ["status_poor"] = ("nhiều hộ đang là hộ nghèo", "ít hộ nghèo"),
        ["status_near_poor"] = ("nhiều hộ cận nghèo", "ít hộ cận nghèo"),
        ["status_average"] = ("nhiều hộ có mức sống trung bình", "ít hộ có mức sống trung bình"),
        ["poor_rounds_before"] = ("nhiều hộ từng nghèo nhiều năm", "ít hộ từng nghèo"),
        ["years_since_escape"] = ("có hộ thoát nghèo đã lâu", "nhiều hộ mới thoát nghèo"),
        ["support_count"] = ("đang nhận nhiều chính sách hỗ trợ", "ít được hưởng chính sách hỗ trợ"),
        ["support_health_insurance"] = ("đang được hỗ trợ bảo hiểm y tế", "ít được hỗ trợ bảo hiểm y tế"),
        ["support_credit"] = ("đang vay vốn ưu đãi", "ít tiếp cận vốn vay ưu đãi"),
        ["support_training"] = ("đang được đào tạo nghề, giới thiệu việc làm", "ít được đào tạo nghề, giới thiệu việc làm"),
        ["support_amount_log"] = ("nhận nhiều kinh phí hỗ trợ", "nhận ít kinh phí hỗ trợ"),
        ["group_poor_rate"] = ("tỷ lệ hộ nghèo của tổ cao", "tỷ lệ hộ nghèo của tổ thấp"),
        ["group_near_poor_rate"] = ("tỷ lệ hộ cận nghèo của tổ cao", "tỷ lệ hộ cận nghèo của tổ thấp"),
        ["group_poor_rate_change"] = ("tỷ lệ hộ nghèo của tổ tăng", "tỷ lệ hộ nghèo của tổ vừa giảm nhanh"),
        ["ward_poor_rate"] = ("tỷ lệ hộ nghèo chung còn cao", "tỷ lệ hộ nghèo chung thấp"),
        ["urban"] = ("đặc điểm khu vực đô thị", "đặc điểm khu vực nông thôn"),
        ["newly_escaped"] = ("nhiều hộ mới thoát nghèo", "ít hộ mới thoát nghèo"),
        ["ever_poor"] = ("nhiều hộ từng là hộ nghèo", "ít hộ từng là hộ nghèo"),
    };

    /// <summary>Every feature the phrases cover (for the test that no feature falls back).</summary>
    public static IReadOnlyCollection<string> Known => Phrases.Keys;

    public static IReadOnlyList<RiskDriver> Parse(string? text) =>
        text is null
            ? []
            : DriverPattern().Matches(text)
                .Select(m => new RiskDriver(m.Groups["name"].Value, double.Parse(m.Groups["sd"].Value, NumberStyles.Float, CultureInfo.InvariantCulture)))
                .ToList();

    /// <summary>A driver in words; a feature added to the model later still reads as a sentence.</summary>
    public static string Phrase(RiskDriver driver) =>
        Phrases.TryGetValue(driver.Feature, out var phrase)
            ? driver.Sd < 0 ? phrase.Less : phrase.More
            : $"khác biệt về đặc điểm hộ ({driver.Feature})";

    [GeneratedRegex(@"(?<name>[a-z][a-z0-9_]*)\s*\((?<sd>[+-]?[0-9]+(?:\.[0-9]+)?)\s*sd\)", RegexOptions.CultureInvariant)]
    private static partial Regex DriverPattern();
}
