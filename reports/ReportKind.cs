using DiSu.Analytics.Mart.Text;

namespace DiSu.Analytics.Reports;

/// <summary>The documents the service makes. Their names (<see cref="ReportKinds.Name"/>) are what the CLI, the API and file names spell.</summary>
public enum ReportKind
{
    /// <summary>Phụ lục kế hoạch: the plan year's appendix.</summary>
    Appendix,
    /// <summary>Báo cáo xu hướng: review years from … to ….</summary>
    Trend,
    /// <summary>Báo cáo tóm tắt: the leaders' briefing for a plan year.</summary>
    Briefing,
}

public static class ReportKinds
{
    /// <summary>Every kind, in the order documents are made and listed.</summary>
    public static IReadOnlyList<ReportKind> All { get; } = [ReportKind.Appendix, ReportKind.Trend, ReportKind.Briefing];

    /// <summary>The kinds as spelt in commands, URLs and file names: "appendix, trend, briefing".</summary>
    public static string Names { get; } = string.Join(", ", All.Select(Name));

    public static string Name(this ReportKind kind) => kind switch
    {
        ReportKind.Appendix => "appendix",
        ReportKind.Trend => "trend",
        ReportKind.Briefing => "briefing",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The kind named <paramref name="name"/> (without regard to case); null when there is none.</summary>
    public static ReportKind? Parse(string? name) =>
        All.Select(k => (ReportKind?)k).FirstOrDefault(k => string.Equals(k!.Value.Name(), name?.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Which year a kind is asked for: a plan year (appendix, briefing) or the last review year (trend).</summary>
    public static bool TakesPlanYear(this ReportKind kind) => kind != ReportKind.Trend;

    public static Message Unknown(string? name) => Message.Of(
        $"Không có loại báo cáo '{name}'; các loại: {Names}.",
        $"There is no report kind '{name}'; the kinds are: {Names}.");
}
