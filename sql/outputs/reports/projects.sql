-- Projects of the register that aim at the area or its county (report.project_targets): one
-- row per project, the indicators it targets as a list.
SELECT
    project_key,
    any_value(project_title) AS title,
    any_value(project_acronym) AS acronym,
    any_value(project_status) AS status,
    any_value(project_start_date) AS start_date,
    any_value(project_end_date) AS end_date,
    any_value(project_coordinator) AS coordinator,
    list(DISTINCT indicator_code ORDER BY indicator_code)
        FILTER (WHERE indicator_code IS NOT NULL) AS indicator_codes
FROM report.project_targets
WHERE target_area_code IN ($area, $county)
GROUP BY project_key
ORDER BY project_key
