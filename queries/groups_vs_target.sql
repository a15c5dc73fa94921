-- name: groups_vs_target
-- description: Residential groups against the plan target for the year (the group's own, else the ward's): met or not, and the distance in percentage points
-- description_vi: Tổ dân phố so với chỉ tiêu tỷ lệ hộ nghèo của năm (của tổ, nếu không có thì của xã): đạt hay chưa, chênh lệch (điểm phần trăm)
-- param: ward VARCHAR = DISU  Mã xã / Ward code
-- param: year INTEGER  Năm rà soát / Review year
-- Groups with neither target loaded (fact_target) are left out; the furthest above target first.
SELECT g.group_code AS "Mã tổ", g.group_name AS "Tổ dân phố", g.households AS "Số hộ", g.poor AS "Hộ nghèo",
       round(g.poor_rate, 2) AS "Tỷ lệ (%)", coalesce(g.target_poor_rate, w.target_poor_rate) AS "Chỉ tiêu (%)",
       CASE WHEN g.target_poor_rate IS NOT NULL THEN 'tổ' ELSE 'xã' END AS "Chỉ tiêu của",
       round(g.poor_rate - coalesce(g.target_poor_rate, w.target_poor_rate), 2) AS "Chênh lệch (điểm %)",
       g.poor_rate <= coalesce(g.target_poor_rate, w.target_poor_rate) AS "Đạt chỉ tiêu"
FROM v_group_year g
JOIN v_ward_year w ON w.ward_code = g.ward_code AND w.review_year = g.review_year
WHERE g.ward_code = $ward AND g.review_year = $year AND g.households > 0
  AND coalesce(g.target_poor_rate, w.target_poor_rate) IS NOT NULL
ORDER BY g.poor_rate - coalesce(g.target_poor_rate, w.target_poor_rate) DESC, g.group_code;
