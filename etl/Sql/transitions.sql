-- Transitions against each ward's previous round. Rebuilt for every ward-year whose previous
-- round or history this load may have changed: the touched ward-years, later rounds of those
-- wards, and later years of the households in the file. transitions_year.sql then fills them
-- year by year, each year reading the household's latest earlier transition row.
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

CREATE OR REPLACE TEMP TABLE scope_rounds AS
SELECT r.* FROM (
    SELECT ward_code, review_year, lag(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS prev_year
    FROM (SELECT DISTINCT ward_code, review_year FROM fact_household_year
          WHERE is_current AND ward_code IN (SELECT ward_code FROM scope))
) r JOIN scope s USING (ward_code, review_year);

-- Rebuild: the scope's ward-years, and anything at or after a touched year of a touched ward
-- (a ward-year that lost its current rows leaves no stale transitions behind).
DELETE FROM fact_transition t
WHERE EXISTS (SELECT 1 FROM scope s WHERE s.ward_code = t.ward_code AND s.review_year = t.review_year)
   OR EXISTS (SELECT 1 FROM touched w WHERE w.ward_code = t.ward_code AND t.review_year >= w.review_year);
