-- Household snapshot: type every value and test every row rule in one pass; only the rows that
-- fail get their detailed reasons (one reject per broken rule). {{...}} fragments are generated
-- from SnapshotRules.cs. Input: view stg (row_no + contract columns as trimmed text, NULL = empty).
CREATE OR REPLACE TEMP TABLE std AS
SELECT standard_id, version AS standard_version, decree, min_deprivations, urban_line, rural_line, urban_average_top, rural_average_top,
       {{STANDARD_USES}}
FROM dim_standard;

-- typed: every value parsed, and ok = no rule broken. chk keeps only what later steps need;
-- the raw text of the few failing rows is read again from the view for their reasons.
CREATE OR REPLACE TEMP VIEW typed AS
SELECT *, NOT ({{ANY_BROKEN}}) AS ok
FROM (
    SELECT stg.*,
           disu_int(stg.review_year) AS y,
           std.*,
           CASE lower(stg.area) WHEN 'urban' THEN 'urban' WHEN 'thanh_thi' THEN 'urban'
                                WHEN 'rural' THEN 'rural' WHEN 'nong_thon' THEN 'rural' END AS area_v,
           CASE WHEN disu_int(stg.members) BETWEEN 1 AND 50 THEN disu_int(stg.members) END AS members_v,
           disu_vnd(stg.income_per_capita_month) AS income_v,
           disu_int(stg.head_birth_year) AS head_birth_year_v,
           disu_int(stg.members_working_age) AS working_v,
           disu_int(stg.members_children) AS children_v,
           disu_int(stg.members_elderly) AS elderly_v,
           disu_int(stg.members_disabled) AS disabled_v,
           CASE lower(stg.head_sex) WHEN 'm' THEN 'M' WHEN 'nam' THEN 'M' WHEN 'f' THEN 'F' WHEN 'nữ' THEN 'F'
                ELSE CASE nfc_normalize(lower(stg.head_sex)) WHEN 'nữ' THEN 'F' END END AS head_sex_v,
           CASE lower(stg.recorded_status)
                WHEN 'poor' THEN 'poor' WHEN 'ngheo' THEN 'poor'
                WHEN 'near_poor' THEN 'near_poor' WHEN 'can_ngheo' THEN 'near_poor'
                WHEN 'average' THEN 'average' WHEN 'trung_binh' THEN 'average'
                WHEN 'not_poor' THEN 'not_poor' WHEN 'khong_ngheo' THEN 'not_poor' END AS recorded_v,
           lower(stg.main_cause) AS cause_l
    FROM stg
    LEFT JOIN dim_period p ON p.review_year = disu_int(stg.review_year)
    LEFT JOIN std ON std.standard_id = p.standard_id
);

CREATE OR REPLACE TEMP TABLE chk AS
SELECT row_no, ok,
       -- CASE evaluates the reasons only for the rows that fail.
       CASE WHEN NOT ok THEN list_filter({{REASONS}}, e -> e.r IS NOT NULL) END AS errors,
       y, standard_id, province_code, province_name, ward_code, ward_name, group_code, group_name,
       area, area_v, household_id, members_v, income_v,
       {{FLAGS_TYPED}},
       disu_flag(merit_household) AS merit_v, disu_flag(social_protection) AS protection_v,
       disu_flag(ethnic_minority) AS minority_v,
       head_sex_v, head_birth_year_v, working_v, children_v, elderly_v, disabled_v, cause_l, recorded_v
FROM typed;

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, e.c, e.v, e.r, e.e
FROM (SELECT row_no, unnest(errors) AS e FROM chk WHERE NOT ok);

