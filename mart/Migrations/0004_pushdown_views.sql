-- v_group_year and v_ward_year again, same columns and results, shaped so that a caller's filter
-- (ward_code = …, review_year = …) reaches the table scans. Before, v_group_year referenced two
-- CTEs twice each and v_ward_year joined its CTE to itself; DuckDB materialises such CTEs whole,
-- so every one-ward query aggregated every ward in the mart (NOT MATERIALIZED does not survive
-- in a stored view). Now: one aggregate over households and transitions together, and the
-- previous round's households from a window partitioned by ward.

CREATE OR REPLACE VIEW v_group_year AS
WITH counts AS (
    SELECT review_year, ward_code, group_code,
           any_value(standard_id) AS standard_id,
           count(*) FILTER (WHERE src = 'h') AS households,
           count(*) FILTER (WHERE src = 'h' AND status = 'poor') AS poor,
           count(*) FILTER (WHERE src = 'h' AND status = 'near_poor') AS near_poor,
           count(*) FILTER (WHERE src = 'h' AND status = 'average') AS average,
           count(*) FILTER (WHERE src = 'h' AND computed_status = 'poor') AS computed_poor,
           count(*) FILTER (WHERE src = 'h' AND status_disagrees) AS status_disagreements,
           count(*) FILTER (WHERE src = 'h' AND recorded_status IS NULL) AS status_not_recorded,
           count(*) FILTER (WHERE src = 't') AS transitions,
           any_value(prev_year) AS prev_year,
           count(*) FILTER (WHERE src = 't' AND prev_status = 'poor') AS poor_start,
           count(*) FILTER (WHERE src = 't' AND transition = 'stayed_poor') AS stayed_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'escaped') AS escaped,
           count(*) FILTER (WHERE src = 't' AND transition = 're_poor') AS re_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'newly_poor') AS newly_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'near_poor_to_poor') AS near_poor_to_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'entered' AND status = 'poor') AS entered_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'left' AND prev_status = 'poor') AS left_poor,
           count(*) FILTER (WHERE src = 't' AND status IS NOT NULL AND status <> 'poor' AND years_since_escape
                    < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years')) AS newly_escaped
    FROM (
        SELECT 'h' AS src, review_year, ward_code, group_code, standard_id, status, computed_status,
               status_disagrees, recorded_status, NULL::INTEGER AS prev_year, NULL::VARCHAR AS prev_status,
               NULL::VARCHAR AS transition, NULL::INTEGER AS years_since_escape
        FROM fact_household_year WHERE is_current
        UNION ALL
        SELECT 't', review_year, ward_code, group_code, NULL, status, NULL, NULL, NULL,
               prev_year, prev_status, transition, years_since_escape
        FROM fact_transition
    )
    GROUP BY review_year, ward_code, group_code
)
SELECT c.review_year,
       coalesce(g.province_code, gp.province_code) AS province_code,
       coalesce(g.province_name, gp.province_name) AS province_name,
       c.ward_code,
       coalesce(g.ward_name, gp.ward_name) AS ward_name,
       c.group_code,
       coalesce(g.group_name, gp.group_name) AS group_name,
       coalesce(g.area, gp.area) AS area,
       coalesce(c.standard_id, p.standard_id) AS standard_id,
       c.households, c.poor,
       100.0 * c.poor / nullif(c.households, 0) AS poor_rate,
       c.near_poor,
       100.0 * c.near_poor / nullif(c.households, 0) AS near_poor_rate,
       c.average,
       c.prev_year,
       CASE WHEN c.prev_year IS NOT NULL THEN c.poor_start END AS poor_start,
       CASE WHEN c.prev_year IS NOT NULL THEN c.escaped END AS escaped,
       CASE WHEN c.prev_year IS NOT NULL THEN c.re_poor END AS re_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.newly_poor END AS newly_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.near_poor_to_poor END AS near_poor_to_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.entered_poor END AS entered_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.left_poor END AS left_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.stayed_poor END AS stayed_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.newly_escaped END AS newly_escaped,
       c.computed_poor, c.status_disagreements, c.status_not_recorded,
       c.households < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'small_cell_households') AS small_cell,
       t.target_poor_rate
FROM counts c
LEFT JOIN geo_year g ON g.is_current AND g.review_year = c.review_year
                    AND g.ward_code = c.ward_code AND g.group_code = c.group_code
LEFT JOIN geo_year gp ON gp.is_current AND gp.review_year = c.prev_year
                     AND gp.ward_code = c.ward_code AND gp.group_code = c.group_code
LEFT JOIN dim_period p ON p.review_year = c.review_year
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = c.ward_code AND t.group_code = c.group_code
                       AND t.year = c.review_year;

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
), with_previous AS (
    SELECT *,
           lag(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS lag_year,
           lag(households) OVER (PARTITION BY ward_code ORDER BY review_year) AS lag_households
    FROM w
)
SELECT w.review_year, w.province_code, w.province_name, w.ward_code, w.ward_name, w.area,
       w.standard_id, w.groups, w.households,
       w.poor, 100.0 * w.poor / nullif(w.households, 0) AS poor_rate,
       w.near_poor, 100.0 * w.near_poor / nullif(w.households, 0) AS near_poor_rate,
       w.average, w.prev_year, w.poor_start,
       100.0 * w.poor_start / nullif(CASE WHEN w.lag_year = w.prev_year THEN w.lag_households END, 0) AS poor_start_rate,
       w.escaped, w.re_poor, w.newly_poor, w.near_poor_to_poor, w.entered_poor, w.left_poor,
       w.stayed_poor, w.newly_escaped, w.computed_poor, w.status_disagreements, w.status_not_recorded,
       t.target_poor_rate
FROM with_previous w
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = w.ward_code
                       AND t.year = w.review_year AND t.group_code IS NULL;
