-- Support coverage: which of the plan's programs reached the households policy targets (poor,
-- near-poor, newly escaped) and which households were entitled but not reached.
--
-- Entitlement rules are data (dim_entitlement), not code: the views read the table at query time,
-- so an administrator changes a rule with an UPDATE/INSERT on a writable connection and no
-- migration. No foreign keys: dim_indicator is re-seeded (DELETE + INSERT) when the standards file
-- changes, and DuckDB refuses to delete rows a foreign key points at; a test checks the codes.

CREATE TABLE dim_entitlement (
    rule_id           INTEGER PRIMARY KEY,
    status            VARCHAR NOT NULL CHECK (status IN ('poor', 'near_poor', 'newly_escaped')),
    indicator_code    VARCHAR,               -- NULL = every household of that status
    requires_children BOOLEAN NOT NULL,      -- only households with members under 16
    program_code      VARCHAR NOT NULL,
    basis_vi          VARCHAR NOT NULL,
    note              VARCHAR NOT NULL
);

-- Seeded from Decree 07/2021/NĐ-CP and the national target program on sustainable poverty
-- reduction 2021–2025 (Decision 90/QĐ-TTg) with the sector policies they point to. Only programs
-- a household is eligible for by its status (and a deprivation) are here; discretionary or
-- community-level programs (livelihood models, Quỹ Vì người nghèo, communication, capacity,
-- legal aid on request) and social assistance (decided by bảo trợ xã hội, not by poverty status)
-- have no rule.
INSERT INTO dim_entitlement VALUES
    ( 1, 'poor',          NULL,               false, 'health_insurance',    'Luật BHYT; NĐ 146/2018/NĐ-CP: ngân sách nhà nước đóng 100% BHYT cho người thuộc hộ nghèo',
         'The state pays the whole health-insurance card of members of poor households.'),
    ( 2, 'near_poor',     NULL,               false, 'health_insurance',    'NĐ 146/2018/NĐ-CP; QĐ 90/QĐ-TTg: hỗ trợ tối thiểu 70% mức đóng BHYT cho người thuộc hộ cận nghèo',
         'At least 70 % of the premium for members of near-poor households.'),
    ( 3, 'newly_escaped', NULL,               false, 'health_insurance',    'QĐ 90/QĐ-TTg; NĐ 146/2018/NĐ-CP: hỗ trợ mức đóng BHYT cho người thuộc hộ mới thoát nghèo',
         'Premium support continues for households that escaped poverty recently (newly_escaped_years); check the province''s current rate.'),
    ( 4, 'poor',          NULL,               false, 'credit',              'NĐ 78/2002/NĐ-CP: cho vay hộ nghèo qua Ngân hàng Chính sách xã hội',
         'Preferential loans of the Vietnam Bank for Social Policies (VBSP) for poor households.'),
    ( 5, 'near_poor',     NULL,               false, 'credit',              'QĐ 15/2013/QĐ-TTg: tín dụng đối với hộ cận nghèo',
         'VBSP loans for near-poor households.'),
    ( 6, 'newly_escaped', NULL,               false, 'credit',              'QĐ 28/2015/QĐ-TTg: tín dụng đối với hộ mới thoát nghèo (trong 3 năm kể từ khi thoát nghèo)',
         'VBSP loans for households within three years of escaping poverty. Eligibility, not need: not every household borrows.'),
    ( 7, 'poor',          NULL,               true,  'tuition',             'NĐ 81/2021/NĐ-CP: miễn học phí cho trẻ em, học sinh thuộc hộ nghèo',
         'Tuition exemption for the children of poor households (households with members under 16).'),
    ( 8, 'near_poor',     NULL,               true,  'tuition',             'NĐ 81/2021/NĐ-CP: miễn, giảm học phí cho trẻ em, học sinh thuộc hộ cận nghèo',
         'Tuition exemption or reduction for the children of near-poor households.'),
    ( 9, 'poor',          NULL,               true,  'education_support',   'NĐ 81/2021/NĐ-CP (Điều 18): hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo',
         'Learning-cost support (150,000 VND a month of schooling) for the children of poor households.'),
    (10, 'near_poor',     NULL,               true,  'education_support',   'NĐ 81/2021/NĐ-CP (Điều 18): hỗ trợ chi phí học tập cho học sinh thuộc hộ cận nghèo',
         'Learning-cost support for the children of near-poor households.'),
    (11, 'poor',          'housing_quality',  false, 'housing',             'QĐ 90/QĐ-TTg (Dự án 5); chương trình xóa nhà tạm, nhà dột nát: hỗ trợ nhà ở cho hộ nghèo',
         'Housing support for poor households deprived on housing quality.'),
    (12, 'poor',          'housing_area',     false, 'housing',             'QĐ 90/QĐ-TTg (Dự án 5): hỗ trợ nhà ở cho hộ nghèo thiếu diện tích nhà ở',
         'Housing support for poor households deprived on housing area per person.'),
    (13, 'near_poor',     'housing_quality',  false, 'housing',             'QĐ 90/QĐ-TTg (Dự án 5); chương trình xóa nhà tạm, nhà dột nát: hỗ trợ nhà ở cho hộ cận nghèo',
         'Housing support for near-poor households with a temporary or dilapidated house.'),
    (14, 'poor',          'water',            false, 'water_sanitation',    'QĐ 90/QĐ-TTg; tín dụng nước sạch và vệ sinh môi trường (NHCSXH): hộ nghèo thiếu nước sinh hoạt',
         'Clean-water support for poor households deprived on domestic water.'),
    (15, 'poor',          'sanitation',       false, 'water_sanitation',    'QĐ 90/QĐ-TTg; tín dụng nước sạch và vệ sinh môi trường (NHCSXH): hộ nghèo thiếu nhà tiêu hợp vệ sinh',
         'Sanitation support for poor households without a hygienic latrine.'),
    (16, 'near_poor',     'water',            false, 'water_sanitation',    'Tín dụng nước sạch và vệ sinh môi trường (NHCSXH): hộ cận nghèo thiếu nước sinh hoạt',
         'Clean-water support for near-poor households deprived on domestic water.'),
    (17, 'near_poor',     'sanitation',       false, 'water_sanitation',    'Tín dụng nước sạch và vệ sinh môi trường (NHCSXH): hộ cận nghèo thiếu nhà tiêu hợp vệ sinh',
         'Sanitation support for near-poor households without a hygienic latrine.'),
    (18, 'poor',          NULL,               false, 'electricity',         'QĐ 28/2014/QĐ-TTg, QĐ 60/2014/QĐ-TTg: hỗ trợ tiền điện cho hộ nghèo (30 kWh/tháng)',
         'Electricity bill support worth 30 kWh a month for every poor household, urban or rural.'),
    (19, 'poor',          'employment',       false, 'vocational_training', 'QĐ 90/QĐ-TTg (Dự án 4): đào tạo nghề cho người thuộc hộ nghèo thiếu việc làm',
         'Vocational training for poor households deprived on employment.'),
    (20, 'near_poor',     'employment',       false, 'vocational_training', 'QĐ 90/QĐ-TTg (Dự án 4): đào tạo nghề cho người thuộc hộ cận nghèo thiếu việc làm',
         'Vocational training for near-poor households deprived on employment.'),
    (21, 'newly_escaped', 'employment',       false, 'vocational_training', 'QĐ 90/QĐ-TTg (Dự án 4): đào tạo nghề cho người thuộc hộ mới thoát nghèo thiếu việc làm',
         'Vocational training for newly escaped households deprived on employment.'),
    (22, 'poor',          'adult_education',  false, 'vocational_training', 'QĐ 90/QĐ-TTg (Dự án 4): đào tạo nghề cho người lớn thuộc hộ nghèo thiếu trình độ giáo dục',
         'Vocational training for poor households deprived on adult education.'),
    (23, 'near_poor',     'adult_education',  false, 'vocational_training', 'QĐ 90/QĐ-TTg (Dự án 4): đào tạo nghề cho người lớn thuộc hộ cận nghèo thiếu trình độ giáo dục',
         'Vocational training for near-poor households deprived on adult education.'),
    (24, 'poor',          'employment',       false, 'job_placement',       'QĐ 90/QĐ-TTg (Dự án 4): hỗ trợ việc làm bền vững cho người thuộc hộ nghèo',
         'Job placement for poor households deprived on employment.'),
    (25, 'near_poor',     'employment',       false, 'job_placement',       'QĐ 90/QĐ-TTg (Dự án 4): hỗ trợ việc làm bền vững cho người thuộc hộ cận nghèo',
         'Job placement for near-poor households deprived on employment.'),
    (26, 'newly_escaped', 'employment',       false, 'job_placement',       'QĐ 90/QĐ-TTg (Dự án 4): hỗ trợ việc làm bền vững cho người thuộc hộ mới thoát nghèo',
         'Job placement for newly escaped households deprived on employment.');

