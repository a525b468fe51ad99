-- One area of the reports: its level, names and wellbeing services county (itself, for a
-- county).
SELECT
    area_code,
    area_level,
    name_fi,
    name_sv,
    name_en,
    coalesce(wellbeing_county_code,
             CASE WHEN area_level = 'wellbeing_county' THEN area_code END) AS county_code
FROM mart.dim_area
WHERE area_code = $area
