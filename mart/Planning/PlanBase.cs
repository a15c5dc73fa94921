using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Mart.Planning;

/// <summary>A group of the base round with the entries the forecast expects in the plan year, in whole households.</summary>
public sealed record PlanBaseGroup(string GroupCode, string GroupName, long Households, long PoorStart, long ExpectedNewPoor, long ExpectedRePoor)
{
    /// <summary>Poor households at the end of the year if none escaped.</summary>
    public long NoEscape => PoorStart + ExpectedNewPoor + ExpectedRePoor;
}

/// <summary>
/// What every plan of a ward and year starts from, whoever makes it (<c>disu plan allocate</c>,
/// <c>disu plan set</c>, a target file): the ward's latest review round before the plan year, its
/// groups with households and poor households, and the forecast's expected entries for the year
/// (new poor including near-poor → poor, and re-poor) rounded to whole households per group by the
/// largest remainder, so that the groups add up to the rounded ward total. Without a forecast the
/// entries are 0 and <see cref="ModelId"/> is null.
/// </summary>
public sealed record PlanBase(string WardCode, int Year, int BaseYear, IReadOnlyList<PlanBaseGroup> Groups, string? ModelId,
    double ExpectedNewPoorWard, double ExpectedRePoorWard, double? TargetRate)
{
    public long Households => Groups.Sum(g => g.Households);

    public long PoorStart => Groups.Sum(g => g.PoorStart);

    /// <summary>
    /// The most poor households the ward may have at the end of the year and meet its target rate:
    /// floor(rate / 100 × households), so that the planned rate never exceeds the target. The tiny
    /// epsilon keeps an exact product (0,5% of 200 = 1) from flooring to one less.
    /// </summary>
    public long? TargetHouseholds => TargetRate is { } rate ? TargetOf(rate, Households) : null;

    public static long TargetOf(double rate, long households) => (long)Math.Floor(rate / 100 * households + 1e-9);

    /// <summary>The base of <paramref name="ward"/>'s plan for <paramref name="year"/>; null when the ward has no round before it.</summary>
    public static PlanBase? Read(DuckDBConnection connection, string ward, PlanYear year)
    {
        var baseYear = connection.Scalar<int?>("SELECT max(review_year) FROM v_ward_year WHERE ward_code = ? AND review_year < ?", ward, year);
        if (baseYear is null) return null;
        var rows = connection.Read<BaseGroupRow>("""
            SELECT g.group_code, g.group_name, g.households::BIGINT AS households, g.poor::BIGINT AS poor,
                   f.expected_new_poor, f.expected_re_poor, f.model_id
            FROM v_group_year g
            LEFT JOIN v_group_forecast f ON f.ward_code = g.ward_code AND f.group_code = g.group_code
                                        AND f.base_year = g.review_year AND f.target_year = ?
            WHERE g.ward_code = ? AND g.review_year = ? AND g.households > 0
            ORDER BY g.group_code
            """, year, ward, baseYear.Value);
        // A forecast covers every group of its base round or none: half a forecast would not add up.
        var forecast = rows.Count > 0 && rows.All(r => r.ModelId is not null);
        var newPoor = rows.Select(r => forecast ? r.ExpectedNewPoor ?? 0 : 0).ToList();
        var rePoor = rows.Select(r => forecast ? r.ExpectedRePoor ?? 0 : 0).ToList();
        var newWhole = LargestRemainder.Round(newPoor, 0);
        var reWhole = LargestRemainder.Round(rePoor, 0);
        var groups = rows.Select((r, i) => new PlanBaseGroup(r.GroupCode, r.GroupName, r.Households, r.Poor,
            (long)newWhole[i], (long)reWhole[i])).ToList();
        var rate = connection.Scalar<double?>(
            "SELECT target_poor_rate FROM fact_target WHERE is_current AND ward_code = ? AND year = ? AND group_code IS NULL", ward, year);
        return new PlanBase(ward, year.Value, baseYear.Value, groups, forecast ? rows[0].ModelId : null, newPoor.Sum(), rePoor.Sum(), rate);
    }

    private sealed record BaseGroupRow
    {
        public required string GroupCode { get; init; }
        public required string GroupName { get; init; }
        public long Households { get; init; }
        public long Poor { get; init; }
        public double? ExpectedNewPoor { get; init; }
        public double? ExpectedRePoor { get; init; }
        public string? ModelId { get; init; }
    }
}
