-- Star schema of the poverty mart. The ETL fills it; nothing else writes DDL (DESIGN.md).

CREATE TABLE mart_setting (
    key         VARCHAR PRIMARY KEY,
    value       VARCHAR NOT NULL,
    description VARCHAR NOT NULL
);
INSERT INTO mart_setting VALUES
    ('newly_escaped_years', '3', 'A household counts as newly escaped while fewer than this many review years have passed since it escaped (0 = the year of escape).'),
    ('small_cell_households', '10', 'Groups with fewer households than this are flagged as small cells in reports.'),
    ('standards_version', '0', 'Version of the poverty-standards data file last seeded into dim_standard.');

CREATE TABLE dim_indicator (
    indicator_code VARCHAR PRIMARY KEY,
    column_name    VARCHAR NOT NULL UNIQUE,
    dimension      VARCHAR NOT NULL,
    dimension_vi   VARCHAR NOT NULL,
    label_vi       VARCHAR NOT NULL,
    label_en       VARCHAR NOT NULL,
    ordinal        INTEGER NOT NULL
);

CREATE TABLE dim_standard (
    standard_id          VARCHAR PRIMARY KEY,
    name_vi              VARCHAR NOT NULL,
    decree               VARCHAR NOT NULL,
    first_year           INTEGER NOT NULL,
    last_year            INTEGER NOT NULL,
    urban_line           BIGINT NOT NULL,
    rural_line           BIGINT NOT NULL,
    urban_average_top    BIGINT,
    rural_average_top    BIGINT,
    min_deprivations     INTEGER NOT NULL,
    indicators           VARCHAR[] NOT NULL,
    lines_confirmed      BOOLEAN NOT NULL,
    average_band_confirmed BOOLEAN NOT NULL,
    min_deprivations_confirmed BOOLEAN NOT NULL,
    indicators_confirmed BOOLEAN NOT NULL,
    validity_confirmed   BOOLEAN NOT NULL,
    note                 VARCHAR,
    data_version         INTEGER NOT NULL
);

CREATE TABLE dim_period (
    review_year INTEGER PRIMARY KEY,
    standard_id VARCHAR NOT NULL
);

CREATE TABLE dim_status (
    status_code VARCHAR PRIMARY KEY,
    label_vi    VARCHAR NOT NULL,
    label_en    VARCHAR NOT NULL,
    ordinal     INTEGER NOT NULL
);
INSERT INTO dim_status VALUES
    ('poor',      'Hộ nghèo',                  'Poor',                    1),
    ('near_poor', 'Hộ cận nghèo',              'Near-poor',               2),
    ('average',   'Hộ có mức sống trung bình', 'Average living standard', 3),
    ('not_poor',  'Hộ không nghèo',            'Not poor',                4);

CREATE TABLE dim_transition (
    transition_code VARCHAR PRIMARY KEY,
    label_vi        VARCHAR NOT NULL,
    description     VARCHAR NOT NULL
);
INSERT INTO dim_transition VALUES
    ('stayed_poor',       'Hộ nghèo tiếp tục nghèo',         'Poor in the previous round and now.'),
    ('escaped',           'Thoát nghèo',                     'Poor in the previous round, not poor now.'),
    ('re_poor',           'Tái nghèo',                       'Poor now, not poor in the previous round, poor in some earlier round.'),
    ('near_poor_to_poor', 'Cận nghèo chuyển thành hộ nghèo', 'Poor now, near-poor in the previous round, never poor before.'),
    ('newly_poor',        'Hộ nghèo phát sinh mới',          'Poor now, in the ward in the previous round, never poor before and not near-poor then.'),
    ('stayed_not_poor',   'Không nghèo',                     'Not poor in the previous round nor now.'),
    ('entered',           'Chuyển đến / hộ mới',             'In the ward now, not in its previous round.'),
    ('left',              'Chuyển đi / không còn',           'In the ward in the previous round, not now.');

