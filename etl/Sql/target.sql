-- Plan targets: a percent 0–100 ('0.31', also '0,31' or '0.31%'); a (ward, year, group) in the
-- file replaces the earlier target for it.
CREATE OR REPLACE TEMP TABLE chk AS
WITH s AS (
    SELECT stg.*, disu_int(stg.year) AS y,
           CASE WHEN regexp_full_match(stg.target_poor_rate, '[0-9]{1,3}([.,][0-9]{1,6})?%?')
                THEN CAST(replace(replace(stg.target_poor_rate, '%', ''), ',', '.') AS DOUBLE) END AS rate_v
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
        {'c': 'target_poor_rate', 'r': CASE WHEN target_poor_rate IS NULL THEN 'target_poor_rate để trống; hãy ghi tỷ lệ hộ nghèo mục tiêu theo phần trăm, ví dụ 0.31'
            WHEN rate_v IS NULL OR rate_v > 100 THEN 'target_poor_rate: ''' || target_poor_rate || ''' phải là phần trăm từ 0 đến 100, ví dụ 0.31 cho 0,31%' END,
                                  'e': CASE WHEN target_poor_rate IS NULL THEN 'target_poor_rate is empty; give the target poor-household rate in percent, e.g. 0.31'
            WHEN rate_v IS NULL OR rate_v > 100 THEN 'target_poor_rate: ''' || target_poor_rate || ''' must be a percent from 0 to 100, e.g. 0.31 for 0.31%' END}
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
       CASE e.c WHEN 'year' THEN year WHEN 'ward_code' THEN ward_code WHEN 'target_poor_rate' THEN target_poor_rate END,
       e.r, e.e
FROM (SELECT chk.*, unnest(errors) AS e FROM chk WHERE len(errors) > 0)
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), d.row_no, 'target_poor_rate', c.target_poor_rate, d.reason, d.reason_en
FROM chk_dup d JOIN chk c USING (row_no);

CREATE OR REPLACE TEMP VIEW clean AS
SELECT * FROM chk WHERE len(errors) = 0 AND row_no NOT IN (SELECT row_no FROM chk_dup);

CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT ward_code, y AS review_year FROM clean;
CREATE OR REPLACE TEMP TABLE mart_dependent (row_no BIGINT);
CREATE OR REPLACE TEMP TABLE unchanged (ward_code VARCHAR, review_year INTEGER, load_id BIGINT);

CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT f.load_id FROM fact_target f
JOIN clean c ON c.ward_code = f.ward_code AND c.y = f.year AND c.group_code IS NOT DISTINCT FROM f.group_code
WHERE f.is_current;

UPDATE fact_target f SET is_current = false, superseded_by_load = getvariable('load_id')
FROM clean c WHERE f.is_current AND c.ward_code = f.ward_code AND c.y = f.year
               AND c.group_code IS NOT DISTINCT FROM f.group_code;

INSERT INTO fact_target
SELECT y, ward_code, group_code, rate_v, getvariable('load_id'), row_no, true, NULL FROM clean;
