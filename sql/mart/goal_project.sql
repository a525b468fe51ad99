-- mart.goal_project: the register's projects that work on each goal, in the file's order.
CREATE OR REPLACE TABLE mart.goal_project AS
SELECT goal_id, project_key, position
FROM staging.goal_project_input
ORDER BY goal_id, position;

COMMENT ON TABLE mart.goal_project IS 'The development projects of the register (mart.dim_project) that work on each goal (mart.dim_goal), as raw/report/goals.yaml lists them.';
COMMENT ON COLUMN mart.goal_project.goal_id IS 'The goal; see mart.dim_goal.';
COMMENT ON COLUMN mart.goal_project.project_key IS 'The project; see mart.dim_project.project_key.';
COMMENT ON COLUMN mart.goal_project.position IS 'Its place in the goal''s list of projects (1 = first).';
