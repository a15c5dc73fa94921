-- name: group_deprivations
-- description: Deprivation headcounts of one residential group: all deprived households and poor deprived households, per indicator
-- description_vi: Số hộ thiếu hụt từng chỉ số của một tổ dân phố: tất cả hộ thiếu hụt và hộ nghèo thiếu hụt
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- param: group VARCHAR  Mã tổ dân phố / Residential group code
SELECT indicator_code AS "Mã chỉ số", dimension_vi AS "Chiều", label_vi AS "Chỉ số", households AS "Số hộ",
       deprived AS "Hộ thiếu hụt", round(uncensored_rate, 1) AS "Tỷ lệ (%)",
       deprived_poor AS "Hộ nghèo thiếu hụt", round(censored_rate, 1) AS "Tỷ lệ hộ nghèo thiếu hụt (%)"
FROM v_deprivation_by_group
WHERE ward_code = $ward AND review_year = $year AND group_code = $group
ORDER BY ordinal;
