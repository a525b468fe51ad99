-- Small-number protection, what the protection audit looks at next (pipelines/protect/
-- suppression.py `_interval_audit`): the blocks where something was hidden since the audit
-- last looked (blocks are independent: the others hold as the audit found them), in batches
-- of $batch_blocks blocks, so that the audit's tables stay small whatever the size of the mart.
CREATE OR REPLACE TEMP TABLE protect_audit_new AS
SELECT cell_key
FROM protect_dark
WHERE shown AND suppression IS NOT NULL
  AND cell_key NOT IN (SELECT cell_key FROM protect_audited_hidden);

INSERT INTO protect_audited_hidden SELECT cell_key FROM protect_audit_new;

CREATE OR REPLACE TEMP TABLE protect_audit_batch AS
SELECT block_id, (dense_rank() OVER (ORDER BY block_id) - 1) // $batch_blocks AS batch
FROM (SELECT DISTINCT protect_block_of(cell_key) AS block_id FROM protect_audit_new);
