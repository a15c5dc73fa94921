using DiSu.Analytics.Service.Serve;

namespace DiSu.Analytics.Service.Web;

/// <summary>One section of the workspace: its address, its title in the navigation and the least role that may open it.</summary>
public sealed record WebSection(string Slug, string Path, string Title, Role Role)
{
    /// <summary>The authorisation policy of the section's pages (<see cref="WebSections.PolicyPrefix"/> + slug).</summary>
    public string Policy => WebSections.PolicyPrefix + Slug;
}

/// <summary>
/// The role × page matrix: enforced on the server by each page's policy (a leader asking for
/// /truy-van gets 403), and the navigation shows only what the role may open.
/// </summary>
public static class WebSections
{
    public const string PolicyPrefix = "page:";

    public const string OverviewPolicy = PolicyPrefix + "tong-quan";
    public const string PriorityPolicy = PolicyPrefix + "uu-tien";
    public const string ForecastPolicy = PolicyPrefix + "du-bao";
    public const string WorkbenchPolicy = PolicyPrefix + "truy-van";
    public const string DataPolicy = PolicyPrefix + "du-lieu";
    public const string ReportsPolicy = PolicyPrefix + "bao-cao";

    public static WebSection Overview { get; } = new("tong-quan", "/", "Tổng quan", Role.Leader);
    public static WebSection Priority { get; } = new("uu-tien", "/uu-tien", "Tổ dân phố ưu tiên", Role.Planner);
    public static WebSection Forecast { get; } = new("du-bao", "/du-bao", "Dự báo", Role.Leader);
    public static WebSection Workbench { get; } = new("truy-van", "/truy-van", "Truy vấn", Role.Officer);
    public static WebSection Data { get; } = new("du-lieu", "/du-lieu", "Dữ liệu", Role.Officer);
    public static WebSection Reports { get; } = new("bao-cao", "/bao-cao", "Báo cáo", Role.Leader);

    public static IReadOnlyList<WebSection> All { get; } = [Overview, Priority, Forecast, Workbench, Data, Reports];

    public static WebSection? ByPolicy(string? policy) => All.FirstOrDefault(s => s.Policy == policy);

    /// <summary>Vietnamese names of the roles, as people read them.</summary>
    public static string RoleName(Role role) => role switch
    {
        Role.Leader => "lãnh đạo",
        Role.Planner => "cán bộ kế hoạch",
        Role.Officer => "cán bộ nghiệp vụ",
        Role.Admin => "quản trị viên",
        _ => role.ToString(),
    };
}
