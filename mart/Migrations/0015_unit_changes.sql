-- Administrative reorganisation (issue 18): unit changes as data, and every series readable as it
-- was (units as they were each year) or as it is now (history restated into today's units).
--
-- unit_change holds the loaded rows (inputs.md §4). From them the load derives, for every unit-year
-- a change reaches (UnitMap.cs):
--   geo_step: the unit the next change turns it into (transitions and forms pair a household's
--             round with the previous round of its unit's predecessors, so a change of code alone is
--             neither an exit nor an entry);
--   geo_map:  the unit it is today (the as-is views).
-- A unit-year no change reaches has no row: it is its own successor.

CREATE TABLE unit_change (
    effective_date     DATE NOT NULL,
    first_review_year  INTEGER NOT NULL,   -- the first review held in the new units (the year of the date, or the next when after 14 December)
    level              VARCHAR NOT NULL,   -- province | ward | group
    kind               VARCHAR NOT NULL,   -- merge | split | rename | move
    old_province_code  VARCHAR,
    old_ward_code      VARCHAR,            -- the ward of an old group; the old ward itself at level ward
    old_code           VARCHAR NOT NULL,   -- the old unit's own code (a group's code within its ward)
    old_name           VARCHAR,
    new_code           VARCHAR NOT NULL,
    new_name           VARCHAR NOT NULL,
    parent_code        VARCHAR,            -- the new unit's parent: ward for a group, province for a ward
    share              DOUBLE,             -- split without household lists: the old unit's share going to the new one
    load_id            BIGINT NOT NULL,
    source_row         BIGINT NOT NULL,
    is_current         BOOLEAN NOT NULL,
    superseded_by_load BIGINT
);

CREATE TABLE geo_step (
    review_year       INTEGER NOT NULL,
    ward_code         VARCHAR NOT NULL,
    group_code        VARCHAR NOT NULL,
    first_review_year INTEGER NOT NULL,   -- the year the next unit begins
    next_province_code VARCHAR NOT NULL,
    next_ward_code    VARCHAR NOT NULL,
    next_group_code   VARCHAR NOT NULL,
    share_lo          DOUBLE NOT NULL,    -- a split spreads the unit's households over [share_lo, share_hi) of a hash
    share_hi          DOUBLE NOT NULL,
    candidates        INTEGER NOT NULL    -- rows of this unit-year (> 1: a split)
);

CREATE TABLE geo_map (
    review_year       INTEGER NOT NULL,
    ward_code         VARCHAR NOT NULL,
    group_code        VARCHAR NOT NULL,
    as_is_province_code VARCHAR NOT NULL,
    as_is_ward_code   VARCHAR NOT NULL,
    as_is_group_code  VARCHAR NOT NULL,
    share_lo          DOUBLE NOT NULL,
    share_hi          DOUBLE NOT NULL,
    candidates        INTEGER NOT NULL,
    mapping           VARCHAR NOT NULL    -- the unit-change loads it follows, as reports name it
);

