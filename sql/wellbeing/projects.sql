-- The wellbeing report's projects: every project of the register with the indicators it aims
-- to move in the report's areas (report.project_targets), and the projects whose card names
-- no indicator (one row, indicator NULL). Projects that target only other areas are left out.
SELECT
    project_key,
    project_title,
    project_acronym,
    project_status,
    project_start_date,
    project_end_date,
    project_coordinator,
    indicator_code,
    indicator_name_fi,
    indicator_name_sv,
    indicator_name_en,
    unit,
    decimals,
    target_area_code,
    target_group_code,
    target_group_label_fi,
    target_group_label_sv,
    target_group_label_en,
    baseline_period,
    baseline_value,
    latest_period,
    latest_value,
    change_since_baseline
FROM report.project_targets
WHERE target_area_code IN ($area, $municipality, $county, $country) OR indicator_code IS NULL
-- The report's own area first under each indicator, then its comparison areas.
ORDER BY lower(project_title), project_key, indicator_code, target_area_code <> $area,
         target_area_code, target_group_code
