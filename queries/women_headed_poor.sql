-- name: women_headed_poor
-- description: Poor households headed by a woman
-- description_vi: Hộ nghèo có chủ hộ là nữ
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
SELECT group_code AS "Mã tổ", group_name AS "Tổ dân phố", household_id AS "Mã hộ",
       head_birth_year AS "Năm sinh chủ hộ", members AS "Số nhân khẩu", members_children AS "Trẻ em",
       members_elderly AS "Người cao tuổi", members_disabled AS "Người khuyết tật",
       income_per_capita_month AS "Thu nhập BQ/người/tháng", deprivation_count AS "Số chỉ số thiếu hụt",
       main_cause AS "Mã nguyên nhân"
FROM v_household_year
WHERE ward_code = $ward AND review_year = $year AND status = 'poor' AND head_sex = 'F'
ORDER BY group_code, household_id;
