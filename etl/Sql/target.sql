-- Plan targets: a percent 0–100 ('0.31', also '0,31' or '0.31%'); a (ward, year, group) in the
-- file replaces the earlier target for it. A group row may instead (or also) give the group's
-- planned poor households (target_poor_households, whole ≥ 0): those rows become a plan version
-- of their ward-year (TargetPlans.cs, after this script), so they are not inserted here.
CREATE OR REPLACE TEMP TABLE chk AS
WITH s AS (
    SELECT stg.*, disu_int(stg.year) AS y,
           CASE WHEN regexp_full_match(stg.target_poor_rate, '[0-9]{1,3}([.,][0-9]{1,6})?%?')
                THEN CAST(replace(replace(stg.target_poor_rate, '%', ''), ',', '.') AS DOUBLE) END AS rate_v,
           disu_int(stg.target_poor_households) AS households_v
    FROM stg
)
SELECT s.*,
    -- r: the reason in Vietnamese (etl_reject.reason), e: in English (reason_en).
    list_filter([
        {'c': 'year', 'r': CASE WHEN year IS NULL THEN 'year để trống; hãy ghi năm kế hoạch'
            WHEN y IS NULL OR y NOT BETWEEN 2000 AND 2100 THEN 'year: ''' || year || ''' phải là một năm từ 2000 đến 2100' END,
                      'e': CASE WHEN year IS NULL THEN 'year is empty; give the plan year'
            WHEN y IS NULL OR y NOT BETWEEN 2000 AND 2100 THEN 'year: ''' || year || ''' must be a year from 2000 to 2100' END},
        {'c': 'ward_code', 'r': CASE WHEN ward_code IS NULL THEN 'ward_code để trống; đây là cột bắt buộc, hãy ghi mã phường, xã' END,
                           'e': CASE WHEN ward_code IS NULL THEN 'ward_code is empty; it is required' END},
        {'c': 'target_poor_rate', 'r': CASE WHEN target_poor_rate IS NULL AND (target_poor_households IS NULL OR group_code IS NULL) THEN 'target_poor_rate để trống; hãy ghi tỷ lệ hộ nghèo mục tiêu theo phần trăm, ví dụ 0.31'
            WHEN target_poor_rate IS NULL THEN NULL
            WHEN rate_v IS NULL OR rate_v > 100 THEN 'target_poor_rate: ''' || target_poor_rate || ''' phải là phần trăm từ 0 đến 100, ví dụ 0.31 cho 0,31%' END,
                                  'e': CASE WHEN target_poor_rate IS NULL AND (target_poor_households IS NULL OR group_code IS NULL) THEN 'target_poor_rate is empty; give the target poor-household rate in percent, e.g. 0.31'
            WHEN target_poor_rate IS NULL THEN NULL
            WHEN rate_v IS NULL OR rate_v > 100 THEN 'target_poor_rate: ''' || target_poor_rate || ''' must be a percent from 0 to 100, e.g. 0.31 for 0.31%' END},
        {'c': 'target_poor_households', 'r': CASE WHEN target_poor_households IS NULL THEN NULL
            WHEN households_v IS NULL THEN 'target_poor_households (so_ho_ngheo_muc_tieu): ''' || target_poor_households ||
                 ''' không phải số hộ nguyên không âm; ghi số hộ nghèo mục tiêu của tổ vào cuối năm, ví dụ 3'
            WHEN group_code IS NULL THEN 'target_poor_households (so_ho_ngheo_muc_tieu): ''' || target_poor_households ||
                 ''' ở dòng toàn xã (không có mã tổ); số hộ mục tiêu ghi cho từng tổ dân phố / thôn, chỉ tiêu toàn xã là tỷ lệ (ty_le_ngheo_muc_tieu)' END,
                                        'e': CASE WHEN target_poor_households IS NULL THEN NULL
            WHEN households_v IS NULL THEN 'target_poor_households: ''' || target_poor_households ||
                 ''' is not a whole number of households >= 0; give the group''s target poor households at the end of the year, e.g. 3'
            WHEN group_code IS NULL THEN 'target_poor_households: ''' || target_poor_households ||
                 ''' on the ward row (no group code); household targets are given per group, the ward''s target is the rate (target_poor_rate)' END}
    ], e -> e.r IS NOT NULL) AS errors
FROM s;

CREATE OR REPLACE TEMP TABLE chk_dup AS
SELECT row_no,
       'mục tiêu của phường, xã ' || ward_code || coalesce(' tổ, thôn ' || group_code, '') || ' năm ' || y ||
       ' có ' || n || ' lần trong tệp này (các dòng ' || rows || '); hãy giữ một' AS reason,
       'the target for ward ' || ward_code || coalesce(' group ' || group_code, '') || ' in ' || y ||
       ' is given ' || n || ' times in this file (rows ' || rows || '); keep one' AS reason_en
FROM (SELECT row_no, ward_code, group_code, y, count(*) OVER w AS n,
             string_agg(row_no::VARCHAR, ', ' ORDER BY row_no) OVER w AS rows
      FROM chk WHERE len(errors) = 0
      WINDOW w AS (PARTITION BY ward_code, group_code, y))
WHERE n > 1;

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, e.c,
       CASE e.c WHEN 'year' THEN year WHEN 'ward_code' THEN ward_code WHEN 'target_poor_rate' THEN target_poor_rate
                WHEN 'target_poor_households' THEN target_poor_households END,
       e.r, e.e
FROM (SELECT chk.*, unnest(errors) AS e FROM chk WHERE len(errors) > 0)
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), d.row_no, 'target_poor_rate', c.target_poor_rate, d.reason, d.reason_en
FROM chk_dup d JOIN chk c USING (row_no);

-- Rows TargetPlans.cs rejects for what the mart holds (a group the base round does not have, a
-- target the group's households cannot reach) leave clean too.
CREATE OR REPLACE TEMP TABLE plan_reject (row_no BIGINT);
CREATE OR REPLACE TEMP VIEW clean AS
SELECT * FROM chk WHERE len(errors) = 0 AND row_no NOT IN (SELECT row_no FROM chk_dup) AND row_no NOT IN (SELECT row_no FROM plan_reject);

CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT ward_code, y AS review_year FROM clean;
CREATE OR REPLACE TEMP TABLE mart_dependent (row_no BIGINT);
CREATE OR REPLACE TEMP TABLE unchanged (ward_code VARCHAR, review_year INTEGER, load_id BIGINT);

CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT f.load_id FROM fact_target f
JOIN clean c ON c.ward_code = f.ward_code AND c.y = f.year AND c.group_code IS NOT DISTINCT FROM f.group_code
WHERE f.is_current AND f.load_id IS NOT NULL;

-- A group's new rate keeps the group's place in the current plan version (its planned households).
CREATE OR REPLACE TEMP TABLE target_prev AS
SELECT f.* FROM fact_target f
JOIN clean c ON c.ward_code = f.ward_code AND c.y = f.year AND c.group_code = f.group_code
WHERE f.is_current AND f.plan_version IS NOT NULL AND c.households_v IS NULL;

UPDATE fact_target f SET is_current = false, superseded_by_load = getvariable('load_id')
FROM clean c WHERE f.is_current AND c.ward_code = f.ward_code AND c.y = f.year
               AND c.group_code IS NOT DISTINCT FROM f.group_code AND c.households_v IS NULL;

INSERT INTO fact_target (year, ward_code, group_code, target_poor_rate, load_id, source_row, is_current, superseded_by_load,
                         target_poor_households, method, plan_version, base_year, households, poor_start, planned_escapes,
                         expected_new_poor, expected_re_poor, inputs, created_at, author)
SELECT c.y, c.ward_code, c.group_code, c.rate_v, getvariable('load_id'), c.row_no, true, NULL,
       p.target_poor_households, coalesce(p.method, 'file'), p.plan_version, p.base_year, p.households, p.poor_start, p.planned_escapes,
       p.expected_new_poor, p.expected_re_poor, p.inputs, l.started_at, l.loaded_by
FROM clean c
JOIN etl_load l ON l.load_id = getvariable('load_id')
LEFT JOIN target_prev p ON p.ward_code = c.ward_code AND p.year = c.y AND p.group_code = c.group_code
WHERE c.households_v IS NULL;
