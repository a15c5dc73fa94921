-- Household snapshot: a ward-year in this file replaces the current one as a unit (the old rows
-- stay as history), then the clean rows are classified by the standard in force and stored.
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
SELECT DISTINCT y, province_code, province_name, ward_code, ward_name, group_code, group_name, area_v,
       getvariable('load_id'), true
FROM clean;

INSERT INTO fact_household_year
SELECT y, household_id, province_code, ward_code, group_code, area_v, standard_id, members_v, income_v,
       f_employment, f_dependents, f_nutrition, f_health_insurance, f_adult_education, f_child_schooling,
       f_housing_quality, f_housing_area, f_water, f_sanitation, f_telecom, f_information, f_waste,
       deprivation_count, computed_status, recorded_v,
       coalesce(recorded_v, computed_status),
       recorded_v IS NOT NULL AND recorded_v <> computed_status,
       disu_flag(merit_household), disu_flag(social_protection), disu_flag(ethnic_minority),
       head_sex_v, head_birth_year_v, working_v, children_v, elderly_v, disabled_v, cause_l,
       getvariable('load_id'), row_no, true, NULL
FROM (
    SELECT *,
           CASE WHEN income_v <= line AND deprivation_count >= min_deprivations THEN 'poor'
                WHEN income_v <= line THEN 'near_poor'
                WHEN income_v <= average_top THEN 'average'
                ELSE 'not_poor' END AS computed_status
    FROM (
        SELECT c.*, s.min_deprivations,
               CASE c.area_v WHEN 'urban' THEN s.urban_line ELSE s.rural_line END AS line,
               CASE c.area_v WHEN 'urban' THEN s.urban_average_top ELSE s.rural_average_top END AS average_top,
               -- Only the standard's own indicators count towards the deprivation score.
               (list_contains(s.indicators, 'employment') AND coalesce(f_employment, false))::INT
             + (list_contains(s.indicators, 'dependents') AND coalesce(f_dependents, false))::INT
             + (list_contains(s.indicators, 'nutrition') AND coalesce(f_nutrition, false))::INT
             + (list_contains(s.indicators, 'health_insurance') AND coalesce(f_health_insurance, false))::INT
             + (list_contains(s.indicators, 'adult_education') AND coalesce(f_adult_education, false))::INT
             + (list_contains(s.indicators, 'child_schooling') AND coalesce(f_child_schooling, false))::INT
             + (list_contains(s.indicators, 'housing_quality') AND coalesce(f_housing_quality, false))::INT
             + (list_contains(s.indicators, 'housing_area') AND coalesce(f_housing_area, false))::INT
             + (list_contains(s.indicators, 'water') AND coalesce(f_water, false))::INT
             + (list_contains(s.indicators, 'sanitation') AND coalesce(f_sanitation, false))::INT
             + (list_contains(s.indicators, 'telecom') AND coalesce(f_telecom, false))::INT
             + (list_contains(s.indicators, 'information_means') AND coalesce(f_information, false))::INT
             + (list_contains(s.indicators, 'waste') AND coalesce(f_waste, false))::INT AS deprivation_count
        FROM (
            SELECT clean.*,
                   disu_flag(lack_employment) AS f_employment, disu_flag(lack_dependents) AS f_dependents,
                   disu_flag(lack_nutrition) AS f_nutrition, disu_flag(lack_health_insurance) AS f_health_insurance,
                   disu_flag(lack_adult_education) AS f_adult_education, disu_flag(lack_child_schooling) AS f_child_schooling,
                   disu_flag(lack_housing_quality) AS f_housing_quality, disu_flag(lack_housing_area) AS f_housing_area,
                   disu_flag(lack_water) AS f_water, disu_flag(lack_sanitation) AS f_sanitation,
                   disu_flag(lack_telecom) AS f_telecom, disu_flag(lack_information) AS f_information,
                   disu_flag(lack_waste) AS f_waste
            FROM clean
        ) c
        JOIN dim_standard s ON s.standard_id = c.standard_id
    )
);
