-- Transitions against each ward's previous round, rebuilt for every ward-year whose previous
-- round or history this load may have changed: the touched ward-years, later rounds of those
-- wards, and later years of the households in the file.
CREATE OR REPLACE TEMP TABLE scope AS
SELECT DISTINCT f.ward_code, f.review_year
FROM fact_household_year f
JOIN (SELECT ward_code, min(review_year) AS from_year FROM touched GROUP BY ward_code) t
  ON t.ward_code = f.ward_code AND f.review_year >= t.from_year
WHERE f.is_current
UNION
SELECT DISTINCT f.ward_code, f.review_year
FROM fact_household_year f
WHERE f.is_current AND f.review_year > (SELECT min(review_year) FROM touched)
  AND f.household_id IN (SELECT household_id FROM touched_households);

CREATE OR REPLACE TEMP TABLE rounds AS
SELECT ward_code, review_year, lag(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS prev_year
FROM (SELECT DISTINCT ward_code, review_year FROM fact_household_year
      WHERE is_current AND ward_code IN (SELECT ward_code FROM scope));

-- Rebuild: the scope's ward-years, and anything at or after a touched year of a touched ward
-- (a ward-year that lost its current rows leaves no stale transitions behind).
DELETE FROM fact_transition t
WHERE EXISTS (SELECT 1 FROM scope s WHERE s.ward_code = t.ward_code AND s.review_year = t.review_year)
   OR EXISTS (SELECT 1 FROM touched w WHERE w.ward_code = t.ward_code AND t.review_year >= w.review_year);

CREATE OR REPLACE TEMP TABLE scope_rounds AS
SELECT r.* FROM rounds r JOIN scope s USING (ward_code, review_year);

CREATE OR REPLACE TEMP TABLE history AS
WITH hh AS (
    SELECT DISTINCT f.household_id
    FROM fact_household_year f
    JOIN scope_rounds r ON r.ward_code = f.ward_code AND f.review_year IN (r.review_year, r.prev_year)
    WHERE f.is_current
), h AS (
    SELECT f.household_id, f.review_year, f.status,
           coalesce(count_if(f.status = 'poor') OVER w, 0) AS poor_before,
           max(CASE WHEN f.status = 'poor' THEN f.review_year END) OVER w AS last_poor_year
    FROM fact_household_year f
    WHERE f.is_current AND f.household_id IN (SELECT household_id FROM hh)
    WINDOW w AS (PARTITION BY f.household_id ORDER BY f.review_year ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
)
SELECT household_id, review_year, status, poor_before,
       -- escape year = first non-poor year after the last poor one
       CASE WHEN status <> 'poor' AND last_poor_year IS NOT NULL
            THEN review_year - min(CASE WHEN status <> 'poor' THEN review_year END)
                               OVER (PARTITION BY household_id, last_poor_year) END AS years_since_escape
FROM h;

INSERT INTO fact_transition
SELECT c.review_year, r.prev_year, c.province_code, c.ward_code, c.group_code, c.household_id,
       p.status, c.status,
       CASE WHEN r.prev_year IS NULL THEN NULL
            WHEN p.household_id IS NULL THEN 'entered'
            WHEN p.status = 'poor' AND c.status = 'poor' THEN 'stayed_poor'
            WHEN p.status = 'poor' THEN 'escaped'
            WHEN c.status = 'poor' AND h.poor_before > 0 THEN 're_poor'
            WHEN c.status = 'poor' AND p.status = 'near_poor' THEN 'near_poor_to_poor'
            WHEN c.status = 'poor' THEN 'newly_poor'
            ELSE 'stayed_not_poor' END,
       h.poor_before, h.years_since_escape
FROM fact_household_year c
JOIN scope_rounds r ON r.ward_code = c.ward_code AND r.review_year = c.review_year
JOIN history h ON h.household_id = c.household_id AND h.review_year = c.review_year
LEFT JOIN fact_household_year p ON p.is_current AND p.household_id = c.household_id
                                AND p.ward_code = c.ward_code AND p.review_year = r.prev_year
WHERE c.is_current
UNION ALL
SELECT r.review_year, r.prev_year, p.province_code, p.ward_code, p.group_code, p.household_id,
       p.status, NULL, 'left',
       h.poor_before + (p.status = 'poor')::INT, NULL
FROM scope_rounds r
JOIN fact_household_year p ON p.is_current AND p.ward_code = r.ward_code AND p.review_year = r.prev_year
JOIN history h ON h.household_id = p.household_id AND h.review_year = p.review_year
WHERE NOT EXISTS (SELECT 1 FROM fact_household_year x
                  WHERE x.is_current AND x.ward_code = r.ward_code AND x.review_year = r.review_year
                    AND x.household_id = p.household_id);
