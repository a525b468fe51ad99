-- Goals of mart.dim_goal that do not stop the build but should be looked at: no value for
-- the goal's area, indicator and group; none in its baseline period; a target on the
-- unfavourable side of the baseline by the indicator's desirable direction (a typo, or an
-- indicator whose direction is not what the goal assumes). No values in the messages: these
-- go to the run's log, and the work database's facts are not protected.
WITH series AS (
    SELECT g.goal_id, f.period, f.period_start, f.value
    FROM mart.dim_goal g
    JOIN mart.fact_indicator_value f USING (area_code, indicator_code, group_code)
    WHERE f.value IS NOT NULL
),
earliest AS (
    SELECT goal_id, arg_min(value, period_start) AS value
    FROM series
    GROUP BY goal_id
),
given AS (
    SELECT s.goal_id, s.value
    FROM series s
    JOIN mart.dim_goal g USING (goal_id)
    WHERE s.period = g.baseline_period
),
found AS (
    SELECT g.goal_id, g.position_in_file,
        CASE
            WHEN e.goal_id IS NULL
                THEN 'no value of ' || g.indicator_code || ' for ' || g.area_code
                     || ', group ' || g.group_code || ' in the mart'
            WHEN g.baseline_period IS NOT NULL AND v.goal_id IS NULL
                THEN 'no value in the baseline period ' || g.baseline_period
            WHEN (i.desirable_direction = 'lower'
                  AND g.target_value > coalesce(v.value, e.value))
              OR (i.desirable_direction = 'higher'
                  AND g.target_value < coalesce(v.value, e.value))
                THEN 'the target is on the unfavourable side of the baseline ('
                     || g.indicator_code || ': ' || i.desirable_direction || ' is better)'
        END AS message
    FROM (SELECT *, row_number() OVER () AS position_in_file FROM mart.dim_goal) g
    JOIN mart.dim_indicator i USING (indicator_code)
    LEFT JOIN earliest e USING (goal_id)
    LEFT JOIN given v USING (goal_id)
)
SELECT goal_id, message
FROM found
WHERE message IS NOT NULL
ORDER BY position_in_file;
