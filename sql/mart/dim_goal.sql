-- mart.dim_goal: the goals of the welfare plans, from raw/report/goals.yaml (staged and
-- checked against the mart by pipelines/assets/report_settings.py); progress in
-- report.goal_progress.
CREATE OR REPLACE TABLE mart.dim_goal AS
SELECT goal_id, position, area_code, indicator_code, group_code, goal_fi, goal_sv, goal_en,
       target_value, target_year, baseline_period, responsible_unit, defined_in
FROM staging.goal_input
ORDER BY position;

COMMENT ON TABLE mart.dim_goal IS 'Goals of the welfare plans (raw/report/goals.yaml): an area''s target for an indicator and population group by a year, with its text in Finnish, Swedish and English and the unit responsible. The projects that work on each: mart.goal_project; progress from the data: report.goal_progress.';
COMMENT ON COLUMN mart.dim_goal.goal_id IS 'Id of the goal, as in raw/report/goals.yaml.';
COMMENT ON COLUMN mart.dim_goal.position IS 'The goal''s place in raw/report/goals.yaml (0 = first): the order to list goals in.';
COMMENT ON COLUMN mart.dim_goal.area_code IS 'The area whose goal it is (a municipality or the wellbeing services county); see mart.dim_area.';
COMMENT ON COLUMN mart.dim_goal.indicator_code IS 'The follow-up indicator; see mart.dim_indicator.';
COMMENT ON COLUMN mart.dim_goal.group_code IS 'The population group of the indicator (total.total.total unless the file says otherwise); see mart.dim_population_group.';
COMMENT ON COLUMN mart.dim_goal.goal_fi IS 'The goal in Finnish.';
COMMENT ON COLUMN mart.dim_goal.goal_sv IS 'The goal in Swedish.';
COMMENT ON COLUMN mart.dim_goal.goal_en IS 'The goal in English.';
COMMENT ON COLUMN mart.dim_goal.target_value IS 'The value to reach, in the indicator''s unit.';
COMMENT ON COLUMN mart.dim_goal.target_year IS 'The year by which (its period''s value) the target is to be reached.';
COMMENT ON COLUMN mart.dim_goal.baseline_period IS 'The period the goal starts from, as the file gives it; NULL: the earliest period with a value (report.goal_progress.baseline_period).';
COMMENT ON COLUMN mart.dim_goal.responsible_unit IS 'The unit responsible for the goal.';
COMMENT ON COLUMN mart.dim_goal.defined_in IS 'raw/report/goals.yaml and the line where the goal begins.';
