-- Transitions against each ward's previous round. Rebuilt for every ward-year whose previous
-- round or history this load may have changed: the touched ward-years, later rounds of those
-- wards and of the wards they became, and later years of the households in the file.
-- transitions_year.sql then fills them year by year, each year reading the household's latest
-- earlier transition row.
--
-- After a reorganisation a ward's previous round is also its predecessors' (geo_step): the wards
-- whose units the changes made into it, from the first review in the new units. A household whose
-- unit only changed code is paired with its own previous round, so it is neither an exit nor an entry.
CREATE OR REPLACE TEMP TABLE ward_pred AS
SELECT DISTINCT next_ward_code AS ward_code, ward_code AS pred_ward, first_review_year
FROM geo_step WHERE next_ward_code <> ward_code;

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
  AND f.household_id IN (SELECT household_id FROM touched_households)
UNION
SELECT DISTINCT f.ward_code, f.review_year
FROM fact_household_year f
JOIN ward_pred p ON p.ward_code = f.ward_code AND f.review_year >= p.first_review_year
WHERE f.is_current AND p.pred_ward IN (SELECT ward_code FROM touched);

-- The wards whose previous round a scope round continues: itself and its predecessors.
CREATE OR REPLACE TEMP TABLE round_sources AS
SELECT ward_code, review_year, ward_code AS source_ward FROM scope
UNION
SELECT s.ward_code, s.review_year, p.pred_ward
FROM scope s JOIN ward_pred p ON p.ward_code = s.ward_code AND p.first_review_year <= s.review_year;

-- A household of a source's previous round that is now in one of these wards has not left.
CREATE OR REPLACE TEMP TABLE round_stays AS
SELECT ward_code, review_year, source_ward, ward_code AS stay_ward FROM round_sources
UNION
SELECT ward_code, review_year, source_ward, source_ward FROM round_sources
UNION
SELECT r.ward_code, r.review_year, r.source_ward, g.next_ward_code
FROM round_sources r
JOIN (SELECT DISTINCT ward_code, next_ward_code, first_review_year FROM geo_step) g
  ON g.ward_code = r.source_ward AND g.first_review_year <= r.review_year;

CREATE OR REPLACE TEMP TABLE scope_rounds AS
SELECT s.ward_code, s.review_year, max(r.review_year) AS prev_year
FROM round_sources s
LEFT JOIN (SELECT DISTINCT ward_code, review_year FROM fact_household_year
           WHERE is_current AND ward_code IN (SELECT source_ward FROM round_sources)) r
  ON r.ward_code = s.source_ward AND r.review_year < s.review_year
GROUP BY s.ward_code, s.review_year;

-- Rebuild: the scope's ward-years, and anything at or after a touched year of a touched ward
-- (a ward-year that lost its current rows leaves no stale transitions behind).
DELETE FROM fact_transition t
WHERE EXISTS (SELECT 1 FROM scope s WHERE s.ward_code = t.ward_code AND s.review_year = t.review_year)
   OR EXISTS (SELECT 1 FROM touched w WHERE w.ward_code = t.ward_code AND t.review_year >= w.review_year);
