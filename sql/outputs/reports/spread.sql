-- How far apart the municipality's small areas are (report.small_area_spread): the ratio of
-- the highest and the lowest fifth of its postal code areas or districts, and the index of
-- dissimilarity of each language group; the latest period of each measure.
WITH spread AS (
    SELECT *
    FROM report.small_area_spread
    WHERE municipality_code = $area AND value IS NOT NULL
      AND (measure = 'dissimilarity_index' OR group_code = $total)
),
latest AS (
    SELECT indicator_code, small_area_level, measure, language_group,
           max(period_start) AS period_start
    FROM spread
    GROUP BY ALL
)
SELECT
    s.indicator_code,
    s.small_area_level,
    s.measure,
    s.language_group,
    s.period,
    s.value,
    s.areas_used,
    s.areas_left_out
FROM spread s
JOIN latest l ON l.indicator_code = s.indicator_code
 AND l.small_area_level = s.small_area_level AND l.measure = s.measure
 AND l.language_group IS NOT DISTINCT FROM s.language_group
 AND l.period_start = s.period_start
ORDER BY s.measure DESC, s.indicator_code, s.small_area_level, s.language_group
