using System.Globalization;
using DiSu.Analytics.Mart;
using DuckDB.NET.Data;
using Microsoft.ML.Data;

namespace DiSu.Analytics.Forecasting;

/// <summary>One household at base year t: its features, what happened at t+1, and who it is.</summary>
public sealed class HouseholdRow
{
    public const int FeatureCount = 44;

    [VectorType(FeatureCount)]
    public float[] Features { get; set; } = new float[FeatureCount];

    /// <summary>What the models learn: poor at the ward's next round.</summary>
    public bool Label => PoorNext;

    [NoColumn] public string HouseholdId { get; set; } = "";
    [NoColumn] public string ProvinceCode { get; set; } = "";
    [NoColumn] public string WardCode { get; set; } = "";
    [NoColumn] public string GroupCode { get; set; } = "";
    [NoColumn] public int BaseYear { get; set; }
    [NoColumn] public int? TargetYear { get; set; }
    [NoColumn] public string Status { get; set; } = "";
    [NoColumn] public bool PresentNext { get; set; }
    [NoColumn] public bool PoorNext { get; set; }
    [NoColumn] public bool RePoorEligible { get; set; }
    [NoColumn] public float GroupPoorRate { get; set; }
}

/// <summary>
/// Builds the panel of features (known at t) and labels (at t+1) with SQL in DuckDB
/// (Sql/features.sql) and reads it in one streaming pass: no per-household queries.
/// </summary>
public static class FeatureSet
{
    public static IReadOnlyList<string> Names { get; } =
    [
        "income_log", "income_ratio", "income_change", "seen_before",
        "lack_employment", "lack_dependents", "lack_nutrition", "lack_health_insurance", "lack_adult_education",
        "lack_child_schooling", "lack_housing_quality", "lack_housing_area", "lack_water", "lack_sanitation",
        "lack_telecom", "lack_information", "lack_waste",
        "deprivation_count", "members", "dependency_ratio", "working_share", "has_disabled",
        "merit_household", "social_protection", "ethnic_minority", "head_female", "head_age",
        "status_poor", "status_near_poor", "status_average", "poor_rounds_before", "years_since_escape",
        "support_count", "support_health_insurance", "support_credit", "support_training", "support_amount_log",
        "group_poor_rate", "group_near_poor_rate", "group_poor_rate_change", "ward_poor_rate", "urban",
        "newly_escaped", "ever_poor",
    ];

    private static readonly string Sql = ReadSql();
    private static readonly int YearsSinceEscape = Index("years_since_escape"), NewlyEscaped = Index("newly_escaped"),
        EverPoor = Index("ever_poor"), PoorRoundsBefore = Index("poor_rounds_before"), StatusPoor = Index("status_poor"),
        GroupPoorRate = Index("group_poor_rate");

    public static int Index(string name) => Names is List<string> list ? list.IndexOf(name) : Names.ToList().IndexOf(name);

    /// <summary>Rows for the given base years, restricted to the wards of the scope.</summary>
    public static List<HouseholdRow> Build(DuckDBConnection connection, IEnumerable<int> baseYears, Scope scope)
    {
        connection.Execute("CREATE OR REPLACE TEMP TABLE fc_years (base_year INTEGER)");
        foreach (var year in baseYears.Distinct())
            connection.Execute($"INSERT INTO fc_years VALUES ({year.ToString(CultureInfo.InvariantCulture)})");
        connection.Execute("CREATE OR REPLACE TEMP TABLE fc_wards AS SELECT DISTINCT ward_code FROM fact_household_year WHERE is_current AND ("
                           + scope.Predicate + ")", scope.Parameters);
        connection.Execute(Sql);
        var window = connection.Scalar<int?>("SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years'") ?? 3;
        try
        {
            return Read(connection, window);
        }
        finally
        {
            connection.Execute("DROP TABLE IF EXISTS temp.fc_features; DROP TABLE IF EXISTS temp.fc_years; DROP TABLE IF EXISTS temp.fc_wards;");
        }
    }

    private static List<HouseholdRow> Read(DuckDBConnection connection, int newlyEscapedYears)
    {
        var rows = new List<HouseholdRow>();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM fc_features ORDER BY base_year, ward_code, group_code, household_id";
        using var reader = command.ExecuteReader();
        var at = Names.Take(Names.Count - 2).Select(reader.GetOrdinal).ToArray();
        int O(string name) => reader.GetOrdinal(name);
        var (id, province, ward, group, baseYear, targetYear, status, presentNext, poorNext, eligible) =
            (O("household_id"), O("province_code"), O("ward_code"), O("group_code"), O("base_year"), O("target_year"),
             O("status"), O("present_next"), O("poor_next"), O("re_poor_eligible"));
        // Unit codes and statuses repeat on millions of rows: keep one string of each.
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        string Shared(int ordinal)
        {
            var value = reader.GetString(ordinal);
            if (shared.TryGetValue(value, out var existing)) return existing;
            shared[value] = value;
            return value;
        }
        while (reader.Read())
        {
            var row = new HouseholdRow
            {
                HouseholdId = reader.GetString(id), ProvinceCode = Shared(province),
                WardCode = Shared(ward), GroupCode = Shared(group),
                BaseYear = reader.GetInt32(baseYear), TargetYear = reader.IsDBNull(targetYear) ? null : reader.GetInt32(targetYear),
                Status = Shared(status), PresentNext = reader.GetBoolean(presentNext),
                PoorNext = !reader.IsDBNull(poorNext) && reader.GetBoolean(poorNext),
                RePoorEligible = reader.GetBoolean(eligible),
            };
            for (var i = 0; i < at.Length; i++)
                row.Features[i] = reader.IsDBNull(at[i]) ? 0f : Convert.ToSingle(reader.GetValue(at[i]), CultureInfo.InvariantCulture);
            var ysa = row.Features[YearsSinceEscape];
            row.Features[NewlyEscaped] = ysa >= 0 && ysa < newlyEscapedYears ? 1f : 0f;
            row.Features[EverPoor] = row.Features[PoorRoundsBefore] > 0 || row.Features[StatusPoor] > 0 ? 1f : 0f;
            row.GroupPoorRate = row.Features[GroupPoorRate];
            rows.Add(row);
        }
        return rows;
    }

    private static string ReadSql()
    {
        using var stream = typeof(FeatureSet).Assembly.GetManifestResourceStream("Forecast.features.sql")
            ?? throw new InvalidOperationException("Embedded SQL features.sql is missing from the build.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

/// <summary>Which wards a model learns from: one ward, its province, or the whole mart.</summary>
public sealed record Scope(string Kind, string? Code)
{
    public static Scope All { get; } = new("all", null);

    public static Scope Ward(string code) => new("ward", code);

    public static Scope Province(string code) => new("province", code);

    internal string Predicate => Kind switch
    {
        "ward" => "ward_code = ?",
        "province" => "province_code = ?",
        _ => "true",
    };

    internal object?[] Parameters => Code is null ? [] : [Code];

    public override string ToString() => Code is null ? "all wards in the mart" : $"{Kind} {Code}";

    /// <summary>The scope in Vietnamese: "mọi phường, xã trong kho dữ liệu", "phường, xã DISU", "tỉnh 33".</summary>
    public string Vi => Kind switch
    {
        "ward" => $"phường, xã {Code}",
        "province" => $"tỉnh {Code}",
        _ => "mọi phường, xã trong kho dữ liệu",
    };

}
