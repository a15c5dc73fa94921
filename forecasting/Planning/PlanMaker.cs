using System.Text.Json;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Planning;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Forecasting.Planning;

/// <summary>What <c>disu plan set</c> changed: the group's target before and after, and the ward's plan against its target now.</summary>
public sealed record PlanChange(string Ward, int Year, int Version, string Group, long Before, long After, long PlannedPoor, long Households, long? TargetHouseholds, double? TargetRate)
{
    /// <summary>Planned poor households above the target; 0 when met; null without a ward target.</summary>
    public long? Shortfall => TargetHouseholds is { } t ? Math.Max(0, PlannedPoor - t) : null;
}

/// <summary>
/// Makes plan versions: <see cref="Allocate"/> from the forecast and the candidates, <see cref="Set"/>
/// for a planner's change to one group. Each writes one new version in its own transaction.
/// </summary>
public sealed class PlanMaker(DuckDBConnection connection, TimeProvider clock)
{
    public const string RoundingRule = "largest remainder: whole households per group, the groups add up to the rounded ward total";
    public const string TargetRule = "floor(target_poor_rate / 100 × households): the planned rate never exceeds the target";
    public const string RankingRule = "score = 25 × (income + deprivations + labour + supports closeness), highest first; ties by household_id";

    /// <summary>Allocates the ward's target for <paramref name="year"/> and stores it as the new current version.</summary>
    public (Allocation Allocation, int Version) Allocate(string ward, PlanYear year, string author)
    {
        var plan = PlanBase.Read(connection, ward, year)
            ?? throw new MartException(new Message(
                $"Không lập được kế hoạch năm {year} cho {ward}: chưa có kỳ rà soát nào trước năm {year}; cần nạp kết quả rà soát trước.",
                $"No plan for {year} in {ward}: it has no review round before {year}; load one first."));
        if (plan.ModelId is null)
            throw new MartException(new Message(
                $"Không lập được kế hoạch năm {year} cho {ward}: chưa có dự báo từ năm {plan.BaseYear} cho năm {year}, nên chưa biết số hộ phát sinh mới và tái nghèo dự kiến. " +
                "Dự báo được lập sau mỗi lần nạp số liệu (hoặc bằng disu forecast train).",
                $"No plan for {year} in {ward}: there is no forecast from {plan.BaseYear} to {year}, so the expected new and re-poor households are unknown. " +
                "A forecast is made after each load (or with disu forecast train)."));
        if (plan.TargetHouseholds is not { } target)
            throw new MartException(new Message(
                $"Không lập được kế hoạch năm {year} cho {ward}: chưa có chỉ tiêu tỷ lệ hộ nghèo toàn xã của năm {year}; nạp tệp chỉ tiêu (ty_le_ngheo_muc_tieu) trước.",
                $"No plan for {year} in {ward}: the ward has no target poor rate for {year}; load a target file (target_poor_rate) first."));
        var allocation = Allocation.Of(plan, target, EscapeCandidates.Read(connection, ward, plan.BaseYear));
        var inputs = Json(new Dictionary<string, object?>
        {
            ["forecast_model"] = plan.ModelId,
            ["base_year"] = plan.BaseYear,
            ["target_poor_rate"] = plan.TargetRate,
            ["households"] = plan.Households,
            ["target_households"] = target,
            ["target_rule"] = TargetRule,
            ["poor_start"] = plan.PoorStart,
            ["expected_new_poor"] = plan.Groups.Sum(g => g.ExpectedNewPoor),
            ["expected_re_poor"] = plan.Groups.Sum(g => g.ExpectedRePoor),
            ["expected_new_poor_forecast"] = plan.ExpectedNewPoorWard,
            ["expected_re_poor_forecast"] = plan.ExpectedRePoorWard,
            ["rounding"] = RoundingRule,
            ["required_escapes"] = allocation.RequiredEscapes,
            ["candidates"] = allocation.Ranked.Count,
            ["ranking"] = RankingRule,
            ["shortfall"] = allocation.Shortfall,
        });
        using var tx = connection.BeginTransaction();
        var version = PlanStore.Save(connection, plan, allocation.Targets, inputs, author, clock.GetUtcNow());
        tx.Commit();
        return (allocation, version);
    }

    /// <summary>
    /// A planner sets group <paramref name="group"/>'s planned poor households at the end of the year;
    /// the other groups keep theirs. The target must be reachable by the group's own households:
    /// between its expected entries (every poor household escapes) and its poor with no escape.
    /// </summary>
    public PlanChange Set(string ward, PlanYear year, string group, long households, string author)
    {
        var (version, changes) = SetMany(ward, year, new Dictionary<string, long>(StringComparer.Ordinal) { [group] = households }, author);
        return changes.Single() with { Version = version };
    }

