-- Small-number protection, one round of the rank audit's picks: in every block where the
-- groups' equations together fix a hidden count of ours (protect_determined, found by
-- pipelines/protect/suppression.py `_audit`), hide one more published cell, as complement.sql
-- would choose: from the groups that hold a fixed cell if any is left there, else from the
-- block's other groups; a part before a total, a 0 last, the smallest, ties by area and group
-- code.
CREATE OR REPLACE TEMP TABLE protect_want_group AS
SELECT m.group_id, bool_or(x.cell_key IS NOT NULL) AS beside_fixed
FROM protect_member m
LEFT JOIN protect_determined x USING (cell_key)
WHERE protect_block_of(m.cell_key) IN (SELECT block_id FROM protect_determined)
GROUP BY m.group_id;
