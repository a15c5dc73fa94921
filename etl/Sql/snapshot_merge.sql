-- Household snapshot: a ward-year in this file replaces the current one as a unit (the old rows
-- stay as history), then the clean rows are classified by the standard in force (its current
-- version, recorded in standard_version) and stored.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT ward_code, y AS review_year FROM clean;

CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT f.load_id, f.household_id
FROM fact_household_year f JOIN touched t ON t.ward_code = f.ward_code AND t.review_year = f.review_year
WHERE f.is_current;

UPDATE fact_household_year f SET is_current = false, superseded_by_load = getvariable('load_id')
FROM touched t WHERE f.is_current AND f.ward_code = t.ward_code AND f.review_year = t.review_year;

UPDATE geo_year g SET is_current = false
FROM touched t WHERE g.is_current AND g.ward_code = t.ward_code AND g.review_year = t.review_year;

INSERT INTO geo_year
SELECT DISTINCT y, province_code, nfc_normalize(province_name), ward_code, nfc_normalize(ward_name), group_code,
       nfc_normalize(group_name), area_v, getvariable('load_id'), true
FROM (SELECT DISTINCT y, province_code, province_name, ward_code, ward_name, group_code, group_name, area_v FROM clean);

INSERT INTO fact_household_year
SELECT y, household_id, province_code, ward_code, group_code, area_v, standard_id, members_v, income_v,
       {{FLAGS_STORED}},
       deprivation_count, computed_status, recorded_v,
       coalesce(recorded_v, computed_status),
       recorded_v IS NOT NULL AND recorded_v <> computed_status,
       merit_v, protection_v, minority_v,
       head_sex_v, head_birth_year_v, working_v, children_v, elderly_v, disabled_v, cause_l,
       getvariable('load_id'), row_no, true, NULL, standard_version
FROM (
    SELECT *,
           disu_status(income_v, line, average_top, deprivation_count, min_deprivations) AS computed_status
    FROM (
        SELECT *,
               CASE area_v WHEN 'urban' THEN urban_line ELSE rural_line END AS line,
               CASE area_v WHEN 'urban' THEN urban_average_top ELSE rural_average_top END AS average_top,
               -- Only the standard's own indicators count towards the deprivation score.
               {{DEPRIVATION_COUNT}} AS deprivation_count
        FROM clean JOIN std USING (standard_id)
    )
);
