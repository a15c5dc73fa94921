-- Parsing rules of the input contract, as temporary macros for this connection.
-- Whole numbers: digits only, or thousands grouped with one separator (. , or space) used
-- consistently; a single '.'/',' group such as '1.500' is ambiguous (1.5 or 1500) and refused.
-- (TRY_CAST is not strict enough: it accepts '+5', ' 5', '5.0', '5e1', '0x10' and '1_000'.)
CREATE OR REPLACE TEMP MACRO disu_int(x) AS
    CASE WHEN regexp_full_match(x, '[0-9]{1,9}') THEN CAST(x AS BIGINT) END;
CREATE OR REPLACE TEMP MACRO disu_vnd(x) AS
    CASE WHEN regexp_full_match(x, '[0-9]{1,15}') THEN CAST(x AS BIGINT)
         WHEN regexp_full_match(x, '[0-9]{1,3}(\.[0-9]{3}){2,4}') THEN CAST(replace(x, '.', '') AS BIGINT)
         WHEN regexp_full_match(x, '[0-9]{1,3}(,[0-9]{3}){2,4}') THEN CAST(replace(x, ',', '') AS BIGINT)
         WHEN regexp_full_match(x, '[0-9]{1,3}( [0-9]{3}){1,4}') THEN CAST(replace(x, ' ', '') AS BIGINT)
    END;
-- The reason for an amount disu_vnd cannot read, in Vietnamese (etl_reject.reason) and in English (reason_en).
CREATE OR REPLACE TEMP MACRO disu_vnd_reason(col, x) AS
    CASE WHEN regexp_full_match(x, '[0-9]{1,3}[.,][0-9]{3}')
         THEN col || ': ''' || x || ''' không rõ nghĩa (dấu thập phân hay dấu phân cách hàng nghìn?); hãy viết số đồng nguyên không có dấu phân cách (ví dụ 1500000) hoặc nhóm đủ các hàng nghìn (1.500.000)'
         ELSE col || ': ''' || x || ''' không phải số đồng nguyên; chỉ viết chữ số (ví dụ 1500000) hoặc nhóm hàng nghìn nhất quán (1.500.000)'
    END;
CREATE OR REPLACE TEMP MACRO disu_vnd_reason_en(col, x) AS
    CASE WHEN regexp_full_match(x, '[0-9]{1,3}[.,][0-9]{3}')
         THEN col || ': ''' || x || ''' is ambiguous (a decimal or a thousands separator?); write the whole number of VND without separators (e.g. 1500000) or with full grouping (1.500.000)'
         ELSE col || ': ''' || x || ''' is not a whole number of VND; write digits only (e.g. 1500000) or group thousands consistently (1.500.000)'
    END;
CREATE OR REPLACE TEMP MACRO disu_flag(x) AS
    CASE x WHEN '0' THEN false WHEN '1' THEN true END;
-- The classification rule (docs/poverty-standards.md), one definition for the load (snapshot_merge.sql)
-- and for reclassification (reclassify.sql). A NULL average_top (no band) leaves no 'average'.
CREATE OR REPLACE TEMP MACRO disu_status(income, line, average_top, deprivations, k) AS
    CASE WHEN income <= line AND deprivations >= k THEN 'poor'
         WHEN income <= line THEN 'near_poor'
         WHEN income <= average_top THEN 'average'
         ELSE 'not_poor' END;
