-- report.youth_pilot_area: the youth pilot's areas (docs/youth-pilot.md): its wellbeing
-- services county (mart.youth_pilot), the county's municipalities and their sub-municipal
-- areas (districts, postal code areas), with their names and role. The pilot's two views read
-- it, so both cover the same areas.
CREATE OR REPLACE VIEW report.youth_pilot_area AS
SELECT
    a.area_code,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    a.area_level,
    CASE WHEN a.area_code = p.county_area_code THEN 'county'
         WHEN a.area_level = 'municipality' THEN 'municipality'
         ELSE 'sub_area' END AS area_role,
    a.parent_area_code,
    CASE WHEN a.area_code = p.county_area_code THEN 1
         WHEN a.area_level = 'municipality' THEN 2 ELSE 3 END AS area_order
FROM mart.dim_area a
JOIN mart.youth_pilot p ON true
LEFT JOIN mart.dim_area parent ON parent.area_code = a.parent_area_code
WHERE a.area_code = p.county_area_code
   OR (a.area_level = 'municipality' AND a.wellbeing_county_code = p.county_area_code)
   OR (a.area_level <> 'former_municipality' AND parent.area_level = 'municipality'
       AND parent.wellbeing_county_code = p.county_area_code);

COMMENT ON VIEW report.youth_pilot_area IS 'The youth pilot''s areas: its wellbeing services county (mart.youth_pilot.county_area_code), the county''s municipalities and their districts and postal code areas. report.youth_language_gap and report.youth_service_need cover these.';
COMMENT ON COLUMN report.youth_pilot_area.area_code IS 'Area code, e.g. HVA03, KU049, KU049-SA1 (a major district of Espoo); see mart.dim_area.';
COMMENT ON COLUMN report.youth_pilot_area.area_name_fi IS 'Area name in Finnish.';
COMMENT ON COLUMN report.youth_pilot_area.area_name_sv IS 'Area name in Swedish.';
COMMENT ON COLUMN report.youth_pilot_area.area_name_en IS 'Area name in English.';
COMMENT ON COLUMN report.youth_pilot_area.area_level IS 'Level: wellbeing_county, municipality, district, postal_code_area.';
COMMENT ON COLUMN report.youth_pilot_area.area_role IS 'county, municipality (one of its municipalities) or sub_area (a district or postal code area of one).';
COMMENT ON COLUMN report.youth_pilot_area.parent_area_code IS 'The area it is part of: the county for a municipality, the municipality for a sub-area.';
COMMENT ON COLUMN report.youth_pilot_area.area_order IS 'Sort key: 1 the county, 2 municipalities, 3 sub-areas (then sort by name).';
