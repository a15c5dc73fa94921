-- Features known at base year t and labels at t+1 (the ward's next round), one row per household
-- present at t. Input: temp table fc_years(base_year) and temp table fc_wards(ward_code) (the
-- pooling scope). Nothing here reads a year after t except the label columns.
CREATE OR REPLACE TEMP TABLE fc_features AS
WITH rounds AS (
    SELECT ward_code, review_year,
           lag(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS prev_year,
           lead(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS next_year
    FROM (SELECT DISTINCT ward_code, review_year FROM fact_household_year WHERE is_current)
), grp AS (
    SELECT review_year, ward_code, group_code, count(*) AS households,
           avg((status = 'poor')::DOUBLE) AS poor_rate, avg((status = 'near_poor')::DOUBLE) AS near_rate
    FROM fact_household_year WHERE is_current GROUP BY ALL
), ward AS (
    SELECT review_year, ward_code, avg((status = 'poor')::DOUBLE) AS poor_rate
    FROM fact_household_year WHERE is_current GROUP BY ALL
), support AS (
    SELECT year, ward_code, household_id, count(*) AS n,
           bool_or(program_code = 'health_insurance') AS health_insurance,
           bool_or(program_code = 'credit') AS credit,
           bool_or(program_code IN ('vocational_training', 'job_placement')) AS training,
           sum(coalesce(amount_vnd, 0)) AS amount
    FROM fact_support WHERE is_current GROUP BY ALL
)
SELECT f.household_id, f.province_code, f.ward_code, f.group_code, f.review_year AS base_year, r.next_year AS target_year,
       f.status,
       -- labels (t+1)
       n.household_id IS NOT NULL AS present_next,
       n.status = 'poor' AS poor_next,
       coalesce(t.poor_rounds_before, 0) > 0 AND f.status <> 'poor' AS re_poor_eligible,
       -- features (t)
       ln(1 + f.income_per_capita_month) AS income_log,
       f.income_per_capita_month / CASE f.area WHEN 'urban' THEN s.urban_line ELSE s.rural_line END AS income_ratio,
       CASE WHEN pv.household_id IS NULL THEN 0 ELSE ln((1 + f.income_per_capita_month) / (1 + pv.income_per_capita_month)) END AS income_change,
       (pv.household_id IS NOT NULL)::INT AS seen_before,
       coalesce(f.lack_employment, false)::INT AS lack_employment, coalesce(f.lack_dependents, false)::INT AS lack_dependents,
       coalesce(f.lack_nutrition, false)::INT AS lack_nutrition, coalesce(f.lack_health_insurance, false)::INT AS lack_health_insurance,
       coalesce(f.lack_adult_education, false)::INT AS lack_adult_education, coalesce(f.lack_child_schooling, false)::INT AS lack_child_schooling,
       coalesce(f.lack_housing_quality, false)::INT AS lack_housing_quality, coalesce(f.lack_housing_area, false)::INT AS lack_housing_area,
       coalesce(f.lack_water, false)::INT AS lack_water, coalesce(f.lack_sanitation, false)::INT AS lack_sanitation,
       coalesce(f.lack_telecom, false)::INT AS lack_telecom, coalesce(f.lack_information, false)::INT AS lack_information,
       coalesce(f.lack_waste, false)::INT AS lack_waste,
       f.deprivation_count, f.members,
       (f.members_children + f.members_elderly) / f.members AS dependency_ratio,
       f.members_working_age / f.members AS working_share,
       (f.members_disabled > 0)::INT AS has_disabled,
       f.merit_household::INT AS merit_household, f.social_protection::INT AS social_protection,
       f.ethnic_minority::INT AS ethnic_minority, (f.head_sex = 'F')::INT AS head_female,
       f.review_year - f.head_birth_year AS head_age,
       (f.status = 'poor')::INT AS status_poor, (f.status = 'near_poor')::INT AS status_near_poor,
       (f.status = 'average')::INT AS status_average,
       coalesce(t.poor_rounds_before, 0) AS poor_rounds_before,
       coalesce(t.years_since_escape, -1) AS years_since_escape,
       coalesce(sp.n, 0) AS support_count, coalesce(sp.health_insurance, false)::INT AS support_health_insurance,
       coalesce(sp.credit, false)::INT AS support_credit, coalesce(sp.training, false)::INT AS support_training,
       ln(1 + coalesce(sp.amount, 0)) AS support_amount_log,
       g.poor_rate AS group_poor_rate, g.near_rate AS group_near_poor_rate,
       g.poor_rate - coalesce(gp.poor_rate, g.poor_rate) AS group_poor_rate_change,
       w.poor_rate AS ward_poor_rate, (f.area = 'urban')::INT AS urban
FROM fact_household_year f
JOIN fc_years y ON y.base_year = f.review_year
JOIN fc_wards sw ON sw.ward_code = f.ward_code
JOIN rounds r ON r.ward_code = f.ward_code AND r.review_year = f.review_year
JOIN dim_standard s ON s.standard_id = f.standard_id
JOIN grp g ON g.review_year = f.review_year AND g.ward_code = f.ward_code AND g.group_code = f.group_code
JOIN ward w ON w.review_year = f.review_year AND w.ward_code = f.ward_code
LEFT JOIN grp gp ON gp.review_year = r.prev_year AND gp.ward_code = f.ward_code AND gp.group_code = f.group_code
LEFT JOIN fact_transition t ON t.review_year = f.review_year AND t.ward_code = f.ward_code AND t.household_id = f.household_id
LEFT JOIN fact_household_year pv ON pv.is_current AND pv.review_year = r.prev_year AND pv.ward_code = f.ward_code
                                AND pv.household_id = f.household_id
LEFT JOIN support sp ON sp.year = f.review_year AND sp.ward_code = f.ward_code AND sp.household_id = f.household_id
LEFT JOIN fact_household_year n ON n.is_current AND n.review_year = r.next_year AND n.ward_code = f.ward_code
                               AND n.household_id = f.household_id
WHERE f.is_current;