-- A household_id twice in one review year of the file: both rows go, the pair is named.
CREATE OR REPLACE TEMP TABLE chk_bad AS
WITH keys AS (
    SELECT household_id, y FROM chk WHERE household_id IS NOT NULL AND y IS NOT NULL
    GROUP BY ALL HAVING count(*) > 1
), dup AS (
    SELECT c.row_no, c.household_id, c.y,
           count(*) OVER (PARTITION BY c.household_id, c.y) AS n,
           string_agg(c.row_no::VARCHAR, ', ' ORDER BY c.row_no) OVER (PARTITION BY c.household_id, c.y) AS rows
    FROM chk c JOIN keys k ON k.household_id = c.household_id AND k.y = c.y
)
SELECT row_no, 'household_id' AS c, household_id AS v,
       'household_id ''' || household_id || ''' xuất hiện ' || n || ' lần trong năm rà soát ' || y || ' của tệp này (các dòng ' || rows || '); hãy giữ một dòng cho mỗi hộ' AS r,
       'household_id ''' || household_id || ''' appears ' || n || ' times in review year ' || y || ' of this file (rows ' || rows || '); keep one row per household' AS e
FROM dup;

-- Names and area must agree within a unit and year: the majority wins, the other rows are named.
-- Names are compared in NFC (the same name typed on two systems may differ in bytes only);
-- the work is done on the few distinct variants, not on every row.
CREATE OR REPLACE TEMP TABLE geo_variants AS
SELECT *, nfc_normalize(province_name) AS province_name_n, nfc_normalize(ward_name) AS ward_name_n,
       nfc_normalize(group_name) AS group_name_n
FROM (SELECT y, province_code, province_name, ward_code, ward_name, group_code, group_name, area, area_v, count(*) AS n
      FROM chk WHERE ok AND row_no NOT IN (SELECT row_no FROM chk_bad) GROUP BY ALL);

-- One row per attribute and unit: the value a variant gives, and how many rows give it
-- (the unit named in English and, unit_vi, in Vietnamese).
CREATE OR REPLACE TEMP TABLE geo_claims AS
SELECT v.*, x.attr, x.unit, x.unit_vi, x.value
FROM geo_variants v,
LATERAL (SELECT unnest([
    {'attr': 'province_code', 'unit': 'ward ' || v.ward_code, 'unit_vi': 'phường, xã ' || v.ward_code, 'value': v.province_code},
    {'attr': 'province_name', 'unit': 'province ' || v.province_code, 'unit_vi': 'tỉnh ' || v.province_code, 'value': v.province_name_n},
    {'attr': 'ward_name', 'unit': 'ward ' || v.ward_code, 'unit_vi': 'phường, xã ' || v.ward_code, 'value': v.ward_name_n},
    {'attr': 'group_name', 'unit': 'group ' || v.ward_code || '/' || v.group_code, 'unit_vi': 'tổ, thôn ' || v.ward_code || '/' || v.group_code, 'value': v.group_name_n},
    {'attr': 'area', 'unit': 'ward ' || v.ward_code, 'unit_vi': 'phường, xã ' || v.ward_code, 'value': v.area_v}
], recursive := true)) x;

-- The value most rows give wins; with a tie there is no majority and every row of the unit is
-- named, listing the values, rather than picking one at random.
INSERT INTO chk_bad
WITH tally AS (
    SELECT y, attr, unit, unit_vi, value, sum(n) AS n FROM geo_claims GROUP BY ALL
), verdict AS (
    SELECT y, attr, unit, unit_vi,
           arg_max(value, n) AS top_value, max(n) AS top_n,
           count(*) FILTER (WHERE n = (SELECT max(t2.n) FROM tally t2 WHERE t2.y = t.y AND t2.attr = t.attr AND t2.unit = t.unit)) AS tied,
           string_agg('''' || value || ''' in ' || n || ' row' || CASE WHEN n > 1 THEN 's' ELSE '' END, ', ' ORDER BY n DESC, value) AS variants,
           string_agg('''' || value || ''' ở ' || n || ' dòng', ', ' ORDER BY n DESC, value) AS variants_vi,
           count(*) AS values
    FROM tally t GROUP BY ALL
), odd AS (
    SELECT g.*, v.top_value, v.tied, v.variants, v.variants_vi
    FROM geo_claims g JOIN verdict v USING (y, attr, unit, unit_vi)
    WHERE v.values > 1 AND (v.tied > 1 OR g.value <> v.top_value)
)
SELECT c.row_no, o.attr,
       CASE o.attr WHEN 'province_code' THEN c.province_code WHEN 'province_name' THEN c.province_name
                   WHEN 'ward_name' THEN c.ward_name WHEN 'group_name' THEN c.group_name ELSE c.area END,
       CASE WHEN o.tied > 1
            THEN o.attr || ' khác nhau giữa các dòng của ' || o.unit_vi || ' năm ' || o.y || ' (' || o.variants_vi || '); hãy sửa cho thống nhất'
            ELSE o.attr || ': ''' || o.value || ''' khác với ''' || o.top_value || ''' mà phần lớn các dòng của ' || o.unit_vi || ' ghi' ||
                 CASE WHEN o.attr = 'area' THEN '; cả phường, xã là thành thị hoặc nông thôn' ELSE '' END || '; hãy sửa cho thống nhất'
       END,
       CASE WHEN o.tied > 1
            THEN o.attr || ' differs between the rows of ' || o.unit || ' in ' || o.y || ' (' || o.variants || '); make them agree'
            ELSE o.attr || ': ''' || o.value || ''' differs from ''' || o.top_value || ''' given for ' || o.unit || ' in most rows' ||
                 CASE WHEN o.attr = 'area' THEN '; a ward is urban or rural as a whole' ELSE '' END
       END
FROM chk c
JOIN odd o USING (y, province_code, province_name, ward_code, ward_name, group_code, group_name, area)
WHERE c.ok;

UPDATE chk SET ok = false WHERE ok AND row_no IN (SELECT row_no FROM chk_bad);

-- A household already in another ward in the same year (and that ward-year is not replaced
-- by this file) is a conflict: reported, not loaded.
CREATE OR REPLACE TEMP TABLE chk_conflict AS
SELECT c.row_no, 'household_id' AS c, c.household_id AS v,
       'household_id ''' || c.household_id || ''' đã thuộc phường, xã ' || f.ward_code || ' năm ' || c.y ||
       ' (lần nạp #' || f.load_id || '); mỗi hộ chỉ thuộc một phường, xã trong một năm — hãy sửa mã phường, xã hoặc sửa tệp kia' AS r,
       'household_id ''' || c.household_id || ''' is already in ward ' || f.ward_code || ' for ' || c.y ||
       ' (load #' || f.load_id || '); a household belongs to one ward per year — correct the ward or the other file' AS e
FROM chk c
JOIN fact_household_year f ON f.is_current AND f.household_id = c.household_id AND f.review_year = c.y
                          AND f.ward_code <> c.ward_code
WHERE c.ok
  AND NOT EXISTS (SELECT 1 FROM chk o WHERE o.ok AND o.ward_code = f.ward_code AND o.y = f.review_year);

UPDATE chk SET ok = false WHERE ok AND row_no IN (SELECT row_no FROM chk_conflict);

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, c, v, r, e FROM chk_bad
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), row_no, c, v, r, e FROM chk_conflict;

CREATE OR REPLACE TEMP TABLE mart_dependent AS SELECT row_no FROM chk_conflict;

-- A ward-year delivered again with the same content as the current one (whatever the file's
-- bytes, row order or number format) is left alone: no replacement, no new history. Only
-- ward-years that already have current data are compared, so a first load pays nothing.
CREATE OR REPLACE TEMP TABLE candidates AS
SELECT DISTINCT g.ward_code, g.review_year, g.load_id
FROM geo_year g
WHERE g.is_current AND EXISTS (SELECT 1 FROM chk c WHERE c.ok AND c.ward_code = g.ward_code AND c.y = g.review_year);

CREATE OR REPLACE TEMP TABLE unchanged AS
WITH incoming AS (
    SELECT c.ward_code, c.y AS review_year, count(*) AS rows,
           bit_xor(hash(c.household_id, c.province_code, nfc_normalize(c.province_name), nfc_normalize(c.ward_name),
                        c.group_code, nfc_normalize(c.group_name), c.area_v, c.members_v::BIGINT, c.income_v::BIGINT,
                        {{FLAGS_STORED_C}}, c.merit_v, c.protection_v, c.minority_v, c.head_sex_v,
                        c.head_birth_year_v::BIGINT, c.working_v::BIGINT, c.children_v::BIGINT, c.elderly_v::BIGINT,
                        c.disabled_v::BIGINT, c.cause_l, c.recorded_v)) AS fingerprint
    FROM chk c JOIN candidates k ON k.ward_code = c.ward_code AND k.review_year = c.y
    WHERE c.ok GROUP BY ALL
), present AS (
    SELECT f.ward_code, f.review_year, count(*) AS rows,
           bit_xor(hash(f.household_id, f.province_code, g.province_name, g.ward_name,
                        f.group_code, g.group_name, f.area, f.members::BIGINT, f.income_per_capita_month::BIGINT,
                        f.lack_employment, f.lack_dependents, f.lack_nutrition, f.lack_health_insurance,
                        f.lack_adult_education, f.lack_child_schooling, f.lack_housing_quality, f.lack_housing_area,
                        f.lack_water, f.lack_sanitation, f.lack_telecom, f.lack_information, f.lack_waste,
                        f.merit_household, f.social_protection, f.ethnic_minority, f.head_sex,
                        f.head_birth_year::BIGINT, f.members_working_age::BIGINT, f.members_children::BIGINT,
                        f.members_elderly::BIGINT, f.members_disabled::BIGINT, f.main_cause, f.recorded_status)) AS fingerprint
    FROM fact_household_year f
    JOIN candidates k ON k.ward_code = f.ward_code AND k.review_year = f.review_year
    JOIN geo_year g ON g.is_current AND g.review_year = f.review_year AND g.ward_code = f.ward_code AND g.group_code = f.group_code
    WHERE f.is_current GROUP BY ALL
)
SELECT i.ward_code, i.review_year, k.load_id
FROM incoming i
JOIN present p USING (ward_code, review_year, rows, fingerprint)
JOIN candidates k USING (ward_code, review_year);

CREATE OR REPLACE TEMP VIEW clean AS
SELECT * FROM chk c
WHERE ok AND NOT EXISTS (SELECT 1 FROM unchanged u WHERE u.ward_code = c.ward_code AND u.review_year = c.y);
