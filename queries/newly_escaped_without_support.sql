-- name: newly_escaped_without_support
-- description: Newly escaped households entitled to a program that has not reached them in the year (household level)
-- description_vi: Hộ mới thoát nghèo được hưởng chính sách nhưng chưa được hỗ trợ trong năm (danh sách hộ)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- One row per household with the programs still missing (v_support_gap).
SELECT group_code AS "Mã tổ", household_id AS "Mã hộ", status AS "Phân loại",
       count(*) AS "Số chương trình chưa hỗ trợ",
       string_agg(program_code, ', ' ORDER BY program_code) AS "Chương trình",
       string_agg(program_vi, '; ' ORDER BY program_code) AS "Chương trình (tiếng Việt)"
FROM v_support_gap
WHERE ward_code = $ward AND review_year = $year AND newly_escaped
GROUP BY group_code, household_id, status
ORDER BY group_code, household_id;
