-- The protection audit's rows (pipelines/protect/audit.py `audit`): protect_all is a view over
-- the restricted facts with the published file's `hidden` and the audit's `target` (the
-- hidden counts whose intervals are asked for). count_value and shown as in rows.sql; a
-- hidden row is an unknown of the equations, and so is every row the publisher hid.
CREATE OR REPLACE TEMP VIEW protect_rows AS
WITH typed AS (
    SELECT f.*, coalesce(d.unit = 'count', false) AS is_count
    FROM protect_all f
    LEFT JOIN mart.dim_indicator d USING (indicator_code)
),
counted AS (
    SELECT *, CASE WHEN is_count THEN value ELSE absolute_value END AS count_value
    FROM typed
)
SELECT indicator_code, area_code, period, group_code,
       split_part(group_code, '.', 1) AS sex,
       split_part(group_code, '.', 2) AS age_group,
       split_part(group_code, '.', 3) AS language_group,
       count_value,
       status IN ('ok', 'zero') AND count_value IS NOT NULL AS shown,
       coalesce(hidden, false) AS hidden,
       coalesce(hidden, false) AND coalesce(target, false) AND status IN ('ok', 'zero')
           AND count_value IS NOT NULL AS target
FROM counted;
