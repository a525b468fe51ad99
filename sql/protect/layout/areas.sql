-- Small-number protection: every area the layout may meet, numbered in code order (the ids
-- stand for the codes in the cell keys; ordering by id is ordering by code). From the area
-- reference (protect_area_source: mart.dim_area, or nothing for the audit alone), the area
-- groups and the rows.
CREATE OR REPLACE TEMP TABLE protect_area AS
WITH code AS (
    SELECT area_code FROM protect_area_source
    UNION
    SELECT total_area_code FROM protect_area_group
    UNION
    SELECT member_area_code FROM protect_area_group
    UNION
    SELECT total_area_code FROM protect_pairing_group
    UNION
    SELECT member_area_code FROM protect_pairing_group
    UNION
    SELECT DISTINCT area_code FROM protect_rows
)
SELECT (row_number() OVER (ORDER BY area_code) - 1)::INTEGER AS area_id, area_code
FROM code
WHERE area_code IS NOT NULL;
