-- What-if under another poverty standard (issue 18, `disu standards impact`): every current household
-- of a review year classified under a standard other than (or equal to) the one in force that year,
-- stored apart from the official status. fact_household_year is never touched.
--
-- Where the other standard needs an indicator the review did not collect (its flag is NULL, as
-- lack_waste is before 2027), the household is classified twice: at the low bound the missing
-- indicator counts as not deprived, at the high bound as deprived. Every other indicator is the
-- recorded flag, so the two bounds differ only through the missing ones.
--
-- A re-run for the same review year and standard (and ward, when one is named) replaces that
-- what-if in one transaction; what-ifs of other years and standards stay.

CREATE TABLE standard_impact (
    review_year        INTEGER NOT NULL,
    standard_id        VARCHAR NOT NULL,     -- the other standard (what-if)
    year_standard_id   VARCHAR NOT NULL,     -- the standard the year was classified under (fact_household_year.standard_id)
    province_code      VARCHAR NOT NULL,
    ward_code          VARCHAR NOT NULL,
    group_code         VARCHAR NOT NULL,
    household_id       VARCHAR NOT NULL,
    area               VARCHAR NOT NULL,
    official_status    VARCHAR NOT NULL,     -- fact_household_year.status
    computed_status    VARCHAR NOT NULL,     -- fact_household_year.computed_status (the year's own standard)
    deprivations       INTEGER NOT NULL,     -- under the year's own standard
    deprivations_low   INTEGER NOT NULL,     -- under the other standard, not collected = not deprived
    deprivations_high  INTEGER NOT NULL,     -- under the other standard, not collected = deprived
    status_low         VARCHAR NOT NULL,
    status_high        VARCHAR NOT NULL,
    reason_low         VARCHAR,              -- NULL = same class as computed_status
    reason_high        VARCHAR,
    missing_indicators VARCHAR[] NOT NULL,   -- the other standard's indicators this household has no flag for
    computed_at        TIMESTAMPTZ NOT NULL,
    computed_by        VARCHAR NOT NULL
);

-- Per residential group and per ward (group_code NULL) of each stored what-if, from one read of the
-- table (GROUPING SETS). Official counts are fact_household_year.status, as v_group_year counts them;
-- the reasons compare the what-if with computed_status, the rule's own result, so that a household
-- whose recorded status differs from the rule is not counted as changed by the standard.
CREATE OR REPLACE VIEW v_standard_impact AS
SELECT a.review_year, a.standard_id, a.year_standard_id, a.province_code, a.ward_code, a.ward_name,
       a.group_code, a.group_name, a.households,
       a.poor, 100.0 * a.poor / nullif(a.households, 0) AS poor_rate,
       a.near_poor, 100.0 * a.near_poor / nullif(a.households, 0) AS near_poor_rate,
       a.average,
       a.computed_poor, a.computed_near_poor, a.computed_average,
       a.poor_low, a.poor_high,
       100.0 * a.poor_low / nullif(a.households, 0) AS poor_rate_low,
       100.0 * a.poor_high / nullif(a.households, 0) AS poor_rate_high,
       a.near_poor_low, a.near_poor_high,
       100.0 * a.near_poor_low / nullif(a.households, 0) AS near_poor_rate_low,
       100.0 * a.near_poor_high / nullif(a.households, 0) AS near_poor_rate_high,
       a.average_low, a.average_high,
       a.changed_low, a.changed_high,
       a.changed_income_line_low, a.changed_income_line_high,
       a.changed_indicator_dropped_low, a.changed_indicator_dropped_high,
       a.changed_indicator_added_low, a.changed_indicator_added_high,
       a.changed_combined_low, a.changed_combined_high,
       a.households_missing, a.missing_indicators,
       a.computed_at, a.computed_by
FROM (
    SELECT s.review_year, s.standard_id, any_value(s.year_standard_id) AS year_standard_id,
           s.province_code, s.ward_code, any_value(g.ward_name) AS ward_name,
           s.group_code,
           CASE WHEN grouping(s.group_code) = 0 THEN any_value(g.group_name) END AS group_name,
           count(*) AS households,
           count(*) FILTER (WHERE s.official_status = 'poor') AS poor,
           count(*) FILTER (WHERE s.official_status = 'near_poor') AS near_poor,
           count(*) FILTER (WHERE s.official_status = 'average') AS average,
           count(*) FILTER (WHERE s.computed_status = 'poor') AS computed_poor,
           count(*) FILTER (WHERE s.computed_status = 'near_poor') AS computed_near_poor,
           count(*) FILTER (WHERE s.computed_status = 'average') AS computed_average,
           count(*) FILTER (WHERE s.status_low = 'poor') AS poor_low,
           count(*) FILTER (WHERE s.status_high = 'poor') AS poor_high,
           count(*) FILTER (WHERE s.status_low = 'near_poor') AS near_poor_low,
           count(*) FILTER (WHERE s.status_high = 'near_poor') AS near_poor_high,
           count(*) FILTER (WHERE s.status_low = 'average') AS average_low,
           count(*) FILTER (WHERE s.status_high = 'average') AS average_high,
           count(s.reason_low) AS changed_low,
           count(s.reason_high) AS changed_high,
           count(*) FILTER (WHERE s.reason_low = 'income_line') AS changed_income_line_low,
           count(*) FILTER (WHERE s.reason_high = 'income_line') AS changed_income_line_high,
           count(*) FILTER (WHERE s.reason_low = 'indicator_dropped') AS changed_indicator_dropped_low,
           count(*) FILTER (WHERE s.reason_high = 'indicator_dropped') AS changed_indicator_dropped_high,
           count(*) FILTER (WHERE s.reason_low = 'indicator_added') AS changed_indicator_added_low,
           count(*) FILTER (WHERE s.reason_high = 'indicator_added') AS changed_indicator_added_high,
           count(*) FILTER (WHERE s.reason_low = 'combined') AS changed_combined_low,
           count(*) FILTER (WHERE s.reason_high = 'combined') AS changed_combined_high,
           count(*) FILTER (WHERE len(s.missing_indicators) > 0) AS households_missing,
           list_sort(list_distinct(flatten(list(DISTINCT s.missing_indicators)))) AS missing_indicators,
           max(s.computed_at) AS computed_at, any_value(s.computed_by) AS computed_by
    FROM standard_impact s
    LEFT JOIN geo_year g ON g.is_current AND g.review_year = s.review_year
                        AND g.ward_code = s.ward_code AND g.group_code = s.group_code
    GROUP BY GROUPING SETS ((s.review_year, s.standard_id, s.province_code, s.ward_code, s.group_code),
                            (s.review_year, s.standard_id, s.province_code, s.ward_code))
) a;
