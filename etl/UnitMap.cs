using System.Globalization;
using DiSu.Analytics.Mart;
using DiSu.Analytics.Mart.Reading;
using DuckDB.NET.Data;

namespace DiSu.Analytics.Etl;

/// <summary>
/// Derives from the current unit changes, for every unit-year a change reaches, the unit the next
/// change makes of it (geo_step) and the unit it is today (geo_map), and marks dim_geo's retired
/// versions with their successors. Unit changes are few (one row per unit), so following their
/// chains is done here; the households are mapped set-based by the views and the transitions.
/// Rebuilt whole after every load of unit changes and of snapshots while any unit change exists.
/// </summary>
internal static class UnitMap
{
    public static bool Any(DuckDBConnection connection) =>
        connection.Scalar<long>("SELECT count(*) FROM unit_change WHERE is_current") > 0;

    public static void Rebuild(DuckDBConnection connection)
    {
        connection.Execute("DELETE FROM geo_step; DELETE FROM geo_map; DELETE FROM geo_anchor;");
        var changes = connection.Read<Change>("""
            SELECT effective_date, first_review_year, level, old_ward_code, old_code,
                   new_code, parent_code, share, load_id
            FROM unit_change WHERE is_current
            ORDER BY first_review_year, effective_date, load_id, source_row
            """);
        if (changes.Count == 0) return;

        var lastYear = changes.Max(c => c.FirstReviewYear);
        var units = connection.Read<UnitYear>("""
            SELECT DISTINCT review_year, province_code, ward_code, group_code FROM geo_year
            WHERE is_current AND review_year < ?
            """, lastYear);
        var provinceOfWard = WardProvinces(connection, changes);
        var batches = changes.GroupBy(c => (c.FirstReviewYear, c.EffectiveDate)).Select(b => new Batch(b.ToList())).ToList();

        using (var steps = connection.CreateAppender("geo_step"))
        using (var maps = connection.CreateAppender("geo_map"))
        {
            foreach (var unit in units)
            {
                var start = new Candidate(unit.ProvinceCode, unit.WardCode, unit.GroupCode, 0, 1, []);
                var current = new List<Candidate> { start };
                List<Candidate>? step = null;
                var stepYear = 0;
                foreach (var batch in batches.Where(b => b.FirstReviewYear > unit.ReviewYear))
                {
                    var next = current.SelectMany(c => batch.Apply(c, provinceOfWard)).ToList();
                    if (step is null && !SameUnits(next, current))
                    {
                        step = next;
                        stepYear = batch.FirstReviewYear;
                    }
                    current = next;
                }
                if (step is null || (current.Count == 1 && current[0].SameUnit(start))) continue;
                foreach (var c in step)
                    steps.CreateRow().AppendValue(unit.ReviewYear).AppendValue(unit.WardCode).AppendValue(unit.GroupCode)
                        .AppendValue(stepYear).AppendValue(c.Province).AppendValue(c.Ward).AppendValue(c.Group)
                        .AppendValue(c.Lo).AppendValue(c.Hi).AppendValue(step.Count).EndRow();
                foreach (var c in current)
                    maps.CreateRow().AppendValue(unit.ReviewYear).AppendValue(unit.WardCode).AppendValue(unit.GroupCode)
                        .AppendValue(c.Province).AppendValue(c.Ward).AppendValue(c.Group)
                        .AppendValue(c.Lo).AppendValue(c.Hi).AppendValue(current.Count)
                        .AppendValue(string.Join(",", c.Loads.Order().Select(l => l.ToString(CultureInfo.InvariantCulture)))).EndRow();
            }
        }
        connection.Execute(AnchorsAndSuccessors);
    }

    private static bool SameUnits(List<Candidate> a, List<Candidate> b) =>
        a.Count == b.Count && a.Zip(b).All(p => p.First.SameUnit(p.Second) && p.First.Lo.Equals(p.Second.Lo));

