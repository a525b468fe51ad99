-- The facts whose decision must be made again: those of every indicator x period with an age
-- group new or changed since the last decision (protected.block_state), or gone (its hidden
-- cells go with it); every one when $recheck_all (the threshold, the dimensions or the SQL of
-- the decision changed). A whole indicator x period, as its age groups may add up to one
-- another (pipelines/protect/ages.py): the decision's blocks lie within one. Then the facts
-- of those, for pipelines/protect/suppression.py, and the earlier decisions of the others,
-- kept as they were (inherited ones are worked out again over all of them).
CREATE OR REPLACE TEMP TABLE protection_changed_block AS
WITH changed AS (
    SELECT indicator_code, period, age_group, fact_rows, fact_hash FROM protection_block_now
    EXCEPT
    SELECT indicator_code, period, age_group, fact_rows, fact_hash FROM protected.block_state
    WHERE NOT $recheck_all
)
SELECT DISTINCT n.indicator_code, n.period, n.age_group
FROM protection_block_now n
SEMI JOIN (SELECT indicator_code, period FROM changed
           UNION SELECT indicator_code, period FROM protected.block_state
                 WHERE (indicator_code, period, age_group) NOT IN (
                     SELECT (indicator_code, period, age_group) FROM protection_block_now)
          ) c USING (indicator_code, period);

CREATE OR REPLACE TEMP VIEW protection_changed_facts AS
SELECT f.*
FROM mart.fact_indicator_value f
SEMI JOIN (SELECT DISTINCT indicator_code, period FROM protection_changed_block) b
       USING (indicator_code, period);

CREATE OR REPLACE TEMP TABLE protection_kept_decision AS
SELECT s.indicator_code, s.area_code, s.period, s.group_code, s.suppression
FROM protected.suppressed_value s
WHERE NOT $recheck_all
  AND s.suppression <> 'inherited'
  AND (s.indicator_code, s.period, split_part(s.group_code, '.', 2))
      IN (SELECT (indicator_code, period, age_group) FROM protection_block_now)
  AND (s.indicator_code, s.period)
      NOT IN (SELECT (indicator_code, period) FROM protection_changed_block);
