using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Sandbox;

/// <summary>
/// The decision for every table and view of the mart: what a ward-restricted key's sandbox holds
/// of it. A migration that adds an object adds its line here (a test fails until it does); an
/// object without a line is left out of the sandbox.
/// </summary>
public static class SandboxRules
{
    /// <summary>A load whose loaded rows are all the ward's: ward_years lists no other ward (refused files list none).</summary>
    private const string WardOnlyLoad =
        "ward_years IS NOT NULL AND NOT EXISTS (SELECT 1 FROM unnest(string_split(ward_years, ', ')) AS w(item) WHERE split_part(item, ':', 1) <> $1)";

    private const string Reference = "reference data: nothing of any household or ward in it";
    private const string WardRows = "household- or group-level rows of one ward each; its ward_code says which";
    private const string View =
        "computed in the sandbox from the ward's rows, so nothing of another ward can feed it; a test checks it equals the mart's view filtered to the ward";

    public static IReadOnlyDictionary<string, SandboxRule> All { get; } = new Dictionary<string, SandboxRule>(StringComparer.Ordinal)
    {
        // 0001 star schema
        ["schema_version"] = SandboxRule.Whole("the migration history: the sandbox has the mart's schema version"),
        ["mart_setting"] = SandboxRule.Whole("settings the views read (newly escaped years, AF cutoff, priority weights)"),
        ["dim_indicator"] = SandboxRule.Whole(Reference),
        ["dim_standard"] = SandboxRule.Whole(Reference),
        ["dim_period"] = SandboxRule.Whole(Reference),
        ["dim_status"] = SandboxRule.Whole(Reference),
        ["dim_transition"] = SandboxRule.Whole(Reference),
        ["dim_program"] = SandboxRule.Whole(Reference),
        ["etl_load"] = SandboxRule.Where(WardOnlyLoad,
            "files whose loaded rows are all the ward's; a file of several wards (a province's) names the others' ward-years and counts their rows, and a refused file belongs to no ward"),
        ["etl_reject"] = SandboxRule.Where(
            $"load_id IN (SELECT load_id FROM etl_load WHERE {WardOnlyLoad}) AND column_name IS DISTINCT FROM 'household_id'",
            "rejected rows of the ward's own files (above), except those on household_id: their value and reason may name a household " +
            "of another ward ('already in ward X', 'not in any loaded snapshot'). A rejected row carries no trustworthy ward of its own " +
            "(its ward_code may be the rejected value), so a file of several wards gives none"),
        ["geo_year"] = SandboxRule.ByWard(WardRows),
        ["dim_geo"] = SandboxRule.ByWard("the ward's own residential groups; there is no province-level row (every row carries its province's code and name)"),
        ["dim_household"] = SandboxRule.ByWard("the versions of a household while it lived in the ward; a household that moved keeps its other ward's versions there"),
        ["fact_household_year"] = SandboxRule.ByWard(WardRows),
        ["fact_transition"] = SandboxRule.ByWard(WardRows),
        ["fact_support"] = SandboxRule.ByWard(WardRows),
        ["fact_target"] = SandboxRule.ByWard("the ward's and its groups' plan targets"),

        // 0011 ward document settings
        ["ward_setting"] = SandboxRule.ByWard("the ward's own document settings (parent unit, plan number and date, recipients)"),

        // 0003 forecasts
        ["dim_model"] = SandboxRule.Where(
            "model_id IN (SELECT model_id FROM fact_forecast WHERE ward_code = $1 UNION SELECT re_poor_model_id FROM fact_forecast WHERE ward_code = $1 " +
            "UNION SELECT model_id FROM fact_group_forecast WHERE ward_code = $1) OR (scope_kind = 'ward' AND scope_code = $1)",
            "the models behind the ward's forecasts (and any trained on the ward alone); a pooled model's row holds pooled counts and scores, no household"),
        ["fact_forecast"] = SandboxRule.ByWard(WardRows),
        ["fact_group_forecast"] = SandboxRule.ByWard(WardRows),
        ["v_household_risk"] = SandboxRule.Recompute(View),
        ["v_group_forecast"] = SandboxRule.Recompute(View),

        // 0002 / 0004 public views
        ["v_household_year"] = SandboxRule.Recompute(View),
        ["v_transitions"] = SandboxRule.Recompute(View),
        ["v_group_year"] = SandboxRule.Recompute(View),
        ["v_ward_year"] = SandboxRule.Recompute(View),
        ["v_deprivation_by_group"] = SandboxRule.Recompute(View),

        // 0005 Alkire–Foster
        ["af_custom_weight"] = SandboxRule.Whole(Reference),
        ["v_af_weight"] = SandboxRule.Recompute("weights per standard and indicator, from reference tables copied whole"),
        ["v_mpi_by_group"] = SandboxRule.Recompute(View),
        ["v_mpi_indicator"] = SandboxRule.Recompute(View),

        // 0006 support coverage
        ["dim_entitlement"] = SandboxRule.Whole(Reference),
        ["support_household_program"] = SandboxRule.Recompute(View),
        ["v_support_coverage"] = SandboxRule.Recompute(View),
        ["v_support_gap"] = SandboxRule.Recompute(View),

        // 0007 priority groups
        ["dim_indicator_program"] = SandboxRule.Whole(Reference),
        ["v_priority_groups"] = SandboxRule.Recompute(View),

        // 0008 (planned): the service's job log
        ["job_run"] = SandboxRule.Exclude("the service's job log (job, trigger, start, end, outcome, rows, message) covers every ward and says nothing a ward's analysis needs"),

        // 0012 versioned plan
        ["v_group_plan"] = SandboxRule.Recompute(View),

        // 0014 official forms
        ["form_start"] = SandboxRule.ByWard("the approved starts recorded for the ward's own groups"),
        ["v_form_household"] = SandboxRule.Recompute(View),
        ["v_form_summary"] = SandboxRule.Recompute(View),

        // 0015 unit changes
        ["unit_change"] = SandboxRule.Whole("the reorganisation of units: codes, names and dates of units, public administrative facts, nothing of a household"),
        ["geo_step"] = SandboxRule.Whole("the unit each unit-year becomes at the next change: unit codes only"),
        ["geo_map"] = SandboxRule.Whole("the unit each unit-year is today: unit codes only"),
        ["geo_anchor"] = SandboxRule.ByWard("the ward's own households in a split unit, with the candidate their later review chose"),
        ["geo_now"] = SandboxRule.Recompute(View),
        ["v_household_unit"] = SandboxRule.Recompute(View),
        ["v_transitions_as_is"] = SandboxRule.Exclude(AsIs),
        ["v_group_year_as_is"] = SandboxRule.Exclude(AsIs),
        ["v_ward_year_as_is"] = SandboxRule.Exclude(AsIs),
    };

    private const string AsIs =
        "restated into today's units, a successor ward's rows are its predecessors' households too, which a ward's sandbox does not hold; " +
        "a ward key reads the as-is series through the API and the reports, which apply the same ward rule to today's unit";

    /// <summary>The mart's tables and views that have no rule: a new migration's objects until someone decides.</summary>
    public static IReadOnlyList<string> Missing(DuckDBConnection mart) =>
        SourceCatalog.Read(mart).Select(o => o.Name).Where(n => !All.ContainsKey(n)).ToList();
}
