-- Small-number protection: the small counts (primary) the protection audit found worked out
-- exactly (audit_failing, reason exact: through any equations at once, every area hierarchy
-- included), as cells, for interval_pick.sql. Intervals narrower than the protection
-- interval are reported, not widened (README, "Left open"). A complementary
-- cell needs no interval of its own: it is 0 or at least the threshold, and what it could
-- tell about a small count is in the small count's interval, worked out over every equation. A component whose
-- published counts contradict its equations where some unknown has no count ('inconsistent':
-- no interval exists) is reported by the audit and not picked for.
CREATE OR REPLACE TEMP TABLE protect_determined AS
SELECT DISTINCT c.block_id, c.cell_id
FROM audit_failing f
JOIN protect_block b ON b.indicator_code = f.indicator_code AND b.period = f.period
JOIN protect_input i ON i.block_id = b.block_id AND i.area_code = f.area_code
                    AND i.group_code = f.group_code
JOIN protect_cell c ON c.row_id = i.rowid
WHERE f.reason = 'exact' AND c.suppression = 'primary';
