using CsCheck;
using DiSu.Analytics.Forecasting.Planning;
using DiSu.Analytics.Mart.Planning;

namespace DiSu.Analytics.Tests.Forecasting;

/// <summary>
/// The allocation rule (docs/planning.md) on any ward CsCheck can make up: whole households that
/// add up, no group given more escapes than it has poor households, the target met or the
/// shortfall stated, the closest candidates chosen, the same answer whatever the input order.
/// </summary>
public sealed class AllocationPropertyTests
{
    /// <summary>A group: households, poor at the start, expected new poor and re-poor (whole households).</summary>
    private static readonly Gen<(int Households, int Poor, int NewPoor, int RePoor)> GroupGen =
        from poor in Gen.Int[0, 25]
        from others in Gen.Int[1, 800]
        from newPoor in Gen.Int[0, 4]
        from rePoor in Gen.Int[0, 4]
        select (poor + others, poor, newPoor, rePoor);

    /// <summary>What makes a poor household close to escaping: income, deprivations, working-age members, members, supports reached and entitled.</summary>
    private static readonly Gen<(int Income, int Deprivations, int WorkingAge, int Members, int Reached, int Entitled)> HouseholdGen =
        from income in Gen.Int[0, 2_400] // thousands of VND
        from deprivations in Gen.Int[1, 12]
        from members in Gen.Int[1, 9]
        from workingAge in Gen.Int[0, 9]
        from entitled in Gen.Int[0, 9]
        from reached in Gen.Int[0, 9]
        select (income * 1000, deprivations, Math.Min(workingAge, members), members, Math.Min(reached, entitled), entitled);

    private static readonly Gen<(PlanBase Plan, EscapeCandidate[] Candidates)> WardGen =
        from groups in GroupGen.Array[1, 12]
        from households in HouseholdGen.Array[groups.Sum(g => g.Poor), groups.Sum(g => g.Poor)]
        from rate in Gen.Int[0, 300]
        select Ward(groups, households, rate / 100.0);

    private static (PlanBase, EscapeCandidate[]) Ward((int Households, int Poor, int NewPoor, int RePoor)[] groups,
        (int Income, int Deprivations, int WorkingAge, int Members, int Reached, int Entitled)[] households, double rate)
    {
        var planGroups = groups.Select((g, i) => new PlanBaseGroup($"T{i + 1:D2}", $"Tổ {i + 1}", g.Households, g.Poor, g.NewPoor, g.RePoor)).ToList();
        var candidates = new List<EscapeCandidate>();
        var next = 0;
        foreach (var g in planGroups)
        {
            for (var k = 0; k < g.PoorStart; k++, next++)
            {
                var h = households[next];
                candidates.Add(new EscapeCandidate($"H{next:D5}", g.GroupCode, g.GroupName, h.Members, h.WorkingAge, h.Income, 2_000_000,
                    h.Deprivations, 3, 12, h.Entitled, h.Reached));
            }
        }
        return (new PlanBase("W", 2024, 2023, planGroups, "model", 0, 0, rate), candidates.ToArray());
    }

    private static Allocation Allocate(PlanBase plan, IEnumerable<EscapeCandidate> candidates) =>
        Allocation.Of(plan, plan.TargetHouseholds!.Value, EscapeCandidates.Rank(candidates));

    [Fact]
    public void Should_give_whole_household_targets_whose_groups_add_up_to_the_ward()
    {
        WardGen.Sample((plan, candidates) =>
        {
            var a = Allocate(plan, candidates);
            a.Targets.Select(t => t.Group.GroupCode).ShouldBe(plan.Groups.Select(g => g.GroupCode));
            a.PlannedPoor.ShouldBe(plan.PoorStart - a.PlannedEscapes + plan.Groups.Sum(g => g.ExpectedNewPoor + g.ExpectedRePoor));
            a.Targets.ShouldAllBe(t => t.PlannedPoor == t.Group.PoorStart - t.PlannedEscapes + t.Group.ExpectedNewPoor + t.Group.ExpectedRePoor);
            a.PlannedEscapes.ShouldBe(a.Chosen.Count);
            a.PlannedEscapes.ShouldBe(Math.Min(a.RequiredEscapes, plan.PoorStart));
        });
    }

