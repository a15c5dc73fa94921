-- Priority residential groups: which groups get the ward's limited support first. One row per
-- residential group (with households) of a ward's review round t, ranking the ward's groups for
-- the plan year that follows. Components, each scaled to the ward's worst group (= 1):
--   poor rate at t; expected rate at the next round (forecast, when one exists);
--   re-poverty risk among recently escaped households (newly escaped at t; forecast);
--   Alkire–Foster M0 at t; share of entitlements not reached by support in year t.
-- The weights are settings (whole numbers, stated in the output); a component the ward has no data
-- for (no forecast, no formerly poor household, no entitlement) drops out and the others are
-- re-weighted, so the score stays on 0–100.

INSERT INTO mart_setting VALUES
    ('priority_weight_poor_rate', '30', 'Weight of the current poor rate in the priority score (v_priority_groups).'),
    ('priority_weight_expected_rate', '25', 'Weight of the forecast poor rate at the next round in the priority score.'),
    ('priority_weight_re_poor', '15', 'Weight of the re-poverty risk of formerly poor households in the priority score.'),
    ('priority_weight_m0', '20', 'Weight of the Alkire–Foster M0 in the priority score.'),
    ('priority_weight_uncovered', '10', 'Weight of the share of entitlements not reached by support in the priority score.')
ON CONFLICT DO NOTHING;

-- Which program of the plan addresses a deprivation: the recommendation in v_priority_groups.
-- Data, like dim_entitlement (who may receive a program); this table says what a program is for.
CREATE TABLE dim_indicator_program (
    indicator_code VARCHAR PRIMARY KEY,
    program_code   VARCHAR NOT NULL,
    note           VARCHAR NOT NULL
);

INSERT INTO dim_indicator_program VALUES
    ('employment',        'vocational_training', 'Vocational training and job placement (national target program 2021–2025, project 4).'),
    ('dependents',        'social_assistance',   'Monthly social assistance for dependants: children, the elderly, people with disabilities (Decree 20/2021).'),
    ('nutrition',         'health_care',         'Health care and nutrition for children (project 7: health and nutrition improvement).'),
    ('health_insurance',  'health_insurance',    'Health insurance support for poor and near-poor households.'),
    ('adult_education',   'vocational_training', 'Training for members aged 16–30 without the expected qualification.'),
    ('child_schooling',   'tuition',             'Tuition exemption or reduction so that children attend school at their level.'),
    ('housing_quality',   'housing',             'Housing support for poor households (project 5).'),
    ('housing_area',      'housing',             'Housing support for poor households (project 5).'),
    ('water',             'water_sanitation',    'Clean water and sanitation support.'),
    ('sanitation',        'water_sanitation',    'Clean water and sanitation support.'),
    ('telecom',           'communication',       'Communication and information poverty reduction (project 6).'),
    ('information_means', 'communication',       'Communication and information poverty reduction (project 6).'),
    ('waste',             'water_sanitation',    'Household waste treatment, with water and sanitation.');

