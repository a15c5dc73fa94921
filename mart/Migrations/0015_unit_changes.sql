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

-- The official forms after a reorganisation: a new unit's first form starts from its predecessors'
-- last review, in the groups the changes made of theirs (geo_step), so a household whose unit only
-- changed code is not counted as leaving one unit and entering another. form_round_row gives both
-- forms views the rows of each round and of the round before it, keyed by the round's ward.
CREATE OR REPLACE VIEW form_round_row AS
WITH ward_round AS (
    SELECT DISTINCT ward_code, review_year FROM fact_household_year WHERE is_current
), sources AS (
    -- a round continues its ward's previous round and its predecessors' (from the first review in the new units)
    SELECT ward_code, review_year, ward_code AS source_ward FROM ward_round
    UNION ALL
    SELECT w.ward_code, w.review_year, s.ward_code
    FROM ward_round w
    JOIN (SELECT DISTINCT next_ward_code, ward_code, first_review_year FROM geo_step WHERE next_ward_code <> ward_code) s
      ON s.next_ward_code = w.ward_code AND s.first_review_year <= w.review_year
), rounds AS (
    SELECT s.ward_code, s.review_year, max(p.review_year) AS prev_year
    FROM sources s JOIN ward_round p ON p.ward_code = s.source_ward AND p.review_year < s.review_year
    GROUP BY s.ward_code, s.review_year
)
-- the ward's own rows of the round and of the round before it, unless a change had made the
-- earlier row's unit another by then ...
SELECT r.review_year, r.prev_year, f.ward_code, f.household_id, f.review_year AS row_year, f.group_code, f.status, f.ethnic_minority
FROM fact_household_year f
JOIN rounds r ON r.ward_code = f.ward_code AND (f.review_year = r.review_year OR f.review_year = r.prev_year)
LEFT JOIN geo_step g ON f.review_year = r.prev_year AND g.review_year = f.review_year AND g.ward_code = f.ward_code
                    AND g.group_code = f.group_code AND g.first_review_year <= r.review_year
WHERE f.is_current AND g.ward_code IS NULL
UNION ALL
-- ... and the round before of every unit a change made into one of this ward's groups (a split
-- unit's household by its hash share)
SELECT r.review_year, r.prev_year, r.ward_code, f.household_id, f.review_year, g.next_group_code, f.status, f.ethnic_minority
FROM fact_household_year f
JOIN geo_step g ON g.review_year = f.review_year AND g.ward_code = f.ward_code AND g.group_code = f.group_code
               AND hash(f.household_id) / 18446744073709551616.0 >= g.share_lo
               AND hash(f.household_id) / 18446744073709551616.0 < g.share_hi
JOIN rounds r ON r.ward_code = g.next_ward_code AND r.prev_year = f.review_year AND g.first_review_year <= r.review_year
WHERE f.is_current;

