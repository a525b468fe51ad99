-- The area's own sub-areas (districts, postal code areas: mart.dim_area.parent_area_code),
-- the latest period of each indicator at each sub-area level, population as a whole. Read
-- from the published facts: a suppressed sub-area has its status and no value.
WITH sub AS (
    SELECT area_code, area_level, name_fi, name_sv, name_en
    FROM mart.dim_area
    WHERE parent_area_code = $area AND area_level IN ('district', 'postal_code_area')
),
facts AS (
    SELECT f.indicator_code, f.area_code, s.area_level, s.name_fi, s.name_sv, s.name_en,
           f.period, f.period_start, f.value, f.status
    FROM mart.fact_indicator_value f
    JOIN sub s USING (area_code)
    WHERE f.group_code = $total
),
latest AS (
    SELECT indicator_code, area_level, max(period_start) AS period_start
    FROM facts
    GROUP BY ALL
)
SELECT facts.*
FROM facts
JOIN latest USING (indicator_code, area_level, period_start)
ORDER BY indicator_code, area_level, area_code
