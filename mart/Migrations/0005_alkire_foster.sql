-- Alkire–Foster multidimensional poverty measures (docs/mart.md, "Alkire–Foster";
-- shared/domain/poverty-standards.md, "Multidimensional poverty measurement").
--
-- AF identification here uses deprivations only (the dual cutoff: deprived in j, then c_i >= k).
-- It is NOT the official status, which also requires income at or below the poverty line: a
-- household above the line with many deprivations is AF-poor but never status 'poor'.
--
-- Shape (the lesson of 0004): every CTE is referenced once and every window is partitioned by
-- ward_code, so a caller's WHERE ward_code = … reaches the fact scan. Household scores come from
-- a window (v_mpi_indicator) or a per-household aggregate (v_mpi_by_group), ward rows from
-- GROUPING SETS over the same rows, never from a second reference to a CTE.

INSERT INTO mart_setting VALUES
    ('af_cutoff', '0.25', 'Alkire–Foster poverty cutoff k, a fraction in (0, 1]: a household is AF-poor when its weighted deprivation score is at least k (0.25 = 3 of 12 equally weighted indicators).'),
    ('af_weighting', 'equal', 'Alkire–Foster indicator weights: equal (each indicator of the standard alike), nested (each dimension alike, split equally among its indicators) or custom (relative weights in af_custom_weight).');

-- Only the custom weights are stored: equal and nested follow from dim_standard.indicators and
-- dim_indicator.dimension, so a new standard needs no new rows. Weights are relative; an indicator
-- without a row weighs 1, and v_af_weight normalises them over each standard's indicators.
CREATE TABLE af_custom_weight (
    indicator_code VARCHAR PRIMARY KEY,
    weight         DOUBLE NOT NULL CHECK (weight >= 0)
);

-- The weights of every standard under every weighting, normalised to sum to 1 over the
-- standard's indicators; in_use marks the weighting the af_weighting setting selects.
CREATE OR REPLACE VIEW v_af_weight AS
WITH ind AS (
    SELECT s.standard_id, i.indicator_code, i.dimension, i.ordinal,
           coalesce(c.weight, 1.0)::DOUBLE AS custom_raw
    FROM dim_standard s
    JOIN dim_indicator i ON list_contains(s.indicators, i.indicator_code)
    LEFT JOIN af_custom_weight c ON c.indicator_code = i.indicator_code
), normalised AS (
    SELECT standard_id, indicator_code, dimension, ordinal,
           1.0::DOUBLE / count(*) OVER (PARTITION BY standard_id) AS equal_weight,
           1.0::DOUBLE / count(DISTINCT dimension) OVER (PARTITION BY standard_id)
                       / count(*) OVER (PARTITION BY standard_id, dimension) AS nested_weight,
           custom_raw / nullif(sum(custom_raw) OVER (PARTITION BY standard_id), 0) AS custom_weight
    FROM ind
)
SELECT n.standard_id, t.weighting, n.indicator_code, n.dimension, n.ordinal,
       CASE t.weighting WHEN 'equal' THEN n.equal_weight
                        WHEN 'nested' THEN n.nested_weight
                        ELSE n.custom_weight END AS weight,
       t.weighting = (SELECT value FROM mart_setting WHERE key = 'af_weighting') AS in_use
FROM normalised n
CROSS JOIN (VALUES ('equal'), ('nested'), ('custom')) t(weighting);

