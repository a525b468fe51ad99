-- The check boundaries_match_areas (pipelines/checks/boundary_checks.py): one row per problem
-- (a boundary file not read, a boundary code no area has) and per area with values but no
-- boundary at a level boundaries exist for (a map leaves it blank: a note, not a problem).
SELECT 'unreadable' AS kind, source_file AS subject, error AS detail
FROM staging.area_boundary_error
UNION ALL
SELECT 'unknown_code', area_code, source_file
FROM mart.dim_area_boundary
WHERE name_fi IS NULL
UNION ALL
SELECT 'no_boundary', a.area_code, a.area_level
FROM mart.dim_area a
WHERE a.area_level IN (SELECT DISTINCT area_level FROM mart.dim_area_boundary)
  AND a.area_code NOT IN (SELECT area_code FROM mart.dim_area_boundary)
  AND a.area_code IN (SELECT DISTINCT area_code FROM mart.fact_indicator_value)
ORDER BY kind, subject
