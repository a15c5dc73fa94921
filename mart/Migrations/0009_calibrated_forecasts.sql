-- Calibrated forecasts (issue 13): each model version keeps the calibration fitted on its
-- rolling-origin folds, the shared-shock spread of its intervals, and the caveat every document
-- prints beside its numbers when the data behind it is too thin or it does not beat the naive
-- baselines. One probability per household: p_re_poor_next is the calibrated p_poor_next of a
-- formerly poor household, so re-poor figures add up the same everywhere.

ALTER TABLE dim_model ADD COLUMN calibration VARCHAR;      -- JSON: method and its parameters
ALTER TABLE dim_model ADD COLUMN group_tau DOUBLE;         -- spread of a group-year shock on the log-odds
ALTER TABLE dim_model ADD COLUMN ward_tau DOUBLE;          -- the same for a whole ward
ALTER TABLE dim_model ADD COLUMN caveat VARCHAR;           -- Vietnamese, printed where the forecast is; NULL when none
ALTER TABLE dim_model ADD COLUMN backtest_checks VARCHAR;  -- JSON: per test year, calibration, coverage and bias

CREATE OR REPLACE VIEW v_group_forecast AS
SELECT g.base_year, g.target_year, g.province_code, g.ward_code, w.ward_name, g.group_code,
       coalesce(n.group_name, w.ward_name) AS group_name, g.households, g.poor_now, g.poor_rate_now,
       g.expected_poor, g.expected_rate, g.low80, g.high80, g.low95, g.high95,
       100.0 * g.low80 / g.households AS low80_rate, 100.0 * g.high80 / g.households AS high80_rate,
       100.0 * g.low95 / g.households AS low95_rate, 100.0 * g.high95 / g.households AS high95_rate,
       g.expected_escapes, g.expected_new_poor, g.expected_re_poor, g.target_poor_rate, g.p_target_met,
       g.top_drivers, g.model_id, m.caveat AS forecast_caveat
FROM fact_group_forecast g
LEFT JOIN dim_model m ON m.model_id = g.model_id
LEFT JOIN (SELECT DISTINCT review_year, ward_code, ward_name FROM geo_year WHERE is_current) w
       ON w.review_year = g.base_year AND w.ward_code = g.ward_code
LEFT JOIN geo_year n ON n.is_current AND n.review_year = g.base_year AND n.ward_code = g.ward_code AND n.group_code = g.group_code
WHERE g.is_current;
