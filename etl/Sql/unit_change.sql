-- Unit changes (inputs.md §4): one row per change of a unit. A row names a unit the mart knows
-- (a group as WARD/GROUP, or its bare code when only one ward has it), the unit it becomes and,
-- for a split without household lists, the share of the old unit's households it takes.
-- A change is first reviewed in the year of its date (the review closes on 14 December), so a
-- change dated after 14 December is first reviewed the next year. Rows for the same unit, level
-- and date as an earlier load replace it; the old rows stay as history.
CREATE OR REPLACE TEMP TABLE uc AS
WITH s AS (
    SELECT stg.*,
           CASE WHEN regexp_full_match(effective_date, '[0-9]{4}-[0-9]{2}-[0-9]{2}') THEN try_strptime(effective_date, '%Y-%m-%d')
                WHEN regexp_full_match(effective_date, '[0-9]{1,2}/[0-9]{1,2}/[0-9]{4}') THEN try_strptime(effective_date, '%d/%m/%Y')
           END::DATE AS d,
           CASE lower(level) WHEN 'province' THEN 'province' WHEN 'tinh' THEN 'province' WHEN 'tỉnh' THEN 'province'
                             WHEN 'ward' THEN 'ward' WHEN 'xa' THEN 'ward' WHEN 'xã' THEN 'ward'
                             WHEN 'group' THEN 'group' WHEN 'to' THEN 'group' WHEN 'tổ' THEN 'group' END AS level_v,
           CASE lower(kind) WHEN 'merge' THEN 'merge' WHEN 'sap_nhap' THEN 'merge'
                            WHEN 'split' THEN 'split' WHEN 'chia_tach' THEN 'split'
                            WHEN 'rename' THEN 'rename' WHEN 'doi_ten' THEN 'rename'
                            WHEN 'move' THEN 'move' WHEN 'dieu_chinh' THEN 'move' END AS kind_v,
           CASE WHEN regexp_full_match(share, '(0|1)([.,][0-9]{1,9})?') THEN CAST(replace(share, ',', '.') AS DOUBLE) END AS share_v
    FROM stg
), units AS (
    -- every unit the mart has reviewed, with its first review and its name at its last one
    SELECT 'ward' AS level, ward_code AS ward, ward_code AS code, min(review_year) AS first_year,
           arg_max(ward_name, review_year) AS name, any_value(province_code) AS province
    FROM geo_year WHERE is_current GROUP BY ward_code
    UNION ALL
    SELECT 'group', ward_code, group_code, min(review_year), arg_max(group_name, review_year), any_value(province_code)
    FROM geo_year WHERE is_current GROUP BY ward_code, group_code
    UNION ALL
    SELECT 'province', NULL, province_code, min(review_year), arg_max(province_name, review_year), province_code
    FROM geo_year WHERE is_current GROUP BY province_code
), resolved AS (
    -- a group's old_code: WARD/GROUP, or a bare group code only one ward has
    SELECT s.*,
           CASE WHEN s.level_v = 'group' AND contains(s.old_code, '/') THEN split_part(s.old_code, '/', 1) END AS given_ward,
           CASE WHEN s.level_v = 'group' AND contains(s.old_code, '/') THEN substr(s.old_code, strpos(s.old_code, '/') + 1)
                ELSE s.old_code END AS own_code,
           year(s.d) + CASE WHEN month(s.d) = 12 AND day(s.d) > 14 THEN 1 ELSE 0 END AS first_review_year
    FROM s
), group_codes AS (
    SELECT code, count(*) AS wards, any_value(ward) AS only_ward FROM units WHERE level = 'group' GROUP BY code
), known AS (
    SELECT r.*, u.ward AS old_ward_code, u.province AS old_province_code, u.first_year AS unit_first_year, u.name AS unit_name,
           coalesce(g.wards, 0) AS wards_with_code
    FROM resolved r
    LEFT JOIN group_codes g ON r.level_v = 'group' AND g.code = r.own_code
    LEFT JOIN units u ON u.level = r.level_v AND u.code = r.own_code
                     AND (r.level_v <> 'group' OR u.ward = coalesce(r.given_ward, CASE WHEN g.wards = 1 THEN g.only_ward END))
)
SELECT k.*,
    -- r: the reason in Vietnamese (etl_reject.reason), e: in English (reason_en).
    list_filter([
        {'c': 'effective_date', 'r': CASE WHEN effective_date IS NULL THEN 'effective_date (ngay_hieu_luc) để trống; hãy ghi ngày quyết định sắp xếp có hiệu lực, ví dụ 2025-07-01'
            WHEN d IS NULL OR year(d) NOT BETWEEN 2000 AND 2100 THEN 'effective_date (ngay_hieu_luc): ''' || effective_date || ''' không phải ngày dạng yyyy-MM-dd hoặc dd/MM/yyyy từ năm 2000 đến 2100'
            WHEN unit_name IS NOT NULL AND first_review_year <= unit_first_year THEN 'effective_date (ngay_hieu_luc): ''' || effective_date ||
                 ''' không muộn hơn kỳ rà soát đầu tiên của đơn vị ' || old_code || ' (năm ' || unit_first_year || '); thay đổi phải có hiệu lực sau khi đơn vị đã được rà soát' END,
                                  'e': CASE WHEN effective_date IS NULL THEN 'effective_date is empty; give the date the reorganisation took effect, e.g. 2025-07-01'
            WHEN d IS NULL OR year(d) NOT BETWEEN 2000 AND 2100 THEN 'effective_date: ''' || effective_date || ''' is not a date yyyy-MM-dd or dd/MM/yyyy from 2000 to 2100'
            WHEN unit_name IS NOT NULL AND first_review_year <= unit_first_year THEN 'effective_date: ''' || effective_date ||
                 ''' is not after the first review of unit ' || old_code || ' (' || unit_first_year || '); a change takes effect after the unit was reviewed' END},
        {'c': 'level', 'r': CASE WHEN level IS NULL THEN 'level (cap) để trống; ghi province, ward hoặc group (tinh, xa, to)'
            WHEN level_v IS NULL THEN 'level (cap): ''' || level || ''' phải là province, ward hoặc group (tinh, xa, to)' END,
                       'e': CASE WHEN level IS NULL THEN 'level is empty; give province, ward or group'
            WHEN level_v IS NULL THEN 'level: ''' || level || ''' must be province, ward or group (tinh, xa, to)' END},
        {'c': 'kind', 'r': CASE WHEN kind IS NULL THEN 'kind (loai) để trống; ghi merge, split, rename hoặc move (sap_nhap, chia_tach, doi_ten, dieu_chinh)'
            WHEN kind_v IS NULL THEN 'kind (loai): ''' || kind || ''' phải là merge, split, rename hoặc move (sap_nhap, chia_tach, doi_ten, dieu_chinh)' END,
                      'e': CASE WHEN kind IS NULL THEN 'kind is empty; give merge, split, rename or move'
            WHEN kind_v IS NULL THEN 'kind: ''' || kind || ''' must be merge, split, rename or move (sap_nhap, chia_tach, doi_ten, dieu_chinh)' END},
        {'c': 'old_code', 'r': CASE WHEN old_code IS NULL THEN 'old_code (ma_cu) để trống; ghi mã đơn vị trước khi sắp xếp'
            WHEN level_v IS NULL THEN NULL
            WHEN level_v = 'group' AND given_ward IS NULL AND wards_with_code > 1 THEN 'old_code (ma_cu): mã tổ ''' || old_code || ''' có ở ' || wards_with_code ||
                 ' phường, xã; hãy ghi kèm mã phường, xã dạng MÃXÃ/MÃTỔ, ví dụ DISU/' || old_code
            WHEN unit_name IS NULL THEN 'old_code (ma_cu): ''' || old_code || ''' không phải ' ||
                 CASE level_v WHEN 'group' THEN 'tổ, thôn (ghi MÃXÃ/MÃTỔ)' WHEN 'ward' THEN 'phường, xã' ELSE 'tỉnh' END ||
                 ' nào đã có trong kho; hãy nạp kết quả rà soát của đơn vị trước, hoặc sửa mã' END,
                          'e': CASE WHEN old_code IS NULL THEN 'old_code is empty; give the unit''s code before the change'
            WHEN level_v IS NULL THEN NULL
            WHEN level_v = 'group' AND given_ward IS NULL AND wards_with_code > 1 THEN 'old_code: group code ''' || old_code || ''' exists in ' || wards_with_code ||
                 ' wards; write it with its ward as WARD/GROUP, e.g. DISU/' || old_code
            WHEN unit_name IS NULL THEN 'old_code: ''' || old_code || ''' is not a ' ||
                 CASE level_v WHEN 'group' THEN 'residential group (write WARD/GROUP)' WHEN 'ward' THEN 'ward' ELSE 'province' END ||
                 ' the mart knows; load the unit''s reviews first, or correct the code' END},
        {'c': 'old_name', 'r': CASE WHEN old_name IS NOT NULL AND unit_name IS NOT NULL AND lower(trim(old_name)) <> lower(trim(unit_name))
            THEN 'old_name (ten_cu): ''' || old_name || ''' khác tên của ' || old_code || ' trong kho (''' || unit_name || '''); hãy kiểm tra mã hoặc tên' END,
                          'e': CASE WHEN old_name IS NOT NULL AND unit_name IS NOT NULL AND lower(trim(old_name)) <> lower(trim(unit_name))
            THEN 'old_name: ''' || old_name || ''' differs from the name of ' || old_code || ' in the mart (''' || unit_name || '''); check the code or the name' END},
        {'c': 'new_code', 'r': CASE WHEN new_code IS NULL THEN 'new_code (ma_moi) để trống; ghi mã đơn vị sau khi sắp xếp'
            WHEN contains(new_code, '/') THEN 'new_code (ma_moi): ''' || new_code || ''' không được có dấu /; phường, xã của tổ mới ghi ở parent_code (ma_cap_tren)'
            WHEN kind_v = 'merge' AND new_code = own_code AND (level_v <> 'group' OR coalesce(parent_code, old_ward_code) = old_ward_code)
            THEN 'new_code (ma_moi): ''' || new_code || ''' là chính đơn vị cũ; một đơn vị không thể sáp nhập vào chính nó' END,
                          'e': CASE WHEN new_code IS NULL THEN 'new_code is empty; give the unit''s code after the change'
            WHEN contains(new_code, '/') THEN 'new_code: ''' || new_code || ''' must not contain /; the new group''s ward goes in parent_code'
            WHEN kind_v = 'merge' AND new_code = own_code AND (level_v <> 'group' OR coalesce(parent_code, old_ward_code) = old_ward_code)
            THEN 'new_code: ''' || new_code || ''' is the old unit itself; a unit cannot be merged into itself' END},
        {'c': 'new_name', 'r': CASE WHEN new_name IS NULL THEN 'new_name (ten_moi) để trống; ghi tên đơn vị sau khi sắp xếp' END,
                          'e': CASE WHEN new_name IS NULL THEN 'new_name is empty; give the unit''s name after the change' END},
        {'c': 'share', 'r': CASE WHEN share IS NULL THEN NULL
            WHEN kind_v IS NOT NULL AND kind_v <> 'split' THEN 'share (ty_le): chỉ ghi tỷ lệ cho dòng chia tách (split); hãy để trống'
            WHEN share_v IS NULL OR share_v > 1 THEN 'share (ty_le): ''' || share || ''' phải là số thập phân từ 0 đến 1, ví dụ 0.4' END,
                       'e': CASE WHEN share IS NULL THEN NULL
            WHEN kind_v IS NOT NULL AND kind_v <> 'split' THEN 'share: only a split row takes a share; leave it empty'
            WHEN share_v IS NULL OR share_v > 1 THEN 'share: ''' || share || ''' must be a decimal from 0 to 1, e.g. 0.4' END}
    ], e -> e.r IS NOT NULL) AS errors
FROM known k;

-- Rules over the file's good rows: an old unit changes into one unit on a date unless it is split;
-- a split's shares are all given or none, and sum to 1; no cycle of changes on one date.
CREATE OR REPLACE TEMP TABLE uc_file AS
WITH ok AS (
    SELECT row_no, level_v, kind_v, d, coalesce(old_ward_code, '') || '/' || own_code AS old_key, own_code, old_ward_code,
           CASE level_v WHEN 'group' THEN coalesce(parent_code, old_ward_code) || '/' || new_code ELSE '/' || new_code END AS new_key,
           share_v
    FROM uc WHERE len(errors) = 0
), per_old AS (
    SELECT *, count(*) OVER w AS n, count(*) FILTER (WHERE kind_v = 'split') OVER w AS splits,
           count(share_v) OVER w AS shares, sum(share_v) OVER w AS share_sum,
           string_agg(row_no::VARCHAR, ', ' ORDER BY row_no) OVER w AS rows
    FROM ok WINDOW w AS (PARTITION BY level_v, old_key, d)
), edges AS (
    SELECT DISTINCT level_v, d, CASE level_v WHEN 'group' THEN old_key ELSE '/' || own_code END AS a, new_key AS b FROM ok
), walk AS (
    -- paths along changes of one level and date; a path that returns to its start is a cycle
    WITH RECURSIVE p(level_v, d, start, node, depth) AS (
        SELECT level_v, d, a, b, 1 FROM edges WHERE a <> b
        UNION ALL
        SELECT p.level_v, p.d, p.start, e.b, p.depth + 1
        FROM p JOIN edges e ON e.level_v = p.level_v AND e.d = p.d AND e.a = p.node AND e.a <> e.b
        WHERE p.depth < 50 AND p.node <> p.start
    )
    SELECT DISTINCT level_v, d, start FROM p WHERE node = start
)
SELECT o.row_no,
       CASE WHEN o.n > 1 AND o.splits < o.n
                THEN 'đơn vị ' || o.own_code || ' có ' || o.n || ' dòng cùng ngày hiệu lực (các dòng ' || o.rows || ') mà không phải chia tách (split); mỗi đơn vị chỉ chuyển thành một đơn vị, trừ khi chia tách'
            WHEN o.splits > 0 AND o.shares > 0 AND o.shares < o.n
                THEN 'chia tách ' || o.own_code || ': có dòng ghi share (ty_le), có dòng để trống (các dòng ' || o.rows || '); hãy ghi tỷ lệ cho tất cả hoặc để trống tất cả'
            WHEN o.splits > 0 AND o.shares = o.n AND abs(o.share_sum - 1) > 0.0005
                THEN 'chia tách ' || o.own_code || ': tổng share (ty_le) là ' || round(o.share_sum, 4) || ', phải bằng 1 (các dòng ' || o.rows || ')'
            WHEN c.start IS NOT NULL
                THEN 'các thay đổi cùng ngày ' || strftime(o.d, '%d/%m/%Y') || ' tạo thành vòng (' || o.own_code || ' quay lại chính nó); hãy sửa mã mới' END AS reason,
       CASE WHEN o.n > 1 AND o.splits < o.n
                THEN 'unit ' || o.own_code || ' has ' || o.n || ' rows on one date (rows ' || o.rows || ') and is not split; a unit becomes one unit unless it is split'
            WHEN o.splits > 0 AND o.shares > 0 AND o.shares < o.n
                THEN 'split of ' || o.own_code || ': some rows give a share and some do not (rows ' || o.rows || '); give all shares or none'
            WHEN o.splits > 0 AND o.shares = o.n AND abs(o.share_sum - 1) > 0.0005
                THEN 'split of ' || o.own_code || ': the shares sum to ' || round(o.share_sum, 4) || ', they must sum to 1 (rows ' || o.rows || ')'
            WHEN c.start IS NOT NULL
                THEN 'the changes dated ' || strftime(o.d, '%Y-%m-%d') || ' form a cycle (' || o.own_code || ' comes back to itself); correct the new codes' END AS reason_en,
       CASE WHEN o.splits > 0 AND o.shares > 0 THEN 'share' WHEN c.start IS NOT NULL THEN 'new_code' ELSE 'old_code' END AS column_name
FROM per_old o
LEFT JOIN walk c ON c.level_v = o.level_v AND c.d = o.d AND c.start = CASE o.level_v WHEN 'group' THEN o.old_key ELSE '/' || o.own_code END;

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, e.c,
       CASE e.c WHEN 'effective_date' THEN effective_date WHEN 'level' THEN level WHEN 'kind' THEN kind
                WHEN 'old_code' THEN old_code WHEN 'old_name' THEN old_name WHEN 'new_code' THEN new_code
                WHEN 'new_name' THEN new_name WHEN 'share' THEN share END,
       e.r, e.e
FROM (SELECT uc.*, unnest(errors) AS e FROM uc WHERE len(errors) > 0)
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), f.row_no, f.column_name,
       CASE f.column_name WHEN 'share' THEN u.share WHEN 'new_code' THEN u.new_code ELSE u.old_code END, f.reason, f.reason_en
FROM uc_file f JOIN uc u USING (row_no) WHERE f.reason IS NOT NULL;

CREATE OR REPLACE TEMP TABLE clean AS
SELECT * FROM uc WHERE len(errors) = 0 AND row_no NOT IN (SELECT row_no FROM uc_file WHERE reason IS NOT NULL);

-- The wards whose transitions the change reaches: the new units' wards from the first review in them.
CREATE OR REPLACE TEMP TABLE touched AS
SELECT DISTINCT CASE level_v WHEN 'ward' THEN new_code WHEN 'group' THEN coalesce(parent_code, old_ward_code) END AS ward_code,
       first_review_year AS review_year
FROM clean WHERE level_v <> 'province';
CREATE OR REPLACE TEMP TABLE touched_households (household_id VARCHAR);
CREATE OR REPLACE TEMP TABLE mart_dependent (row_no BIGINT);
CREATE OR REPLACE TEMP TABLE unchanged (ward_code VARCHAR, review_year INTEGER, load_id BIGINT);

CREATE OR REPLACE TEMP TABLE replaced AS
SELECT DISTINCT u.load_id FROM unit_change u
JOIN clean c ON c.level_v = u.level AND c.d = u.effective_date AND c.own_code = u.old_code
            AND c.old_ward_code IS NOT DISTINCT FROM u.old_ward_code
WHERE u.is_current;

UPDATE unit_change u SET is_current = false, superseded_by_load = getvariable('load_id')
FROM clean c
WHERE u.is_current AND c.level_v = u.level AND c.d = u.effective_date AND c.own_code = u.old_code
  AND c.old_ward_code IS NOT DISTINCT FROM u.old_ward_code;

INSERT INTO unit_change
SELECT d, first_review_year, level_v, kind_v, old_province_code, old_ward_code, own_code, old_name, new_code, new_name,
       parent_code, share_v, getvariable('load_id'), row_no, true, NULL
FROM clean;
