-- Small-number protection: the audit's failing cells of the batch it just audited
-- (protect_audit_batch) replace what it found in those blocks before.
DELETE FROM protect_audit_failing
USING protect_block b
WHERE b.block_id IN (SELECT block_id FROM protect_audit_batch WHERE batch = $batch)
  AND protect_audit_failing.indicator_code = b.indicator_code
  AND protect_audit_failing.period = b.period
  AND split_part(protect_audit_failing.group_code, '.', 2) = b.age_group;

INSERT INTO protect_audit_failing
SELECT indicator_code, area_code, period, group_code, value, lower, upper, reason
FROM audit_failing;
