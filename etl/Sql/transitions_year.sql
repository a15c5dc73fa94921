-- Transitions of the scope's ward-years in review year getvariable('transition_year').
-- h = the household's latest transition row before this year (any ward): it carries the status
-- then, the poor rounds before it and the years since escape, so history is never rescanned.
INSERT INTO fact_transition
WITH rounds AS (
    SELECT * FROM scope_rounds WHERE review_year = getvariable('transition_year')
), cur AS (
    SELECT c.review_year, r.prev_year, c.province_code, c.ward_code, c.group_code, c.household_id, c.status
    FROM fact_household_year c JOIN rounds r ON r.ward_code = c.ward_code
    WHERE c.is_current AND c.review_year = getvariable('transition_year')
), earlier AS (
    SELECT household_id, review_year, ward_code, status, poor_rounds_before, years_since_escape
    FROM fact_transition
    WHERE review_year < getvariable('transition_year') AND status IS NOT NULL
      AND household_id IN (SELECT household_id FROM cur)
), joined AS (
    SELECT cur.*,
           CASE WHEN h.review_year = cur.prev_year AND s.source_ward IS NOT NULL THEN h.status END AS prev_status,
           coalesce(h.poor_rounds_before + (h.status = 'poor')::INT, 0) AS poor_before,
           CASE WHEN cur.status = 'poor' THEN NULL
                WHEN h.status = 'poor' THEN 0
                ELSE h.years_since_escape + (cur.review_year - h.review_year) END AS years_since_escape
    FROM cur ASOF LEFT JOIN earlier h
      ON h.household_id = cur.household_id AND cur.review_year > h.review_year
    -- the previous round counts when it was this ward's or a predecessor's (round_sources)
    LEFT JOIN round_sources s ON s.ward_code = cur.ward_code AND s.review_year = cur.review_year AND s.source_ward = h.ward_code
)
SELECT review_year, prev_year, province_code, ward_code, group_code, household_id, prev_status, status,
       CASE WHEN prev_year IS NULL THEN NULL
            WHEN prev_status IS NULL THEN 'entered'
            WHEN prev_status = 'poor' AND status = 'poor' THEN 'stayed_poor'
            WHEN prev_status = 'poor' THEN 'escaped'
            WHEN status = 'poor' AND poor_before > 0 THEN 're_poor'
            WHEN status = 'poor' AND prev_status = 'near_poor' THEN 'near_poor_to_poor'
            WHEN status = 'poor' THEN 'newly_poor'
            ELSE 'stayed_not_poor' END,
       poor_before, years_since_escape
FROM joined
UNION ALL
-- Left: in the previous round of this ward or of a predecessor whose unit (by its hash share, for a
-- split) became this ward, and now in none of the wards that round continues into.
SELECT r.review_year, r.prev_year, coalesce(g.next_province_code, t.province_code), r.ward_code,
       coalesce(g.next_group_code, t.group_code), t.household_id,
       t.status, NULL, 'left', t.poor_rounds_before + (t.status = 'poor')::INT, NULL
FROM rounds r
JOIN round_sources s ON s.ward_code = r.ward_code AND s.review_year = r.review_year
JOIN fact_transition t ON t.ward_code = s.source_ward AND t.review_year = r.prev_year AND t.status IS NOT NULL
LEFT JOIN geo_step g ON g.review_year = t.review_year AND g.ward_code = t.ward_code AND g.group_code = t.group_code
                    AND g.first_review_year <= r.review_year
                    AND hash(t.household_id) / 18446744073709551616.0 >= g.share_lo
                    AND hash(t.household_id) / 18446744073709551616.0 < g.share_hi
WHERE coalesce(g.next_ward_code, t.ward_code) = r.ward_code
  AND NOT EXISTS (SELECT 1 FROM fact_household_year x
                  JOIN round_stays w ON w.stay_ward = x.ward_code
                  WHERE x.is_current AND x.review_year = r.review_year AND x.household_id = t.household_id
                    AND w.ward_code = r.ward_code AND w.review_year = r.review_year AND w.source_ward = t.ward_code);
