-- Household snapshot: type every value, and list every broken rule per row (one reject per
-- column). Input: temp table stg (row_no + contract columns as trimmed text, NULL = empty).
CREATE OR REPLACE TEMP TABLE chk AS
WITH s AS (
    SELECT stg.*,
           disu_int(stg.review_year) AS y,
           p.standard_id, ds.decree, ds.indicators,
           CASE lower(stg.area) WHEN 'urban' THEN 'urban' WHEN 'thanh_thi' THEN 'urban'
                                WHEN 'rural' THEN 'rural' WHEN 'nong_thon' THEN 'rural' END AS area_v,
           disu_int(stg.members) AS members_n,
           CASE WHEN disu_int(stg.members) BETWEEN 1 AND 50 THEN disu_int(stg.members) END AS members_v,
           disu_vnd(stg.income_per_capita_month) AS income_v,
           disu_int(stg.head_birth_year) AS head_birth_year_v,
           disu_int(stg.members_working_age) AS working_v,
           disu_int(stg.members_children) AS children_v,
           disu_int(stg.members_elderly) AS elderly_v,
           disu_int(stg.members_disabled) AS disabled_v,
           CASE nfc_normalize(lower(stg.head_sex)) WHEN 'm' THEN 'M' WHEN 'nam' THEN 'M'
                                                   WHEN 'f' THEN 'F' WHEN 'nữ' THEN 'F' END AS head_sex_v,
           CASE lower(stg.recorded_status)
                WHEN 'poor' THEN 'poor' WHEN 'ngheo' THEN 'poor'
                WHEN 'near_poor' THEN 'near_poor' WHEN 'can_ngheo' THEN 'near_poor'
                WHEN 'average' THEN 'average' WHEN 'trung_binh' THEN 'average'
                WHEN 'not_poor' THEN 'not_poor' WHEN 'khong_ngheo' THEN 'not_poor' END AS recorded_v,
           lower(stg.main_cause) AS cause_l
    FROM stg
    LEFT JOIN dim_period p ON p.review_year = disu_int(stg.review_year)
    LEFT JOIN dim_standard ds ON ds.standard_id = p.standard_id
)
SELECT s.*,
    list_filter([
        {'c': 'review_year', 'r': CASE
            WHEN review_year IS NULL THEN 'review_year is empty; give the review year, e.g. 2024'
            WHEN y IS NULL OR y NOT BETWEEN 2000 AND 2100 THEN 'review_year: ''' || review_year || ''' must be a year from 2000 to 2100'
            WHEN standard_id IS NULL THEN 'review_year: no poverty standard is defined for ' || review_year || ' (dim_standard covers ' || (SELECT min(review_year) || '–' || max(review_year) FROM dim_period) || '); the row cannot be classified'
        END},
        {'c': 'province_code', 'r': CASE WHEN province_code IS NULL THEN 'province_code is empty; it is required' END},
        {'c': 'province_name', 'r': CASE WHEN province_name IS NULL THEN 'province_name is empty; it is required' END},
        {'c': 'ward_code', 'r': CASE WHEN ward_code IS NULL THEN 'ward_code is empty; it is required' END},
        {'c': 'ward_name', 'r': CASE WHEN ward_name IS NULL THEN 'ward_name is empty; it is required' END},
        {'c': 'group_code', 'r': CASE WHEN group_code IS NULL THEN 'group_code is empty; it is required (the residential group code)' END},
        {'c': 'group_name', 'r': CASE WHEN group_name IS NULL THEN 'group_name is empty; it is required' END},
        {'c': 'area', 'r': CASE WHEN area_v IS NULL THEN 'area: ''' || coalesce(area, '') || ''' must be urban or rural (thanh_thi / nong_thon)' END},
        {'c': 'household_id', 'r': CASE WHEN household_id IS NULL THEN 'household_id is empty; every row needs the household code' END},
        {'c': 'members', 'r': CASE WHEN members_v IS NULL
            THEN 'members: ''' || coalesce(members, '') || ''' must be a whole number from 1 to 50' END},
        {'c': 'income_per_capita_month', 'r': CASE
            WHEN income_per_capita_month IS NULL THEN 'income_per_capita_month is empty; give the monthly income per person in VND'
            WHEN income_v IS NULL THEN disu_vnd_reason('income_per_capita_month', income_per_capita_month)
            WHEN income_v > 1000000000 THEN 'income_per_capita_month: ''' || income_per_capita_month || ''' is above 1,000,000,000 VND; check the unit'
        END},
        {'c': 'lack_employment', 'r': CASE WHEN lack_employment IS NOT NULL AND disu_flag(lack_employment) IS NULL THEN 'lack_employment: ''' || lack_employment || ''' must be 0 or 1'
            WHEN lack_employment IS NULL AND list_contains(indicators, 'employment') THEN 'lack_employment is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_dependents', 'r': CASE WHEN lack_dependents IS NOT NULL AND disu_flag(lack_dependents) IS NULL THEN 'lack_dependents: ''' || lack_dependents || ''' must be 0 or 1'
            WHEN lack_dependents IS NULL AND list_contains(indicators, 'dependents') THEN 'lack_dependents is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_nutrition', 'r': CASE WHEN lack_nutrition IS NOT NULL AND disu_flag(lack_nutrition) IS NULL THEN 'lack_nutrition: ''' || lack_nutrition || ''' must be 0 or 1'
            WHEN lack_nutrition IS NULL AND list_contains(indicators, 'nutrition') THEN 'lack_nutrition is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_health_insurance', 'r': CASE WHEN lack_health_insurance IS NOT NULL AND disu_flag(lack_health_insurance) IS NULL THEN 'lack_health_insurance: ''' || lack_health_insurance || ''' must be 0 or 1'
            WHEN lack_health_insurance IS NULL AND list_contains(indicators, 'health_insurance') THEN 'lack_health_insurance is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_adult_education', 'r': CASE WHEN lack_adult_education IS NOT NULL AND disu_flag(lack_adult_education) IS NULL THEN 'lack_adult_education: ''' || lack_adult_education || ''' must be 0 or 1'
            WHEN lack_adult_education IS NULL AND list_contains(indicators, 'adult_education') THEN 'lack_adult_education is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_child_schooling', 'r': CASE WHEN lack_child_schooling IS NOT NULL AND disu_flag(lack_child_schooling) IS NULL THEN 'lack_child_schooling: ''' || lack_child_schooling || ''' must be 0 or 1'
            WHEN lack_child_schooling IS NULL AND list_contains(indicators, 'child_schooling') THEN 'lack_child_schooling is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_housing_quality', 'r': CASE WHEN lack_housing_quality IS NOT NULL AND disu_flag(lack_housing_quality) IS NULL THEN 'lack_housing_quality: ''' || lack_housing_quality || ''' must be 0 or 1'
            WHEN lack_housing_quality IS NULL AND list_contains(indicators, 'housing_quality') THEN 'lack_housing_quality is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_housing_area', 'r': CASE WHEN lack_housing_area IS NOT NULL AND disu_flag(lack_housing_area) IS NULL THEN 'lack_housing_area: ''' || lack_housing_area || ''' must be 0 or 1'
            WHEN lack_housing_area IS NULL AND list_contains(indicators, 'housing_area') THEN 'lack_housing_area is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_water', 'r': CASE WHEN lack_water IS NOT NULL AND disu_flag(lack_water) IS NULL THEN 'lack_water: ''' || lack_water || ''' must be 0 or 1'
            WHEN lack_water IS NULL AND list_contains(indicators, 'water') THEN 'lack_water is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_sanitation', 'r': CASE WHEN lack_sanitation IS NOT NULL AND disu_flag(lack_sanitation) IS NULL THEN 'lack_sanitation: ''' || lack_sanitation || ''' must be 0 or 1'
            WHEN lack_sanitation IS NULL AND list_contains(indicators, 'sanitation') THEN 'lack_sanitation is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_telecom', 'r': CASE WHEN lack_telecom IS NOT NULL AND disu_flag(lack_telecom) IS NULL THEN 'lack_telecom: ''' || lack_telecom || ''' must be 0 or 1'
            WHEN lack_telecom IS NULL AND list_contains(indicators, 'telecom') THEN 'lack_telecom is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_information', 'r': CASE WHEN lack_information IS NOT NULL AND disu_flag(lack_information) IS NULL THEN 'lack_information: ''' || lack_information || ''' must be 0 or 1'
            WHEN lack_information IS NULL AND list_contains(indicators, 'information_means') THEN 'lack_information is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'lack_waste', 'r': CASE WHEN lack_waste IS NOT NULL AND disu_flag(lack_waste) IS NULL THEN 'lack_waste: ''' || lack_waste || ''' must be 0 or 1'
            WHEN lack_waste IS NULL AND list_contains(indicators, 'waste') THEN 'lack_waste is not recorded; Decree ' || decree || ' needs it for ' || review_year END},
        {'c': 'merit_household', 'r': CASE WHEN disu_flag(merit_household) IS NULL THEN 'merit_household: ''' || coalesce(merit_household, '') || ''' must be 0 or 1' END},
        {'c': 'social_protection', 'r': CASE WHEN disu_flag(social_protection) IS NULL THEN 'social_protection: ''' || coalesce(social_protection, '') || ''' must be 0 or 1' END},
        {'c': 'ethnic_minority', 'r': CASE WHEN disu_flag(ethnic_minority) IS NULL THEN 'ethnic_minority: ''' || coalesce(ethnic_minority, '') || ''' must be 0 or 1' END},
        {'c': 'head_sex', 'r': CASE WHEN head_sex_v IS NULL THEN 'head_sex: ''' || coalesce(head_sex, '') || ''' must be M or F (Nam / Nữ)' END},
        {'c': 'head_birth_year', 'r': CASE WHEN head_birth_year_v IS NULL OR head_birth_year_v < 1900 OR (y IS NOT NULL AND head_birth_year_v > y)
            THEN 'head_birth_year: ''' || coalesce(head_birth_year, '') || ''' must be a year from 1900 to the review year' END},
        {'c': 'members_working_age', 'r': CASE WHEN working_v IS NULL OR (members_v IS NOT NULL AND working_v > members_v)
            THEN 'members_working_age: ''' || coalesce(members_working_age, '') || ''' must be a whole number from 0 to members (' || coalesce(members, '?') || ')' END},
        {'c': 'members_children', 'r': CASE WHEN children_v IS NULL OR (members_v IS NOT NULL AND children_v > members_v)
            THEN 'members_children: ''' || coalesce(members_children, '') || ''' must be a whole number from 0 to members (' || coalesce(members, '?') || ')'
            WHEN working_v IS NOT NULL AND members_v IS NOT NULL AND working_v + children_v > members_v
            THEN 'members_working_age + members_children = ' || (working_v + children_v) || ' exceeds members (' || members_v || ')' END},
        {'c': 'members_elderly', 'r': CASE WHEN elderly_v IS NULL OR (members_v IS NOT NULL AND elderly_v > members_v)
            THEN 'members_elderly: ''' || coalesce(members_elderly, '') || ''' must be a whole number from 0 to members (' || coalesce(members, '?') || ')' END},
        {'c': 'members_disabled', 'r': CASE WHEN disabled_v IS NULL OR (members_v IS NOT NULL AND disabled_v > members_v)
            THEN 'members_disabled: ''' || coalesce(members_disabled, '') || ''' must be a whole number from 0 to members (' || coalesce(members, '?') || ')' END},
        {'c': 'main_cause', 'r': CASE WHEN cause_l IS NOT NULL AND cause_l NOT IN ('land', 'capital', 'labour', 'tools', 'knowledge', 'skills', 'illness', 'other')
            THEN 'main_cause: ''' || main_cause || ''' must be empty or one of land, capital, labour, tools, knowledge, skills, illness, other' END},
        {'c': 'recorded_status', 'r': CASE WHEN recorded_status IS NOT NULL AND recorded_v IS NULL
            THEN 'recorded_status: ''' || recorded_status || ''' must be empty or poor, near_poor, average, not_poor (ngheo, can_ngheo, trung_binh, khong_ngheo)' END}
    ], e -> e.r IS NOT NULL) AS errors
FROM s;

-- A household_id twice in one review year of the file: both rows go, the pair is named.
CREATE OR REPLACE TEMP TABLE chk_dup AS
SELECT row_no, household_id,
       'household_id ''' || household_id || ''' appears ' || n || ' times in review year ' || y || ' of this file (rows ' || rows || '); keep one row per household' AS reason
FROM (SELECT row_no, household_id, y,
             count(*) OVER w AS n,
             string_agg(row_no::VARCHAR, ', ' ORDER BY row_no) OVER w AS rows
      FROM chk WHERE household_id IS NOT NULL AND y IS NOT NULL
      WINDOW w AS (PARTITION BY household_id, y))
WHERE n > 1;

-- Names and area must agree within a unit and year; the majority wins, the others are named.
CREATE OR REPLACE TEMP TABLE chk_geo AS
WITH ok AS (SELECT * FROM chk WHERE len(errors) = 0),
modes AS (
    SELECT row_no,
           mode(province_code) OVER (PARTITION BY y, ward_code) AS m_province_code,
           mode(province_name) OVER (PARTITION BY y, province_code) AS m_province_name,
           mode(ward_name) OVER (PARTITION BY y, ward_code) AS m_ward_name,
           mode(group_name) OVER (PARTITION BY y, ward_code, group_code) AS m_group_name,
           mode(area_v) OVER (PARTITION BY y, ward_code) AS m_area
    FROM ok
)
SELECT ok.row_no, x.c, x.v, x.r FROM ok JOIN modes USING (row_no),
LATERAL (SELECT unnest(list_filter([
    {'c': 'province_code', 'v': ok.province_code, 'r': CASE WHEN ok.province_code <> m_province_code THEN 'province_code: ''' || ok.province_code || ''' differs from ''' || m_province_code || ''' given for ward ' || ok.ward_code || ' in most rows' END},
    {'c': 'province_name', 'v': ok.province_name, 'r': CASE WHEN ok.province_name <> m_province_name THEN 'province_name: ''' || ok.province_name || ''' differs from ''' || m_province_name || ''' given for province ' || ok.province_code || ' in most rows' END},
    {'c': 'ward_name', 'v': ok.ward_name, 'r': CASE WHEN ok.ward_name <> m_ward_name THEN 'ward_name: ''' || ok.ward_name || ''' differs from ''' || m_ward_name || ''' given for ward ' || ok.ward_code || ' in most rows' END},
    {'c': 'group_name', 'v': ok.group_name, 'r': CASE WHEN ok.group_name <> m_group_name THEN 'group_name: ''' || ok.group_name || ''' differs from ''' || m_group_name || ''' given for group ' || ok.group_code || ' in most rows' END},
    {'c': 'area', 'v': ok.area, 'r': CASE WHEN ok.area_v <> m_area THEN 'area: ''' || ok.area || ''' differs from ''' || m_area || ''' given for ward ' || ok.ward_code || ' in most rows; a ward is urban or rural as a whole' END}
], e -> e.r IS NOT NULL), recursive := true)) x;

-- The rows that pass, before the cross-ward check against the mart.
CREATE OR REPLACE TEMP TABLE chk_ok AS
SELECT * FROM chk
WHERE len(errors) = 0
  AND row_no NOT IN (SELECT row_no FROM chk_dup)
  AND row_no NOT IN (SELECT row_no FROM chk_geo);

-- A household already in another ward in the same year (and that ward-year is not replaced
-- by this file) is a conflict: reported, not loaded.
CREATE OR REPLACE TEMP TABLE chk_conflict AS
SELECT c.row_no, c.household_id,
       'household_id ''' || c.household_id || ''' is already in ward ' || f.ward_code || ' for ' || c.y ||
       ' (load #' || f.load_id || '); a household belongs to one ward per year — correct the ward or the other file' AS reason
FROM chk_ok c
JOIN fact_household_year f ON f.is_current AND f.household_id = c.household_id AND f.review_year = c.y
                          AND f.ward_code <> c.ward_code
WHERE NOT EXISTS (SELECT 1 FROM chk_ok o WHERE o.ward_code = f.ward_code AND o.y = f.review_year);

INSERT INTO etl_reject
SELECT getvariable('load_id'), getvariable('file_name'), row_no, e.c,
       CASE e.c
            WHEN 'review_year' THEN review_year WHEN 'province_code' THEN province_code
            WHEN 'province_name' THEN province_name WHEN 'ward_code' THEN ward_code
            WHEN 'ward_name' THEN ward_name WHEN 'group_code' THEN group_code
            WHEN 'group_name' THEN group_name WHEN 'area' THEN area
            WHEN 'household_id' THEN household_id WHEN 'members' THEN members
            WHEN 'income_per_capita_month' THEN income_per_capita_month
            WHEN 'lack_employment' THEN lack_employment WHEN 'lack_dependents' THEN lack_dependents
            WHEN 'lack_nutrition' THEN lack_nutrition WHEN 'lack_health_insurance' THEN lack_health_insurance
            WHEN 'lack_adult_education' THEN lack_adult_education WHEN 'lack_child_schooling' THEN lack_child_schooling
            WHEN 'lack_housing_quality' THEN lack_housing_quality WHEN 'lack_housing_area' THEN lack_housing_area
            WHEN 'lack_water' THEN lack_water WHEN 'lack_sanitation' THEN lack_sanitation
            WHEN 'lack_telecom' THEN lack_telecom WHEN 'lack_information' THEN lack_information
            WHEN 'lack_waste' THEN lack_waste WHEN 'merit_household' THEN merit_household
            WHEN 'social_protection' THEN social_protection WHEN 'ethnic_minority' THEN ethnic_minority
            WHEN 'head_sex' THEN head_sex WHEN 'head_birth_year' THEN head_birth_year
            WHEN 'members_working_age' THEN members_working_age WHEN 'members_children' THEN members_children
            WHEN 'members_elderly' THEN members_elderly WHEN 'members_disabled' THEN members_disabled
            WHEN 'main_cause' THEN main_cause WHEN 'recorded_status' THEN recorded_status
       END,
       e.r
FROM (SELECT chk.*, unnest(errors) AS e FROM chk WHERE len(errors) > 0)
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), row_no, 'household_id', household_id, reason FROM chk_dup
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), row_no, c, v, r FROM chk_geo
UNION ALL
SELECT getvariable('load_id'), getvariable('file_name'), row_no, 'household_id', household_id, reason FROM chk_conflict;

CREATE OR REPLACE TEMP TABLE clean AS
SELECT * FROM chk_ok WHERE row_no NOT IN (SELECT row_no FROM chk_conflict);