    /// <summary>
    /// A planner sets several groups' planned poor households at once (the plan adopted on the web
    /// page), saved as one new version; the groups not named keep theirs. Each target is checked as
    /// <see cref="Set"/> checks it, and nothing is saved unless all pass.
    /// </summary>
    public (int Version, IReadOnlyList<PlanChange> Changes) SetMany(string ward, PlanYear year, IReadOnlyDictionary<string, long> planned, string author)
    {
        var current = PlanStore.Current(connection, ward, year);
        if (current.Count == 0)
            throw new MartException(new Message(
                $"{ward} chưa có kế hoạch năm {year} để sửa; lập kế hoạch trước bằng disu plan allocate --year {year} --ward {ward} (hoặc nạp tệp chỉ tiêu có cột so_ho_ngheo_muc_tieu).",
                $"{ward} has no plan for {year} to change; make one first with disu plan allocate --year {year} --ward {ward} (or load a target file with target_poor_households)."));
        foreach (var group in planned.Keys.Where(g => current.All(r => !string.Equals(r.GroupCode, g, StringComparison.Ordinal))))
            throw new MartException(new Message(
                $"Kế hoạch năm {year} của {ward} không có tổ '{group}'; các tổ: {string.Join(", ", current.Select(r => r.GroupCode))}.",
                $"The {year} plan of {ward} has no group '{group}'; its groups: {string.Join(", ", current.Select(r => r.GroupCode))}."));
        foreach (var row in current.Where(r => planned.ContainsKey(r.GroupCode)))
        {
            var households = planned[row.GroupCode];
            var (lowest, highest) = Reachable(row);
            if (households < lowest || households > highest)
                throw new MartException(new Message(
                    $"Tổ {row.GroupCode}: {households} hộ nghèo cuối năm {year} không đạt được bằng số hộ của tổ: đầu năm có {row.PoorStart} hộ nghèo, dự kiến " +
                    $"{row.ExpectedNewPoor} hộ phát sinh mới và {row.ExpectedRePoor} hộ tái nghèo, nên cuối năm có từ {lowest} hộ (mọi hộ nghèo đều thoát nghèo) " +
                    $"đến {highest} hộ (không hộ nào thoát nghèo).",
                    $"Group {row.GroupCode}: {households} poor households at the end of {year} cannot be reached by the group's own households: it starts with {row.PoorStart} poor, " +
                    $"expects {row.ExpectedNewPoor} new and {row.ExpectedRePoor} re-poor, so it ends with {lowest} (every poor household escapes) to {highest} (none escapes)."));
        }
        var baseYear = connection.Scalar<int>("SELECT any_value(base_year) FROM fact_target WHERE is_current AND ward_code = ? AND year = ? AND plan_version IS NOT NULL", ward, year);
        var groups = current.Select(r => new PlanBaseGroup(r.GroupCode, r.GroupCode, r.Households, r.PoorStart, r.ExpectedNewPoor, r.ExpectedRePoor)).ToList();
        var rate = connection.Scalar<double?>("SELECT target_poor_rate FROM fact_target WHERE is_current AND ward_code = ? AND year = ? AND group_code IS NULL", ward, year);
        var plan = new PlanBase(ward, year.Value, baseYear, groups, null, 0, 0, rate);
        var targets = current.Select((r, i) => planned.TryGetValue(r.GroupCode, out var households)
            ? new PlanTarget(groups[i], Reachable(r).Highest - households, "planner")
            : new PlanTarget(groups[i], r.PlannedEscapes, r.Method)).ToList();
        var changed = current.Where(r => planned.ContainsKey(r.GroupCode)).ToList();
        var inputs = Json(new Dictionary<string, object?>
        {
            ["previous_version"] = current.Max(r => r.Version),
            ["group"] = changed.Count == 1 ? changed[0].GroupCode : null,
            ["target_households_before"] = changed.Count == 1 ? changed[0].PlannedPoor : null,
            ["target_households"] = changed.Count == 1 ? planned[changed[0].GroupCode] : null,
            ["groups"] = changed.ToDictionary(r => r.GroupCode, r => new { before = r.PlannedPoor, after = planned[r.GroupCode] }),
            ["base_year"] = baseYear,
        });
        using var tx = connection.BeginTransaction();
        var version = PlanStore.Save(connection, plan, targets, inputs, author, clock.GetUtcNow());
        tx.Commit();
        var total = targets.Sum(t => t.PlannedPoor);
        return (version, changed.Select(r => new PlanChange(ward, year.Value, version, r.GroupCode, r.PlannedPoor, planned[r.GroupCode], total,
            plan.Households, plan.TargetHouseholds, rate)).ToList());
    }

    /// <summary>The planned poor a group can reach with its own households: every poor household escapes, or none does.</summary>
    public static (long Lowest, long Highest) Reachable(StoredPlanRow row)
    {
        var lowest = row.ExpectedNewPoor + row.ExpectedRePoor;
        return (lowest, row.PoorStart + lowest);
    }

    private static string Json(Dictionary<string, object?> values) =>
        JsonSerializer.Serialize(values, new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
