-- report.youth_service_need in the latest period of each indicator and area (projects: all),
-- for one area or all ($area_code NULL), in the order the report shows them.
SELECT
    area_code, area_role, area_order, role, indicator_id, count_indicator_code, count_name_fi,
    count_name_sv, count_name_en, unit, age_band, period, sex, language_group, value, status,
    rate, rate_unit, rate_status, peer_rate, gap, gap_direction, comparison_note, project_key,
    project_title, project_status
FROM report.youth_service_need
WHERE (is_latest OR role = 'project')
  AND ($area_code IS NULL OR area_code = $area_code)
ORDER BY area_order, area_code, role, indicator_id, sex, language_group, project_key;