CREATE OR REPLACE VIEW v_mpi_by_group AS
WITH long AS (
    -- Empty flags count as not deprived; coalescing them keeps every household's rows (UNPIVOT
    -- drops NULL values), so each household is counted even with an empty flag.
    UNPIVOT (
        SELECT review_year, province_code, ward_code, group_code, household_id, standard_id,
               coalesce(lack_employment, false) AS lack_employment, coalesce(lack_dependents, false) AS lack_dependents, coalesce(lack_nutrition, false) AS lack_nutrition,
               coalesce(lack_health_insurance, false) AS lack_health_insurance, coalesce(lack_adult_education, false) AS lack_adult_education, coalesce(lack_child_schooling, false) AS lack_child_schooling,
               coalesce(lack_housing_quality, false) AS lack_housing_quality, coalesce(lack_housing_area, false) AS lack_housing_area, coalesce(lack_water, false) AS lack_water,
               coalesce(lack_sanitation, false) AS lack_sanitation, coalesce(lack_telecom, false) AS lack_telecom, coalesce(lack_information, false) AS lack_information,
               coalesce(lack_waste, false) AS lack_waste
        FROM fact_household_year WHERE is_current)
    ON lack_employment, lack_dependents, lack_nutrition, lack_health_insurance,
       lack_adult_education, lack_child_schooling, lack_housing_quality, lack_housing_area,
       lack_water, lack_sanitation, lack_telecom, lack_information, lack_waste
    INTO NAME column_name VALUE deprived
), scored AS (
    -- One row per household: its deprivation score c_i = Σ w_j·g_ij over the standard's indicators.
    SELECT l.review_year, l.ward_code, l.group_code, l.household_id,
           any_value(l.province_code) AS province_code, any_value(l.standard_id) AS standard_id,
           sum(CASE WHEN l.deprived THEN w.weight ELSE 0 END) AS score
    FROM long l
    JOIN dim_indicator i ON i.column_name = l.column_name
    JOIN v_af_weight w ON w.in_use AND w.standard_id = l.standard_id AND w.indicator_code = i.indicator_code
    GROUP BY l.review_year, l.ward_code, l.group_code, l.household_id
), units AS (
    -- Groups and the whole ward in one aggregate. The tolerance: 3 × (1/12) in floating point is
    -- a hair below 0.25, and a household on the cutoff must count as poor.
    SELECT review_year, ward_code, group_code, grouping(group_code) = 1 AS is_ward,
           any_value(province_code) AS province_code, any_value(standard_id) AS standard_id,
           count(*) AS households,
           count(*) FILTER (WHERE score >= (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'af_cutoff') - 1e-9) AS mpi_poor,
           coalesce(sum(score) FILTER (WHERE score >= (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'af_cutoff') - 1e-9), 0) AS poor_score
    FROM scored
    GROUP BY GROUPING SETS ((review_year, ward_code, group_code), (review_year, ward_code))
), measured AS (
    SELECT *,
           mpi_poor::DOUBLE / households AS h,
           poor_score / nullif(mpi_poor, 0) AS a,
           poor_score / households AS m0,
           -- The ward's own figures beside each group: shares and the ward's previous round.
           max(CASE WHEN is_ward THEN poor_score END) OVER (PARTITION BY ward_code, review_year) AS ward_poor_score,
           lag(review_year) OVER (PARTITION BY ward_code, group_code ORDER BY review_year) AS lag_year,
           lag(poor_score / households) OVER (PARTITION BY ward_code, group_code ORDER BY review_year) AS lag_m0,
           lag(mpi_poor::DOUBLE / households) OVER (PARTITION BY ward_code, group_code ORDER BY review_year) AS lag_h
    FROM units
), with_prev AS (
    -- The previous round is the ward's: a group absent then has no previous figures.
    SELECT *, max(CASE WHEN is_ward THEN lag_year END) OVER (PARTITION BY ward_code, review_year) AS prev_year
    FROM measured
)
SELECT p.review_year, coalesce(gw.province_code, p.province_code) AS province_code, gw.province_name,
       p.ward_code, gw.ward_name, p.group_code, gg.group_name, p.standard_id,
       (SELECT value FROM mart_setting WHERE key = 'af_weighting') AS weighting,
       (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'af_cutoff') AS k,
       p.households, p.mpi_poor, p.h, p.a, p.m0,
       p.prev_year,
       CASE WHEN p.lag_year = p.prev_year THEN p.lag_m0 END AS m0_prev,
       CASE WHEN p.lag_year = p.prev_year THEN p.m0 - p.lag_m0 END AS m0_change,
       CASE WHEN p.lag_year = p.prev_year THEN 100.0 * (p.m0 - p.lag_m0) / nullif(p.lag_m0, 0) END AS m0_change_pct,
       CASE WHEN p.lag_year = p.prev_year THEN p.h - p.lag_h END AS h_change,
       -- (n_g/n)·M0_g / M0_ward = (poor score of g) / (poor score of the ward): n cancels.
       CASE WHEN p.ward_poor_score = 0 THEN NULL
            WHEN p.is_ward THEN 100.0
            ELSE 100.0 * p.poor_score / p.ward_poor_score END AS ward_share_pct,
       p.households < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'small_cell_households') AS small_cell
