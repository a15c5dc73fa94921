using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Reports;

/// <summary>A unit-change load a reading followed: when the change took effect, the file and its load.</summary>
/// <param name="RestatedYears">The review years of the ward's as-is rows this change restated.</param>
public sealed record UnitMapping(DateTime EffectiveDate, int FirstReviewYear, string FileName, long LoadId, IReadOnlyList<int> RestatedYears)
{
    public bool Equals(UnitMapping? other) => other is not null && EffectiveDate == other.EffectiveDate && FirstReviewYear == other.FirstReviewYear
        && FileName == other.FileName && LoadId == other.LoadId && RestatedYears.SequenceEqual(other.RestatedYears);

    public override int GetHashCode() => HashCode.Combine(EffectiveDate, FirstReviewYear, FileName, LoadId);
}

/// <summary>
/// Which units a document (or an API answer) reads its series in (docs/mart.md, "Reorganised
/// units"): <see cref="Asked"/> is the choice made, <see cref="Used"/> the one read. A ward that
/// is not one of today's units (merged away) has no as-is rows, so it is read as it was, and the
/// document says so (<see cref="FellBack"/>): a retired ward's own years stay exactly as filed.
/// </summary>
/// <param name="Mappings">The unit-change loads the as-is rows of the ward followed; empty when nothing was restated (or as was).</param>
/// <param name="ReorganisedYears">The first review years of the changes that reached the ward, its predecessors or its successors.</param>
public sealed record UnitReading(string WardCode, Geography Asked, Geography Used, IReadOnlyList<UnitMapping> Mappings, IReadOnlyList<int> ReorganisedYears)
{
    /// <summary>Equal by value, lists included: a document made twice from the same data has equal provenance.</summary>
    public bool Equals(UnitReading? other) => other is not null && WardCode == other.WardCode && Asked == other.Asked && Used == other.Used
        && Mappings.SequenceEqual(other.Mappings) && ReorganisedYears.SequenceEqual(other.ReorganisedYears);

    public override int GetHashCode() => HashCode.Combine(WardCode, Asked, Used, Mappings.Count, ReorganisedYears.Count);

    /// <summary>As-is was asked for a ward that is not one of today's units: read as it was.</summary>
    public bool FellBack => Asked != Used;

    /// <summary>Some of the ward's rows were restated through a unit change.</summary>
    public bool Restated => Used == Geography.AsIs && Mappings.Count > 0;

    /// <summary>The ward-year view of the reading (v_ward_year or v_ward_year_as_is).</summary>
    public string WardYear => Used.WardYear();

    /// <summary>The group-year view of the reading (v_group_year or v_group_year_as_is).</summary>
    public string GroupYear => Used.GroupYear();

    /// <summary>What the document prints about its units (<see cref="GeographyText.Note"/>); null when there is nothing to say.</summary>
    public string? Note => GeographyText.Note(this);

    /// <summary>A reading as it was for a ward no unit change reached (tests, and callers without a choice).</summary>
    public static UnitReading Plain(string wardCode) => new(wardCode, Geography.AsWas, Geography.AsWas, [], []);

    /// <summary>
    /// The reading of ward <paramref name="wardCode"/> for the choice <paramref name="asked"/>: as-is
    /// falls back to as-was when today's units have no such ward.
    /// </summary>
    public static UnitReading Resolve(DuckDBConnection connection, string wardCode, Geography asked)
    {
        var used = asked == Geography.AsIs
                   && connection.Scalar<long>("SELECT count(*) FROM v_ward_year_as_is WHERE ward_code = ?", wardCode) == 0
                   && connection.Scalar<long>("SELECT count(*) FROM v_ward_year WHERE ward_code = ?", wardCode) > 0
            ? Geography.AsWas : asked;
        // The changes that reached the ward: as a unit that changed, as the unit others became, or through its predecessors.
        var years = connection.Read<ReviewYearRow>("""
            SELECT DISTINCT first_review_year AS review_year FROM geo_step
            WHERE ward_code = ? OR next_ward_code = ?
               OR ward_code IN (SELECT ward_code FROM geo_map WHERE as_is_ward_code = ?)
            ORDER BY 1
            """, wardCode, wardCode, wardCode).Select(r => r.ReviewYear).ToList();
        IReadOnlyList<UnitMapping> mappings = used != Geography.AsIs ? [] : connection.Read<MappingRow>("""
            WITH loads AS (
                SELECT DISTINCT review_year, TRY_CAST(trim(unnest(string_split(mapping, ','))) AS BIGINT) AS load_id
                FROM geo_map WHERE as_is_ward_code = ?)
            SELECT u.effective_date::TIMESTAMP AS effective_date, u.first_review_year, coalesce(any_value(l.file_name), '') AS file_name, u.load_id,
                   list(DISTINCT loads.review_year ORDER BY loads.review_year) AS restated_years
            FROM unit_change u
            JOIN loads ON loads.load_id = u.load_id
            LEFT JOIN etl_load l ON l.load_id = u.load_id
            WHERE u.is_current
            GROUP BY u.effective_date, u.first_review_year, u.load_id
            ORDER BY u.effective_date, u.load_id
            """, wardCode).Select(r => new UnitMapping(r.EffectiveDate, r.FirstReviewYear, r.FileName, r.LoadId, r.RestatedYears)).ToList();
        // A load that changed other units at other dates is named by the dates of the changes that reached this ward.
        mappings = mappings.Where(m => years.Contains(m.FirstReviewYear)).ToList();
        return new UnitReading(wardCode, asked, used, mappings, years);
    }

    /// <summary>The reading of a document that prints years <paramref name="years"/> only: the changes that restated none of them are not named.</summary>
    public UnitReading Within(IEnumerable<int> years)
    {
        var shown = years.ToHashSet();
        return this with { Mappings = Mappings.Where(m => m.RestatedYears.Any(shown.Contains)).ToList() };
    }

    /// <summary>The ward's years as the year rule reads them (<see cref="YearGuard"/>), in the reading's units.</summary>
    public ReportYears Years(DuckDBConnection connection) => ReportYears.Read(connection, WardCode) with { ReviewYears = ReviewYears(connection) };

    /// <summary>The ward's review years in the reading's units (as is: its predecessors' years too).</summary>
    public IReadOnlyList<int> ReviewYears(DuckDBConnection connection) =>
        connection.Read<ReviewYearRow>($"SELECT DISTINCT review_year FROM {WardYear} WHERE ward_code = ? ORDER BY 1", WardCode).Select(r => r.ReviewYear).ToList();

    private sealed record MappingRow
    {
        public DateTime EffectiveDate { get; init; }
        public int FirstReviewYear { get; init; }
        public required string FileName { get; init; }
        public long LoadId { get; init; }
        public int[] RestatedYears { get; init; } = [];
    }
}
