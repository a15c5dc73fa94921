-- Reclassification (disu standards reclassify): the current rows of the review years a standard
-- covers (dim_period), classified again by the standard's current version with the load's rule
-- (disu_status in macros.sql). Rows already classified by that version are left alone, so a second
-- run finds nothing. Variables: reclass_standard, reclass_run, reclass_at, reclass_by.
CREATE OR REPLACE TEMP TABLE reclass_std AS
SELECT standard_id, version, min_deprivations, urban_line, rural_line, urban_average_top, rural_average_top,
       {{STANDARD_USES}}
FROM dim_standard WHERE standard_id = getvariable('reclass_standard');

-- One row per current household-year to classify again: what it was, and what it is now. The
-- board's recorded status still wins (status), as at load (snapshot_merge.sql).
CREATE OR REPLACE TEMP TABLE reclass AS
SELECT review_year, household_id, ward_code, group_code, from_standard_id, from_version, standard_id, to_version,
       old_deprivation_count, old_computed_status, old_status, recorded_status, missing_flags,
       deprivation_count, computed_status,
       coalesce(recorded_status, computed_status) AS status,
       recorded_status IS NOT NULL AND recorded_status <> computed_status AS status_disagrees
FROM (
    SELECT *, disu_status(income_per_capita_month, line, average_top, deprivation_count, min_deprivations) AS computed_status
    FROM (
        SELECT *,
               -- Only the standard's own indicators count towards the deprivation score.
               {{DEPRIVATION_COUNT}} AS deprivation_count,
               {{MISSING_FLAGS}} AS missing_flags
        FROM (
            SELECT f.review_year, f.household_id, f.ward_code, f.group_code, f.income_per_capita_month,
                   f.standard_id AS from_standard_id, f.standard_version AS from_version,
                   f.deprivation_count AS old_deprivation_count, f.computed_status AS old_computed_status,
                   f.status AS old_status, f.recorded_status,
                   s.*, s.version AS to_version,
                   CASE f.area WHEN 'urban' THEN s.urban_line ELSE s.rural_line END AS line,
                   CASE f.area WHEN 'urban' THEN s.urban_average_top ELSE s.rural_average_top END AS average_top,
                   {{FACT_FLAGS}}
            FROM fact_household_year f
            JOIN dim_period p ON p.review_year = f.review_year
            JOIN reclass_std s ON s.standard_id = p.standard_id
            WHERE f.is_current AND (f.standard_id <> s.standard_id OR f.standard_version <> s.version)
        )
    )
);

-- The classification replaced, for the rows whose computed status or status changed.
INSERT INTO status_history
SELECT getvariable('reclass_run'), review_year, household_id, ward_code, group_code, from_standard_id, from_version,
       standard_id, to_version, old_deprivation_count, old_computed_status, old_status,
       deprivation_count, computed_status, status, recorded_status, getvariable('reclass_at'), getvariable('reclass_by')
FROM reclass
WHERE computed_status <> old_computed_status OR status <> old_status;

UPDATE fact_household_year f
SET standard_id = r.standard_id, standard_version = r.to_version, deprivation_count = r.deprivation_count,
    computed_status = r.computed_status, status = r.status, status_disagrees = r.status_disagrees
FROM reclass r
WHERE f.is_current AND f.review_year = r.review_year AND f.household_id = r.household_id AND f.ward_code = r.ward_code;

-- Transitions read status only: the ward-years and households whose status changed are rebuilt.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT ward_code, review_year FROM reclass WHERE status <> old_status;

CREATE OR REPLACE TEMP TABLE touched_households AS
SELECT DISTINCT household_id FROM reclass WHERE status <> old_status;
