-- name: ward_summary
-- description: The ward in one year: households, poor and near-poor counts and rates, the year's flows and the plan target
-- description_vi: Tổng hợp toàn xã trong năm: số hộ, hộ nghèo, cận nghèo và tỷ lệ, biến động trong năm, chỉ tiêu
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- The flows in the words of docs/mart.md ("Flows of poor households"): Hộ nghèo (cuối kỳ) = Hộ nghèo đầu kỳ
-- − Thoát nghèo + Phát sinh mới (newly_poor + near_poor_to_poor) + Tái nghèo + Chuyển đến − Chuyển đi.
SELECT ward_name AS "Xã/phường", review_year AS "Năm", groups AS "Số tổ", households AS "Tổng số hộ",
       poor AS "Hộ nghèo", round(poor_rate, 2) AS "Tỷ lệ hộ nghèo (%)",
       near_poor AS "Hộ cận nghèo", round(near_poor_rate, 2) AS "Tỷ lệ hộ cận nghèo (%)",
       poor_start AS "Hộ nghèo đầu kỳ", escaped AS "Thoát nghèo",
       newly_poor + near_poor_to_poor AS "Phát sinh mới", re_poor AS "Tái nghèo",
       entered_poor AS "Chuyển đến", left_poor AS "Chuyển đi", newly_escaped AS "Hộ mới thoát nghèo",
       target_poor_rate AS "Chỉ tiêu (%)"
FROM v_ward_year
WHERE ward_code = $ward AND review_year = $year;
