-- name: merit_households
-- description: Households of people with meritorious service and their status, poor and near-poor first
-- description_vi: Hộ gia đình người có công với cách mạng và phân loại, hộ nghèo và cận nghèo trước
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
SELECT h.group_code AS "Mã tổ", h.group_name AS "Tổ dân phố", h.household_id AS "Mã hộ",
       h.status AS status, s.label_vi AS "Phân loại", h.transition_vi AS "Biến động",
       h.income_per_capita_month AS "Thu nhập BQ/người/tháng", h.deprivation_count AS "Số chỉ số thiếu hụt"
FROM (SELECT y.*, t.label_vi AS transition_vi
      FROM v_household_year y LEFT JOIN dim_transition t ON t.transition_code = y.transition) h
JOIN dim_status s ON s.status_code = h.status
WHERE h.ward_code = $ward AND h.review_year = $year AND h.merit_household
ORDER BY s.ordinal, h.group_code, h.household_id;
