-- name: household_supports
-- description: Every support record a household received, by year and program (amounts in VND; in-kind support has none)
-- description_vi: Các khoản hỗ trợ một hộ đã nhận, theo năm và chương trình (số tiền VND; hỗ trợ hiện vật để trống)
-- param: household VARCHAR  Mã hộ / Household code
SELECT s.year AS "Năm", s.ward_code AS "Mã xã", s.program_code AS "Mã chương trình", p.label_vi AS "Chương trình",
       p.content_area_vi AS "Nội dung", s.amount_vnd AS "Số tiền (VND)"
FROM fact_support s
LEFT JOIN dim_program p ON p.program_code = s.program_code
WHERE s.is_current AND s.household_id = $household
ORDER BY s.year, s.program_code, s.source_row;