CREATE TABLE dim_program (
    program_code    VARCHAR PRIMARY KEY,
    label_vi        VARCHAR NOT NULL,
    content_area    INTEGER NOT NULL,
    content_area_vi VARCHAR NOT NULL
);
INSERT INTO dim_program VALUES
    ('livelihood',          'Hỗ trợ phát triển sản xuất, mô hình giảm nghèo', 1, 'Sinh kế và phát triển sản xuất'),
    ('vocational_training', 'Đào tạo nghề',                                    2, 'Đào tạo nghề và việc làm'),
    ('job_placement',       'Giới thiệu việc làm',                             2, 'Đào tạo nghề và việc làm'),
    ('credit',              'Tín dụng ưu đãi (Ngân hàng Chính sách xã hội)',   3, 'Tín dụng ưu đãi'),
    ('health_insurance',    'Hỗ trợ bảo hiểm y tế',                            4, 'Y tế'),
    ('health_care',         'Hỗ trợ khám chữa bệnh',                           4, 'Y tế'),
    ('tuition',             'Miễn, giảm học phí',                              5, 'Giáo dục'),
    ('education_support',   'Hỗ trợ chi phí học tập',                          5, 'Giáo dục'),
    ('housing',             'Hỗ trợ nhà ở',                                    6, 'Nhà ở'),
    ('water_sanitation',    'Hỗ trợ nước sạch và vệ sinh',                     7, 'Nước sạch, vệ sinh và điện'),
    ('electricity',         'Hỗ trợ tiền điện',                                7, 'Nước sạch, vệ sinh và điện'),
    ('social_assistance',   'Trợ giúp xã hội',                                 8, 'Trợ giúp xã hội'),
    ('fund_for_the_poor',   'Quỹ Vì người nghèo',                              8, 'Trợ giúp xã hội'),
    ('legal_aid',           'Trợ giúp pháp lý',                                9, 'Trợ giúp pháp lý'),
    ('communication',       'Truyền thông về giảm nghèo',                     10, 'Truyền thông và nâng cao năng lực'),
    ('capacity',            'Nâng cao năng lực cán bộ và người dân',          10, 'Truyền thông và nâng cao năng lực');

CREATE SEQUENCE seq_load_id START 1;

-- The load ledger: one row per file that was loaded or refused. Re-deliveries are not recorded:
-- they change nothing.
CREATE TABLE etl_load (
    load_id        BIGINT PRIMARY KEY,
    file_name      VARCHAR NOT NULL,
    file_path      VARCHAR NOT NULL,
    content_hash   VARCHAR NOT NULL,
    file_kind      VARCHAR,
    outcome        VARCHAR NOT NULL,       -- loaded | refused
    rows_read      BIGINT NOT NULL DEFAULT 0,
    rows_loaded    BIGINT NOT NULL DEFAULT 0,
    rows_rejected  BIGINT NOT NULL DEFAULT 0,
    ward_years     VARCHAR,                -- 'DISU:2023, DISU:2024'
    replaced_loads VARCHAR,                -- load ids this file replaced, comma separated
    message        VARCHAR,
    reload_allowed BOOLEAN NOT NULL DEFAULT false, -- some rejects depended on the mart then (unknown household, conflict)
    loaded_by      VARCHAR NOT NULL,
    started_at     TIMESTAMPTZ NOT NULL,
    finished_at    TIMESTAMPTZ NOT NULL
);

CREATE TABLE etl_reject (
    load_id     BIGINT NOT NULL,
    file_name   VARCHAR NOT NULL,
    row_no      BIGINT,                    -- file row, header = 1; NULL when the whole file was refused
    column_name VARCHAR,
    value       VARCHAR,
    reason      VARCHAR NOT NULL
);

-- Per ward-year geography as delivered; dim_geo is its SCD2 compression.
CREATE TABLE geo_year (
    review_year   INTEGER NOT NULL,
    province_code VARCHAR NOT NULL,
    province_name VARCHAR NOT NULL,
    ward_code     VARCHAR NOT NULL,
    ward_name     VARCHAR NOT NULL,
    group_code    VARCHAR NOT NULL,
    group_name    VARCHAR NOT NULL,
    area          VARCHAR NOT NULL,
    load_id       BIGINT NOT NULL,
    is_current    BOOLEAN NOT NULL
);

CREATE TABLE dim_geo (
    geo_key         UBIGINT PRIMARY KEY,
    province_code   VARCHAR NOT NULL,
    province_name   VARCHAR NOT NULL,
    ward_code       VARCHAR NOT NULL,
    ward_name       VARCHAR NOT NULL,
    group_code      VARCHAR NOT NULL,
    group_name      VARCHAR NOT NULL,
    area            VARCHAR NOT NULL,
    valid_from_year INTEGER NOT NULL,
    valid_to_year   INTEGER NOT NULL,
    is_current      BOOLEAN NOT NULL,
    successor_ward_code  VARCHAR,
    successor_group_code VARCHAR
);

