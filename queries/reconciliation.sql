-- name: reconciliation
-- description: Poor households from the start to the end of the year per group and for the ward, as in the official result table (Circular 07/2021)
-- description_vi: Diễn biến hộ nghèo đầu kỳ → cuối kỳ theo tổ dân phố / thôn và toàn phường / xã, như biểu kết quả rà soát (Thông tư 07/2021)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- The flow words of docs/mart.md ("Flows of poor households"), in the order of the identity:
-- Hộ nghèo cuối kỳ = Hộ nghèo đầu kỳ − Thoát nghèo + Phát sinh mới + Tái nghèo + Chuyển đến − Chuyển đi,
-- where Phát sinh mới = newly_poor + near_poor_to_poor (its near-poor part is shown again last).
-- The ward row comes last. Empty in the ward's first loaded round (no start of year).
SELECT group_code AS "Mã tổ", group_name AS "Tổ dân phố", poor_start AS "Hộ nghèo đầu kỳ",
       escaped AS "Thoát nghèo", newly_poor + near_poor_to_poor AS "Phát sinh mới", re_poor AS "Tái nghèo",
       entered_poor AS "Chuyển đến", left_poor AS "Chuyển đi", poor AS "Hộ nghèo cuối kỳ",
       households AS "Tổng số hộ", round(poor_rate, 2) AS "Tỷ lệ hộ nghèo (%)",
       near_poor_to_poor AS "Phát sinh mới: trong đó cận nghèo chuyển thành hộ nghèo"
FROM (
    SELECT 0 AS level, group_code, group_name, poor_start, escaped, newly_poor, near_poor_to_poor, re_poor,
           entered_poor, left_poor, poor, households, poor_rate
    FROM v_group_year
    WHERE ward_code = $ward AND review_year = $year AND prev_year IS NOT NULL
    UNION ALL
    SELECT 1, NULL, CASE WHEN area = 'urban' THEN 'Toàn phường' ELSE 'Toàn xã' END || ': ' || ward_name,
           poor_start, escaped, newly_poor, near_poor_to_poor, re_poor, entered_poor, left_poor, poor, households, poor_rate
    FROM v_ward_year
    WHERE ward_code = $ward AND review_year = $year AND prev_year IS NOT NULL
)
ORDER BY level, group_code;
