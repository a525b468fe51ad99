-- The area's goals and their progress (report.goal_progress), in the order of the goals
-- file.
SELECT
    goal_id,
    indicator_code,
    group_code,
    goal_fi,
    goal_sv,
    goal_en,
    responsible_unit,
    desirable_direction,
    baseline_period,
    baseline_value,
    latest_period,
    latest_value,
    target_value,
    target_year,
    share_of_way,
    progress,
    project_keys
FROM report.goal_progress
WHERE area_code = $area
ORDER BY goal_id
