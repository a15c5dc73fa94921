using DiSu.Analytics.Mart;

namespace DiSu.Analytics.Etl;

/// <summary>
/// The row rules of the household snapshot (contracts/inputs.md §1) as data: for each, the column
/// it names, a SQL condition that is true when the row breaks it, and the SQL text of the reason.
/// One list drives both the cheap all-rows test and the detailed reasons of the rows that fail,
/// so the two can never disagree.
/// </summary>
internal static class SnapshotRules
{
    /// <param name="Reason">SQL text of the reason in Vietnamese (etl_reject.reason).</param>
    /// <param name="ReasonEn">SQL text of the same reason in English (etl_reject.reason_en).</param>
    public sealed record Rule(string Column, string BrokenWhen, string Reason, string ReasonEn);

    public static IReadOnlyList<Rule> All { get; } = Build();

    /// <summary>True when a row breaks any rule (NULL-safe).</summary>
    public static string AnyBroken => string.Join("\n        OR ", All.Select(r => $"coalesce({r.BrokenWhen}, false)"));

    /// <summary>A list of {c, v, r, e} structs: column, raw value, reason in Vietnamese and in English — NULL reasons where the rule holds.</summary>
    public static string Reasons => "[\n        " + string.Join(",\n        ", All.Select(r =>
        $"{{'c': '{r.Column}', 'v': {r.Column}, 'r': CASE WHEN coalesce({r.BrokenWhen}, false) THEN {r.Reason} END, " +
        $"'e': CASE WHEN coalesce({r.BrokenWhen}, false) THEN {r.ReasonEn} END}}")) + "\n    ]";

    private static string Quoted(string column) => $"'{column}: ''' || coalesce({column}, '') || ''''";

    private static List<Rule> Build()
    {
        var rules = new List<Rule>
        {
            new("review_year", "review_year IS NULL",
                "'review_year để trống; hãy ghi năm rà soát, ví dụ 2024'",
                "'review_year is empty; give the review year, e.g. 2024'"),
            new("review_year", "review_year IS NOT NULL AND (y IS NULL OR y NOT BETWEEN 2000 AND 2100)",
                $"{Quoted("review_year")} || ' phải là một năm từ 2000 đến 2100'",
                $"{Quoted("review_year")} || ' must be a year from 2000 to 2100'"),
            new("review_year", "y BETWEEN 2000 AND 2100 AND standard_id IS NULL",
                "'review_year: chưa có chuẩn nghèo nào cho năm ' || review_year || ' (dim_standard có các năm ' || (SELECT min(review_year) || '–' || max(review_year) FROM dim_period) || '); không phân loại được dòng này — hãy kiểm tra năm rà soát'",
                "'review_year: no poverty standard is defined for ' || review_year || ' (dim_standard covers ' || (SELECT min(review_year) || '–' || max(review_year) FROM dim_period) || '); the row cannot be classified'"),
        };
        foreach (var (column, what, whatVi) in new[]
                 {
                     ("province_code", "", ""), ("province_name", "", ""), ("ward_code", "", ""), ("ward_name", "", ""),
                     ("group_code", " (the residential group code)", " (mã tổ dân phố, thôn)"), ("group_name", "", ""),
                 })
            rules.Add(new(column, $"{column} IS NULL",
                $"'{column} để trống; đây là cột bắt buộc{whatVi}, hãy điền giá trị'",
                $"'{column} is empty; it is required{what}'"));
        rules.AddRange(
        [
            new("area", "area_v IS NULL",
                $"{Quoted("area")} || ' phải là urban hoặc rural (thanh_thi / nong_thon)'",
                $"{Quoted("area")} || ' must be urban or rural (thanh_thi / nong_thon)'"),
            new("household_id", "household_id IS NULL",
                "'household_id để trống; mỗi dòng cần mã hộ'",
                "'household_id is empty; every row needs the household code'"),
            new("members", "members_v IS NULL",
                $"{Quoted("members")} || ' phải là số nguyên từ 1 đến 50'",
                $"{Quoted("members")} || ' must be a whole number from 1 to 50'"),
            new("income_per_capita_month", "income_per_capita_month IS NULL",
                "'income_per_capita_month để trống; hãy ghi thu nhập bình quân đầu người một tháng (đồng)'",
                "'income_per_capita_month is empty; give the monthly income per person in VND'"),
            new("income_per_capita_month", "income_per_capita_month IS NOT NULL AND income_v IS NULL",
                "disu_vnd_reason('income_per_capita_month', income_per_capita_month)",
                "disu_vnd_reason_en('income_per_capita_month', income_per_capita_month)"),
            new("income_per_capita_month", "income_v > 1000000000",
                $"{Quoted("income_per_capita_month")} || ' lớn hơn 1.000.000.000 đồng; hãy kiểm tra đơn vị tính'",
                $"{Quoted("income_per_capita_month")} || ' is above 1,000,000,000 VND; check the unit'"),
        ]);
        foreach (var indicator in StandardsSeeder.File.Indicators)
        {
            var column = indicator.Column;
            rules.Add(new(column, $"{column} IS NOT NULL AND disu_flag({column}) IS NULL",
                $"{Quoted(column)} || ' phải là 0 hoặc 1'",
                $"{Quoted(column)} || ' must be 0 or 1'"));
            rules.Add(new(column, $"{column} IS NULL AND u_{indicator.Code}",
                $"'{column} chưa được ghi; Nghị định ' || decree || ' cần chỉ số này cho năm ' || review_year || ' — hãy ghi 0 hoặc 1'",
                $"'{column} is not recorded; Decree ' || decree || ' needs it for ' || review_year"));
        }
        foreach (var column in new[] { "merit_household", "social_protection", "ethnic_minority" })
            rules.Add(new(column, $"disu_flag({column}) IS NULL",
                $"{Quoted(column)} || ' phải là 0 hoặc 1'",
                $"{Quoted(column)} || ' must be 0 or 1'"));
        rules.AddRange(
        [
            new("head_sex", "head_sex_v IS NULL",
                $"{Quoted("head_sex")} || ' phải là M hoặc F (Nam / Nữ)'",
                $"{Quoted("head_sex")} || ' must be M or F (Nam / Nữ)'"),
            new("head_birth_year", "head_birth_year_v IS NULL OR head_birth_year_v < 1900 OR head_birth_year_v > y",
                $"{Quoted("head_birth_year")} || ' phải là một năm từ 1900 đến năm rà soát'",
                $"{Quoted("head_birth_year")} || ' must be a year from 1900 to the review year'"),
        ]);
        foreach (var (column, typed) in new[]
                 {
                     ("members_working_age", "working_v"), ("members_children", "children_v"),
                     ("members_elderly", "elderly_v"), ("members_disabled", "disabled_v"),
                 })
            rules.Add(new(column, $"{typed} IS NULL OR {typed} > members_v",
                $"{Quoted(column)} || ' phải là số nguyên từ 0 đến số nhân khẩu members (' || coalesce(members, '?') || ')'",
                $"{Quoted(column)} || ' must be a whole number from 0 to members (' || coalesce(members, '?') || ')'"));
        rules.AddRange(
        [
            new("members_children", "children_v <= members_v AND working_v <= members_v AND working_v + children_v > members_v",
                "'members_working_age + members_children = ' || (working_v + children_v) || ' vượt quá số nhân khẩu members (' || members_v || '); hãy sửa một trong ba cột'",
                "'members_working_age + members_children = ' || (working_v + children_v) || ' exceeds members (' || members_v || ')'"),
            new("main_cause", "cause_l NOT IN ('land', 'capital', 'labour', 'tools', 'knowledge', 'skills', 'illness', 'other')",
                $"{Quoted("main_cause")} || ' phải để trống hoặc là một trong land, capital, labour, tools, knowledge, skills, illness, other'",
                $"{Quoted("main_cause")} || ' must be empty or one of land, capital, labour, tools, knowledge, skills, illness, other'"),
            new("recorded_status", "recorded_status IS NOT NULL AND recorded_v IS NULL",
                $"{Quoted("recorded_status")} || ' phải để trống hoặc là poor, near_poor, average, not_poor (ngheo, can_ngheo, trung_binh, khong_ngheo)'",
                $"{Quoted("recorded_status")} || ' must be empty or poor, near_poor, average, not_poor (ngheo, can_ngheo, trung_binh, khong_ngheo)'"),
        ]);
        return rules;
    }

