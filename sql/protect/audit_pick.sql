-- Small-number protection, one round of the audit's picks: in every block where the groups'
-- equations together fix a hidden count of ours (protect_determined, found by
-- pipelines/protect/suppression.py), hide one more published cell, as complement.sql would choose:
-- from the groups that hold a fixed cell if any is left there, else from the block's audited
-- groups; a part before a total, a 0 last, the smallest, ties by area and group code.
CREATE OR REPLACE TEMP TABLE protect_step AS
WITH candidate AS (
    SELECT a.block_id, c.cell_id, a.is_head, c.count_value, c.area_code, c.group_code,
           bool_or(a.group_id IN (
               SELECT m.group_id FROM protect_audit_member m
               JOIN protect_determined d USING (cell_id)
           )) AS beside_fixed
    FROM protect_audit_member a
    JOIN protect_cell c USING (cell_id)
    WHERE c.published AND c.suppression IS NULL
      AND a.block_id IN (SELECT block_id FROM protect_determined)
    GROUP BY ALL
)
SELECT cell_id
FROM candidate
QUALIFY row_number() OVER (
    PARTITION BY block_id
    ORDER BY NOT beside_fixed, is_head, count_value = 0, count_value, area_code, group_code,
             cell_id
) = 1;

UPDATE protect_cell SET suppression = 'complementary'
WHERE cell_id IN (SELECT cell_id FROM protect_step);
