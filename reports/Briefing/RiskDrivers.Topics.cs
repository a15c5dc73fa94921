namespace DiSu.Analytics.Reports.Briefing;

public static partial class RiskDrivers
{
    /// <summary>What each feature measures, as a noun (the model card lists what the model leans on, without a direction).</summary>
    private static readonly Dictionary<string, string> Topics = new(StringComparer.Ordinal)
    {
        ["income_log"] = "thu nhập bình quân đầu người",
        ["income_ratio"] = "thu nhập so với chuẩn nghèo",
        ["income_change"] = "thay đổi thu nhập so với kỳ trước",
        ["seen_before"] = "hộ đã có mặt ở kỳ rà soát trước",
        ["lack_employment"] = "thiếu hụt việc làm",
        ["lack_dependents"] = "người phụ thuộc trong hộ",
        ["lack_nutrition"] = "thiếu hụt dinh dưỡng",
        ["lack_health_insurance"] = "thiếu bảo hiểm y tế",
        ["lack_adult_education"] = "trình độ học vấn của người lớn",
        ["lack_child_schooling"] = "tình trạng đi học của trẻ em",
        ["lack_housing_quality"] = "chất lượng nhà ở",
        ["lack_housing_area"] = "diện tích nhà ở",
        ["lack_water"] = "nước sinh hoạt",
        ["lack_sanitation"] = "nhà tiêu hợp vệ sinh",
        ["lack_telecom"] = "dịch vụ viễn thông",
        ["lack_information"] = "phương tiện tiếp cận thông tin",
        ["lack_waste"] = "xử lý rác thải sinh hoạt",
        ["deprivation_count"] = "số chỉ số thiếu hụt dịch vụ xã hội cơ bản",
        ["members"] = "số nhân khẩu",
        ["dependency_ratio"] = "tỷ lệ người phụ thuộc",
        ["working_share"] = "tỷ lệ người trong độ tuổi lao động",
        ["has_disabled"] = "có người khuyết tật",
        ["merit_household"] = "hộ có công với cách mạng",
        ["social_protection"] = "hưởng trợ cấp bảo trợ xã hội",
        ["ethnic_minority"] = "hộ đồng bào dân tộc thiểu số",
        ["head_female"] = "giới tính chủ hộ",
        ["head_age"] = "tuổi chủ hộ",
        ["status_poor"] = "đang là hộ nghèo",
        ["status_near_poor"] = "đang là hộ cận nghèo",
        ["status_average"] = "đang có mức sống trung bình",
        ["poor_rounds_before"] = "số năm từng nghèo",
        ["years_since_escape"] = "số năm kể từ khi thoát nghèo",
        ["support_count"] = "số chính sách hỗ trợ đang nhận",
        ["support_health_insurance"] = "hỗ trợ bảo hiểm y tế",
        ["support_credit"] = "vay vốn ưu đãi",
        ["support_training"] = "đào tạo nghề, giới thiệu việc làm",
        ["support_amount_log"] = "kinh phí hỗ trợ nhận được",
        ["group_poor_rate"] = "tỷ lệ hộ nghèo của tổ",
        ["group_near_poor_rate"] = "tỷ lệ hộ cận nghèo của tổ",
        ["group_poor_rate_change"] = "thay đổi tỷ lệ hộ nghèo của tổ",
        ["ward_poor_rate"] = "tỷ lệ hộ nghèo của phường, xã",
        ["urban"] = "khu vực thành thị hay nông thôn",
        ["newly_escaped"] = "hộ mới thoát nghèo",
        ["ever_poor"] = "hộ từng là hộ nghèo",
    };

    /// <summary>What <paramref name="feature"/> measures in words, or null for a feature the reports do not know.</summary>
    public static string? Topic(string feature) => Topics.GetValueOrDefault(feature);
}
