-- Small-number protection, the audit's groups (pipelines/protect/suppression.py, _audit). Group by
-- group, no hidden count can be worked out once complement.sql has settled. A combination
-- of many groups' equations at once can still fix one where language groups and area groups
-- are both in use in a block (with sex and area, or sex and language, alone it cannot: see
-- the module). Those blocks' groups are kept here, all of them, before groups.sql drops the
-- groups that can no longer give a cell away one by one.
CREATE OR REPLACE TEMP TABLE protect_audit_member AS
WITH audited AS (
    SELECT c.block_id
    FROM protect_member m
    JOIN protect_cell c USING (cell_id)
    WHERE m.is_head
    GROUP BY c.block_id
    HAVING bool_or(m.group_id % 3 = 1) AND bool_or(m.group_id % 3 = 2)
)
SELECT c.block_id, m.group_id, m.cell_id, m.is_head
FROM protect_member m
JOIN protect_cell c USING (cell_id)
SEMI JOIN audited USING (block_id);