FROM with_prev p
LEFT JOIN (SELECT review_year, ward_code, any_value(province_code) AS province_code,
                  any_value(province_name) AS province_name, any_value(ward_name) AS ward_name
           FROM geo_year WHERE is_current GROUP BY review_year, ward_code) gw
       ON gw.review_year = p.review_year AND gw.ward_code = p.ward_code
LEFT JOIN geo_year gg ON gg.is_current AND gg.review_year = p.review_year
                     AND gg.ward_code = p.ward_code AND gg.group_code = p.group_code;

CREATE OR REPLACE VIEW v_mpi_indicator AS
WITH long AS (
    UNPIVOT (
        SELECT review_year, province_code, ward_code, group_code, household_id, standard_id,
               coalesce(lack_employment, false) AS lack_employment, coalesce(lack_dependents, false) AS lack_dependents, coalesce(lack_nutrition, false) AS lack_nutrition,
               coalesce(lack_health_insurance, false) AS lack_health_insurance, coalesce(lack_adult_education, false) AS lack_adult_education, coalesce(lack_child_schooling, false) AS lack_child_schooling,
               coalesce(lack_housing_quality, false) AS lack_housing_quality, coalesce(lack_housing_area, false) AS lack_housing_area, coalesce(lack_water, false) AS lack_water,
               coalesce(lack_sanitation, false) AS lack_sanitation, coalesce(lack_telecom, false) AS lack_telecom, coalesce(lack_information, false) AS lack_information,
               coalesce(lack_waste, false) AS lack_waste
        FROM fact_household_year WHERE is_current)
    ON lack_employment, lack_dependents, lack_nutrition, lack_health_insurance,
       lack_adult_education, lack_child_schooling, lack_housing_quality, lack_housing_area,
       lack_water, lack_sanitation, lack_telecom, lack_information, lack_waste
    INTO NAME column_name VALUE deprived
), weighted AS (
    -- Each household × indicator of its standard, with the household's score from a window
    -- (not a join back to a per-household CTE, which would be a second reference).
    -- Flags were coalesced in long for the same reason as in v_mpi_by_group.
    SELECT l.review_year, l.province_code, l.ward_code, l.group_code, l.standard_id,
           w.indicator_code, w.weight, coalesce(l.deprived, false) AS deprived,
           sum(CASE WHEN l.deprived THEN w.weight ELSE 0 END)
               OVER (PARTITION BY l.ward_code, l.review_year, l.household_id) AS score
    FROM long l
    JOIN dim_indicator i ON i.column_name = l.column_name
    JOIN v_af_weight w ON w.in_use AND w.standard_id = l.standard_id AND w.indicator_code = i.indicator_code
), agg AS (
    SELECT review_year, ward_code, group_code, indicator_code,
           any_value(province_code) AS province_code, any_value(standard_id) AS standard_id,
           any_value(weight) AS weight,
           count(*) AS households,
           count(*) FILTER (WHERE deprived) AS deprived,
           count(*) FILTER (WHERE deprived AND score >= (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'af_cutoff') - 1e-9) AS deprived_poor
    FROM weighted
    GROUP BY GROUPING SETS ((review_year, ward_code, group_code, indicator_code), (review_year, ward_code, indicator_code))
), measured AS (
    SELECT *,
           deprived::DOUBLE / households AS uncensored_h,
           deprived_poor::DOUBLE / households AS censored_h,
           weight * (deprived_poor::DOUBLE / households) AS contribution,
           -- M0 of the unit = Σ w_j·h_j over its indicators.
           sum(weight * (deprived_poor::DOUBLE / households)) OVER (PARTITION BY ward_code, review_year, group_code) AS m0
    FROM agg
)
SELECT m.review_year, m.province_code, m.ward_code, m.group_code, g.group_name, m.standard_id,
       m.indicator_code, i.dimension, i.dimension_vi, i.label_vi, i.ordinal, m.weight,
       m.uncensored_h, m.censored_h, m.contribution,
       100.0 * m.contribution / nullif(m.m0, 0) AS contribution_pct
FROM measured m
JOIN dim_indicator i ON i.indicator_code = m.indicator_code
LEFT JOIN geo_year g ON g.is_current AND g.review_year = m.review_year
                    AND g.ward_code = m.ward_code AND g.group_code = m.group_code;
