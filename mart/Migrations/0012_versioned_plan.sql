-- The plan as versions (issue 14): fact_target keeps the ward's adopted rate as the target files
-- give it, and gains the per-group whole-household targets a plan version holds. A version is the
-- whole set of a ward-year's group rows written at once (by `disu plan allocate`, `disu plan set`
-- or a target file with so_ho_ngheo_muc_tieu); the rows of earlier versions stay with
-- is_current = false. Each group row carries the numbers its plan was made from, so the appendix
-- prints what was decided even after a later forecast or reload: poor at the end of the base
-- year − planned escapes + expected new poor + expected re-poor = target_poor_households.

-- Rows written by the planner have no file behind them.
ALTER TABLE fact_target ALTER COLUMN load_id DROP NOT NULL;
ALTER TABLE fact_target ALTER COLUMN source_row DROP NOT NULL;

ALTER TABLE fact_target ADD COLUMN target_poor_households BIGINT;   -- a group's planned poor households at the end of the year
ALTER TABLE fact_target ADD COLUMN method VARCHAR DEFAULT 'file';   -- file | allocated | planner
ALTER TABLE fact_target ADD COLUMN plan_version INTEGER;            -- NULL: a rate only, not part of a plan
ALTER TABLE fact_target ADD COLUMN base_year INTEGER;
ALTER TABLE fact_target ADD COLUMN households BIGINT;
ALTER TABLE fact_target ADD COLUMN poor_start BIGINT;
ALTER TABLE fact_target ADD COLUMN planned_escapes BIGINT;
ALTER TABLE fact_target ADD COLUMN expected_new_poor BIGINT;
ALTER TABLE fact_target ADD COLUMN expected_re_poor BIGINT;
ALTER TABLE fact_target ADD COLUMN inputs VARCHAR;                  -- JSON: forecast model, base year, rounding, required escapes, …
ALTER TABLE fact_target ADD COLUMN created_at TIMESTAMPTZ;
ALTER TABLE fact_target ADD COLUMN author VARCHAR;

UPDATE fact_target SET created_at = l.started_at, author = l.loaded_by
FROM etl_load l WHERE l.load_id = fact_target.load_id;

-- Exactly the numbers the appendix prints: the current plan version's groups and the ward row
-- (group_code NULL) adding them up, every rate computed from the counts beside it. The ward's
-- target in households is the most poor households that keep its rate at or below the target
-- (floor, so the plan never rounds past it); shortfall = planned poor above that.
CREATE OR REPLACE VIEW v_group_plan AS
WITH g AS (
    SELECT t.year, t.base_year, t.ward_code, t.group_code, t.households, t.poor_start, t.planned_escapes,
           t.expected_new_poor, t.expected_re_poor, t.target_poor_households AS planned_poor,
           t.target_poor_rate, t.method, t.plan_version, t.author, t.created_at
    FROM fact_target t
    WHERE t.is_current AND t.plan_version IS NOT NULL AND t.group_code IS NOT NULL
), w AS (
    SELECT year, any_value(base_year) AS base_year, ward_code,
           sum(households)::BIGINT AS households, sum(poor_start)::BIGINT AS poor_start,
           sum(planned_escapes)::BIGINT AS planned_escapes, sum(expected_new_poor)::BIGINT AS expected_new_poor,
           sum(expected_re_poor)::BIGINT AS expected_re_poor, sum(planned_poor)::BIGINT AS planned_poor,
           string_agg(DISTINCT method, '+' ORDER BY method) AS method, max(plan_version) AS plan_version,
           any_value(author) AS author, max(created_at) AS created_at
    FROM g GROUP BY year, ward_code
), plan_rows AS (
    SELECT year, base_year, ward_code, group_code, households, poor_start, planned_escapes, expected_new_poor,
           expected_re_poor, planned_poor, target_poor_rate, planned_poor AS target_poor_households,
           NULL::BIGINT AS shortfall, method, plan_version, author, created_at
    FROM g
    UNION ALL
    SELECT w.year, w.base_year, w.ward_code, NULL, w.households, w.poor_start, w.planned_escapes, w.expected_new_poor,
           w.expected_re_poor, w.planned_poor, r.target_poor_rate,
           floor(r.target_poor_rate / 100 * w.households + 1e-9)::BIGINT,
           greatest(0, w.planned_poor - floor(r.target_poor_rate / 100 * w.households + 1e-9))::BIGINT,
           w.method, w.plan_version, w.author, w.created_at
    FROM w
    LEFT JOIN fact_target r ON r.is_current AND r.group_code IS NULL AND r.ward_code = w.ward_code AND r.year = w.year
)
SELECT x.year, x.base_year, n.province_code, x.ward_code, n.ward_name, x.group_code,
       coalesce(gn.group_name, n.ward_name) AS group_name,
       x.households, x.poor_start, 100.0 * x.poor_start / nullif(x.households, 0) AS poor_start_rate,
       x.planned_escapes, x.expected_new_poor, x.expected_re_poor, x.planned_poor,
       100.0 * x.planned_poor / nullif(x.households, 0) AS planned_rate,
       x.target_poor_rate, x.target_poor_households, x.shortfall,
       x.method, x.plan_version, x.author, x.created_at
FROM plan_rows x
LEFT JOIN (SELECT DISTINCT review_year, province_code, ward_code, ward_name FROM geo_year WHERE is_current) n
       ON n.review_year = x.base_year AND n.ward_code = x.ward_code
LEFT JOIN geo_year gn ON gn.is_current AND gn.review_year = x.base_year AND gn.ward_code = x.ward_code AND gn.group_code = x.group_code;