    /// <summary>The province of a ward a change names: its ward-level row's parent, else its latest review.</summary>
    private static Dictionary<string, string> WardProvinces(DuckDBConnection connection, IReadOnlyList<Change> changes)
    {
        var provinces = connection.Read<WardProvince>("""
            SELECT ward_code, arg_max(province_code, review_year) AS province_code FROM geo_year WHERE is_current GROUP BY ward_code
            """).ToDictionary(w => w.WardCode, w => w.ProvinceCode, StringComparer.Ordinal);
        foreach (var c in changes.Where(c => c.Level == "ward" && c.ParentCode is not null))
            provinces[c.NewCode] = c.ParentCode!;
        return provinces;
    }

    // Households of a split unit go where their own latest review puts them, when that is one of the
    // split's units; a retired dim_geo version names its successor and closes before the change.
    private const string AnchorsAndSuccessors = """
        INSERT INTO geo_anchor
        WITH split_units AS (
            SELECT DISTINCT review_year, ward_code, group_code FROM geo_map WHERE candidates > 1
        ), split AS (
            SELECT f.review_year, f.household_id, f.ward_code, f.group_code
            FROM fact_household_year f SEMI JOIN split_units s USING (review_year, ward_code, group_code)
            WHERE f.is_current
        ), latest AS (
            SELECT f.household_id,
                   arg_max(coalesce(m.as_is_ward_code, f.ward_code), f.review_year) AS ward_code,
                   arg_max(coalesce(m.as_is_group_code, f.group_code), f.review_year) AS group_code
            FROM fact_household_year f
            LEFT JOIN geo_map m ON m.review_year = f.review_year AND m.ward_code = f.ward_code AND m.group_code = f.group_code
            WHERE f.is_current AND f.household_id IN (SELECT household_id FROM split) AND coalesce(m.candidates, 1) = 1
            GROUP BY f.household_id
        )
        SELECT s.review_year, s.household_id, s.ward_code, s.group_code, min(m.share_lo)
        FROM split s
        JOIN latest l USING (household_id)
        JOIN geo_map m ON m.review_year = s.review_year AND m.ward_code = s.ward_code AND m.group_code = s.group_code
                      AND m.as_is_ward_code = l.ward_code AND m.as_is_group_code = l.group_code
        GROUP BY ALL;

        UPDATE dim_geo d
        SET successor_ward_code = s.next_wards, successor_group_code = s.next_groups,
            valid_to_year = CASE WHEN s.retired THEN least(d.valid_to_year, s.first_review_year - 1) ELSE d.valid_to_year END,
            is_current = d.is_current AND NOT s.retired
        FROM (
            SELECT g.ward_code, g.group_code, g.review_year, g.first_review_year,
                   string_agg(DISTINCT g.next_ward_code, ', ' ORDER BY g.next_ward_code) AS next_wards,
                   string_agg(DISTINCT g.next_group_code, ', ' ORDER BY g.next_group_code) AS next_groups,
                   NOT EXISTS (SELECT 1 FROM geo_year y WHERE y.is_current AND y.ward_code = g.ward_code
                                 AND y.group_code = g.group_code AND y.review_year >= g.first_review_year) AS retired
            FROM geo_step g
            WHERE g.review_year = (SELECT max(x.review_year) FROM geo_step x WHERE x.ward_code = g.ward_code AND x.group_code = g.group_code
                                     AND x.first_review_year = g.first_review_year)
            GROUP BY ALL
        ) s
        WHERE d.ward_code = s.ward_code AND d.group_code = s.group_code
          AND s.review_year BETWEEN d.valid_from_year AND d.valid_to_year;
        """;

    private sealed record Candidate(string Province, string Ward, string Group, double Lo, double Hi, IReadOnlyList<long> Loads)
    {
        public bool SameUnit(Candidate other) => Province == other.Province && Ward == other.Ward && Group == other.Group;
    }

