-- The blocks whose decision must be made again: new or changed since the last decision
-- (protected.block_state), or gone (their hidden cells go with them); every block when
-- $recheck_all (the threshold, the dimensions or the SQL of the decision changed). Then the
-- facts of those blocks, for pipelines/protect/suppression.py, and the earlier decisions of the other
-- blocks, kept as they were (inherited ones are worked out again over all of them).
CREATE OR REPLACE TEMP TABLE protection_changed_block AS
SELECT indicator_code, period, age_group FROM protection_block_now
EXCEPT
SELECT indicator_code, period, age_group FROM protected.block_state
WHERE NOT $recheck_all
  AND (indicator_code, period, age_group, fact_rows, fact_hash) IN (
      SELECT (indicator_code, period, age_group, fact_rows, fact_hash)
      FROM protection_block_now);

CREATE OR REPLACE TEMP VIEW protection_changed_facts AS
SELECT f.*
FROM mart.fact_indicator_value f
LEFT JOIN mart.dim_population_group g USING (group_code)
SEMI JOIN protection_changed_block b
       ON b.indicator_code = f.indicator_code AND b.period = f.period
      AND b.age_group = coalesce(g.age_group, split_part(f.group_code, '.', 2));

CREATE OR REPLACE TEMP TABLE protection_kept_decision AS
SELECT s.indicator_code, s.area_code, s.period, s.group_code, s.suppression
FROM protected.suppressed_value s
LEFT JOIN mart.dim_population_group g USING (group_code)
WHERE NOT $recheck_all
  AND s.suppression <> 'inherited'
  AND (s.indicator_code, s.period, coalesce(g.age_group, split_part(s.group_code, '.', 2)))
      IN (SELECT (indicator_code, period, age_group) FROM protection_block_now)
  AND (s.indicator_code, s.period, coalesce(g.age_group, split_part(s.group_code, '.', 2)))
      NOT IN (SELECT (indicator_code, period, age_group) FROM protection_changed_block);
