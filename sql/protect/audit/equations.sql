-- Protection audit, step 2 (pipelines/protect/audit.py): the additive equations that hold an
-- unknown (protect_new_member: layout/groups.sql on the unknowns, every area hierarchy), as
-- sum(coef * cell) = rhs over their unknown cells, coef +1 for the total and -1 for a part;
-- the known cells are constants: rhs = -sum(coef * count) over them.
--
-- Where every unknown of an equation has its true count (the restricted file's), rhs is what
-- the true counts give: published counts need not add up (rounding, people not classified, a
-- list of districts that misses some), and a reader granted the exact difference knows at
-- least as much as a real one, so the intervals are at most as wide as a real reader's and
-- the true counts are always a solution. Where an unknown has no count (a cell the data lack
-- or the publisher hid), the published counts are all there is: the sum of the counts the
-- publisher shows (protect_shown_sum, shown_sums.sql) less those hidden since (rhs.sql).
CREATE OR REPLACE TEMP TABLE audit_term AS
SELECT m.group_id AS eq_id, m.cell_key AS cell_id, m.coef, u.count_value, u.shown
FROM protect_new_member m
JOIN audit_unknown u ON u.cell_id = m.cell_key;