-- Split units keep each household whole: the household goes where its own later review puts it
-- (geo_anchor: the candidate of a split unit-year that is the household's latest unit), else to the
-- candidate whose [share_lo, share_hi) holds its hash (disu_share_point).
CREATE TABLE geo_anchor (
    review_year  INTEGER NOT NULL,
    household_id VARCHAR NOT NULL,
    ward_code    VARCHAR NOT NULL,
    group_code   VARCHAR NOT NULL,
    share_lo     DOUBLE NOT NULL
);

-- Today's names of every unit: those of its latest review.
CREATE OR REPLACE VIEW geo_now AS
SELECT province_code, province_name, ward_code, ward_name, group_code, group_name, area
FROM (SELECT *, row_number() OVER (PARTITION BY ward_code, group_code ORDER BY review_year DESC) AS latest
      FROM geo_year WHERE is_current)
WHERE latest = 1;

-- Each household-year with its unit as it was (as recorded) and as it is now. A unit no change
-- reaches is its own; a split unit's household goes where its own later review puts it, else by
-- its hash share (so every household is counted once, whole).
CREATE OR REPLACE VIEW v_household_unit AS
SELECT f.review_year, f.household_id, f.province_code, f.ward_code, f.group_code,
       coalesce(m.as_is_province_code, f.province_code) AS as_is_province_code,
       coalesce(m.as_is_ward_code, f.ward_code) AS as_is_ward_code,
       coalesce(m.as_is_group_code, f.group_code) AS as_is_group_code,
       m.mapping,
       f.standard_id, f.status, f.computed_status, f.recorded_status, f.status_disagrees, f.ethnic_minority
FROM fact_household_year f
LEFT JOIN geo_map m ON m.review_year = f.review_year AND m.ward_code = f.ward_code AND m.group_code = f.group_code
LEFT JOIN geo_anchor a ON m.candidates > 1 AND a.review_year = f.review_year AND a.household_id = f.household_id
WHERE f.is_current
  AND (m.candidates IS NULL OR m.candidates = 1
       OR (a.household_id IS NOT NULL AND a.share_lo = m.share_lo)
       OR (a.household_id IS NULL AND hash(f.household_id) / 18446744073709551616.0 >= m.share_lo
                                  AND hash(f.household_id) / 18446744073709551616.0 < m.share_hi));

-- Transitions with their units as they are now (a household that left is placed by the unit it
-- left, restated).
CREATE OR REPLACE VIEW v_transitions_as_is AS
SELECT t.review_year, t.prev_year,
       coalesce(m.as_is_province_code, t.province_code) AS province_code,
       coalesce(m.as_is_ward_code, t.ward_code) AS ward_code, coalesce(n.ward_name, m.as_is_ward_code, t.ward_code) AS ward_name,
       coalesce(m.as_is_group_code, t.group_code) AS group_code, coalesce(n.group_name, m.as_is_group_code, t.group_code) AS group_name,
       t.household_id, t.prev_status, t.status, t.transition, d.label_vi AS transition_vi, t.poor_rounds_before, t.years_since_escape,
       t.ward_code AS as_was_ward_code, t.group_code AS as_was_group_code, m.mapping
FROM fact_transition t
LEFT JOIN geo_map m ON m.review_year = t.review_year AND m.ward_code = t.ward_code AND m.group_code = t.group_code
LEFT JOIN geo_anchor a ON m.candidates > 1 AND a.review_year = t.review_year AND a.household_id = t.household_id
LEFT JOIN dim_transition d ON d.transition_code = t.transition
LEFT JOIN geo_now n ON n.ward_code = coalesce(m.as_is_ward_code, t.ward_code) AND n.group_code = coalesce(m.as_is_group_code, t.group_code)
WHERE m.candidates IS NULL OR m.candidates = 1
   OR (a.household_id IS NOT NULL AND a.share_lo = m.share_lo)
   OR (a.household_id IS NULL AND hash(t.household_id) / 18446744073709551616.0 >= m.share_lo
                              AND hash(t.household_id) / 18446744073709551616.0 < m.share_hi);

-- v_group_year restated into today's units: the same columns, every household-year and transition
-- counted in the unit it is part of now, with today's names. The target is the unit's own for the
-- year, where it had one.
CREATE OR REPLACE VIEW v_group_year_as_is AS
WITH counts AS (
    SELECT review_year, ward_code, group_code,
           any_value(province_code) AS province_code,
           any_value(standard_id) AS standard_id,
           count(*) FILTER (WHERE src = 'h') AS households,
           count(*) FILTER (WHERE src = 'h' AND status = 'poor') AS poor,
           count(*) FILTER (WHERE src = 'h' AND status = 'near_poor') AS near_poor,
           count(*) FILTER (WHERE src = 'h' AND status = 'average') AS average,
           count(*) FILTER (WHERE src = 'h' AND computed_status = 'poor') AS computed_poor,
           count(*) FILTER (WHERE src = 'h' AND status_disagrees) AS status_disagreements,
           count(*) FILTER (WHERE src = 'h' AND recorded_status IS NULL) AS status_not_recorded,
           count(*) FILTER (WHERE src = 'h' AND ethnic_minority) AS households_dtts,
           count(*) FILTER (WHERE src = 'h' AND ethnic_minority AND status = 'poor') AS poor_dtts,
           count(*) FILTER (WHERE src = 'h' AND ethnic_minority AND status = 'near_poor') AS near_poor_dtts,
           max(prev_year) AS prev_year,
           count(*) FILTER (WHERE src = 't' AND prev_status = 'poor') AS poor_start,
           count(*) FILTER (WHERE src = 't' AND transition = 'stayed_poor') AS stayed_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'escaped') AS escaped,
           count(*) FILTER (WHERE src = 't' AND transition = 're_poor') AS re_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'newly_poor') AS newly_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'near_poor_to_poor') AS near_poor_to_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'entered' AND status = 'poor') AS entered_poor,
           count(*) FILTER (WHERE src = 't' AND transition = 'left' AND prev_status = 'poor') AS left_poor,
           count(*) FILTER (WHERE src = 't' AND status IS NOT NULL AND status <> 'poor' AND years_since_escape
                    < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'newly_escaped_years')) AS newly_escaped
    FROM (
        SELECT 'h' AS src, review_year, as_is_province_code AS province_code, as_is_ward_code AS ward_code,
               as_is_group_code AS group_code, standard_id, status, computed_status,
               status_disagrees, recorded_status, NULL::INTEGER AS prev_year, NULL::VARCHAR AS prev_status,
               NULL::VARCHAR AS transition, NULL::INTEGER AS years_since_escape, ethnic_minority
        FROM v_household_unit
        UNION ALL
        SELECT 't', review_year, province_code, ward_code, group_code, NULL, status, NULL, NULL, NULL,
               prev_year, prev_status, transition, years_since_escape, NULL
        FROM v_transitions_as_is
    )
    GROUP BY review_year, ward_code, group_code
)
SELECT c.review_year,
       coalesce(n.province_code, c.province_code) AS province_code,
       coalesce(n.province_name, c.province_code) AS province_name,
       c.ward_code,
       coalesce(n.ward_name, c.ward_code) AS ward_name,
       c.group_code,
       coalesce(n.group_name, c.group_code) AS group_name,
       n.area,
       coalesce(c.standard_id, p.standard_id) AS standard_id,
       c.households, c.poor,
       100.0 * c.poor / nullif(c.households, 0) AS poor_rate,
       c.near_poor,
       100.0 * c.near_poor / nullif(c.households, 0) AS near_poor_rate,
       c.average,
       c.prev_year,
       CASE WHEN c.prev_year IS NOT NULL THEN c.poor_start END AS poor_start,
       CASE WHEN c.prev_year IS NOT NULL THEN c.escaped END AS escaped,
       CASE WHEN c.prev_year IS NOT NULL THEN c.re_poor END AS re_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.newly_poor END AS newly_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.near_poor_to_poor END AS near_poor_to_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.entered_poor END AS entered_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.left_poor END AS left_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.stayed_poor END AS stayed_poor,
       CASE WHEN c.prev_year IS NOT NULL THEN c.newly_escaped END AS newly_escaped,
       c.computed_poor, c.status_disagreements, c.status_not_recorded,
       c.households < (SELECT CAST(value AS INTEGER) FROM mart_setting WHERE key = 'small_cell_households') AS small_cell,
       t.target_poor_rate,
       c.households_dtts, c.poor_dtts, c.near_poor_dtts
