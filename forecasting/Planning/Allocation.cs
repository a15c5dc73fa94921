using DiSu.Analytics.Mart.Planning;

namespace DiSu.Analytics.Forecasting.Planning;

/// <summary>
/// A ward's target turned into whole-household targets per group (docs/planning.md):
/// the required escapes R = poor at the start + expected new poor + expected re-poor − T
/// (0 if negative), where T is the most poor households that meet the target rate, go to the R
/// candidates closest to escaping, whichever group they live in, so no group is given more escapes
/// than it has poor households. When the ward has fewer candidates than R, every poor household is
/// planned to escape and the plan falls short of the target by the difference.
/// </summary>
public sealed record Allocation(PlanBase Base, long TargetHouseholds, long RequiredEscapes, IReadOnlyList<EscapeCandidate> Ranked,
    IReadOnlyList<EscapeCandidate> Chosen, IReadOnlyList<PlanTarget> Targets)
{
    public long PlannedEscapes => Targets.Sum(t => t.PlannedEscapes);

    public long PlannedPoor => Targets.Sum(t => t.PlannedPoor);

    /// <summary>Planned poor households above the target (0 when the plan meets it).</summary>
    public long Shortfall => Math.Max(0, PlannedPoor - TargetHouseholds);

    public static Allocation Of(PlanBase plan, long targetHouseholds, IReadOnlyList<EscapeCandidate> ranked)
    {
        var entries = plan.Groups.Sum(g => g.ExpectedNewPoor + g.ExpectedRePoor);
        var required = Math.Max(0, plan.PoorStart + entries - targetHouseholds);
        var room = plan.Groups.ToDictionary(g => g.GroupCode, g => g.PoorStart, StringComparer.Ordinal);
        var chosen = new List<EscapeCandidate>();
        foreach (var candidate in ranked)
        {
            if (chosen.Count >= required) break;
            // A household of a group the base round does not have, or beyond the group's poor households, cannot be planned.
            if (!room.TryGetValue(candidate.GroupCode, out var left) || left == 0) continue;
            room[candidate.GroupCode] = left - 1;
            chosen.Add(candidate);
        }
        var targets = plan.Groups
            .Select(g => new PlanTarget(g, chosen.Count(c => string.Equals(c.GroupCode, g.GroupCode, StringComparison.Ordinal)), "allocated"))
            .ToList();
        return new Allocation(plan, targetHouseholds, required, ranked, chosen, targets);
    }
}
