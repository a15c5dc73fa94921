using System.Globalization;

namespace DiSu.Analytics.Etl.Synthetic;

/// <summary>One residential group's unit from the reorganisation on, and the kind of change that took it there.</summary>
/// <param name="Kind">The unit-change file's kind (contract §4): <c>merge</c> where two old groups share the new one,
/// <c>rename</c> where the group got a new name, <c>move</c> where only its ward and number changed.</param>
internal sealed record GroupSuccessor(string Code, string Name, string Kind);

/// <summary>
/// The demo's 2025 reorganisation: phường Dị Sử and a synthetic phường Mẫu Hào merge into phường
/// Đường Hào from the 2025 review, their residential groups renumbered. The successor plans and the
/// unit-change file are both written from the tables here, so the snapshots and the file cannot
/// disagree; the households are the same simulation before and after, only their units' codes and
/// names change.
/// </summary>
internal static class DemoReorganisation
{
    /// <summary>The first review year under the new units.</summary>
    public const int FirstYear = 2025;

    public const string EffectiveDate = "2025-07-01";

    public const string WardCode = "DUONGHAO";

    public const string WardName = "Phường Đường Hào";

    /// <summary>The second former ward, synthetic and named as such.</summary>
    /// <summary>The unit-change file's header, the English names of contract §4 in its order.</summary>
    public const string Header = "effective_date,level,kind,old_code,old_name,new_code,new_name,parent_code,share";

    public const string SecondWardCode = "MAUHAO";

    public const string SecondWardName = "Phường Mẫu Hào (dữ liệu tổng hợp)";

    /// <summary>Mẫu Hào's households in its first year (Dị Sử's come from <see cref="GeneratorOptions.HouseholdsPerWard"/>).</summary>
    public const int SecondWardHouseholds = 1800;

    /// <summary>
    /// Đường Hào's plan: its ward target per plan year (percent), set after the merger; the 2026
    /// target is the one the 2026 appendix allocates.
    /// </summary>
    public static IReadOnlyList<(int Year, string Rate)> Targets { get; } = [(2025, "0.38"), (2026, "0.30"), (2027, "0.25")];

    /// <summary>Dị Sử's groups TDP01..TDP09 in Đường Hào: Trại and Sài merge into TDP03, the rest are renumbered in order.</summary>
    public static IReadOnlyList<GroupSuccessor> DiSuGroups { get; } =
    [
        new("TDP01", "Tổ dân phố Nhân Vinh", "move"),
        new("TDP02", "Tổ dân phố Phan Bôi", "move"),
        new("TDP03", "Tổ dân phố Trại Sài", "merge"),
        new("TDP03", "Tổ dân phố Trại Sài", "merge"),
        new("TDP04", "Tổ dân phố Trên", "move"),
        new("TDP05", "Tổ dân phố Tháp", "move"),
        new("TDP06", "Tổ dân phố Rừng", "move"),
        new("TDP07", "Tổ dân phố Bưởi", "move"),
        new("TDP08", "Tổ dân phố Thợ", "move"),
    ];

    /// <summary>Mẫu Hào's groups (synthetic names) and their relative sizes.</summary>
    public static IReadOnlyList<(string Name, double Households)> SecondWardGroups { get; } =
    [
        ("Tổ dân phố Mẫu Hào 1", 340), ("Tổ dân phố Mẫu Hào 2", 395), ("Tổ dân phố Mẫu Hào 3", 310),
        ("Tổ dân phố Mẫu Hào 4", 420), ("Tổ dân phố Mẫu Hào 5", 335),
    ];

    /// <summary>Mẫu Hào's TDP01..TDP05 become TDP09..TDP13; its TDP03 also takes a new name.</summary>
    public static IReadOnlyList<GroupSuccessor> SecondWardSuccessors { get; } =
    [
        new("TDP09", "Tổ dân phố Mẫu Hào 1", "move"),
        new("TDP10", "Tổ dân phố Mẫu Hào 2", "move"),
        new("TDP11", "Tổ dân phố Hào Xuyên", "rename"),
        new("TDP12", "Tổ dân phố Mẫu Hào 4", "move"),
        new("TDP13", "Tổ dân phố Mẫu Hào 5", "move"),
    ];

    /// <summary>The ward as it is from <see cref="FirstYear"/>: the same groups by index, under their new codes and names.</summary>
    public static WardPlan Successor(WardPlan before)
    {
        var successors = Of(before);
        return before with
        {
            WardCode = DemoReorganisation.WardCode,
            WardName = DemoReorganisation.WardName,
            Groups = before.Groups.Select((g, i) => g with { Code = successors[i].Code, Name = successors[i].Name }).ToArray(),
            Successor = null,
        };
    }

    /// <summary>The unit-change file (contract §4): the two ward merges, then one row per former group.</summary>
    public static IEnumerable<string> UnitChangeLines(WardPlan diSu, WardPlan mauHao)
    {
        yield return Header;
        foreach (var ward in new[] { diSu, mauHao })
        {
            yield return Line("ward", "merge", ward.WardCode, ward.WardName, WardCode, WardName, ward.ProvinceCode);
        }

        foreach (var ward in new[] { diSu, mauHao })
        {
            var successors = Of(ward);
            for (var i = 0; i < ward.Groups.Count; i++)
            {
                var group = ward.Groups[i];
                yield return Line("group", successors[i].Kind, $"{ward.WardCode}/{group.Code}", group.Name,
                    successors[i].Code, successors[i].Name, WardCode);
            }
        }
    }

    private static IReadOnlyList<GroupSuccessor> Of(WardPlan ward) =>
        ward.WardCode == SecondWardCode ? SecondWardSuccessors : DiSuGroups;

    private static string Line(string level, string kind, string oldCode, string oldName, string newCode, string newName, string parent) =>
        string.Create(CultureInfo.InvariantCulture, $"{EffectiveDate},{level},{kind},{oldCode},{oldName},{newCode},{newName},{parent},");
}