    [Fact]
    public void Should_never_plan_more_escapes_in_a_group_than_it_has_poor_households()
    {
        WardGen.Sample((plan, candidates) =>
            Allocate(plan, candidates).Targets.ShouldAllBe(t => t.PlannedEscapes >= 0 && t.PlannedEscapes <= t.Group.PoorStart && t.PlannedPoor >= 0));
    }

    [Fact]
    public void Should_meet_the_target_rate_or_state_the_shortfall()
    {
        WardGen.Sample((plan, candidates) =>
        {
            var a = Allocate(plan, candidates);
            var target = a.TargetHouseholds;
            (100.0 * target / plan.Households).ShouldBeLessThanOrEqualTo(plan.TargetRate!.Value + 1e-9, "T never rounds past the rate");
            if (a.Shortfall == 0)
            {
                a.PlannedPoor.ShouldBeLessThanOrEqualTo(target);
                (100.0 * a.PlannedPoor / plan.Households).ShouldBeLessThanOrEqualTo(plan.TargetRate!.Value + 1e-9);
                // No more escapes than needed: one fewer would miss the target, unless none were needed.
                if (a.PlannedEscapes > 0) a.PlannedPoor.ShouldBe(target);
            }
            else
            {
                a.Shortfall.ShouldBe(a.PlannedPoor - target);
                a.PlannedEscapes.ShouldBe(plan.PoorStart, "a shortfall only when every poor household is planned to escape");
            }
        });
    }

    [Fact]
    public void Should_choose_the_candidates_closest_to_escaping()
    {
        WardGen.Sample((plan, candidates) =>
        {
            var a = Allocate(plan, candidates);
            var chosen = a.Chosen.Select(c => c.HouseholdId).ToHashSet(StringComparer.Ordinal);
            var left = a.Ranked.Where(c => !chosen.Contains(c.HouseholdId)).ToList();
            if (a.Chosen.Count > 0 && left.Count > 0)
                a.Chosen.Min(c => Math.Round(c.Score, 9)).ShouldBeGreaterThanOrEqualTo(left.Max(c => Math.Round(c.Score, 9)));
            foreach (var group in a.Targets)
                a.Chosen.Count(c => c.GroupCode == group.Group.GroupCode).ShouldBe((int)group.PlannedEscapes);
        });
    }

    [Fact]
    public void Should_give_the_same_plan_whatever_order_the_households_come_in()
    {
        (from ward in WardGen
         from order in Gen.Shuffle(ward.Candidates.ToArray())
         select (ward.Plan, ward.Candidates, order))
            .Sample((plan, candidates, shuffled) =>
            {
                var first = Allocate(plan, candidates);
                var second = Allocate(plan, shuffled);
                second.Targets.Select(t => (t.Group.GroupCode, t.PlannedEscapes)).ShouldBe(first.Targets.Select(t => (t.Group.GroupCode, t.PlannedEscapes)));
                second.Chosen.Select(c => c.HouseholdId).ShouldBe(first.Chosen.Select(c => c.HouseholdId));
            });
    }

    [Fact]
    public void Should_rank_a_household_closer_when_it_is_closer_on_one_count_and_equal_on_the_others()
    {
        var near = new EscapeCandidate("H2", "T01", "Tổ 1", 4, 2, 1_900_000, 2_000_000, 3, 3, 12, 4, 2);
        var far = near with { HouseholdId = "H1", Income = 1_000_000 };
        var deprived = near with { HouseholdId = "H0", Deprivations = 7 };
        var idle = near with { HouseholdId = "H3", WorkingAge = 0 };
        var unreached = near with { HouseholdId = "H4", ProgramsReached = 0 };

        EscapeCandidates.Rank([far, deprived, idle, unreached, near]).First().ShouldBe(near);
        // Equal scores: by household id, whatever the input order.
        EscapeCandidates.Rank([near with { HouseholdId = "B" }, near with { HouseholdId = "A" }]).Select(c => c.HouseholdId).ShouldBe(["A", "B"]);
    }
}
