-- mart.dim_area_boundary: one row per area with a boundary (staging.area_boundary, read from
-- the GeoJSON files raw/reference/boundaries/boundaries.yaml lists by
-- pipelines/ingest/boundaries.py), with the area's names and parent from mart.dim_area. The
-- geometry is GeoJSON text in WGS84 lon/lat: DuckDB 1.x clients and BI tools read it without
-- the spatial extension. A boundary whose code is not in mart.dim_area is kept (name NULL);
-- the check boundaries_match_areas names it.
CREATE OR REPLACE TABLE mart.dim_area_boundary AS
SELECT
    b.area_code,
    b.area_level,
    a.name_fi,
    a.name_sv,
    a.name_en,
    a.parent_area_code,
    a.wellbeing_county_code,
    b.year,
    b.geometry_geojson,
    b.min_lon,
    b.min_lat,
    b.max_lon,
    b.max_lat,
    b.vertices,
    b.source,
    b.licence,
    b.attribution,
    b.source_file
FROM staging.area_boundary b
LEFT JOIN mart.dim_area a USING (area_code)
ORDER BY b.area_level, b.area_code;

COMMENT ON TABLE mart.dim_area_boundary IS 'Area boundaries for maps: one row per area (municipalities of 2026, the wellbeing services counties, the Western Uusimaa postal code areas of Paavo 2019), each a GeoJSON geometry in WGS84 longitude/latitude as text, with its source, licence and the attribution a map must show. Read without any extension: e.g. a BI tool''s GeoJSON map layer takes geometry_geojson.';
COMMENT ON COLUMN mart.dim_area_boundary.area_code IS 'Area code as in mart.dim_area (KU049, HVA03, PNO02100).';
COMMENT ON COLUMN mart.dim_area_boundary.area_level IS 'Level of the area: municipality, wellbeing_county, postal_code_area (district where a district file is added).';
COMMENT ON COLUMN mart.dim_area_boundary.name_fi IS 'Name in Finnish (mart.dim_area); NULL when the code is not in mart.dim_area.';
COMMENT ON COLUMN mart.dim_area_boundary.name_sv IS 'Name in Swedish (mart.dim_area).';
COMMENT ON COLUMN mart.dim_area_boundary.name_en IS 'Name in English (mart.dim_area).';
COMMENT ON COLUMN mart.dim_area_boundary.parent_area_code IS 'Parent in mart.dim_area: a postal code area''s municipality (the one holding most of its surface, as Paavo gives it), a municipality''s wellbeing services county.';
COMMENT ON COLUMN mart.dim_area_boundary.wellbeing_county_code IS 'The wellbeing services county the area belongs to (mart.dim_area).';
COMMENT ON COLUMN mart.dim_area_boundary.year IS 'Year of the division the boundary shows (municipalities 2026; postal code areas 2019): match it to the periods of the values drawn on it.';
COMMENT ON COLUMN mart.dim_area_boundary.geometry_geojson IS 'The boundary as a GeoJSON geometry object (Polygon or MultiPolygon), WGS84 longitude/latitude (RFC 7946), coordinates rounded to 5 decimals (about a metre), generalised for maps of the whole country or a region.';
COMMENT ON COLUMN mart.dim_area_boundary.min_lon IS 'Bounding box: westernmost longitude (degrees).';
COMMENT ON COLUMN mart.dim_area_boundary.min_lat IS 'Bounding box: southernmost latitude (degrees).';
COMMENT ON COLUMN mart.dim_area_boundary.max_lon IS 'Bounding box: easternmost longitude (degrees).';
COMMENT ON COLUMN mart.dim_area_boundary.max_lat IS 'Bounding box: northernmost latitude (degrees).';
COMMENT ON COLUMN mart.dim_area_boundary.vertices IS 'Number of positions in the geometry.';
COMMENT ON COLUMN mart.dim_area_boundary.source IS 'Where the boundary comes from (publisher, dataset, year, WFS layer).';
COMMENT ON COLUMN mart.dim_area_boundary.licence IS 'Licence of the boundary data (CC BY 4.0: credit the source as the attribution column says).';
COMMENT ON COLUMN mart.dim_area_boundary.attribution IS 'The credit line every map drawn from this boundary must show (Finnish, Swedish, English).';
COMMENT ON COLUMN mart.dim_area_boundary.source_file IS 'The GeoJSON file under raw/reference/boundaries/ (or the raw directory''s own) the boundary was read from.';
