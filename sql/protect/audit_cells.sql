-- Small-number protection, the decision so far as the protection audit reads it
-- (pipelines/protection_audit.py, called by pipelines/suppression.py `_interval_audit`): the
-- rows of the blocks where something was hidden since the audit last looked (blocks are
-- independent: the others hold as the audit found them), in the shape of
-- mart.fact_indicator_value, hidden where the decision hides its count.
CREATE OR REPLACE TEMP TABLE protect_audit_new AS
SELECT cell_id, block_id
FROM protect_cell
WHERE published AND suppression IS NOT NULL
  AND cell_id NOT IN (SELECT cell_id FROM protect_audited_hidden);

INSERT INTO protect_audited_hidden SELECT cell_id FROM protect_audit_new;

CREATE OR REPLACE TEMP TABLE protect_audit_cells AS
SELECT b.indicator_code, i.area_code, b.period, i.group_code, i.value, i.absolute_value,
       i.status, coalesce(c.published AND c.suppression IS NOT NULL, false) AS hidden,
       coalesce(c.suppression = 'primary', false) AS small
FROM protect_input i
JOIN protect_block b USING (block_id)
LEFT JOIN protect_cell c ON c.row_id = i.rowid
WHERE i.block_id IN (SELECT block_id FROM protect_audit_new);
