-- Protection audit, once per layout (pipelines/protect/audit.py `shown_sums`): for every
-- equation holding a cell without a count (a cell the data lack, the publisher's missing or
-- confidential cell: protect_seed, their groups protect_new_member and those groups' cells
-- protect_group_cell), the sum of its counts the publisher shows. Such an equation's
-- constant is that sum less the counts hidden since (rhs.sql): the cells without a count
-- never change, so their equations' sums are read from the cells once, not per batch.
CREATE OR REPLACE TEMP TABLE protect_shown_sum AS
SELECT g.group_id, sum(g.coef * c.count_value) AS shown_sum
FROM protect_group_cell g
JOIN protect_cell c USING (cell_key)
WHERE c.shown
GROUP BY g.group_id;
