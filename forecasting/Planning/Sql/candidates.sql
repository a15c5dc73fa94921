-- The poor households of a ward ($ward) in a review round ($round) with what tells how close each
-- is to escaping poverty under the standard in force that year (docs/planning.md):
--   income:       the poverty line of its area minus its income per person and month (0 at or above the line);
--   deprivations: how many deprivations it has above the cutoff (one fewer than the count that makes
--                 a household poor would make it near-poor, which is an escape from poverty);
--   labour:       members of working age out of all members;
--   supports:     the programs it was entitled to that year (dim_entitlement) that reached it.
-- The score and the order are computed in C# (EscapeCandidates), so that ties break the same way everywhere.
WITH poor AS (
    SELECT h.household_id, h.group_code, h.group_name, h.area, h.members, h.members_working_age,
           h.income_per_capita_month AS income, h.deprivation_count,
           CASE WHEN h.area = 'urban' THEN s.urban_line ELSE s.rural_line END AS poverty_line,
           s.min_deprivations, len(s.indicators) AS indicators
    FROM v_household_year h
    JOIN dim_standard s ON s.standard_id = h.standard_id
    WHERE h.ward_code = $ward AND h.review_year = $round AND h.status = 'poor'
), entitled AS (
    SELECT household_id,
           count(*) FILTER (WHERE len(rule_ids) > 0) AS programs_entitled,
           count(*) FILTER (WHERE len(rule_ids) > 0 AND reached) AS programs_reached
    FROM support_household_program
    WHERE ward_code = $ward AND review_year = $round AND status = 'poor'
    GROUP BY household_id
)
SELECT p.household_id, p.group_code, p.group_name, p.members, p.members_working_age, p.income, p.poverty_line,
       p.deprivation_count, p.min_deprivations, p.indicators,
       coalesce(e.programs_entitled, 0) AS programs_entitled, coalesce(e.programs_reached, 0) AS programs_reached
FROM poor p
LEFT JOIN entitled e USING (household_id)
