-- SCD2 dimensions. A version is a run of review years with identical attributes.
-- dim_geo is small: rebuilt for the touched wards from geo_year. dim_household is large: a
-- household whose new year simply follows its history is appended (close the current version
-- if its attributes changed); the others (replaced, out-of-order, several years in one file)
-- are rebuilt from their current facts, so every order of loads gives the same versions.
DELETE FROM dim_geo WHERE ward_code IN (SELECT ward_code FROM touched);

INSERT INTO dim_geo
WITH runs AS (
    SELECT *, row_number() OVER (PARTITION BY ward_code, group_code ORDER BY review_year)
            - row_number() OVER (PARTITION BY ward_code, group_code, province_code, province_name, ward_name, group_name, area
                                 ORDER BY review_year) AS island
    FROM geo_year
    WHERE is_current AND ward_code IN (SELECT ward_code FROM touched)
), versions AS (
    SELECT *, max(last_seen_year) OVER (PARTITION BY ward_code) AS ward_last_year
    FROM (SELECT ward_code, group_code, province_code, province_name, ward_name, group_name, area, island,
                 min(review_year) AS valid_from_year, max(review_year) AS last_seen_year
          FROM runs GROUP BY ALL)
)
-- The last version stays open (9999) while the group is in the ward's latest round; a group
-- the ward no longer reports is closed at the last year it was seen.
SELECT hash(ward_code, group_code, valid_from_year), province_code, province_name, ward_code, ward_name,
       group_code, group_name, area, valid_from_year,
       coalesce(lead(valid_from_year) OVER gw - 1, CASE WHEN last_seen_year < ward_last_year THEN last_seen_year ELSE 9999 END),
       lead(valid_from_year) OVER gw IS NULL AND last_seen_year = ward_last_year,
       NULL, NULL
FROM versions
WINDOW gw AS (PARTITION BY ward_code, group_code ORDER BY valid_from_year);

CREATE OR REPLACE TEMP TABLE rebuild_households AS
SELECT household_id FROM replaced
UNION
SELECT household_id FROM clean GROUP BY household_id HAVING count(*) > 1
UNION
SELECT f.household_id FROM fact_household_year f
JOIN clean c ON c.household_id = f.household_id AND f.review_year > c.y
WHERE f.is_current AND f.review_year > (SELECT min(review_year) FROM touched);

CREATE OR REPLACE TEMP TABLE appended AS
SELECT c.household_id, c.y, c.ward_code, c.group_code, c.head_sex_v, c.head_birth_year_v,
       c.merit_v AS merit, c.protection_v AS protection, c.minority_v AS minority, d.household_key AS current_key,
       d.household_key IS NOT NULL
         AND d.ward_code = c.ward_code AND d.group_code = c.group_code AND d.head_sex = c.head_sex_v
         AND d.head_birth_year = c.head_birth_year_v AND d.merit_household = c.merit_v
         AND d.social_protection = c.protection_v AND d.ethnic_minority = c.minority_v AS unchanged
FROM clean c
LEFT JOIN dim_household d ON d.is_current AND d.household_id = c.household_id
WHERE c.household_id NOT IN (SELECT household_id FROM rebuild_households);

UPDATE dim_household d SET valid_to_year = a.y - 1, is_current = false
FROM appended a WHERE d.household_key = a.current_key AND NOT a.unchanged;

INSERT INTO dim_household
SELECT hash(household_id, y), household_id, ward_code, group_code, head_sex_v, head_birth_year_v,
       merit, protection, minority, y, 9999, true
FROM appended WHERE NOT unchanged;

DELETE FROM dim_household WHERE household_id IN (SELECT household_id FROM rebuild_households);

INSERT INTO dim_household
WITH runs AS (
    SELECT household_id, review_year, ward_code, group_code, head_sex, head_birth_year,
           merit_household, social_protection, ethnic_minority,
           row_number() OVER (PARTITION BY household_id ORDER BY review_year)
         - row_number() OVER (PARTITION BY household_id, ward_code, group_code, head_sex, head_birth_year,
                                           merit_household, social_protection, ethnic_minority
                              ORDER BY review_year) AS island
    FROM fact_household_year
    WHERE is_current AND household_id IN (SELECT household_id FROM rebuild_households)
), versions AS (
    SELECT household_id, ward_code, group_code, head_sex, head_birth_year, merit_household,
           social_protection, ethnic_minority, island, min(review_year) AS valid_from_year
    FROM runs GROUP BY ALL
)
SELECT hash(household_id, valid_from_year), household_id, ward_code, group_code, head_sex, head_birth_year,
       merit_household, social_protection, ethnic_minority, valid_from_year,
       coalesce(lead(valid_from_year) OVER hw - 1, 9999),
       lead(valid_from_year) OVER hw IS NULL
FROM versions
WINDOW hw AS (PARTITION BY household_id ORDER BY valid_from_year);

CREATE OR REPLACE TEMP TABLE touched_households AS
SELECT household_id FROM clean UNION SELECT household_id FROM replaced;
