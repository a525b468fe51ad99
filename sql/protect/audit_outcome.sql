-- Small-number protection: the audit's failing cells of the batch it just audited replace
-- what it found in those blocks before.
DELETE FROM protect_audit_failing
WHERE protect_block_of(cell_key) IN (SELECT block_id FROM protect_audit_block);

INSERT INTO protect_audit_failing
SELECT cell_key, value, lower, upper, reason FROM audit_failing_cell;