CREATE OR REPLACE VIEW v_priority_groups AS
WITH joined AS (
    SELECT g.review_year,
           coalesce(f.target_year, g.review_year + 1) AS plan_year,
           g.province_code, g.ward_code, g.ward_name, g.group_code, g.group_name,
           g.households, g.small_cell, g.poor, g.poor_rate,
           f.expected_rate, f.low80_rate, f.high80_rate,
           r.re_poor_households, r.re_poor_risk,
           m.m0,
           coalesce(c.entitled, 0) AS entitled, coalesce(c.gap, 0) AS uncovered,
           c.gap::DOUBLE / nullif(c.entitled, 0) AS uncovered_share,
           d.top_indicators, d.top_labels, d.top_programs, d.top_program_labels
    FROM v_group_year g
    LEFT JOIN v_group_forecast f ON f.base_year = g.review_year AND f.ward_code = g.ward_code AND f.group_code = g.group_code
    LEFT JOIN (
        -- Recently escaped households only (newly_escaped_years), as the plan's policies follow them.
        SELECT r.base_year, r.ward_code, r.group_code, count(*) AS re_poor_households, avg(r.p_re_poor_next) AS re_poor_risk
        FROM v_household_risk r
        JOIN v_household_year h ON h.review_year = r.base_year AND h.ward_code = r.ward_code AND h.household_id = r.household_id
        WHERE r.p_re_poor_next IS NOT NULL AND h.newly_escaped
        GROUP BY r.base_year, r.ward_code, r.group_code
    ) r ON r.base_year = g.review_year AND r.ward_code = g.ward_code AND r.group_code = g.group_code
    LEFT JOIN v_mpi_by_group m ON m.review_year = g.review_year AND m.ward_code = g.ward_code AND m.group_code = g.group_code
    LEFT JOIN (
        SELECT review_year, ward_code, group_code, sum(entitled)::BIGINT AS entitled, sum(gap)::BIGINT AS gap
        FROM v_support_coverage GROUP BY review_year, ward_code, group_code
    ) c ON c.review_year = g.review_year AND c.ward_code = g.ward_code AND c.group_code = g.group_code
    LEFT JOIN (
        -- The two indicators that contribute most to the group's M0 (by uncensored headcount when
        -- nobody in the group is AF-poor), each with the program that addresses it.
        SELECT review_year, ward_code, group_code,
               list(indicator_code ORDER BY contribution DESC, uncensored_h DESC, ordinal)[1:2] AS top_indicators,
               list(label_vi ORDER BY contribution DESC, uncensored_h DESC, ordinal)[1:2] AS top_labels,
               list(program_code ORDER BY contribution DESC, uncensored_h DESC, ordinal)[1:2] AS top_programs,
               list(program_vi ORDER BY contribution DESC, uncensored_h DESC, ordinal)[1:2] AS top_program_labels
        FROM (
            SELECT i.review_year, i.ward_code, i.group_code, i.indicator_code, i.label_vi, i.ordinal,
                   i.contribution, i.uncensored_h, e.program_code, p.label_vi AS program_vi
            FROM v_mpi_indicator i
            LEFT JOIN dim_indicator_program e ON e.indicator_code = i.indicator_code
            LEFT JOIN dim_program p ON p.program_code = e.program_code
            WHERE i.group_code IS NOT NULL AND i.uncensored_h > 0
        )
        GROUP BY review_year, ward_code, group_code
    ) d ON d.review_year = g.review_year AND d.ward_code = g.ward_code AND d.group_code = g.group_code
    WHERE g.households > 0
), scaled AS (
    SELECT *,
           coalesce(poor_rate / nullif(max(poor_rate) OVER (PARTITION BY review_year, ward_code), 0), 0) AS n_poor_rate,
           coalesce(expected_rate / nullif(max(expected_rate) OVER (PARTITION BY review_year, ward_code), 0), 0) AS n_expected_rate,
           coalesce(re_poor_risk / nullif(max(re_poor_risk) OVER (PARTITION BY review_year, ward_code), 0), 0) AS n_re_poor,
           coalesce(m0 / nullif(max(m0) OVER (PARTITION BY review_year, ward_code), 0), 0) AS n_m0,
           coalesce(uncovered_share / nullif(max(uncovered_share) OVER (PARTITION BY review_year, ward_code), 0), 0) AS n_uncovered,
           (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'priority_weight_poor_rate') AS w_poor_rate,
           CASE WHEN count(expected_rate) OVER (PARTITION BY review_year, ward_code) > 0
                THEN (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'priority_weight_expected_rate') ELSE 0 END AS w_expected_rate,
           CASE WHEN count(re_poor_risk) OVER (PARTITION BY review_year, ward_code) > 0
                THEN (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'priority_weight_re_poor') ELSE 0 END AS w_re_poor,
           CASE WHEN count(m0) OVER (PARTITION BY review_year, ward_code) > 0
                THEN (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'priority_weight_m0') ELSE 0 END AS w_m0,
           CASE WHEN sum(entitled) OVER (PARTITION BY review_year, ward_code) > 0
                THEN (SELECT CAST(value AS DOUBLE) FROM mart_setting WHERE key = 'priority_weight_uncovered') ELSE 0 END AS w_uncovered
    FROM joined
), scored AS (
    SELECT *,
           100.0 / nullif(w_poor_rate + w_expected_rate + w_re_poor + w_m0 + w_uncovered, 0) AS per_weight
    FROM scaled
)
SELECT review_year, plan_year, province_code, ward_code, ward_name, group_code, group_name,
       households, small_cell, poor, poor_rate, expected_rate, low80_rate, high80_rate,
       re_poor_households, re_poor_risk, m0, entitled, uncovered, uncovered_share,
       coalesce(per_weight * w_poor_rate * n_poor_rate, 0) AS score_poor_rate,
       coalesce(per_weight * w_expected_rate * n_expected_rate, 0) AS score_expected_rate,
       coalesce(per_weight * w_re_poor * n_re_poor, 0) AS score_re_poor,
       coalesce(per_weight * w_m0 * n_m0, 0) AS score_m0,
       coalesce(per_weight * w_uncovered * n_uncovered, 0) AS score_uncovered,
       coalesce(per_weight * (w_poor_rate * n_poor_rate + w_expected_rate * n_expected_rate + w_re_poor * n_re_poor
                              + w_m0 * n_m0 + w_uncovered * n_uncovered), 0) AS score,
       row_number() OVER (PARTITION BY review_year, ward_code ORDER BY
           coalesce(per_weight * (w_poor_rate * n_poor_rate + w_expected_rate * n_expected_rate + w_re_poor * n_re_poor
                                  + w_m0 * n_m0 + w_uncovered * n_uncovered), 0) DESC, group_code) AS priority_rank,
       'tỷ lệ nghèo ' || CAST(w_poor_rate AS BIGINT) || ', dự báo ' || CAST(w_expected_rate AS BIGINT)
           || ', tái nghèo ' || CAST(w_re_poor AS BIGINT) || ', M0 ' || CAST(w_m0 AS BIGINT)
           || ', chưa được hỗ trợ ' || CAST(w_uncovered AS BIGINT) AS weights_vi,
       top_indicators, top_labels, top_programs,
       CASE
           WHEN top_labels IS NULL OR len(top_labels) = 0 THEN group_name || ': không có hộ nào thiếu hụt chỉ số nào.'
           ELSE group_name || ': thiếu hụt nhiều nhất về '
                || list_aggregate(list_transform(top_labels, x -> regexp_replace(lower(x), '^thiếu ', '')), 'string_agg', ' và ')
                || CASE
                       WHEN top_program_labels[1] IS NULL AND top_program_labels[2] IS NULL THEN '.'
                       WHEN top_program_labels[2] IS NULL OR top_program_labels[2] = top_program_labels[1]
                           THEN '; nên ưu tiên chương trình ' || lower(top_program_labels[1]) || '.'
                       WHEN top_program_labels[1] IS NULL THEN '; nên ưu tiên chương trình ' || lower(top_program_labels[2]) || '.'
                       ELSE '; nên ưu tiên các chương trình ' || lower(top_program_labels[1]) || ' và ' || lower(top_program_labels[2]) || '.'
                   END
       END AS recommendation_vi
FROM scored;