CREATE OR REPLACE VIEW v_form_household AS
-- Every CTE is read once, so a caller's ward filter reaches the table scans (a CTE read twice is
-- computed whole for every ward; see 0004).
WITH pairs AS (
    -- each household of a round and of the round before it, side by side, from one scan
    SELECT review_year, any_value(prev_year) AS prev_year, ward_code, household_id,
           any_value(group_code) FILTER (WHERE row_year = prev_year) AS prev_group,
           any_value(status) FILTER (WHERE row_year = prev_year) AS prev_status,
           any_value(ethnic_minority) FILTER (WHERE row_year = prev_year) AS prev_dtts,
           any_value(group_code) FILTER (WHERE row_year = review_year) AS cur_group,
           any_value(status) FILTER (WHERE row_year = review_year) AS cur_status,
           any_value(ethnic_minority) FILTER (WHERE row_year = review_year) AS cur_dtts
    FROM form_round_row
    GROUP BY review_year, ward_code, household_id
), first_near_poor AS (
    SELECT ward_code, household_id, min(review_year) AS first_year
    FROM fact_household_year WHERE is_current AND status = 'near_poor'
    GROUP BY ward_code, household_id
), classed AS (
    -- Re-poor is the transitions' own (poor in any earlier round); re-near-poor: near-poor in an
    -- earlier round of this ward, not near-poor nor poor in the previous one.
    -- (one row per class by unnest, not a CROSS JOIN: DuckDB re-prints that as a comma join, which
    -- the lake's views.sql could not bind with the LEFT JOINs after it)
    SELECT p.*,
           coalesce(p.prev_status = p.status_class, false) AS was_class,
           coalesce(p.cur_status = p.status_class, false) AS is_class,
           CASE p.status_class
               WHEN 'poor' THEN coalesce(t.transition = 're_poor', false)
               ELSE p.prev_status IS NOT NULL AND p.prev_status <> 'poor' AND coalesce(h.first_year < p.prev_year, false)
           END AS returns
    FROM (SELECT *, unnest(['poor', 'near_poor']) AS status_class FROM pairs) p
    LEFT JOIN fact_transition t ON t.review_year = p.review_year AND t.ward_code = p.ward_code AND t.household_id = p.household_id
                               AND t.status IS NOT NULL
    LEFT JOIN first_near_poor h ON h.ward_code = p.ward_code AND h.household_id = p.household_id
    WHERE p.prev_status = p.status_class OR p.cur_status = p.status_class
), sides AS (
    -- a household in the class at the start has a start row (in its start group); one in the class
    -- at the end, unless it stayed in the same group, an end row
    SELECT *, unnest(list_filter([CASE WHEN was_class THEN 'start' END,
                                  CASE WHEN is_class AND NOT (was_class AND prev_group IS NOT DISTINCT FROM cur_group) THEN 'end' END],
                                 x -> x IS NOT NULL)) AS side
    FROM classed
), placed AS (
    SELECT review_year, prev_year, ward_code, household_id, status_class,
           CASE side WHEN 'start' THEN prev_group ELSE cur_group END AS group_code,
           side = 'start' AS in_start,
           CASE side WHEN 'start' THEN coalesce(cur_group = prev_group AND is_class, false) ELSE true END AS in_end,
           CASE WHEN side = 'start' THEN
                    CASE WHEN cur_group = prev_group AND is_class THEN 'stayed'
                         WHEN cur_group = prev_group AND status_class = 'near_poor' AND cur_status = 'poor' THEN 'became_poor'
                         WHEN cur_group = prev_group THEN 'escaped'
                         WHEN cur_group IS NOT NULL THEN 'moved_to_other_group'
                         ELSE 'left_ward' END
                WHEN prev_group = cur_group AND returns THEN 'returned'
                WHEN prev_group = cur_group AND status_class = 'near_poor' AND prev_status = 'poor' THEN 'from_poor'
                WHEN prev_group = cur_group THEN 'newly'
                WHEN prev_group IS NOT NULL THEN 'moved_from_other_group'
                ELSE 'entered_ward' END AS movement,
           CASE side WHEN 'start' THEN prev_dtts END AS start_dtts,
           CASE WHEN side = 'end' OR (cur_group = prev_group AND is_class) THEN cur_dtts END AS end_dtts
    FROM sides
)
SELECT review_year, prev_year, ward_code, group_code, household_id, status_class, in_start, in_end, movement,
       CASE WHEN movement IN ('escaped', 'became_poor', 'moved_to_other_group', 'left_ward') THEN 'escaped'
            WHEN movement = 'returned' THEN 'returned'
            WHEN movement = 'stayed' THEN NULL
            ELSE 'newly' END AS form_column,
       start_dtts, end_dtts
FROM placed;


CREATE OR REPLACE VIEW v_form_summary AS
-- Every CTE is read once (the ward rows come from GROUPING SETS, not a second read of the group
-- rows), so a caller's ward filter reaches the table scans.
WITH group_units AS (
    -- the groups of a round and of the round before it (a group with no household now still
    -- carries its start), with this round's resident households
    SELECT review_year, any_value(prev_year) AS prev_year, ward_code, group_code,
           count(*) FILTER (WHERE row_year = review_year) AS households,
           count(*) FILTER (WHERE row_year = review_year AND ethnic_minority) AS households_dtts
    FROM form_round_row
    GROUP BY review_year, ward_code, group_code
), replaced AS (
    -- ward-years whose first delivery a later one replaced (a corrected delivery)
    SELECT ward_code, review_year, min(load_id) AS first_load
    FROM fact_household_year
    GROUP BY ward_code, review_year
    HAVING bool_or(NOT is_current)
), first_delivery AS (
    SELECT f.review_year, f.ward_code, f.group_code,
           count(*) FILTER (WHERE f.status = 'poor') AS poor, count(*) FILTER (WHERE f.status = 'near_poor') AS near_poor
    FROM fact_household_year f
    JOIN replaced x ON x.ward_code = f.ward_code AND x.review_year = f.review_year AND f.load_id = x.first_load
    GROUP BY f.review_year, f.ward_code, f.group_code
), moves AS (
    SELECT review_year, ward_code, group_code, status_class,
           count(*) FILTER (WHERE in_start) AS review_start,
           count(*) FILTER (WHERE in_start AND start_dtts) AS review_start_dtts,
           count(*) FILTER (WHERE movement = 'escaped') AS escaped_in_unit,
           count(*) FILTER (WHERE movement = 'became_poor') AS became_poor,
           count(*) FILTER (WHERE movement = 'moved_to_other_group') AS moved_to_other_group,
           count(*) FILTER (WHERE movement = 'left_ward') AS left_ward,
           count(*) FILTER (WHERE movement = 'returned') AS returned,
           count(*) FILTER (WHERE movement = 'newly') AS newly_in_unit,
           count(*) FILTER (WHERE movement = 'from_poor') AS from_poor,
           count(*) FILTER (WHERE movement = 'moved_from_other_group') AS moved_from_other_group,
           count(*) FILTER (WHERE movement = 'entered_ward') AS entered_ward,
           count(*) FILTER (WHERE in_end) AS end_households,
           count(*) FILTER (WHERE in_end AND end_dtts) AS end_dtts
    FROM v_form_household
    GROUP BY review_year, ward_code, group_code, status_class
), approved AS (
    SELECT review_year, ward_code, group_code, status_class, households, households_dtts, basis
    FROM form_start
    QUALIFY row_number() OVER (PARTITION BY review_year, ward_code, group_code, status_class ORDER BY entry_id DESC) = 1
), group_rows AS (
    SELECT u.review_year, u.prev_year, u.ward_code, u.group_code, u.status_class,
           u.households, u.households_dtts, coalesce(m.review_start, 0) AS review_start,
           CASE WHEN x.first_load IS NOT NULL
                THEN coalesce(CASE u.status_class WHEN 'poor' THEN d.poor ELSE d.near_poor END, 0) END AS first_delivery_start,
           coalesce(a.households, m.review_start, 0) AS start_households,
           coalesce(a.households_dtts, m.review_start_dtts, 0) AS start_dtts,
           a.households IS NOT NULL AS approved, a.basis,
           coalesce(m.escaped_in_unit, 0) AS escaped_in_unit, coalesce(m.became_poor, 0) AS became_poor,
           coalesce(m.moved_to_other_group, 0) AS moved_to_other_group, coalesce(m.left_ward, 0) AS left_ward,
           coalesce(m.returned, 0) AS returned, coalesce(m.newly_in_unit, 0) AS newly_in_unit,
           coalesce(m.from_poor, 0) AS from_poor, coalesce(m.moved_from_other_group, 0) AS moved_from_other_group,
           coalesce(m.entered_ward, 0) AS entered_ward,
           coalesce(m.end_households, 0) AS end_households, coalesce(m.end_dtts, 0) AS end_dtts
    FROM (SELECT *, unnest(['poor', 'near_poor']) AS status_class FROM group_units) u
    LEFT JOIN moves m ON m.review_year = u.review_year AND m.ward_code = u.ward_code
                     AND m.group_code = u.group_code AND m.status_class = u.status_class
    LEFT JOIN approved a ON a.review_year = u.review_year AND a.ward_code = u.ward_code AND a.group_code = u.group_code
                        AND a.status_class = u.status_class
    LEFT JOIN replaced x ON x.ward_code = u.ward_code AND x.review_year = u.prev_year
    LEFT JOIN first_delivery d ON d.review_year = u.prev_year AND d.ward_code = u.ward_code AND d.group_code = u.group_code
), group_forms AS (
    -- An approved start that differs from the review's goes into a column so the row still adds
    -- up: fewer approved than reviewed into "newly", more into "escaped" (correction_up / _down).
    SELECT *,
           greatest(review_start - start_households, 0) AS correction_up,
           greatest(start_households - review_start, 0) AS correction_down
    FROM group_rows
), unit_rows AS (
    -- each group (one row of group_forms each) and each ward adding up its groups, so what a ward
    -- files is what the province adds up
    SELECT CASE WHEN grouping(group_code) = 0 THEN 'group' ELSE 'ward' END AS unit_level,
           review_year, any_value(prev_year) AS prev_year, ward_code, group_code, status_class,
           sum(households) AS households, sum(households_dtts) AS households_dtts, sum(review_start) AS review_start,
           sum(first_delivery_start) AS first_delivery_start, sum(start_households) AS start_households,
           sum(start_dtts) AS start_dtts, bool_or(approved) AS approved,
           string_agg(DISTINCT basis, '; ' ORDER BY basis) AS basis,
           sum(escaped_in_unit) AS escaped_in_unit, sum(became_poor) AS became_poor, sum(moved_to_other_group) AS moved_to_other_group,
           sum(left_ward) AS left_ward, sum(correction_down) AS correction_down, sum(returned) AS returned,
           sum(newly_in_unit) AS newly_in_unit, sum(from_poor) AS from_poor, sum(moved_from_other_group) AS moved_from_other_group,
           sum(entered_ward) AS entered_ward, sum(correction_up) AS correction_up,
           sum(end_households) AS end_households, sum(end_dtts) AS end_dtts
    FROM group_forms
    GROUP BY GROUPING SETS ((review_year, ward_code, group_code, status_class), (review_year, ward_code, status_class))
), formed AS (
    SELECT *,
           escaped_in_unit + became_poor + moved_to_other_group + left_ward + correction_down AS escaped,
           newly_in_unit + from_poor + moved_from_other_group + entered_ward + correction_up AS newly
    FROM unit_rows
), ward_geo AS (
    SELECT review_year, ward_code, any_value(province_code) AS province_code, any_value(province_name) AS province_name,
           any_value(ward_name) AS ward_name,
           CASE WHEN count(*) FILTER (WHERE area = 'urban') >= count(*) FILTER (WHERE area <> 'urban') THEN 'urban' ELSE 'rural' END AS area
    FROM geo_year WHERE is_current
    GROUP BY review_year, ward_code
)
SELECT f.review_year, f.prev_year, f.unit_level, w.province_code, w.province_name, f.ward_code, w.ward_name,
       f.group_code, CASE WHEN f.unit_level = 'group' THEN coalesce(g.group_name, gp.group_name) ELSE w.ward_name END AS unit_name,
       CASE WHEN f.unit_level = 'group' THEN coalesce(g.area, gp.area) ELSE w.area END AS area,
       f.status_class,
       f.households::BIGINT AS households, f.households_dtts::BIGINT AS households_dtts,
       f.start_households::BIGINT AS start_households,
       100.0 * f.start_households / nullif(f.households, 0) AS start_rate,
       f.start_dtts::BIGINT AS start_dtts, 100.0 * f.start_dtts / nullif(f.households, 0) AS start_dtts_rate,
       CASE WHEN f.approved THEN 'approved' ELSE 'review' END AS start_source,
       f.basis AS start_basis, f.review_start::BIGINT AS review_start,
       f.first_delivery_start::BIGINT AS first_delivery_start,
       f.escaped::BIGINT AS escaped, 100.0 * f.escaped / nullif(f.households, 0) AS escaped_rate,
       f.returned::BIGINT AS returned, 100.0 * f.returned / nullif(f.households, 0) AS returned_rate,
       f.newly::BIGINT AS newly, 100.0 * f.newly / nullif(f.households, 0) AS newly_rate,
       f.end_households::BIGINT AS end_households, 100.0 * f.end_households / nullif(f.households, 0) AS end_rate,
       f.end_dtts::BIGINT AS end_dtts, 100.0 * f.end_dtts / nullif(f.households, 0) AS end_dtts_rate,
       f.escaped_in_unit::BIGINT AS escaped_in_unit, f.became_poor::BIGINT AS became_poor,
       f.moved_to_other_group::BIGINT AS moved_to_other_group, f.left_ward::BIGINT AS left_ward,
       f.correction_down::BIGINT AS correction_down,
       f.newly_in_unit::BIGINT AS newly_in_unit, f.from_poor::BIGINT AS from_poor,
       f.moved_from_other_group::BIGINT AS moved_from_other_group, f.entered_ward::BIGINT AS entered_ward,
       f.correction_up::BIGINT AS correction_up
FROM formed f
JOIN ward_geo w ON w.review_year = f.review_year AND w.ward_code = f.ward_code
LEFT JOIN geo_year g ON f.unit_level = 'group' AND g.is_current AND g.review_year = f.review_year
                    AND g.ward_code = f.ward_code AND g.group_code = f.group_code
LEFT JOIN geo_year gp ON f.unit_level = 'group' AND gp.is_current AND gp.review_year = f.prev_year
                     AND gp.ward_code = f.ward_code AND gp.group_code = f.group_code;
