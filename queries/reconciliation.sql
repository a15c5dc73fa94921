-- name: reconciliation
-- description: Poor households from the start to the end of the year per group and for the ward, as in the official result table (Circular 07/2021)
-- description_vi: Diễn biến hộ nghèo đầu kỳ → cuối kỳ theo tổ dân phố và toàn xã, như biểu kết quả rà soát (Thông tư 07/2021)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- End = start − escaped − other decreases + re-poor + newly poor + near-poor → poor + other increases;
-- the ward row comes last. Empty in the ward's first loaded round (no start of year).
SELECT group_code AS "Mã tổ", group_name AS "Tổ dân phố", poor_start AS "Hộ nghèo đầu kỳ",
       escaped AS "Giảm: thoát nghèo", left_poor AS "Giảm: khác (chuyển đi)",
       re_poor AS "Tăng: tái nghèo", newly_poor AS "Tăng: phát sinh mới",
       near_poor_to_poor AS "Tăng: cận nghèo → nghèo", entered_poor AS "Tăng: khác (chuyển đến)",
       poor AS "Hộ nghèo cuối kỳ", households AS "Tổng số hộ", round(poor_rate, 2) AS "Tỷ lệ hộ nghèo (%)"
FROM (
    SELECT 0 AS level, group_code, group_name, poor_start, escaped, left_poor, re_poor, newly_poor,
           near_poor_to_poor, entered_poor, poor, households, poor_rate
    FROM v_group_year
    WHERE ward_code = $ward AND review_year = $year AND prev_year IS NOT NULL
    UNION ALL
    SELECT 1, NULL, 'Toàn xã: ' || ward_name, poor_start, escaped, left_poor, re_poor, newly_poor,
           near_poor_to_poor, entered_poor, poor, households, poor_rate
    FROM v_ward_year
    WHERE ward_code = $ward AND review_year = $year AND prev_year IS NOT NULL
)
ORDER BY level, group_code;
