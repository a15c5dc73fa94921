-- DuckDB writes a view's SQL back with CROSS JOIN as a comma, and "a, b LEFT JOIN c ON <a and b>"
-- then reads as "a, (b LEFT JOIN c ON ...)": a mart reopened from its file, or replayed from
-- `disu export parquet`'s views.sql, could not bind these two views ("Non-inner join on correlated
-- columns not supported"). The cross joins now sit alone in a subquery; results are unchanged.

CREATE OR REPLACE VIEW support_household_program AS
SELECT h.review_year, h.ward_code, h.group_code, h.household_id,
       any_value(h.status) AS status, any_value(h.newly_escaped) AS newly_escaped,
       h.program_code,
       list(e.rule_id ORDER BY e.rule_id) FILTER (WHERE e.rule_id IS NOT NULL) AS rule_ids,
       string_agg(e.status || coalesce(' + ' || e.indicator_code, '') || CASE WHEN e.requires_children THEN ' + children' ELSE '' END,
                  '; ' ORDER BY e.rule_id) AS entitled_by,
       bool_or(s.household_id IS NOT NULL) AS reached
FROM (
    SELECT h.*, p.program_code
    FROM (
        SELECT f.review_year, f.ward_code, f.group_code, f.household_id, f.status, f.members_children,
               coalesce(f.status <> 'poor' AND t.years_since_escape IS NOT NULL
                        AND t.years_since_escape < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years'),
                        false) AS newly_escaped,
               f.lack_employment, f.lack_dependents, f.lack_nutrition, f.lack_health_insurance,
               f.lack_adult_education, f.lack_child_schooling, f.lack_housing_quality, f.lack_housing_area,
               f.lack_water, f.lack_sanitation, f.lack_telecom, f.lack_information, f.lack_waste
        FROM fact_household_year f
        LEFT JOIN fact_transition t ON t.review_year = f.review_year AND t.ward_code = f.ward_code
                                   AND t.household_id = f.household_id
        WHERE f.is_current
    ) h
    CROSS JOIN (SELECT DISTINCT program_code FROM dim_entitlement) p
) h
LEFT JOIN (SELECT r.*, i.column_name FROM dim_entitlement r LEFT JOIN dim_indicator i USING (indicator_code)) e
       ON e.program_code = h.program_code
      AND (e.status = h.status OR (e.status = 'newly_escaped' AND h.newly_escaped))
      AND (NOT e.requires_children OR h.members_children > 0)
      AND (e.indicator_code IS NULL OR coalesce(CASE e.column_name
              WHEN 'lack_employment' THEN h.lack_employment
              WHEN 'lack_dependents' THEN h.lack_dependents
              WHEN 'lack_nutrition' THEN h.lack_nutrition
              WHEN 'lack_health_insurance' THEN h.lack_health_insurance
              WHEN 'lack_adult_education' THEN h.lack_adult_education
              WHEN 'lack_child_schooling' THEN h.lack_child_schooling
              WHEN 'lack_housing_quality' THEN h.lack_housing_quality
              WHEN 'lack_housing_area' THEN h.lack_housing_area
              WHEN 'lack_water' THEN h.lack_water
              WHEN 'lack_sanitation' THEN h.lack_sanitation
              WHEN 'lack_telecom' THEN h.lack_telecom
              WHEN 'lack_information' THEN h.lack_information
              WHEN 'lack_waste' THEN h.lack_waste
           END, false))
LEFT JOIN (SELECT DISTINCT year, ward_code, household_id, program_code FROM fact_support WHERE is_current) s
       ON s.year = h.review_year AND s.ward_code = h.ward_code AND s.household_id = h.household_id
      AND s.program_code = h.program_code
WHERE h.status IN ('poor', 'near_poor') OR h.newly_escaped
GROUP BY h.review_year, h.ward_code, h.group_code, h.household_id, h.program_code;

CREATE OR REPLACE VIEW v_support_coverage AS
SELECT g.review_year, g.province_code, g.ward_code, g.ward_name, g.group_code, g.group_name,
       g.program_code, g.label_vi AS program_vi,
       coalesce(a.in_scope, 0) AS in_scope,
       coalesce(a.entitled, 0) AS entitled,
       coalesce(a.reached, 0) AS reached,
       coalesce(a.entitled - a.reached, 0) AS gap,
       100.0 * a.reached / nullif(a.entitled, 0) AS coverage_pct,
       coalesce(a.reached_not_entitled, 0) AS reached_not_entitled,
       coalesce(a.entitled_poor, 0) AS entitled_poor,
       coalesce(a.entitled_poor - a.reached_poor, 0) AS gap_poor
FROM (SELECT g.*, p.program_code, p.label_vi FROM geo_year g CROSS JOIN dim_program p WHERE g.is_current) g
LEFT JOIN (
    SELECT review_year, ward_code, group_code, program_code,
           count(*) AS in_scope,
           count(*) FILTER (WHERE rule_ids IS NOT NULL) AS entitled,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND reached) AS reached,
           count(*) FILTER (WHERE rule_ids IS NULL AND reached) AS reached_not_entitled,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND status = 'poor') AS entitled_poor,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND status = 'poor' AND reached) AS reached_poor
    FROM support_household_program
    GROUP BY review_year, ward_code, group_code, program_code
) a ON a.review_year = g.review_year AND a.ward_code = g.ward_code AND a.group_code = g.group_code
   AND a.program_code = g.program_code
WHERE g.program_code IN (SELECT program_code FROM dim_entitlement);
