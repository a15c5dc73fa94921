-- Support records: checked against the contract and the loaded snapshots; a (ward, year) in
-- the file replaces that ward-year's earlier support records as a unit.
CREATE OR REPLACE TEMP TABLE chk AS
WITH s AS (
    SELECT stg.*, disu_int(stg.year) AS y, lower(stg.program) AS program_l,
           disu_vnd(stg.amount_vnd) AS amount_v
    FROM stg
)
SELECT s.*,
    -- r: the reason in Vietnamese (etl_reject.reason), e: in English (reason_en).
    list_filter([
        {'c': 'year', 'r': CASE WHEN year IS NULL THEN 'year để trống; hãy ghi năm nhận hỗ trợ'
            WHEN y IS NULL OR y NOT BETWEEN 2000 AND 2100 THEN 'year: ''' || year || ''' phải là một năm từ 2000 đến 2100' END,
                      'e': CASE WHEN year IS NULL THEN 'year is empty; give the year the support was given'
            WHEN y IS NULL OR y NOT BETWEEN 2000 AND 2100 THEN 'year: ''' || year || ''' must be a year from 2000 to 2100' END},
        {'c': 'ward_code', 'r': CASE WHEN ward_code IS NULL THEN 'ward_code để trống; đây là cột bắt buộc, hãy ghi mã phường, xã' END,
                           'e': CASE WHEN ward_code IS NULL THEN 'ward_code is empty; it is required' END},
        {'c': 'household_id', 'r': CASE WHEN household_id IS NULL THEN 'household_id để trống; mỗi bản ghi hỗ trợ phải ghi mã hộ' END,
                              'e': CASE WHEN household_id IS NULL THEN 'household_id is empty; every support record names its household' END},
        {'c': 'program', 'r': CASE WHEN program IS NULL THEN 'program để trống; hãy ghi mã chương trình, ví dụ health_insurance'
            WHEN program_l NOT IN (SELECT program_code FROM dim_program)
            THEN 'program: ''' || program || ''' không phải mã chương trình; hãy dùng một trong ' || (SELECT string_agg(program_code, ', ' ORDER BY content_area, program_code) FROM dim_program) END,
                         'e': CASE WHEN program IS NULL THEN 'program is empty; give a program code such as health_insurance'
            WHEN program_l NOT IN (SELECT program_code FROM dim_program)
            THEN 'program: ''' || program || ''' is not a program code; use one of ' || (SELECT string_agg(program_code, ', ' ORDER BY content_area, program_code) FROM dim_program) END},
        {'c': 'amount_vnd', 'r': CASE WHEN amount_vnd IS NOT NULL AND amount_v IS NULL THEN disu_vnd_reason('amount_vnd', amount_vnd) END,
                            'e': CASE WHEN amount_vnd IS NOT NULL AND amount_v IS NULL THEN disu_vnd_reason_en('amount_vnd', amount_vnd) END}
    ], e -> e.r IS NOT NULL) AS errors
FROM s;

-- The household must be in a loaded snapshot of that ward (any year).
CREATE OR REPLACE TEMP TABLE chk_unknown AS
SELECT c.row_no, c.household_id,
       'household_id ''' || c.household_id || ''' không có trong dữ liệu hộ đã nạp của phường, xã ' || c.ward_code ||
       '; hãy nạp tệp hộ của phường, xã đó trước, hoặc sửa mã hộ' AS reason,
       'household_id ''' || c.household_id || ''' is not in any loaded snapshot of ward ' || c.ward_code ||
       '; load that ward''s household snapshot first, or correct the code' AS reason_en
FROM chk c
WHERE len(c.errors) = 0
  AND NOT EXISTS (SELECT 1 FROM fact_household_year f
                  WHERE f.is_current AND f.ward_code = c.ward_code AND f.household_id = c.household_id);

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, e.c,
       CASE e.c WHEN 'year' THEN year WHEN 'ward_code' THEN ward_code WHEN 'household_id' THEN household_id
                WHEN 'program' THEN program WHEN 'amount_vnd' THEN amount_vnd END,
       e.r, e.e
FROM (SELECT chk.*, unnest(errors) AS e FROM chk WHERE len(errors) > 0)
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), row_no, 'household_id', household_id, reason, reason_en FROM chk_unknown;

CREATE OR REPLACE TEMP TABLE mart_dependent AS SELECT row_no FROM chk_unknown;

-- A ward-year delivered again with the same records as the current ones is left alone.
CREATE OR REPLACE TEMP TABLE unchanged AS
WITH incoming AS (
    SELECT ward_code, y AS review_year, count(*) AS rows,
           -- equal records may repeat; numbering them keeps them from cancelling out
           bit_xor(hash(household_id, program_l, amount_v, n)) AS fingerprint
    FROM (SELECT *, row_number() OVER (PARTITION BY ward_code, y, household_id, program_l, amount_v) AS n
          FROM chk WHERE len(errors) = 0 AND row_no NOT IN (SELECT row_no FROM chk_unknown))
    GROUP BY ALL
), present AS (
    SELECT ward_code, year AS review_year, any_value(load_id) AS load_id, count(*) AS rows,
           bit_xor(hash(household_id, program_code, amount_vnd, n)) AS fingerprint
    FROM (SELECT *, row_number() OVER (PARTITION BY ward_code, year, household_id, program_code, amount_vnd) AS n
          FROM fact_support WHERE is_current
            AND (ward_code, year) IN (SELECT DISTINCT ward_code, y FROM chk))
    GROUP BY ward_code, year
)
SELECT i.ward_code, i.review_year, p.load_id
FROM incoming i JOIN present p USING (ward_code, review_year, rows, fingerprint);

CREATE OR REPLACE TEMP VIEW clean AS
SELECT * FROM chk c
WHERE len(errors) = 0 AND row_no NOT IN (SELECT row_no FROM chk_unknown)
  AND NOT EXISTS (SELECT 1 FROM unchanged u WHERE u.ward_code = c.ward_code AND u.review_year = c.y);

CREATE OR REPLACE TEMP TABLE touched AS SELECT DISTINCT ward_code, y AS review_year FROM clean;


CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT f.load_id FROM fact_support f
JOIN touched t ON t.ward_code = f.ward_code AND t.review_year = f.year WHERE f.is_current;

UPDATE fact_support f SET is_current = false, superseded_by_load = getvariable('load_id')
FROM touched t WHERE f.is_current AND f.ward_code = t.ward_code AND f.year = t.review_year;

INSERT INTO fact_support
SELECT y, ward_code, household_id, program_l, amount_v, getvariable('load_id'), row_no, true, NULL FROM clean;
