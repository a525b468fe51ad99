-- The wellbeing report's projects: every project of the register with the indicators it aims
-- to move in the report's areas (report.project_targets), and the projects whose card names
-- no indicator (one row, indicator NULL). Projects that target only other areas are left out.
-- report.project_targets has no status columns: the baseline and latest cells' statuses come
-- from the facts, and a value (or a change) is kept only where both say it is a number
-- ('ok', 'zero'), never from a suppressed or confidential cell. The fact joins name the
-- report's areas, so they read only those areas' rows at national scale.
SELECT
    t.project_key,
    t.project_title,
    t.project_acronym,
    t.project_status,
    t.project_start_date,
    t.project_end_date,
    t.project_coordinator,
    t.indicator_code,
    t.indicator_name_fi,
    t.indicator_name_sv,
    t.indicator_name_en,
    t.unit,
    t.decimals,
    t.target_area_code,
    t.target_group_code,
    t.target_group_label_fi,
    t.target_group_label_sv,
    t.target_group_label_en,
    t.baseline_period,
    b.status AS baseline_status,
    CASE WHEN b.status IN ('ok', 'zero') THEN t.baseline_value END AS baseline_value,
    t.latest_period,
    l.status AS latest_status,
    CASE WHEN l.status IN ('ok', 'zero') THEN t.latest_value END AS latest_value,
    CASE WHEN b.status IN ('ok', 'zero') AND l.status IN ('ok', 'zero')
              AND t.baseline_value IS NOT NULL AND t.latest_value IS NOT NULL
         THEN t.change_since_baseline END AS change_since_baseline
FROM report.project_targets t
LEFT JOIN mart.fact_indicator_value b
       ON b.indicator_code = t.indicator_code AND b.area_code = t.target_area_code
      AND b.group_code = t.target_group_code AND b.period = t.baseline_period
      AND b.area_code IN ($area, $municipality, $county, $country)
LEFT JOIN mart.fact_indicator_value l
       ON l.indicator_code = t.indicator_code AND l.area_code = t.target_area_code
      AND l.group_code = t.target_group_code AND l.period = t.latest_period
      AND l.area_code IN ($area, $municipality, $county, $country)
WHERE t.target_area_code IN ($area, $municipality, $county, $country) OR t.indicator_code IS NULL
-- The report's own area first under each indicator, then its comparison areas.
ORDER BY lower(t.project_title), t.project_key, t.indicator_code, t.target_area_code <> $area,
         t.target_area_code, t.target_group_code
