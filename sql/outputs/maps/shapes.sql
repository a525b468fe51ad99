-- The reports' maps (pipelines/outputs/maps.py): the boundaries of the areas $codes.
SELECT area_code, area_level, name_fi, name_sv, name_en, parent_area_code, geometry_geojson,
       attribution
FROM mart.dim_area_boundary
WHERE area_code IN (SELECT unnest($codes))
ORDER BY area_code
