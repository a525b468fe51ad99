-- Small-number protection: the small counts (primary) the protection audit found not
-- protected (protect_audit_failing: worked out exactly, or an interval narrower than the
-- protection interval, through any equations at once) want one more partner in their box
-- (box_partner.sql). A component whose counts contradict its equations where some unknown has
-- no count ('inconsistent': no interval exists) is reported by the audit, not picked for.
CREATE OR REPLACE TEMP TABLE protect_box_want AS
SELECT DISTINCT f.cell_key AS primary_key
FROM protect_audit_failing f
JOIN protect_dark d USING (cell_key)
WHERE f.reason IN ('exact', 'narrow') AND d.suppression = 'primary';
