namespace DiSu.Analytics.Reports;

/// <summary>
/// What a document says when its plan year has no forecast. Its readers are officials of the ward,
/// who cannot run commands on the service: they are told why a forecast may be missing and who can
/// see to it, in one wording for every document.
/// </summary>
public static class MissingForecast
{
    /// <summary>Why there may be no forecast for <paramref name="year"/> yet, as one Vietnamese sentence.</summary>
    public static string Why(int year) =>
        $"Dự báo cho năm {year} cần số liệu của ít nhất hai kỳ rà soát trước năm {year} (để biết những hộ nào đã thoát nghèo, những hộ nào trở thành hộ nghèo) " +
        "và được hệ thống tự lập sau mỗi lần nạp số liệu rà soát; nếu đã nạp đủ hai kỳ rà soát mà vẫn chưa có dự báo, đề nghị bộ phận quản lý số liệu kiểm tra lại.";
}
