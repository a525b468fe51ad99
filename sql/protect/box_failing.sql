-- Small-number protection: the small counts (primary) the protection audit found not
-- protected (audit_failing: worked out exactly, or an interval narrower than the protection
-- interval, through any equations at once) want one more partner in their box
-- (box_partner.sql). A component whose counts contradict its equations where some unknown has
-- no count ('inconsistent': no interval exists) is reported by the audit, not picked for.
CREATE OR REPLACE TEMP TABLE protect_box_want AS
SELECT DISTINCT c.cell_id AS primary_id
FROM protect_audit_failing f
JOIN protect_block b ON b.indicator_code = f.indicator_code AND b.period = f.period
JOIN protect_input i ON i.block_id = b.block_id AND i.area_code = f.area_code
                    AND i.group_code = f.group_code
JOIN protect_cell c ON c.row_id = i.rowid
WHERE f.reason IN ('exact', 'narrow') AND c.suppression = 'primary';
