-- name: highest_risk
-- description: The households most likely to be poor at the next round, from the forecast of the base year (top N)
-- description_vi: Các hộ có nguy cơ nghèo cao nhất ở kỳ rà soát sau, theo dự báo từ năm gốc (N hộ đầu)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: base_year INTEGER  Năm gốc của dự báo / Base year of the forecast (disu forecast train --base-year)
-- param: top INTEGER = 20  Số hộ / Number of households
-- Empty until a forecast of that base year is trained.
SELECT r.group_code AS "Mã tổ", r.household_id AS "Mã hộ", r.status AS "Phân loại năm gốc",
       r.target_year AS "Năm dự báo", round(r.p_poor_next, 3) AS "Xác suất nghèo",
       round(r.p_re_poor_next, 3) AS "Xác suất tái nghèo",
       h.income_per_capita_month AS "Thu nhập BQ/người/tháng", h.deprivation_count AS "Số chỉ số thiếu hụt"
FROM v_household_risk r
JOIN v_household_year h ON h.review_year = r.base_year AND h.ward_code = r.ward_code AND h.household_id = r.household_id
WHERE r.ward_code = $ward AND r.base_year = $base_year
ORDER BY r.p_poor_next DESC, r.household_id
LIMIT $top;
