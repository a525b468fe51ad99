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
       -- sex and language as the ids of the cell keys (layout/macros.sql), NULL for one the
       -- equations do not know (pipelines/protect/layout.py refuses it where it matters)
       CASE WHEN starts_with(group_code, 'total.') THEN 0
            WHEN starts_with(group_code, 'male.') THEN 1
            WHEN starts_with(group_code, 'female.') THEN 2 END AS sex_id,
       split_part(group_code, '.', 2) AS age_group,
       CASE WHEN ends_with(group_code, '.total') THEN 0 WHEN ends_with(group_code, '.fi') THEN 1
            WHEN ends_with(group_code, '.sv') THEN 2
            WHEN ends_with(group_code, '.other') THEN 3 END AS lang_id,
       count_value,
       status IN ('ok', 'zero') AND count_value IS NOT NULL AS shown,
       coalesce(hidden, false) AS hidden,
       coalesce(hidden, false) AND coalesce(target, false) AND status IN ('ok', 'zero')
           AND count_value IS NOT NULL AS target
FROM counted;
