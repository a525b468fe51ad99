-- What the data cannot tell, from the data: for each pilot indicator the mart has, the county
-- and municipalities with no value at all, with values but none by language group, or none by
-- sex (both where neither); and whether any district or postal code area has values (area_code NULL: none does).
WITH indicator AS (
    SELECT indicator_id FROM mart.youth_pilot_input GROUP BY ALL HAVING bool_and(in_mart)
),
area AS (
    SELECT area_code, area_order FROM report.youth_pilot_area WHERE area_role <> 'sub_area'
),
found AS (
    SELECT
        i.indicator_id, a.area_code, a.area_order,
        count(g.indicator_id) AS cells,
        count(*) FILTER (WHERE g.language_group NOT IN ('total')) AS language_cells,
        count(*) FILTER (WHERE g.sex <> 'total') AS sex_cells
    FROM indicator i
    CROSS JOIN area a
    LEFT JOIN report.youth_language_gap g
      ON g.indicator_id = i.indicator_id AND g.area_code = a.area_code
    GROUP BY ALL
)
SELECT indicator_id, area_code, 'no_values' AS missing FROM found WHERE cells = 0
UNION ALL
SELECT indicator_id, area_code, 'no_language_breakdown' FROM found
WHERE cells > 0 AND language_cells = 0
UNION ALL
SELECT indicator_id, area_code, 'no_sex_breakdown' FROM found WHERE cells > 0 AND sex_cells = 0
UNION ALL
SELECT
    indicator_id, NULL, 'no_sub_area_values'
FROM indicator
WHERE indicator_id NOT IN (SELECT indicator_id FROM report.youth_language_gap
                           WHERE area_role = 'sub_area')
ORDER BY indicator_id, missing, area_code;