CREATE TABLE dim_household (
    household_key     UBIGINT PRIMARY KEY,
    household_id      VARCHAR NOT NULL,
    ward_code         VARCHAR NOT NULL,
    group_code        VARCHAR NOT NULL,
    head_sex          VARCHAR NOT NULL,
    head_birth_year   INTEGER NOT NULL,
    merit_household   BOOLEAN NOT NULL,
    social_protection BOOLEAN NOT NULL,
    ethnic_minority   BOOLEAN NOT NULL,
    valid_from_year   INTEGER NOT NULL,
    valid_to_year     INTEGER NOT NULL,
    is_current        BOOLEAN NOT NULL
);

-- Periodic snapshot: household x review year. Replaced ward-years keep their rows with
-- is_current = false and superseded_by_load set.
CREATE TABLE fact_household_year (
    review_year        INTEGER NOT NULL,
    household_id       VARCHAR NOT NULL,
    province_code      VARCHAR NOT NULL,
    ward_code          VARCHAR NOT NULL,
    group_code         VARCHAR NOT NULL,
    area               VARCHAR NOT NULL,
    standard_id        VARCHAR NOT NULL,
    members            INTEGER NOT NULL,
    income_per_capita_month BIGINT NOT NULL,
    lack_employment BOOLEAN, lack_dependents BOOLEAN, lack_nutrition BOOLEAN,
    lack_health_insurance BOOLEAN, lack_adult_education BOOLEAN, lack_child_schooling BOOLEAN,
    lack_housing_quality BOOLEAN, lack_housing_area BOOLEAN, lack_water BOOLEAN,
    lack_sanitation BOOLEAN, lack_telecom BOOLEAN, lack_information BOOLEAN, lack_waste BOOLEAN,
    deprivation_count  INTEGER NOT NULL,
    computed_status    VARCHAR NOT NULL,
    recorded_status    VARCHAR,
    status             VARCHAR NOT NULL,
    status_disagrees   BOOLEAN NOT NULL,
    merit_household    BOOLEAN NOT NULL,
    social_protection  BOOLEAN NOT NULL,
    ethnic_minority    BOOLEAN NOT NULL,
    head_sex           VARCHAR NOT NULL,
    head_birth_year    INTEGER NOT NULL,
    members_working_age INTEGER NOT NULL,
    members_children   INTEGER NOT NULL,
    members_elderly    INTEGER NOT NULL,
    members_disabled   INTEGER NOT NULL,
    main_cause         VARCHAR,
    load_id            BIGINT NOT NULL,
    source_row         BIGINT NOT NULL,
    is_current         BOOLEAN NOT NULL,
    superseded_by_load BIGINT
);

-- Transitions of each household against its ward's previous round (current data only;
-- rebuilt for the ward-years a load touches).
CREATE TABLE fact_transition (
    review_year        INTEGER NOT NULL,
    prev_year          INTEGER,
    province_code      VARCHAR NOT NULL,
    ward_code          VARCHAR NOT NULL,
    group_code         VARCHAR NOT NULL,
    household_id       VARCHAR NOT NULL,
    prev_status        VARCHAR,
    status             VARCHAR,
    transition         VARCHAR,
    poor_rounds_before INTEGER NOT NULL,
    years_since_escape INTEGER
);

CREATE TABLE fact_support (
    year          INTEGER NOT NULL,
    ward_code     VARCHAR NOT NULL,
    household_id  VARCHAR NOT NULL,
    program_code  VARCHAR NOT NULL,
    amount_vnd    BIGINT,
    load_id       BIGINT NOT NULL,
    source_row    BIGINT NOT NULL,
    is_current    BOOLEAN NOT NULL,
    superseded_by_load BIGINT
);

CREATE TABLE fact_target (
    year             INTEGER NOT NULL,
    ward_code        VARCHAR NOT NULL,
    group_code       VARCHAR,              -- NULL = the whole ward
    target_poor_rate DOUBLE NOT NULL,      -- percent
    load_id          BIGINT NOT NULL,
    source_row       BIGINT NOT NULL,
    is_current       BOOLEAN NOT NULL,
    superseded_by_load BIGINT
);
