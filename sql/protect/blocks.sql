-- Small-number protection, step 0 (pipelines/suppression.py): which rows need the work at all.
-- Every additive group lies within one indicator x period x age group (a block), so a block
-- without a single count below the threshold has nothing to hide and nothing to give away:
-- its rows pass unchanged. At national scale that leaves a few blocks of tens of millions of
-- rows to protect. protect_all is a temporary view over the relation to protect.
CREATE OR REPLACE TEMP TABLE protect_block AS
SELECT DISTINCT f.indicator_code, f.period,
       coalesce(g.age_group, split_part(f.group_code, '.', 2)) AS age_group
FROM protect_all f
LEFT JOIN mart.dim_population_group g USING (group_code)
LEFT JOIN mart.dim_indicator d USING (indicator_code)
-- The same test as the primary suppression of cells.sql.
WHERE f.status IN ('ok', 'zero')
  AND ((coalesce(d.unit = 'count', false) AND f.value > 0 AND f.value < $threshold)
       OR (f.absolute_value > 0 AND f.absolute_value < $threshold));

CREATE OR REPLACE TEMP VIEW protect_source AS
SELECT f.*
FROM protect_all f
LEFT JOIN mart.dim_population_group g USING (group_code)
SEMI JOIN protect_block b
       ON b.indicator_code = f.indicator_code AND b.period = f.period
      AND b.age_group = coalesce(g.age_group, split_part(f.group_code, '.', 2));
