-- report.goal_progress: each goal of raw/report/goals.yaml (mart.dim_goal) with its baseline,
-- its latest value and how far along the way to its target it is (issue 23).
--
-- Rules (docs/reports-and-bi.md, "Goals and their progress"):
-- - Only values count (status ok or zero). The baseline is the value in the goal's
--   baseline_period, else in the earliest period with a value; the latest is the latest
--   period with a value (latest_published_period says whether a later one is published
--   without a number, e.g. suppressed).
-- - share_of_way = (latest - baseline) / (target - baseline): 0 at the baseline, 1 = reached,
--   negative = gone the wrong way; NULL when target = baseline or a value is missing.
-- - progress: no_data without a baseline or latest value; reached when share_of_way >= 1
--   (where target = baseline: when the latest value is at or better than the target by the
--   desirable direction); off_track when the target year's period is reached or passed
--   without reaching it; on_track when share_of_way is at least the share of the time from
--   the baseline to the target year that has passed (expected_share_of_way: a straight line
--   from baseline to target); off_track otherwise.
CREATE SCHEMA IF NOT EXISTS report;

CREATE OR REPLACE VIEW report.goal_progress AS
WITH series AS (
    SELECT g.goal_id, f.period, f.period_start, f.status,
           CASE WHEN f.status IN ('ok', 'zero') THEN f.value END AS value
    FROM mart.dim_goal g
    JOIN mart.fact_indicator_value f USING (area_code, indicator_code, group_code)
),
summary AS (
    SELECT goal_id,
           arg_min(period, period_start) FILTER (WHERE value IS NOT NULL) AS earliest_period,
           arg_max(struct_pack(period, period_start, value), period_start)
               FILTER (WHERE value IS NOT NULL) AS latest,
           arg_max(struct_pack(period, status), period_start) AS published
    FROM series
    GROUP BY goal_id
),
measured AS (
    SELECT g.*, i.desirable_direction,
           coalesce(g.baseline_period, s.earliest_period) AS baseline_at,
           b.value AS baseline_value, b.period_start AS baseline_start,
           s.latest.period AS latest_period, s.latest.value AS latest_value,
           s.latest.period_start AS latest_start,
           s.published.period AS latest_published_period,
           s.published.status AS latest_published_status
    FROM mart.dim_goal g
    JOIN mart.dim_indicator i USING (indicator_code)
    LEFT JOIN summary s USING (goal_id)
    LEFT JOIN series b
           ON b.goal_id = g.goal_id AND b.period = coalesce(g.baseline_period, s.earliest_period)
),
timed AS (
    SELECT *,
           CASE WHEN target_value <> baseline_value
                THEN (latest_value - baseline_value) / (target_value - baseline_value)
           END AS share_of_way,
           year(baseline_start) + (month(baseline_start) - 1) / 12.0 AS baseline_t,
           year(latest_start) + (month(latest_start) - 1) / 12.0 AS latest_t
    FROM measured
),
judged AS (
    SELECT *,
           CASE WHEN target_year > baseline_t
                THEN least(1.0, (latest_t - baseline_t) / (target_year - baseline_t))
           END AS expected_share_of_way
    FROM timed
)
SELECT
    j.goal_id,
    j.area_code,
    j.indicator_code,
    j.group_code,
    j.goal_fi,
    j.goal_sv,
    j.goal_en,
    j.responsible_unit,
    j.desirable_direction,
    j.baseline_at AS baseline_period,
    j.baseline_value,
    j.latest_period,
    j.latest_value,
    j.target_value,
    j.target_year,
    j.share_of_way,
    CASE WHEN j.baseline_value IS NULL OR j.latest_value IS NULL THEN 'no_data'
         WHEN j.target_value = j.baseline_value THEN
             CASE WHEN (j.desirable_direction = 'lower' AND j.latest_value <= j.target_value)
                    OR (j.desirable_direction = 'higher' AND j.latest_value >= j.target_value)
                    OR j.latest_value = j.target_value THEN 'reached'
                  ELSE 'off_track' END
         WHEN j.share_of_way >= 1 THEN 'reached'
         WHEN j.latest_t >= j.target_year THEN 'off_track'
         WHEN j.share_of_way >= j.expected_share_of_way THEN 'on_track'
         ELSE 'off_track' END AS progress,
    coalesce((SELECT list(p.project_key ORDER BY p.position) FROM mart.goal_project p
              WHERE p.goal_id = j.goal_id), []::VARCHAR[]) AS project_keys,
    j.expected_share_of_way,
    j.latest_published_period,
    j.latest_published_status,
    a.name_fi AS area_name_fi,
    a.name_sv AS area_name_sv,
    a.name_en AS area_name_en,
    i.name_fi AS indicator_name_fi,
    i.name_sv AS indicator_name_sv,
    i.name_en AS indicator_name_en,
    i.unit,
    i.decimals