    /// <summary>The changes of one date: a group's own rows first, else its ward's, then the province's.</summary>
    private sealed class Batch
    {
        private readonly ILookup<(string Ward, string Group), Change> groups;
        private readonly ILookup<string, Change> wards;
        private readonly ILookup<string, Change> provinces;

        public Batch(IReadOnlyList<Change> changes)
        {
            FirstReviewYear = changes[0].FirstReviewYear;
            groups = changes.Where(c => c.Level == "group").ToLookup(c => (c.OldWardCode ?? "", c.OldCode));
            wards = changes.Where(c => c.Level == "ward").ToLookup(c => c.OldCode);
            provinces = changes.Where(c => c.Level == "province").ToLookup(c => c.OldCode);
        }

        public int FirstReviewYear { get; }

        public IEnumerable<Candidate> Apply(Candidate c, IReadOnlyDictionary<string, string> provinceOfWard)
        {
            var own = groups[(c.Ward, c.Group)].ToList();
            IEnumerable<Candidate> moved;
            if (own.Count > 0)
            {
                moved = Split(c, own, (r, part) =>
                {
                    if (r.ParentCode is null)
                        return Wards(part with { Group = r.NewCode }, provinceOfWard);
                    return [part with { Ward = r.ParentCode, Group = r.NewCode, Province = provinceOfWard.GetValueOrDefault(r.ParentCode, part.Province) }];
                });
            }
            else
            {
                moved = Wards(c, provinceOfWard);
            }
            return moved.SelectMany(m => provinces[m.Province].Any()
                ? Split(m, provinces[m.Province].ToList(), (r, part) => [part with { Province = r.NewCode }])
                : [m]);
        }

        private IEnumerable<Candidate> Wards(Candidate c, IReadOnlyDictionary<string, string> provinceOfWard)
        {
            var rows = wards[c.Ward].ToList();
            return rows.Count == 0 ? [c]
                : Split(c, rows, (r, part) => [part with { Ward = r.NewCode, Province = r.ParentCode ?? provinceOfWard.GetValueOrDefault(r.NewCode, part.Province) }]);
        }

        /// <summary>One row moves the whole candidate; a split's rows share its hash interval by their shares (equal when none are given).</summary>
        private static IEnumerable<Candidate> Split(Candidate c, IReadOnlyList<Change> rows, Func<Change, Candidate, IEnumerable<Candidate>> move)
        {
            var ordered = rows.OrderBy(r => r.ParentCode, StringComparer.Ordinal).ThenBy(r => r.NewCode, StringComparer.Ordinal).ToList();
            var lo = c.Lo;
            for (var i = 0; i < ordered.Count; i++)
            {
                var share = ordered.All(r => r.Share is not null) ? ordered[i].Share!.Value : 1.0 / ordered.Count;
                var hi = i == ordered.Count - 1 ? c.Hi : lo + (c.Hi - c.Lo) * share;
                var part = c with { Lo = lo, Hi = hi, Loads = [.. c.Loads.Append(ordered[i].LoadId).Distinct()] };
                foreach (var m in move(ordered[i], part))
                    yield return m;
                lo = hi;
            }
        }
    }

    private sealed record Change
    {
        public DateTime EffectiveDate { get; init; }
        public int FirstReviewYear { get; init; }
        public required string Level { get; init; }
        public string? OldWardCode { get; init; }
        public required string OldCode { get; init; }
        public required string NewCode { get; init; }
        public string? ParentCode { get; init; }
        public double? Share { get; init; }
        public long LoadId { get; init; }
    }

    private sealed record UnitYear
    {
        public int ReviewYear { get; init; }
        public required string ProvinceCode { get; init; }
        public required string WardCode { get; init; }
        public required string GroupCode { get; init; }
    }

    private sealed record WardProvince
    {
        public required string WardCode { get; init; }
        public required string ProvinceCode { get; init; }
    }
}
