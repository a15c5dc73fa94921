-- name: near_poor_deprived
-- description: Near-poor households deprived on at least min_deprivations indicators, with the indicators
-- description_vi: Hộ cận nghèo thiếu hụt từ min_deprivations chỉ số trở lên, kèm các chỉ số thiếu hụt
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- param: min_deprivations INTEGER = 2  Số chỉ số thiếu hụt tối thiểu / Minimum number of deprivations
-- deprivation_count counts only the standard's own indicators; the list names every flag set.
SELECT h.group_code AS "Mã tổ", h.group_name AS "Tổ dân phố", h.household_id AS "Mã hộ",
       h.income_per_capita_month AS "Thu nhập BQ/người/tháng", h.deprivation_count AS "Số chỉ số thiếu hụt",
       array_to_string(list_filter([
           CASE WHEN h.lack_employment THEN 'employment' END,
           CASE WHEN h.lack_dependents THEN 'dependents' END,
           CASE WHEN h.lack_nutrition THEN 'nutrition' END,
           CASE WHEN h.lack_health_insurance THEN 'health_insurance' END,
           CASE WHEN h.lack_adult_education THEN 'adult_education' END,
           CASE WHEN h.lack_child_schooling THEN 'child_schooling' END,
           CASE WHEN h.lack_housing_quality THEN 'housing_quality' END,
           CASE WHEN h.lack_housing_area THEN 'housing_area' END,
           CASE WHEN h.lack_water THEN 'water' END,
           CASE WHEN h.lack_sanitation THEN 'sanitation' END,
           CASE WHEN h.lack_telecom THEN 'telecom' END,
           CASE WHEN h.lack_information THEN 'information_means' END,
           CASE WHEN h.lack_waste THEN 'waste' END], x -> x IS NOT NULL), ', ') AS "Chỉ số thiếu hụt"
FROM v_household_year h
WHERE h.ward_code = $ward AND h.review_year = $year AND h.status = 'near_poor'
  AND h.deprivation_count >= $min_deprivations
ORDER BY h.deprivation_count DESC, h.group_code, h.household_id;