-- Internal (not a contract; the public views below read it): one row per in-scope household ×
-- program that has a rule, whether or not a rule entitles the household to it. Every source is
-- referenced once and there is no CTE, so a caller's ward_code / review_year filter reaches the
-- scans (0004). The deprivation a rule names is looked up through dim_indicator.column_name; the
-- CASE lists the flag columns because SQL cannot pick a column by a name held in data.
CREATE OR REPLACE VIEW support_household_program AS
SELECT h.review_year, h.ward_code, h.group_code, h.household_id,
       any_value(h.status) AS status, any_value(h.newly_escaped) AS newly_escaped,
       p.program_code,
       list(e.rule_id ORDER BY e.rule_id) FILTER (WHERE e.rule_id IS NOT NULL) AS rule_ids,
       string_agg(e.status || coalesce(' + ' || e.indicator_code, '') || CASE WHEN e.requires_children THEN ' + children' ELSE '' END,
                  '; ' ORDER BY e.rule_id) AS entitled_by,
       bool_or(s.household_id IS NOT NULL) AS reached
FROM (
    SELECT f.review_year, f.ward_code, f.group_code, f.household_id, f.status, f.members_children,
           coalesce(f.status <> 'poor' AND t.years_since_escape IS NOT NULL
                    AND t.years_since_escape < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years'),
                    false) AS newly_escaped,
           f.lack_employment, f.lack_dependents, f.lack_nutrition, f.lack_health_insurance,
           f.lack_adult_education, f.lack_child_schooling, f.lack_housing_quality, f.lack_housing_area,
           f.lack_water, f.lack_sanitation, f.lack_telecom, f.lack_information, f.lack_waste
    FROM fact_household_year f
    LEFT JOIN fact_transition t ON t.review_year = f.review_year AND t.ward_code = f.ward_code
                               AND t.household_id = f.household_id
    WHERE f.is_current
) h
CROSS JOIN (SELECT DISTINCT program_code FROM dim_entitlement) p
LEFT JOIN (SELECT r.*, i.column_name FROM dim_entitlement r LEFT JOIN dim_indicator i USING (indicator_code)) e
       ON e.program_code = p.program_code
      AND (e.status = h.status OR (e.status = 'newly_escaped' AND h.newly_escaped))
      AND (NOT e.requires_children OR h.members_children > 0)
      AND (e.indicator_code IS NULL OR coalesce(CASE e.column_name
              WHEN 'lack_employment' THEN h.lack_employment
              WHEN 'lack_dependents' THEN h.lack_dependents
              WHEN 'lack_nutrition' THEN h.lack_nutrition
              WHEN 'lack_health_insurance' THEN h.lack_health_insurance
              WHEN 'lack_adult_education' THEN h.lack_adult_education
              WHEN 'lack_child_schooling' THEN h.lack_child_schooling
              WHEN 'lack_housing_quality' THEN h.lack_housing_quality
              WHEN 'lack_housing_area' THEN h.lack_housing_area
              WHEN 'lack_water' THEN h.lack_water
              WHEN 'lack_sanitation' THEN h.lack_sanitation
              WHEN 'lack_telecom' THEN h.lack_telecom
              WHEN 'lack_information' THEN h.lack_information
              WHEN 'lack_waste' THEN h.lack_waste
           END, false))
