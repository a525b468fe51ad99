-- The reports' maps (pipelines/outputs/maps.py): the areas of $level around the areas $codes,
-- drawn light grey beneath them: every area whose bounding box meets the codes' bounding box
-- widened by $margin of its size on each side, not the codes themselves.
WITH frame AS (
    SELECT min(min_lon) AS x0, min(min_lat) AS y0, max(max_lon) AS x1, max(max_lat) AS y1
    FROM mart.dim_area_boundary
    WHERE area_code IN (SELECT unnest($codes))
)
SELECT b.area_code, b.area_level, b.name_fi, b.name_sv, b.name_en, b.parent_area_code,
       b.geometry_geojson, b.attribution
FROM mart.dim_area_boundary b, frame f
WHERE b.area_level = $level
  AND b.area_code NOT IN (SELECT unnest($codes))
  AND b.max_lon >= f.x0 - $margin * (f.x1 - f.x0) AND b.min_lon <= f.x1 + $margin * (f.x1 - f.x0)
  AND b.max_lat >= f.y0 - $margin * (f.y1 - f.y0) AND b.min_lat <= f.y1 + $margin * (f.y1 - f.y0)
ORDER BY b.area_code
