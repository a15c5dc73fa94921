-- name: escaped_by_group
-- description: Households that escaped poverty in the year, by residential group (with their codes)
-- description_vi: Hộ thoát nghèo trong năm theo tổ dân phố (kèm mã hộ)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- Escaped = poor in the ward's previous round, not poor now (v_transitions, transition 'escaped').
SELECT group_code AS "Mã tổ", group_name AS "Tổ dân phố", count(*) AS "Số hộ thoát nghèo",
       string_agg(household_id, ', ' ORDER BY household_id) AS "Mã hộ"
FROM v_transitions
WHERE ward_code = $ward AND review_year = $year AND transition = 'escaped'
GROUP BY group_code, group_name
ORDER BY group_code;