FROM counts c
LEFT JOIN geo_now n ON n.ward_code = c.ward_code AND n.group_code = c.group_code
LEFT JOIN dim_period p ON p.review_year = c.review_year
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = c.ward_code AND t.group_code = c.group_code
                       AND t.year = c.review_year;

-- v_ward_year restated into today's units: the same columns, adding up v_group_year_as_is.
CREATE OR REPLACE VIEW v_ward_year_as_is AS
WITH w AS (
    SELECT review_year, province_code, any_value(province_name) AS province_name,
           ward_code, any_value(ward_name) AS ward_name, any_value(area) AS area,
           any_value(standard_id) AS standard_id, count(*) FILTER (WHERE households > 0) AS groups,
           sum(households)::BIGINT AS households, sum(poor)::BIGINT AS poor, sum(near_poor)::BIGINT AS near_poor,
           sum(average)::BIGINT AS average, any_value(prev_year) AS prev_year,
           sum(poor_start)::BIGINT AS poor_start, sum(escaped)::BIGINT AS escaped, sum(re_poor)::BIGINT AS re_poor,
           sum(newly_poor)::BIGINT AS newly_poor, sum(near_poor_to_poor)::BIGINT AS near_poor_to_poor,
           sum(entered_poor)::BIGINT AS entered_poor, sum(left_poor)::BIGINT AS left_poor,
           sum(stayed_poor)::BIGINT AS stayed_poor, sum(newly_escaped)::BIGINT AS newly_escaped,
           sum(computed_poor)::BIGINT AS computed_poor, sum(status_disagreements)::BIGINT AS status_disagreements,
           sum(status_not_recorded)::BIGINT AS status_not_recorded,
           sum(households_dtts)::BIGINT AS households_dtts, sum(poor_dtts)::BIGINT AS poor_dtts,
           sum(near_poor_dtts)::BIGINT AS near_poor_dtts
    FROM v_group_year_as_is GROUP BY review_year, province_code, ward_code
), with_previous AS (
    SELECT *,
           lag(review_year) OVER (PARTITION BY ward_code ORDER BY review_year) AS lag_year,
           lag(households) OVER (PARTITION BY ward_code ORDER BY review_year) AS lag_households
    FROM w
)
SELECT w.review_year, w.province_code, w.province_name, w.ward_code, w.ward_name, w.area,
       w.standard_id, w.groups, w.households,
       w.poor, 100.0 * w.poor / nullif(w.households, 0) AS poor_rate,
       w.near_poor, 100.0 * w.near_poor / nullif(w.households, 0) AS near_poor_rate,
       w.average, w.prev_year, w.poor_start,
       100.0 * w.poor_start / nullif(CASE WHEN w.lag_year = w.prev_year THEN w.lag_households END, 0) AS poor_start_rate,
       w.escaped, w.re_poor, w.newly_poor, w.near_poor_to_poor, w.entered_poor, w.left_poor,
       w.stayed_poor, w.newly_escaped, w.computed_poor, w.status_disagreements, w.status_not_recorded,
       t.target_poor_rate,
       w.households_dtts, w.poor_dtts, w.near_poor_dtts
FROM with_previous w
LEFT JOIN fact_target t ON t.is_current AND t.ward_code = w.ward_code
                       AND t.year = w.review_year AND t.group_code IS NULL;
