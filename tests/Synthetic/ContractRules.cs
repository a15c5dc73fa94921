using System.Globalization;
using System.Text.RegularExpressions;
using DiSu.Analytics.Etl.Contract;

namespace DiSu.Analytics.Tests.Synthetic;

/// <summary>
/// The input contract's value rules and the classification rule, written out again from
/// shared/contracts/inputs.md and shared/domain/poverty-standards.md, so the generator is checked
/// against the documents rather than against its own reading of the standards file.
/// Column names come from <see cref="InputContract"/>: they are what the ETL will look for.
/// </summary>
internal static partial class ContractRules
{
    public static IReadOnlyList<string> Flags => InputContract.FlagColumns;

    public static readonly string[] Programs =
    [
        "livelihood", "communication", "capacity", "vocational_training", "job_placement", "health_insurance",
        "health_care", "tuition", "education_support", "credit", "legal_aid", "housing", "water_sanitation",
        "electricity", "social_assistance", "fund_for_the_poor",
    ];

    private static readonly string[] Causes = ["land", "capital", "labour", "tools", "knowledge", "skills", "illness", "other"];
    private static readonly string[] Statuses = ["poor", "near_poor", "average", "not_poor", "ngheo", "can_ngheo", "trung_binh", "khong_ngheo"];
    private static readonly string[] Required = ["province_code", "province_name", "ward_code", "ward_name", "group_code", "group_name", "household_id"];

    /// <summary>The contract's English name for a header cell (aliases of all three file kinds).</summary>
    public static string EnglishName(string header) =>
        InputContract.Snapshot.Concat(InputContract.Support).Concat(InputContract.Target)
            .FirstOrDefault(c => c.Alias == header)?.Name ?? header;

    /// <summary>Every contract rule the row breaks, one reason each.</summary>
    public static List<string> Violations(IReadOnlyDictionary<string, string> row)
    {
        var reasons = new List<string>();
        var year = Int(row["review_year"]);
        if (year is not (>= 2000 and <= 2100))
        {
            reasons.Add($"review_year: '{row["review_year"]}'");
        }

        reasons.AddRange(Required.Where(c => string.IsNullOrWhiteSpace(row[c])).Select(c => $"{c}: empty"));
        if (row["area"] is not ("urban" or "rural" or "thanh_thi" or "nong_thon"))
        {
            reasons.Add($"area: '{row["area"]}'");
        }

        var members = Int(row["members"]);
        if (members is not (>= 1 and <= 50))
        {
            reasons.Add($"members: '{row["members"]}'");
        }

        if (Income(row["income_per_capita_month"]) is not (>= 0 and <= 1_000_000_000))
        {
            reasons.Add($"income_per_capita_month: '{row["income_per_capita_month"]}'");
        }

        foreach (var flag in Flags.Concat(["merit_household", "social_protection", "ethnic_minority"]))
        {
            if (row[flag] is not ("0" or "1" or ""))
            {
                reasons.Add($"{flag}: '{row[flag]}'");
            }
        }

        if (year is { } y)
        {
            reasons.AddRange(ApplicableFlags(y).Where(f => row[f] == "").Select(f => $"{f}: not recorded"));
        }

        if (row["head_sex"] is not ("M" or "F" or "Nam" or "Nữ"))
        {
            reasons.Add($"head_sex: '{row["head_sex"]}'");
        }

        var birth = Int(row["head_birth_year"]);
        if (birth is null || birth < 1900 || (year is not null && birth > year))
        {
            reasons.Add($"head_birth_year: '{row["head_birth_year"]}'");
        }

        foreach (var count in new[] { "members_working_age", "members_children", "members_elderly", "members_disabled" })
        {
            var value = Int(row[count]);
            if (value is null || value < 0 || (members is not null && value > members))
            {
                reasons.Add($"{count}: '{row[count]}'");
            }
        }

        if (Int(row["members_working_age"]) + Int(row["members_children"]) > members)
        {
            reasons.Add("members_working_age + members_children > members");
        }

        if (row["main_cause"] != "" && !Causes.Contains(row["main_cause"]))
        {
            reasons.Add($"main_cause: '{row["main_cause"]}'");
        }

        if (row["recorded_status"] != "" && !Statuses.Contains(row["recorded_status"]))
        {
            reasons.Add($"recorded_status: '{row["recorded_status"]}'");
        }

        return reasons;
    }

    /// <summary>Decree 07/2021 through review year 2026, Decree 351/2025 from 2027.</summary>
    public static string ComputedStatus(IReadOnlyDictionary<string, string> row)
    {
        var year = Int(row["review_year"])!.Value;
        var urban = row["area"] == "urban";
        var (line, averageTop) = year <= 2026
            ? (urban ? 2_000_000L : 1_500_000L, urban ? 3_000_000L : 2_250_000L)
            : (urban ? 2_800_000L : 2_200_000L, urban ? 4_200_000L : 3_300_000L);
        var income = Income(row["income_per_capita_month"])!.Value;
        var deprivations = ApplicableFlags(year).Count(f => row[f] == "1");
        return income <= line
            ? deprivations >= 3 ? "poor" : "near_poor"
            : income <= averageTop ? "average" : "not_poor";
    }

    public static IEnumerable<string> ApplicableFlags(int year) =>
        Flags.Where(f => f != (year <= 2026 ? "lack_waste" : "lack_information"));

    public static int? Int(string text) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    /// <summary>Whole VND; thousands separators only where the grouping cannot be read two ways.</summary>
    public static long? Income(string text)
    {
        if (!UnambiguousAmount().IsMatch(text))
        {
            return null;
        }

        var digits = new string(text.Where(char.IsAsciiDigit).ToArray());
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    [GeneratedRegex(@"^(\d+|\d{1,3}([., ])\d{3}(\2\d{3})+)$")]
    private static partial Regex UnambiguousAmount();
}
