-- name: poor_without_health_insurance
-- description: Poor households deprived of health insurance, and whether a health-insurance support record exists that year
-- description_vi: Hộ nghèo thiếu hụt bảo hiểm y tế, và đã có bản ghi hỗ trợ BHYT trong năm chưa
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
SELECT h.group_code AS "Mã tổ", h.group_name AS "Tổ dân phố", h.household_id AS "Mã hộ",
       h.members AS "Số nhân khẩu", h.deprivation_count AS "Số chỉ số thiếu hụt",
       EXISTS (SELECT 1 FROM fact_support s
               WHERE s.is_current AND s.ward_code = h.ward_code AND s.household_id = h.household_id
                 AND s.year = h.review_year AND s.program_code = 'health_insurance') AS "Đã hỗ trợ BHYT"
FROM v_household_year h
WHERE h.ward_code = $ward AND h.review_year = $year AND h.status = 'poor' AND h.lack_health_insurance
ORDER BY h.group_code, h.household_id;
