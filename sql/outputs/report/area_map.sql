-- report.area_map: what a BI tool draws as a choropleth without joins. For every indicator,
-- population group and level of areas with boundaries (municipalities, wellbeing services
-- counties, postal code areas), the latest period any area of that level has a row for, and
-- each area's value and status in that period beside its boundary (GeoJSON, WGS84). One
-- period per map, so that areas are compared in the same year; an area whose cell is hidden
-- (suppressed, confidential, missing) has its row with value NULL and the status saying why.
-- Areas without a row in that period are not in the view: draw mart.dim_area_boundary
-- underneath to show them as having no data.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.area_map AS
WITH mapped AS (
    SELECT f.indicator_code, f.group_code, f.frequency, b.area_level, f.period,
           f.period_start, f.area_code, f.value, f.status, f.flag
    FROM mart.fact_indicator_value f
    JOIN mart.dim_area_boundary b USING (area_code)
),
latest AS (
    SELECT indicator_code, group_code, frequency, area_level, max(period_start) AS period_start
    FROM mapped
    GROUP BY ALL
)
SELECT
    m.area_code,
    m.area_level,
    b.name_fi,
    b.name_sv,
    b.name_en,
    b.parent_area_code,
    b.wellbeing_county_code,
    m.indicator_code,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals,
    m.group_code,
    m.frequency,
    m.period,
    m.period_start,
    m.value,
    m.status,
    m.flag,
    b.geometry_geojson,
    b.year AS boundary_year,
    b.attribution
FROM mapped m
JOIN latest l USING (indicator_code, group_code, frequency, area_level, period_start)
JOIN mart.dim_area_boundary b USING (area_code)
JOIN mart.dim_indicator i USING (indicator_code);

COMMENT ON VIEW report.area_map IS 'For choropleth maps: per indicator, population group and level of areas (municipality, wellbeing_county, postal_code_area), the latest period of that level, each area''s value and status beside its boundary as GeoJSON (WGS84 lon/lat). Filter one indicator_code, group_code and area_level (and parent_area_code or wellbeing_county_code for a region); show the attribution on the map. Hidden cells have value NULL and their status.';
COMMENT ON COLUMN report.area_map.area_code IS 'Area code (mart.dim_area).';
COMMENT ON COLUMN report.area_map.area_level IS 'Level of the area: municipality, wellbeing_county, postal_code_area; a map shows one level.';
COMMENT ON COLUMN report.area_map.name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.area_map.name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.area_map.name_en IS 'Area name in English.';
COMMENT ON COLUMN report.area_map.parent_area_code IS 'The area''s parent: a postal code area''s municipality, a municipality''s wellbeing services county (filter on it for one municipality''s or county''s map).';
COMMENT ON COLUMN report.area_map.wellbeing_county_code IS 'The wellbeing services county of the area (HVA03: Western Uusimaa).';
COMMENT ON COLUMN report.area_map.indicator_code IS 'Indicator code (mart.dim_indicator).';
COMMENT ON COLUMN report.area_map.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.area_map.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.area_map.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.area_map.unit IS 'Unit of the value: percent, per_1000, per_100000, count, index, euro, other.';
COMMENT ON COLUMN report.area_map.decimals IS 'Decimals to show.';
COMMENT ON COLUMN report.area_map.group_code IS 'Population group (mart.dim_population_group); total.total.total is everyone.';
COMMENT ON COLUMN report.area_map.frequency IS 'annual, quarterly or monthly.';
COMMENT ON COLUMN report.area_map.period IS 'The period of the map: the latest one any area of this level has for the indicator, group and frequency.';
COMMENT ON COLUMN report.area_map.period_start IS 'First day of the period.';
COMMENT ON COLUMN report.area_map.value IS 'The area''s value in the period; NULL when the cell is not a number (see status): never colour it as a value.';
COMMENT ON COLUMN report.area_map.status IS 'ok, zero, or why there is no number: suppressed (small numbers), confidential, missing, not_applicable, ...';
COMMENT ON COLUMN report.area_map.flag IS 'The publisher''s marker on the value (preliminary, revised, ...), NULL when unmarked.';
COMMENT ON COLUMN report.area_map.geometry_geojson IS 'The area''s boundary as a GeoJSON geometry (Polygon or MultiPolygon), WGS84 longitude/latitude, as text (mart.dim_area_boundary).';
COMMENT ON COLUMN report.area_map.boundary_year IS 'Year of the division the boundary shows.';
COMMENT ON COLUMN report.area_map.attribution IS 'The boundary''s credit line, to show on the map (CC BY 4.0).';