FROM judged j
JOIN mart.dim_area a USING (area_code)
JOIN mart.dim_indicator i USING (indicator_code)
ORDER BY j.position;

COMMENT ON VIEW report.goal_progress IS 'One row per goal of the welfare plans (raw/report/goals.yaml, mart.dim_goal), in the file''s order: the baseline, the latest value, the target and how far along the way the area is, with the register''s projects that work on it. Only values count: a suppressed or confidential cell is never a baseline or latest value. Rules: docs/reports-and-bi.md. From the published facts.';
COMMENT ON COLUMN report.goal_progress.goal_id IS 'Id of the goal; see mart.dim_goal.';
COMMENT ON COLUMN report.goal_progress.area_code IS 'The area whose goal it is; see mart.dim_area.';
COMMENT ON COLUMN report.goal_progress.indicator_code IS 'The follow-up indicator; see mart.dim_indicator.';
COMMENT ON COLUMN report.goal_progress.group_code IS 'The population group of the indicator (total.total.total unless the goal says otherwise).';
COMMENT ON COLUMN report.goal_progress.goal_fi IS 'The goal in Finnish.';
COMMENT ON COLUMN report.goal_progress.goal_sv IS 'The goal in Swedish.';
COMMENT ON COLUMN report.goal_progress.goal_en IS 'The goal in English.';
COMMENT ON COLUMN report.goal_progress.responsible_unit IS 'The unit responsible for the goal.';
COMMENT ON COLUMN report.goal_progress.desirable_direction IS 'The indicator''s desirable direction: higher, lower or neither.';
COMMENT ON COLUMN report.goal_progress.baseline_period IS 'The period the goal starts from: as the goal gives it, else the earliest period with a value; NULL when there is none.';
COMMENT ON COLUMN report.goal_progress.baseline_value IS 'The value in baseline_period; NULL when it is not a number (e.g. suppressed) or not published.';
COMMENT ON COLUMN report.goal_progress.latest_period IS 'The latest period with a value.';
COMMENT ON COLUMN report.goal_progress.latest_value IS 'The value in latest_period.';
COMMENT ON COLUMN report.goal_progress.target_value IS 'The value to reach, in the indicator''s unit.';
COMMENT ON COLUMN report.goal_progress.target_year IS 'The year by which the target is to be reached.';
COMMENT ON COLUMN report.goal_progress.share_of_way IS '(latest_value - baseline_value) / (target_value - baseline_value): 0 at the baseline, 1 = reached, negative = gone the wrong way; NULL when target = baseline or a value is missing.';
COMMENT ON COLUMN report.goal_progress.progress IS 'reached (share_of_way >= 1), on_track (share_of_way at least expected_share_of_way), off_track (behind that, or the target year passed), no_data (no baseline or latest value).';
COMMENT ON COLUMN report.goal_progress.project_keys IS 'The register''s projects that work on the goal (mart.dim_project.project_key), in the file''s order; empty when none.';
COMMENT ON COLUMN report.goal_progress.expected_share_of_way IS 'The share of the time from the baseline to the target year that has passed by latest_period: where share_of_way would be on a straight line from baseline to target.';
COMMENT ON COLUMN report.goal_progress.latest_published_period IS 'The latest period published for the goal''s series, whatever its status (later than latest_period when that one has no number, e.g. suppressed).';
COMMENT ON COLUMN report.goal_progress.latest_published_status IS 'Status of latest_published_period.';
COMMENT ON COLUMN report.goal_progress.area_name_fi IS 'Name of the area in Finnish.';
COMMENT ON COLUMN report.goal_progress.area_name_sv IS 'Name of the area in Swedish.';
COMMENT ON COLUMN report.goal_progress.area_name_en IS 'Name of the area in English.';
COMMENT ON COLUMN report.goal_progress.indicator_name_fi IS 'Indicator name in Finnish.';
COMMENT ON COLUMN report.goal_progress.indicator_name_sv IS 'Indicator name in Swedish.';
COMMENT ON COLUMN report.goal_progress.indicator_name_en IS 'Indicator name in English.';
COMMENT ON COLUMN report.goal_progress.unit IS 'Unit of the values.';
COMMENT ON COLUMN report.goal_progress.decimals IS 'Decimals the publisher uses for the values.';
