-- The pilot's areas: the county, its municipalities, their sub-areas, each with the number of
-- the pilot's values it has (sub-areas without any are left out: no source has them).
SELECT
    a.area_code, a.area_name_fi, a.area_name_sv, a.area_name_en, a.area_level, a.area_role,
    a.parent_area_code,
    (SELECT count(*) FROM report.youth_language_gap g WHERE g.area_code = a.area_code)
        AS pilot_rows
FROM report.youth_pilot_area a
WHERE a.area_role <> 'sub_area'
   OR a.area_code IN (SELECT area_code FROM report.youth_language_gap)
ORDER BY a.area_order, a.area_name_fi;