    /// <summary>Boolean columns u_CODE: does the standard count indicator CODE.</summary>
    public static string StandardUses =>
        string.Join(", ", StandardsSeeder.File.Indicators.Select(i => $"list_contains(indicators, '{i.Code}') AS u_{i.Code}"));

    /// <summary>The deprivation score: only the standard's own indicators count.</summary>
    public static string DeprivationCount =>
        string.Join("\n             + ", StandardsSeeder.File.Indicators.Select(i =>
            $"(u_{i.Code} AND coalesce(f_{i.Code}, false))::INT"));

    /// <summary>Each flag parsed to BOOLEAN as f_CODE (NULL = not recorded).</summary>
    public static string FlagsTyped =>
        string.Join(", ", StandardsSeeder.File.Indicators.Select(i => $"disu_flag({i.Column}) AS f_{i.Code}"));

    /// <summary>The typed flags of chk alias c, in fact_household_year's column order.</summary>
    public static string FlagsStoredOfC =>
        string.Join(", ", StandardsSeeder.File.Indicators.Select(i => $"c.f_{i.Code}"));

    /// <summary>The stored flags of fact_household_year alias f as f_CODE, for <see cref="DeprivationCount"/> when reclassifying.</summary>
    public static string FactFlags =>
        string.Join(", ", StandardsSeeder.File.Indicators.Select(i => $"f.{i.Column} AS f_{i.Code}"));

    /// <summary>The codes of the standard's indicators a row has no flag for (not collected that year): a list, empty when none.</summary>
    public static string MissingFlags =>
        "list_filter([" + string.Join(", ", StandardsSeeder.File.Indicators.Select(i =>
            $"CASE WHEN u_{i.Code} AND f_{i.Code} IS NULL THEN '{i.Code}' END")) + "], c -> c IS NOT NULL)";

    /// <summary>The typed flags in fact_household_year's column order.</summary>
    public static string FlagsStored =>
        string.Join(", ", StandardsSeeder.File.Indicators.Select(i => $"f_{i.Code}"));
}
