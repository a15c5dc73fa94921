using DiSu.Analytics.Mart.Reading;
using DiSu.Analytics.Mart.Sandbox;
using DiSu.Analytics.Mart.Text;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Standards;

/// <summary>
/// What-if under another poverty standard (<c>disu standards impact</c>, migration 0016): every
/// current household of a review year classified under another standard, set-based in DuckDB, and
/// stored in <c>standard_impact</c> apart from the official status; <c>v_standard_impact</c> counts
/// it per group and ward. A reader that cannot write (a report on a read-only mart) gets the same
/// figures from the same two texts — the classification and the view's — run as one query.
/// </summary>
public static class StandardImpact
{
    /// <summary>The classification of every household of $year (and $ward) under $standard, as standard_impact's columns minus computed_at/by.</summary>
    public static string HouseholdsSql { get; } = Template(MartMigrator.ReadResource(typeof(StandardImpact).Assembly, "Standards.standard_impact.sql"));

    /// <summary>
    /// Classifies review year <paramref name="year"/> (every ward, or <paramref name="ward"/>) under
    /// <paramref name="standardId"/> and replaces the stored what-if of that year, standard (and ward)
    /// in one transaction. Returns the households written.
    /// </summary>
    public static long Store(DuckDBConnection connection, ReviewYear year, string standardId, string? ward, DateTimeOffset at, string by)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var tx = connection.BeginTransaction();
        connection.Execute("""
            DELETE FROM standard_impact
            WHERE review_year = $year::INTEGER AND standard_id = $standard::VARCHAR AND ($ward::VARCHAR IS NULL OR ward_code = $ward::VARCHAR)
            """, Parameters(year, standardId, ward));
        var written = connection.Execute(
            $"INSERT INTO standard_impact SELECT *, $at::TIMESTAMPTZ AS computed_at, $by::VARCHAR AS computed_by FROM (\n{HouseholdsSql}\n)",
            [.. Parameters(year, standardId, ward), new DuckDBParameter("at", at), new DuckDBParameter("by", by)]);
        tx.Commit();
        return written;
    }

    /// <summary>True when the what-if of <paramref name="year"/> under <paramref name="standardId"/> is stored for <paramref name="ward"/>.</summary>
    public static bool IsStored(DuckDBConnection connection, ReviewYear year, string standardId, string ward) =>
        connection.Scalar<long>("SELECT count(*) FROM standard_impact WHERE review_year = ? AND standard_id = ? AND ward_code = ?", year, standardId, ward) > 0;

    /// <summary>
    /// The rows of <c>v_standard_impact</c> for the ward (its groups in code order, then the ward
    /// row), or for every ward when <paramref name="ward"/> is null. When nothing is stored for the
    /// ward, year and standard, the view's own text runs over the classification instead of the table
    /// (no write): the same figures, with <see cref="StandardImpactRow.ComputedAt"/> null.
    /// </summary>
    public static IReadOnlyList<StandardImpactRow> Read(DuckDBConnection connection, ReviewYear year, string standardId, string? ward)
    {
        ArgumentNullException.ThrowIfNull(connection);
        const string Filter = """
            WHERE review_year = $year::INTEGER AND standard_id = $standard::VARCHAR AND ($ward::VARCHAR IS NULL OR ward_code = $ward::VARCHAR)
            ORDER BY ward_code, group_code IS NULL, group_code
            """;
        var stored = ward is null
            ? connection.Scalar<long>("SELECT count(*) FROM standard_impact WHERE review_year = ? AND standard_id = ?", year, standardId) > 0
            : IsStored(connection, year, standardId, ward);
        if (stored)
            return connection.Read<StandardImpactRow>($"SELECT * FROM v_standard_impact\n{Filter}", Parameters(year, standardId, ward));
        // The view's body with the table it reads replaced by the classification (a CTE of that name
        // takes precedence over the table in this query only).
        var body = ViewBody();
        var sql = $"WITH standard_impact AS (\n    SELECT *, NULL::TIMESTAMPTZ AS computed_at, NULL::VARCHAR AS computed_by FROM (\n{HouseholdsSql}\n    )\n)\n" +
                  $"SELECT * FROM (\n{body}\n)\n{Filter}";
        return connection.Read<StandardImpactRow>(sql, Parameters(year, standardId, ward));
    }

    /// <summary>
    /// Why the what-if cannot be computed as asked (a person's mistake, said in both languages), or
    /// null: a year outside 2000–2100, an unknown standard (the known ones listed), a ward the mart
    /// does not have, or a year with no current households (for the ward).
    /// </summary>
    public static Message? Problem(DuckDBConnection connection, int year, string standardId, string? ward)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (year is < 2000 or > 2100)
            return Message.Of($"--year {year}: năm rà soát phải từ 2000 đến 2100.", $"--year {year}: the review year must be from 2000 to 2100.");
        var known = connection.Read<StandardRow>("SELECT standard_id, decree, first_year, last_year FROM dim_standard ORDER BY first_year, standard_id");
        if (!known.Any(s => string.Equals(s.StandardId, standardId, StringComparison.Ordinal)))
        {
            var list = string.Join(", ", known.Select(s => $"{s.StandardId} ({s.Decree}, {s.FirstYear}–{s.LastYear})"));
            return Message.Of($"--standard '{Shown(standardId)}': không có chuẩn nghèo này; các chuẩn đã biết: {list}.",
                              $"--standard '{Shown(standardId)}': there is no such poverty standard; known standards: {list}.");
        }
        if (ward is not null && Wards.Find(connection, ward) is null)
        {
            var loaded = Wards.Loaded(connection);
            var some = string.Join(", ", loaded.Take(10)) + (loaded.Count > 10 ? ", …" : "");
            return Message.Of($"--ward '{Shown(ward)}': kho dữ liệu không có phường, xã này; các mã đã nạp: {(loaded.Count == 0 ? "chưa có" : some)}.",
                              $"--ward '{Shown(ward)}': the mart has no such ward; loaded codes: {(loaded.Count == 0 ? "none" : some)}.");
        }
        var code = ward is null ? null : Wards.Find(connection, ward);
        var years = connection.Read<YearRow>(
            "SELECT DISTINCT review_year FROM fact_household_year WHERE is_current AND (?::VARCHAR IS NULL OR ward_code = ?) ORDER BY 1", code, code)
            .Select(r => r.ReviewYear).ToList();
        if (!years.Contains(year))
        {
            var listed = years.Count == 0 ? null : string.Join(", ", years);
            return code is null
                ? Message.Of($"--year {year}: kho dữ liệu chưa có kết quả rà soát năm {year}; các năm đã nạp: {listed ?? "chưa có"}.",
                             $"--year {year}: the mart has no review data for {year}; loaded years: {listed ?? "none"}.")
                : Message.Of($"--year {year}: {code} chưa có kết quả rà soát năm {year}; các năm đã nạp: {listed ?? "chưa có"}.",
                             $"--year {year}: ward {code} has no review data for {year}; loaded years: {listed ?? "none"}.");
        }
        return null;
    }

    /// <summary>The standard in force in review year <paramref name="year"/> (dim_period); null when none covers it.</summary>
    public static string? StandardOf(DuckDBConnection connection, int year) =>
        connection.Scalar<string>("SELECT standard_id FROM dim_period WHERE review_year = ?", year);

    /// <summary>Labels of indicator codes in their order (dim_indicator), in Vietnamese and English.</summary>
    public static IReadOnlyList<IndicatorLabel> Labels(DuckDBConnection connection, IEnumerable<string> codes)
    {
        var wanted = codes.ToHashSet(StringComparer.Ordinal);
        return connection.Read<IndicatorLabel>("SELECT indicator_code, label_vi, label_en FROM dim_indicator ORDER BY ordinal")
            .Where(l => wanted.Contains(l.IndicatorCode)).ToList();
    }

    // A hostile value is echoed only in part, and without line breaks.
    private static string Shown(string text)
    {
        var flat = text.ReplaceLineEndings(" ");
        return flat.Length > 40 ? flat[..40] + "…" : flat;
    }

    private static object?[] Parameters(ReviewYear year, string standardId, string? ward) =>
        [new DuckDBParameter("year", year.Value), new DuckDBParameter("standard", standardId), new DuckDBParameter("ward", ward)];

    /// <summary>v_standard_impact's SELECT as migration 0016 defines it (the text the sandbox recomputes it from too).</summary>
    private static string ViewBody()
    {
        var definition = MartViews.Definitions["v_standard_impact"];
        const string Head = "AS";
        var at = definition.IndexOf("v_standard_impact", StringComparison.Ordinal) + "v_standard_impact".Length;
        var select = definition.IndexOf(Head, at, StringComparison.OrdinalIgnoreCase) + Head.Length;
        return definition[select..];
    }

    private static string Template(string sql)
    {
        var indicators = StandardsSeeder.File.Indicators;
        string Count(bool missingDeprived) => string.Join("\n             + ", indicators.Select(i =>
            $"(u_{i.Code} AND coalesce(f.{i.Column}, {(missingDeprived ? "true" : "false")}))::INT"));
        var missing = "list_filter([" + string.Join(", ", indicators.Select(i =>
            $"CASE WHEN u_{i.Code} AND f.{i.Column} IS NULL THEN '{i.Code}' END")) + "], c -> c IS NOT NULL)";
        var uses = string.Join(", ", indicators.Select(i => $"list_contains(indicators, '{i.Code}') AS u_{i.Code}"));
        return sql
            .Replace("{{DEPRIVATIONS_LOW}}", Count(false), StringComparison.Ordinal)
            .Replace("{{DEPRIVATIONS_HIGH}}", Count(true), StringComparison.Ordinal)
            .Replace("{{MISSING}}", missing, StringComparison.Ordinal)
            .Replace("{{STANDARD_USES}}", uses, StringComparison.Ordinal);
    }

    private sealed record StandardRow
    {
        public required string StandardId { get; init; }
        public required string Decree { get; init; }
        public int FirstYear { get; init; }
        public int LastYear { get; init; }
    }

    private sealed record YearRow
    {
        public int ReviewYear { get; init; }
    }
}

