-- The wellbeing report: the report's area and the areas it is compared with, one row each, in
-- the order the report shows them: the area, its municipality (for a district or postal code
-- area), its wellbeing services county and the whole country. An area that is also one of its
-- own comparisons (the country's report) is shown once. No row: the area is not in the mart.
WITH target AS (
    SELECT * FROM mart.dim_area WHERE area_code = $area
),
roles AS (
    SELECT 'area' AS role, 0 AS position, area_code FROM target
    UNION ALL
    SELECT 'municipality', 1, parent_area_code FROM target
    WHERE area_level IN ('district', 'postal_code_area')
    UNION ALL
    SELECT 'wellbeing_county', 2, wellbeing_county_code FROM target
    UNION ALL
    SELECT 'country', 3, 'SSS' FROM target
)
SELECT r.role, a.area_code, a.area_level, a.name_fi, a.name_sv, a.name_en
FROM roles r
JOIN mart.dim_area a USING (area_code)
QUALIFY row_number() OVER (PARTITION BY a.area_code ORDER BY r.position) = 1
ORDER BY r.position
