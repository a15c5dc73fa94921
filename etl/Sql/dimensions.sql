-- SCD2 dimensions, rebuilt for what this load touched from the current per-year rows, so that
-- out-of-order loads and replaced ward-years give the same versions as an in-order history.
-- A version is a run of years with identical attributes (gaps and islands).
DELETE FROM dim_geo WHERE ward_code IN (SELECT ward_code FROM touched);

INSERT INTO dim_geo
WITH runs AS (
    SELECT *, row_number() OVER (PARTITION BY ward_code, group_code ORDER BY review_year)
            - row_number() OVER (PARTITION BY ward_code, group_code, province_code, province_name, ward_name, group_name, area
                                 ORDER BY review_year) AS island
    FROM geo_year
    WHERE is_current AND ward_code IN (SELECT ward_code FROM touched)
), versions AS (
    SELECT ward_code, group_code, province_code, province_name, ward_name, group_name, area,
           min(review_year) AS valid_from_year
    FROM runs GROUP BY ALL
)
SELECT hash(ward_code, group_code, valid_from_year), province_code, province_name, ward_code, ward_name,
       group_code, group_name, area, valid_from_year,
       coalesce(lead(valid_from_year) OVER gw - 1, 9999),
       lead(valid_from_year) OVER gw IS NULL,
       NULL, NULL
FROM versions
WINDOW gw AS (PARTITION BY ward_code, group_code ORDER BY valid_from_year);

CREATE OR REPLACE TEMP TABLE touched_households AS
SELECT household_id FROM clean UNION SELECT household_id FROM replaced;

DELETE FROM dim_household WHERE household_id IN (SELECT household_id FROM touched_households);

INSERT INTO dim_household
WITH runs AS (
    SELECT household_id, review_year, ward_code, group_code, head_sex, head_birth_year,
           merit_household, social_protection, ethnic_minority,
           row_number() OVER (PARTITION BY household_id ORDER BY review_year)
         - row_number() OVER (PARTITION BY household_id, ward_code, group_code, head_sex, head_birth_year,
                                           merit_household, social_protection, ethnic_minority
                              ORDER BY review_year) AS island
    FROM fact_household_year
    WHERE is_current AND household_id IN (SELECT household_id FROM touched_households)
), versions AS (
    SELECT household_id, ward_code, group_code, head_sex, head_birth_year, merit_household,
           social_protection, ethnic_minority, min(review_year) AS valid_from_year
    FROM runs GROUP BY ALL
)
SELECT hash(household_id, valid_from_year), household_id, ward_code, group_code, head_sex, head_birth_year,
       merit_household, social_protection, ethnic_minority, valid_from_year,
       coalesce(lead(valid_from_year) OVER hw - 1, 9999),
       lead(valid_from_year) OVER hw IS NULL
FROM versions
WINDOW hw AS (PARTITION BY household_id ORDER BY valid_from_year);