LEFT JOIN (SELECT DISTINCT year, ward_code, household_id, program_code FROM fact_support WHERE is_current) s
       ON s.year = h.review_year AND s.ward_code = h.ward_code AND s.household_id = h.household_id
      AND s.program_code = p.program_code
WHERE h.status IN ('poor', 'near_poor') OR h.newly_escaped
GROUP BY h.review_year, h.ward_code, h.group_code, h.household_id, p.program_code;

-- One row per residential group × review year (every group delivered that year, geo_year) ×
-- program that some rule entitles a household to; zero counts where no household is in scope or
-- entitled, so that the grid is the same whatever the data.
CREATE OR REPLACE VIEW v_support_coverage AS
SELECT g.review_year, g.province_code, g.ward_code, g.ward_name, g.group_code, g.group_name,
       p.program_code, p.label_vi AS program_vi,
       coalesce(a.in_scope, 0) AS in_scope,
       coalesce(a.entitled, 0) AS entitled,
       coalesce(a.reached, 0) AS reached,
       coalesce(a.entitled - a.reached, 0) AS gap,
       100.0 * a.reached / nullif(a.entitled, 0) AS coverage_pct,
       coalesce(a.reached_not_entitled, 0) AS reached_not_entitled,
       coalesce(a.entitled_poor, 0) AS entitled_poor,
       coalesce(a.entitled_poor - a.reached_poor, 0) AS gap_poor
FROM geo_year g
CROSS JOIN dim_program p
LEFT JOIN (
    SELECT review_year, ward_code, group_code, program_code,
           count(*) AS in_scope,
           count(*) FILTER (WHERE rule_ids IS NOT NULL) AS entitled,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND reached) AS reached,
           count(*) FILTER (WHERE rule_ids IS NULL AND reached) AS reached_not_entitled,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND status = 'poor') AS entitled_poor,
           count(*) FILTER (WHERE rule_ids IS NOT NULL AND status = 'poor' AND reached) AS reached_poor
    FROM support_household_program
    GROUP BY review_year, ward_code, group_code, program_code
) a ON a.review_year = g.review_year AND a.ward_code = g.ward_code AND a.group_code = g.group_code
   AND a.program_code = p.program_code
WHERE g.is_current AND p.program_code IN (SELECT program_code FROM dim_entitlement);

-- Household level, for planners' lists (roles allowed to see households): each in-scope household
-- × program a rule entitles it to that it received no current support record for in the year.
CREATE OR REPLACE VIEW v_support_gap AS
SELECT s.review_year, s.ward_code, s.group_code, s.household_id, s.status, s.newly_escaped,
       s.program_code, p.label_vi AS program_vi, s.rule_ids, s.entitled_by
FROM support_household_program s
JOIN dim_program p ON p.program_code = s.program_code
WHERE s.rule_ids IS NOT NULL AND NOT s.reached;
