-- name: re_poor_households
-- description: Re-poor households of the year with how often they were poor before and their main cause
-- description_vi: Hộ tái nghèo trong năm, số lần nghèo trước đây và nguyên nhân chính
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
SELECT h.group_code AS "Mã tổ", h.group_name AS "Tổ dân phố", h.household_id AS "Mã hộ",
       h.prev_status AS "Phân loại năm trước", h.poor_rounds_before AS "Số năm nghèo trước đây",
       h.income_per_capita_month AS "Thu nhập BQ/người/tháng", h.deprivation_count AS "Số chỉ số thiếu hụt",
       h.main_cause AS "Mã nguyên nhân",
       CASE h.main_cause
           WHEN 'land' THEN 'Thiếu đất canh tác'
           WHEN 'capital' THEN 'Thiếu vốn sản xuất, kinh doanh'
           WHEN 'labour' THEN 'Thiếu lao động'
           WHEN 'tools' THEN 'Thiếu phương tiện sản xuất'
           WHEN 'knowledge' THEN 'Thiếu kiến thức sản xuất'
           WHEN 'skills' THEN 'Thiếu kỹ năng lao động'
           WHEN 'illness' THEN 'Có người ốm đau, bệnh nặng'
           WHEN 'other' THEN 'Nguyên nhân khác'
           ELSE 'Chưa ghi nhận'
       END AS "Nguyên nhân chính"
FROM v_household_year h
WHERE h.ward_code = $ward AND h.review_year = $year AND h.transition = 're_poor'
ORDER BY h.group_code, h.household_id;
