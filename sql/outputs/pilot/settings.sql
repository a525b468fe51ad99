-- The youth pilot's settings and the published file's date, for the report's method section.
SELECT
    p.config_file, p.county_area_code, p.reference_language, p.confidence_level, p.z,
    p.min_respondents,
    a.area_name_fi AS county_name_fi, a.area_name_sv AS county_name_sv,
    a.area_name_en AS county_name_en
FROM mart.youth_pilot p
LEFT JOIN report.youth_pilot_area a ON a.area_code = p.county_area_code;
