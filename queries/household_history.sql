-- name: household_history
-- description: One household's path through the review years: status, transition, income and deprivations
-- description_vi: Diễn biến của một hộ qua các năm rà soát: phân loại, biến động, thu nhập và thiếu hụt
-- param: household VARCHAR  Mã hộ / Household code
SELECT review_year AS "Năm", ward_code AS "Mã xã", group_code AS "Mã tổ", status AS "Phân loại",
       transition AS "Biến động", income_per_capita_month AS "Thu nhập BQ/người/tháng",
       deprivation_count AS "Số chỉ số thiếu hụt", poor_rounds_before AS "Số năm nghèo trước đó",
       years_since_escape AS "Số năm từ khi thoát nghèo", newly_escaped AS "Hộ mới thoát nghèo"
FROM v_household_year
WHERE household_id = $household
ORDER BY review_year;
