-- Small-number protection, the rows it decides on (pipelines/protect/layout.py): protect_all
-- (a temporary view over the relation to protect, in the shape of mart.fact_indicator_value)
-- with what the decision needs of each row:
--   count_value: the number a person could be singled out by: for count indicators the
--     value, for every other unit (rates) the absolute value behind it;
--   shown: the publisher shows that count (status ok or zero, a number);
--   hidden, target: a small count the decision hides (primary suppression): a published
--     count of 1 .. threshold-1, be it the value of a count indicator or the absolute value
--     behind any value. Zero is not hidden: it singles nobody out.
-- The sex, age group and language group come from the group code (<sex>.<age>.<language>).
CREATE OR REPLACE TEMP TABLE protect_param AS SELECT $threshold::DOUBLE AS threshold;

CREATE OR REPLACE TEMP VIEW protect_rows AS
WITH typed AS (
    SELECT f.indicator_code, f.area_code, f.period, f.group_code, f.value, f.absolute_value,
           f.status IN ('ok', 'zero') AS status_published,
           coalesce(d.unit = 'count', false) AS is_count
    FROM protect_all f
    LEFT JOIN mart.dim_indicator d USING (indicator_code)
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
       CASE WHEN is_count THEN value ELSE absolute_value END AS count_value,
       status_published AND (CASE WHEN is_count THEN value ELSE absolute_value END) IS NOT NULL
           AS shown,
       coalesce(status_published
                AND ((is_count AND value > 0 AND value < p.threshold)
                     OR (absolute_value > 0 AND absolute_value < p.threshold)), false) AS hidden,
       coalesce(status_published
                AND ((is_count AND value > 0 AND value < p.threshold)
                     OR (absolute_value > 0 AND absolute_value < p.threshold)), false) AS target
FROM typed
CROSS JOIN protect_param p;
