-- Every current household of review year $year (of ward $ward, or all wards when NULL) classified
-- under standard $standard, as the ETL classifies a loaded row (etl/Sql/snapshot_merge.sql): poor =
-- income <= line AND deprivations >= min_deprivations, near-poor = income <= line, average = income
-- <= the band's top, else not poor; only the standard's own indicators count. {{...}} fragments are
-- generated from the standards file's indicator list (StandardImpact.cs).
--
-- An indicator the standard needs but the household has no flag for (NULL: not collected that year)
-- counts as not deprived at the low bound and as deprived at the high bound.
--
-- reason_*: why the class differs from computed_status (the year's own rule). With the other
-- standard's lines but the own deprivation test (by_line), and with the own lines but the other
-- deprivation test (by_test): the income line alone when by_line gives the new class and by_test the
-- old; the indicators alone when it is the other way round (dropped when the test no longer
-- passes, added when it now does); a combination otherwise.
SELECT review_year, standard_id, year_standard_id, province_code, ward_code, group_code, household_id, area,
       official_status, computed_status, deprivations, deprivations_low, deprivations_high,
       status_low, status_high,
       CASE WHEN status_low = computed_status THEN NULL
            WHEN by_line = status_low AND by_test_low = computed_status THEN 'income_line'
            WHEN by_test_low = status_low AND by_line = computed_status
                 THEN CASE WHEN deprivations_low >= k1 THEN 'indicator_added' ELSE 'indicator_dropped' END
            ELSE 'combined' END AS reason_low,
       CASE WHEN status_high = computed_status THEN NULL
            WHEN by_line = status_high AND by_test_high = computed_status THEN 'income_line'
            WHEN by_test_high = status_high AND by_line = computed_status
                 THEN CASE WHEN deprivations_high >= k1 THEN 'indicator_added' ELSE 'indicator_dropped' END
            ELSE 'combined' END AS reason_high,
       missing_indicators
FROM (
    SELECT *,
           CASE WHEN income <= line1 AND deprivations_low >= k1 THEN 'poor' WHEN income <= line1 THEN 'near_poor'
                WHEN income <= top1 THEN 'average' ELSE 'not_poor' END AS status_low,
           CASE WHEN income <= line1 AND deprivations_high >= k1 THEN 'poor' WHEN income <= line1 THEN 'near_poor'
                WHEN income <= top1 THEN 'average' ELSE 'not_poor' END AS status_high,
           CASE WHEN income <= line1 AND deprivations >= k0 THEN 'poor' WHEN income <= line1 THEN 'near_poor'
                WHEN income <= top1 THEN 'average' ELSE 'not_poor' END AS by_line,
           CASE WHEN income <= line0 AND deprivations_low >= k1 THEN 'poor' WHEN income <= line0 THEN 'near_poor'
                WHEN income <= top0 THEN 'average' ELSE 'not_poor' END AS by_test_low,
           CASE WHEN income <= line0 AND deprivations_high >= k1 THEN 'poor' WHEN income <= line0 THEN 'near_poor'
                WHEN income <= top0 THEN 'average' ELSE 'not_poor' END AS by_test_high
    FROM (
        SELECT f.review_year, w.standard_id, f.standard_id AS year_standard_id, f.province_code, f.ward_code,
               f.group_code, f.household_id, f.area, f.status AS official_status, f.computed_status,
               f.income_per_capita_month AS income, f.deprivation_count AS deprivations,
               CASE f.area WHEN 'urban' THEN o.urban_line ELSE o.rural_line END AS line0,
               CASE f.area WHEN 'urban' THEN o.urban_average_top ELSE o.rural_average_top END AS top0,
               o.min_deprivations AS k0,
               CASE f.area WHEN 'urban' THEN w.urban_line ELSE w.rural_line END AS line1,
               CASE f.area WHEN 'urban' THEN w.urban_average_top ELSE w.rural_average_top END AS top1,
               w.min_deprivations AS k1,
               {{DEPRIVATIONS_LOW}} AS deprivations_low,
               {{DEPRIVATIONS_HIGH}} AS deprivations_high,
               {{MISSING}} AS missing_indicators
        FROM fact_household_year f
        JOIN dim_standard o ON o.standard_id = f.standard_id
        JOIN (SELECT *, {{STANDARD_USES}} FROM dim_standard WHERE standard_id = $standard::VARCHAR) w ON w.standard_id = $standard::VARCHAR
        WHERE f.is_current AND f.review_year = $year::INTEGER AND ($ward::VARCHAR IS NULL OR f.ward_code = $ward::VARCHAR)
    )
)