/// <summary>An indicator's code and its names.</summary>
public sealed record IndicatorLabel
{
    public required string IndicatorCode { get; init; }
    public required string LabelVi { get; init; }
    public required string LabelEn { get; init; }
}

/// <summary>A row of <c>v_standard_impact</c>: a residential group, or the ward (<see cref="GroupCode"/> null).</summary>
public sealed record StandardImpactRow
{
    public int ReviewYear { get; init; }
    public required string StandardId { get; init; }
    public required string YearStandardId { get; init; }
    public required string ProvinceCode { get; init; }
    public required string WardCode { get; init; }
    public string? WardName { get; init; }
    public string? GroupCode { get; init; }
    public string? GroupName { get; init; }
    public long Households { get; init; }
    public long Poor { get; init; }
    public double? PoorRate { get; init; }
    public long NearPoor { get; init; }
    public double? NearPoorRate { get; init; }
    public long Average { get; init; }
    public long ComputedPoor { get; init; }
    public long ComputedNearPoor { get; init; }
    public long ComputedAverage { get; init; }
    public long PoorLow { get; init; }
    public long PoorHigh { get; init; }
    public double? PoorRateLow { get; init; }
    public double? PoorRateHigh { get; init; }
    public long NearPoorLow { get; init; }
    public long NearPoorHigh { get; init; }
    public double? NearPoorRateLow { get; init; }
    public double? NearPoorRateHigh { get; init; }
    public long AverageLow { get; init; }
    public long AverageHigh { get; init; }
    public long ChangedLow { get; init; }
    public long ChangedHigh { get; init; }
    public long ChangedIncomeLineLow { get; init; }
    public long ChangedIncomeLineHigh { get; init; }
    public long ChangedIndicatorDroppedLow { get; init; }
    public long ChangedIndicatorDroppedHigh { get; init; }
    public long ChangedIndicatorAddedLow { get; init; }
    public long ChangedIndicatorAddedHigh { get; init; }
    public long ChangedCombinedLow { get; init; }
    public long ChangedCombinedHigh { get; init; }
    public long HouseholdsMissing { get; init; }
    public required string[] MissingIndicators { get; init; }

    /// <summary>When the stored what-if was computed (UTC); null when computed for this read only.</summary>
    public DateTime? ComputedAt { get; init; }

    public string? ComputedBy { get; init; }

    /// <summary>The bounds differ somewhere: an indicator the standard needs was not collected.</summary>
    public bool BoundsNeeded => MissingIndicators.Length > 0;
}
