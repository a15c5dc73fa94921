-- Public views: the stable contract officers and reports query (docs/mart.md).

CREATE OR REPLACE VIEW v_household_year AS
SELECT f.review_year, f.province_code, g.province_name, f.ward_code, g.ward_name,
       f.group_code, g.group_name, f.area, f.household_id, f.standard_id,
       f.members, f.income_per_capita_month, f.deprivation_count,
       f.computed_status, f.recorded_status, f.status, f.status_disagrees,
       t.prev_year, t.prev_status, t.transition, t.poor_rounds_before, t.years_since_escape,
       (f.status <> 'poor' AND t.years_since_escape IS NOT NULL
        AND t.years_since_escape < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years')) AS newly_escaped,
       f.lack_employment, f.lack_dependents, f.lack_nutrition, f.lack_health_insurance,
       f.lack_adult_education, f.lack_child_schooling, f.lack_housing_quality, f.lack_housing_area,
       f.lack_water, f.lack_sanitation, f.lack_telecom, f.lack_information, f.lack_waste,
       f.merit_household, f.social_protection, f.ethnic_minority, f.head_sex, f.head_birth_year,
       f.members_working_age, f.members_children, f.members_elderly, f.members_disabled,
       f.main_cause, f.load_id
FROM fact_household_year f
JOIN geo_year g ON g.is_current AND g.review_year = f.review_year
               AND g.ward_code = f.ward_code AND g.group_code = f.group_code
LEFT JOIN fact_transition t ON t.review_year = f.review_year AND t.ward_code = f.ward_code
                           AND t.household_id = f.household_id
WHERE f.is_current;

CREATE OR REPLACE VIEW v_transitions AS
SELECT t.review_year, t.prev_year, t.province_code, t.ward_code, g.ward_name,
       t.group_code, g.group_name, t.household_id, t.prev_status, t.status,
       t.transition, d.label_vi AS transition_vi, t.poor_rounds_before, t.years_since_escape
FROM fact_transition t
LEFT JOIN dim_transition d ON d.transition_code = t.transition
LEFT JOIN geo_year g ON g.is_current AND g.ward_code = t.ward_code AND g.group_code = t.group_code
                    AND g.review_year = CASE WHEN t.transition = 'left' THEN t.prev_year ELSE t.review_year END;

CREATE OR REPLACE VIEW v_group_year AS
WITH snap AS (
    SELECT review_year, ward_code, group_code, any_value(standard_id) AS standard_id,
           count(*) AS households,
           count(*) FILTER (WHERE status = 'poor') AS poor,
           count(*) FILTER (WHERE status = 'near_poor') AS near_poor,
           count(*) FILTER (WHERE status = 'average') AS average,
           count(*) FILTER (WHERE computed_status = 'poor') AS computed_poor,
           count(*) FILTER (WHERE status_disagrees) AS status_disagreements,
           count(*) FILTER (WHERE recorded_status IS NULL) AS status_not_recorded
    FROM fact_household_year WHERE is_current
    GROUP BY ALL
), flow AS (
    SELECT review_year, ward_code, group_code, any_value(prev_year) AS prev_year,
           count(*) FILTER (WHERE prev_status = 'poor') AS poor_start,
           count(*) FILTER (WHERE transition = 'stayed_poor') AS stayed_poor,
           count(*) FILTER (WHERE transition = 'escaped') AS escaped,
           count(*) FILTER (WHERE transition = 're_poor') AS re_poor,
           count(*) FILTER (WHERE transition = 'newly_poor') AS newly_poor,
           count(*) FILTER (WHERE transition = 'near_poor_to_poor') AS near_poor_to_poor,
           count(*) FILTER (WHERE transition = 'entered' AND status = 'poor') AS entered_poor,
           count(*) FILTER (WHERE transition = 'left' AND prev_status = 'poor') AS left_poor,
           count(*) FILTER (WHERE status IS NOT NULL AND status <> 'poor' AND years_since_escape
                    < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years')) AS newly_escaped
    FROM fact_transition
    GROUP BY ALL
), keys AS (
    -- A group with no household left this year still reports the poor households that left it.
    SELECT review_year, ward_code, group_code FROM snap
    UNION
    SELECT review_year, ward_code, group_code FROM flow
), names AS (
    SELECT k.review_year, k.ward_code, k.group_code,
           coalesce(g.province_code, gp.province_code) AS province_code,
           coalesce(g.province_name, gp.province_name) AS province_name,
           coalesce(g.ward_name, gp.ward_name) AS ward_name,
           coalesce(g.group_name, gp.group_name) AS group_name,
           coalesce(g.area, gp.area) AS area
    FROM keys k
    LEFT JOIN flow f USING (review_year, ward_code, group_code)
    LEFT JOIN geo_year g ON g.is_current AND g.review_year = k.review_year
                        AND g.ward_code = k.ward_code AND g.group_code = k.group_code
    LEFT JOIN geo_year gp ON gp.is_current AND gp.review_year = f.prev_year
                         AND gp.ward_code = k.ward_code AND gp.group_code = k.group_code
)
SELECT n.review_year, n.province_code, n.province_name, n.ward_code, n.ward_name,
       n.group_code, n.group_name, n.area, coalesce(s.standard_id, p.standard_id) AS standard_id,
       coalesce(s.households, 0) AS households, coalesce(s.poor, 0) AS poor,
       100.0 * coalesce(s.poor, 0) / nullif(s.households, 0) AS poor_rate,
       coalesce(s.near_poor, 0) AS near_poor,
       100.0 * coalesce(s.near_poor, 0) / nullif(s.households, 0) AS near_poor_rate,
       coalesce(s.average, 0) AS average,
       f.prev_year,
       CASE WHEN f.prev_year IS NOT NULL THEN f.poor_start END AS poor_start,
       CASE WHEN f.prev_year IS NOT NULL THEN f.escaped END AS escaped,
       CASE WHEN f.prev_year IS NOT NULL THEN f.re_poor END AS re_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.newly_poor END AS newly_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.near_poor_to_poor END AS near_poor_to_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.entered_poor END AS entered_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.left_poor END AS left_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.stayed_poor END AS stayed_poor,
       CASE WHEN f.prev_year IS NOT NULL THEN f.newly_escaped END AS newly_escaped,
       coalesce(s.computed_poor, 0) AS computed_poor,
       coalesce(s.status_disagreements, 0) AS status_disagreements,
       coalesce(s.status_not_recorded, 0) AS status_not_recorded,
       coalesce(s.households, 0) < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'small_cell_households') AS small_cell,
       t.target_poor_rate
FROM names n
LEFT JOIN snap s USING (review_year, ward_code, group_code)
LEFT JOIN flow f USING (review_year, ward_code, group_code)
LEFT JOIN dim_period p ON p.review_year = n.review_year
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = n.ward_code AND t.group_code = n.group_code
                       AND t.year = n.review_year;

CREATE OR REPLACE VIEW v_ward_year AS
WITH w AS (
    SELECT review_year, province_code, any_value(province_name) AS province_name,
           ward_code, any_value(ward_name) AS ward_name, any_value(area) AS area,
           any_value(standard_id) AS standard_id, count(*) FILTER (WHERE households > 0) AS groups,
           sum(households)::BIGINT AS households, sum(poor)::BIGINT AS poor, sum(near_poor)::BIGINT AS near_poor,
           sum(average)::BIGINT AS average, any_value(prev_year) AS prev_year,
           sum(poor_start)::BIGINT AS poor_start, sum(escaped)::BIGINT AS escaped, sum(re_poor)::BIGINT AS re_poor,
           sum(newly_poor)::BIGINT AS newly_poor, sum(near_poor_to_poor)::BIGINT AS near_poor_to_poor,
           sum(entered_poor)::BIGINT AS entered_poor, sum(left_poor)::BIGINT AS left_poor,
           sum(stayed_poor)::BIGINT AS stayed_poor, sum(newly_escaped)::BIGINT AS newly_escaped,
           sum(computed_poor)::BIGINT AS computed_poor, sum(status_disagreements)::BIGINT AS status_disagreements,
           sum(status_not_recorded)::BIGINT AS status_not_recorded
    FROM v_group_year GROUP BY review_year, province_code, ward_code
)
SELECT w.review_year, w.province_code, w.province_name, w.ward_code, w.ward_name, w.area,
       w.standard_id, w.groups, w.households,
       w.poor, 100.0 * w.poor / nullif(w.households, 0) AS poor_rate,
       w.near_poor, 100.0 * w.near_poor / nullif(w.households, 0) AS near_poor_rate,
       w.average, w.prev_year, w.poor_start,
       100.0 * w.poor_start / nullif(p.households, 0) AS poor_start_rate,
       w.escaped, w.re_poor, w.newly_poor, w.near_poor_to_poor, w.entered_poor, w.left_poor,
       w.stayed_poor, w.newly_escaped, w.computed_poor, w.status_disagreements, w.status_not_recorded,
       t.target_poor_rate
FROM w
LEFT JOIN w p ON p.ward_code = w.ward_code AND p.review_year = w.prev_year
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = w.ward_code
                       AND t.year = w.review_year AND t.group_code IS NULL;

CREATE OR REPLACE VIEW v_deprivation_by_group AS
WITH long AS (
    UNPIVOT (SELECT review_year, ward_code, group_code, standard_id, status,
                    lack_employment, lack_dependents, lack_nutrition, lack_health_insurance,
                    lack_adult_education, lack_child_schooling, lack_housing_quality,
                    lack_housing_area, lack_water, lack_sanitation, lack_telecom,
                    lack_information, lack_waste
             FROM fact_household_year WHERE is_current)
    ON lack_employment, lack_dependents, lack_nutrition, lack_health_insurance,
       lack_adult_education, lack_child_schooling, lack_housing_quality, lack_housing_area,
       lack_water, lack_sanitation, lack_telecom, lack_information, lack_waste
    INTO NAME column_name VALUE deprived
), agg AS (
    SELECT l.review_year, l.ward_code, l.group_code, l.standard_id, i.indicator_code,
           count(*) FILTER (WHERE l.deprived) AS deprived,
           count(*) FILTER (WHERE l.deprived AND l.status = 'poor') AS deprived_poor
    FROM long l
    JOIN dim_indicator i ON i.column_name = l.column_name
    JOIN dim_standard s ON s.standard_id = l.standard_id AND list_contains(s.indicators, i.indicator_code)
    GROUP BY ALL
)
SELECT a.review_year, g.province_code, g.province_name, a.ward_code, g.ward_name,
       a.group_code, g.group_name, a.standard_id, a.indicator_code, i.dimension,
       i.dimension_vi, i.label_vi, i.ordinal, y.households, y.poor,
       a.deprived, 100.0 * a.deprived / y.households AS uncensored_rate,
       a.deprived_poor, 100.0 * a.deprived_poor / y.households AS censored_rate
FROM agg a
JOIN dim_indicator i ON i.indicator_code = a.indicator_code
JOIN geo_year g ON g.is_current AND g.review_year = a.review_year
               AND g.ward_code = a.ward_code AND g.group_code = a.group_code
JOIN (SELECT review_year, ward_code, group_code, count(*) AS households, count(*) FILTER (WHERE status = 'poor') AS poor
      FROM fact_household_year WHERE is_current GROUP BY ALL) y
  ON y.review_year = a.review_year AND y.ward_code = a.ward_code AND y.group_code = a.group_code;
