-- Small-number protection, one batch of the decision so far as the protection audit reads it
-- (pipelines/protect/audit.py, called by pipelines/protect/suppression.py `_interval_audit`): the
-- rows of the blocks of batch $batch (audit_new.sql), in the shape of
-- mart.fact_indicator_value, hidden where the decision hides its count, small where that is
-- a small count of its own (primary: the cells whose intervals the audit works out).
CREATE OR REPLACE TEMP TABLE protect_audit_cells AS
SELECT b.indicator_code, i.area_code, b.period, i.group_code, i.value, i.absolute_value,
       i.status, coalesce(c.published AND c.suppression IS NOT NULL, false) AS hidden,
       coalesce(c.suppression = 'primary', false) AS small
FROM protect_input i
JOIN protect_block b USING (block_id)
LEFT JOIN protect_cell c ON c.row_id = i.rowid
WHERE i.block_id IN (SELECT block_id FROM protect_audit_batch WHERE batch = $batch);
