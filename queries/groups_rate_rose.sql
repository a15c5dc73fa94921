-- name: groups_rate_rose
-- description: Residential groups whose poor rate rose since the ward's previous round (percentage points)
-- description_vi: Tổ dân phố có tỷ lệ hộ nghèo tăng so với kỳ rà soát trước (điểm phần trăm)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- Groups without households in either round have no rate and are left out.
SELECT g.group_code AS "Mã tổ", g.group_name AS "Tổ dân phố", g.prev_year AS "Năm trước",
       p.households AS "Số hộ năm trước", p.poor AS "Hộ nghèo năm trước", round(p.poor_rate, 2) AS "Tỷ lệ năm trước (%)",
       g.households AS "Số hộ", g.poor AS "Hộ nghèo", round(g.poor_rate, 2) AS "Tỷ lệ (%)",
       round(g.poor_rate - p.poor_rate, 3) AS "Tăng (điểm %)", g.small_cell AS "Ít hộ"
FROM v_group_year g
JOIN v_group_year p ON p.ward_code = g.ward_code AND p.group_code = g.group_code AND p.review_year = g.prev_year
WHERE g.ward_code = $ward AND g.review_year = $year AND g.poor_rate > p.poor_rate
ORDER BY g.poor_rate - p.poor_rate DESC, g.group_code;
