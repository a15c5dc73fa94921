-- Forecast model versions and their predictions (the forecasting issue).

CREATE TABLE dim_model (
    model_id           VARCHAR PRIMARY KEY,
    target             VARCHAR NOT NULL,     -- poor_next | re_poor_next
    trainer            VARCHAR NOT NULL,
    features           VARCHAR[] NOT NULL,
    training_years     INTEGER[] NOT NULL,   -- base years t of the transitions (t -> t+1) learned from
    scope              VARCHAR NOT NULL,     -- which wards were pooled, in words
    scope_kind         VARCHAR NOT NULL,     -- ward | province | all
    scope_code         VARCHAR,              -- the ward or province code; NULL for all
    training_rows      BIGINT NOT NULL,
    data_fingerprint   VARCHAR NOT NULL,
    seed               INTEGER NOT NULL,
    backtest_auc       DOUBLE,
    backtest_brier     DOUBLE,
    beats_baselines    BOOLEAN,
    backtest           VARCHAR,              -- JSON: per test year and trainer
    feature_importance VARCHAR,              -- JSON: permutation importance (AUC drop) per feature
    model_file         VARCHAR,              -- in <mart name>.models/ next to the mart
    created_at         TIMESTAMPTZ NOT NULL
);

CREATE TABLE fact_forecast (
    model_id         VARCHAR NOT NULL,
    re_poor_model_id VARCHAR,
    household_id     VARCHAR NOT NULL,
    province_code    VARCHAR NOT NULL,
    ward_code        VARCHAR NOT NULL,
    group_code       VARCHAR NOT NULL,
    base_year        INTEGER NOT NULL,
    target_year      INTEGER NOT NULL,
    status           VARCHAR NOT NULL,
    p_poor_next      DOUBLE NOT NULL,
    p_re_poor_next   DOUBLE,                 -- only for households poor before and not poor at base_year
    is_current       BOOLEAN NOT NULL
);

CREATE TABLE fact_group_forecast (
    model_id          VARCHAR NOT NULL,
    base_year         INTEGER NOT NULL,
    target_year       INTEGER NOT NULL,
    province_code     VARCHAR NOT NULL,
    ward_code         VARCHAR NOT NULL,
    group_code        VARCHAR,               -- NULL = the whole ward
    households        BIGINT NOT NULL,
    poor_now          BIGINT NOT NULL,
    poor_rate_now     DOUBLE NOT NULL,
    expected_poor     DOUBLE NOT NULL,
    expected_rate     DOUBLE NOT NULL,
    low80             INTEGER NOT NULL,
    high80            INTEGER NOT NULL,
    low95             INTEGER NOT NULL,
    high95            INTEGER NOT NULL,
    expected_escapes  DOUBLE NOT NULL,
    expected_new_poor DOUBLE NOT NULL,
    expected_re_poor  DOUBLE NOT NULL,
    target_poor_rate  DOUBLE,
    p_target_met      DOUBLE,
    top_drivers       VARCHAR,
    is_current        BOOLEAN NOT NULL
);

CREATE OR REPLACE VIEW v_household_risk AS
SELECT f.household_id, f.base_year, f.target_year, f.p_poor_next, f.p_re_poor_next, f.model_id,
       f.re_poor_model_id, f.province_code, f.ward_code, f.group_code, f.status
FROM fact_forecast f
WHERE f.is_current;

CREATE OR REPLACE VIEW v_group_forecast AS
SELECT g.base_year, g.target_year, g.province_code, g.ward_code, w.ward_name, g.group_code,
       coalesce(n.group_name, w.ward_name) AS group_name, g.households, g.poor_now, g.poor_rate_now,
       g.expected_poor, g.expected_rate, g.low80, g.high80, g.low95, g.high95,
       100.0 * g.low80 / g.households AS low80_rate, 100.0 * g.high80 / g.households AS high80_rate,
       100.0 * g.low95 / g.households AS low95_rate, 100.0 * g.high95 / g.households AS high95_rate,
       g.expected_escapes, g.expected_new_poor, g.expected_re_poor, g.target_poor_rate, g.p_target_met,
       g.top_drivers, g.model_id
FROM fact_group_forecast g
LEFT JOIN (SELECT DISTINCT review_year, ward_code, ward_name FROM geo_year WHERE is_current) w
       ON w.review_year = g.base_year AND w.ward_code = g.ward_code
LEFT JOIN geo_year n ON n.is_current AND n.review_year = g.base_year AND n.ward_code = g.ward_code AND n.group_code = g.group_code
WHERE g.is_current;
