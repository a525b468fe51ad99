-- Small-number protection, step 0 (pipelines/protect/suppression.py): which rows need the work at all.
-- Every additive group lies within one indicator x period x age group (a block), so a block
-- without a single count below the threshold has nothing to hide and nothing to give away:
-- its rows pass unchanged. protect_all is a temporary view over the relation to protect.
-- Each block worked on gets a number, and each area too: the cells below are keyed by
-- (block, area, sex, language), so that the joins compare integers, not long strings.
CREATE OR REPLACE TEMP TABLE protect_block AS
SELECT row_number() OVER () AS block_id, *
FROM (
    SELECT DISTINCT f.indicator_code, f.period,
           coalesce(g.age_group, split_part(f.group_code, '.', 2)) AS age_group
    FROM protect_all f
    LEFT JOIN mart.dim_population_group g USING (group_code)
    LEFT JOIN mart.dim_indicator d USING (indicator_code)
    -- The same test as the primary suppression of cells.sql.
    WHERE f.status IN ('ok', 'zero')
      AND ((coalesce(d.unit = 'count', false) AND f.value > 0 AND f.value < $threshold)
           OR (f.absolute_value > 0 AND f.absolute_value < $threshold))
);

-- The rows of those blocks, with their block and their sex, age and language group.
CREATE OR REPLACE TEMP VIEW protect_source AS
SELECT b.block_id, f.*,
       coalesce(g.sex, split_part(f.group_code, '.', 1)) AS sex,
       coalesce(g.age_group, split_part(f.group_code, '.', 2)) AS age_group,
       coalesce(g.language_group, split_part(f.group_code, '.', 3)) AS language_group
FROM protect_all f
LEFT JOIN mart.dim_population_group g USING (group_code)
JOIN protect_block b
  ON b.indicator_code = f.indicator_code AND b.period = f.period
 AND b.age_group = coalesce(g.age_group, split_part(f.group_code, '.', 2));
